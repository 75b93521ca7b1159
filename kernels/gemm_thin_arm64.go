//go:build !purego

package kernels

import "math"

// The neon tier has none of the avx2 tier's thin kernels (narrow, halves,
// pairs, short, outer-product): those products go to its dot or direct
// kernel.

// thinMinM and thinMaxN bound the products the direct path offers to the
// thin row kernels, which the neon tier lacks: no product has MaxInt
// rows, so none is offered, and the functions below are never called.
const (
	thinMinM = math.MaxInt
	thinMaxN = 0
)

// halvesSuits, pairsF32Suits, narrowSuits, pairsSuits and shortSuits
// report that no product goes to the avx2 tier's thin kernels of those
// names.
func halvesSuits(m, n, k, lda int) bool { return false }
func pairsF32Suits(m, n, k int) bool    { return false }
func narrowSuits(m, n, k int) bool      { return false }
func pairsSuits(m, n, k int) bool       { return false }
func shortSuits(m, n, k int) bool       { return false }

// noRows stands for the wrappers of those kernels: it computes no rows,
// leaving them all to the other kernels.
func noRows[T Float](m, n, k int, a []T, lda int, b []T, rsb, csb int, c []T, ldc int, alpha, beta T) int {
	return 0
}

var (
	callHalves   = noRows[float32]
	callPairsF32 = noRows[float32]
	callNarrow   = noRows[float32]
	callPairs    = noRows[float64]
	callShort    = noRows[float64]
)

// outerSuits reports that no product goes to an outer-product kernel.
func outerSuits[T Float](transA, transB bool, m, n, k int) bool { return false }

// outerFirst leaves every row to the other kernels; outerSuits keeps it
// from being called.
func outerFirst[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	return m, a, c
}
