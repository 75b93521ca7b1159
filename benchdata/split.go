package benchdata

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// StratifiedSplit divides the rows of d into a training set of nTrain rows
// and a validation set of the remaining d.Rows-nTrain rows, taking each
// class in proportion to its size. d is not modified.
//
// Class c, with n_c of the N rows, contributes floor(nTrain*n_c/N) rows to
// the training set; the rows still missing from nTrain are then given one
// each to the classes with the largest remainders of that division, ties
// going to the smaller label (the largest remainder method). Totals are
// therefore exact, and every class quota is within one of its exact share.
// For Iris with nTrain 100 this gives 34, 33 and 33 training rows for the
// three classes.
//
// Which rows of a class go to training, and the order of the rows in both
// results, are drawn from a PCG generator seeded with seed, so a seed
// always gives the same split. StratifiedSplit panics if nTrain is not in
// [0, d.Rows].
func StratifiedSplit(d *Dataset, nTrain int, seed uint64) (train, valid *Dataset) {
	if nTrain < 0 || nTrain > d.Rows {
		panic(fmt.Sprintf("benchdata: StratifiedSplit: nTrain %d out of range [0, %d]", nTrain, d.Rows))
	}
	byClass := make([][]int, len(d.Classes))
	for i, l := range d.Labels {
		byClass[l] = append(byClass[l], i)
	}
	quota := stratify(d.ClassCounts(), nTrain)

	r := newRand(seed)
	trainIdx := make([]int, 0, nTrain)
	validIdx := make([]int, 0, d.Rows-nTrain)
	for c, idx := range byClass {
		r.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		trainIdx = append(trainIdx, idx[:quota[c]]...)
		validIdx = append(validIdx, idx[quota[c]:]...)
	}
	r.Shuffle(len(trainIdx), func(i, j int) { trainIdx[i], trainIdx[j] = trainIdx[j], trainIdx[i] })
	r.Shuffle(len(validIdx), func(i, j int) { validIdx[i], validIdx[j] = validIdx[j], validIdx[i] })
	return d.Subset(trainIdx), d.Subset(validIdx)
}

// stratify divides total among classes in proportion to counts by the
// largest remainder method. total must not exceed the sum of counts.
func stratify(counts []int, total int) []int {
	n := 0
	for _, c := range counts {
		n += c
	}
	quota := make([]int, len(counts))
	rem := make([]uint64, len(counts))
	if n == 0 {
		return quota
	}
	left := total
	for c, nc := range counts {
		// total*nc < n*n, so the high word is below n and Div64 cannot panic.
		hi, lo := bits.Mul64(uint64(total), uint64(nc))
		q, r := bits.Div64(hi, lo, uint64(n))
		quota[c], rem[c] = int(q), r
		left -= int(q)
	}
	order := make([]int, len(counts))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, c := range order[:left] {
		quota[c]++
	}
	return quota
}
