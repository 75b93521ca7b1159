package benchdata

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Dataset is a labelled data set stored row-major.
//
// Row i occupies X[i*Features : (i+1)*Features] and has label Labels[i],
// an index into Classes.
type Dataset struct {
	// Name is a short name for the data set, such as "iris".
	Name string
	// Description is the free-text description shipped with an embedded
	// data set; it is empty for data sets read with ReadIris or ReadDigits.
	Description string

	X        []float64 // Rows×Features values, row-major
	Rows     int       // number of samples
	Features int       // number of values per sample

	Labels  []int    // class of each row, len Rows, in [0, len(Classes))
	Classes []string // class names in label order
}

// Row returns the values of row i. The returned slice shares storage with
// d.X; its capacity is limited to the row, so appending to it does not
// overwrite the next row.
func (d *Dataset) Row(i int) []float64 {
	if i < 0 || i >= d.Rows {
		panic(fmt.Sprintf("benchdata: row %d out of range [0, %d)", i, d.Rows))
	}
	lo, hi := i*d.Features, (i+1)*d.Features
	return d.X[lo:hi:hi]
}

// Subset returns a new data set holding copies of the rows idx, in that
// order. Indices may repeat. Classes is copied; Name and Description are
// kept. Subset panics if an index is out of range.
func (d *Dataset) Subset(idx []int) *Dataset {
	s := &Dataset{
		Name:        d.Name,
		Description: d.Description,
		X:           make([]float64, 0, len(idx)*d.Features),
		Rows:        len(idx),
		Features:    d.Features,
		Labels:      make([]int, len(idx)),
		Classes:     slices.Clone(d.Classes),
	}
	for k, i := range idx {
		s.X = append(s.X, d.Row(i)...)
		s.Labels[k] = d.Labels[i]
	}
	return s
}

// Clone returns a deep copy of d.
func (d *Dataset) Clone() *Dataset {
	c := *d
	c.X = slices.Clone(d.X)
	c.Labels = slices.Clone(d.Labels)
	c.Classes = slices.Clone(d.Classes)
	return &c
}

// Shuffle permutes the rows of d, with their labels, in place. The
// permutation is drawn from a PCG generator (math/rand/v2) seeded with seed,
// so the same seed always gives the same order.
func (d *Dataset) Shuffle(seed uint64) {
	newRand(seed).Shuffle(d.Rows, func(i, j int) {
		a, b := d.Row(i), d.Row(j)
		for k := range a {
			a[k], b[k] = b[k], a[k]
		}
		d.Labels[i], d.Labels[j] = d.Labels[j], d.Labels[i]
	})
}

// ClassCounts returns the number of rows of each class, indexed by label.
func (d *Dataset) ClassCounts() []int {
	n := make([]int, len(d.Classes))
	for _, l := range d.Labels {
		n[l]++
	}
	return n
}

// X32 returns a newly allocated float32 copy of d.X.
func (d *Dataset) X32() []float32 {
	x := make([]float32, len(d.X))
	for i, v := range d.X {
		x[i] = float32(v)
	}
	return x
}

// CenterColumns subtracts from every column its mean over the rows of d,
// in place, and returns the means. To center other data with the same
// means, use a Standardizer whose Std entries are all 1.
func (d *Dataset) CenterColumns() (mean []float64) {
	mean = columnMeans(d)
	for i := range d.Rows {
		row := d.Row(i)
		for j, m := range mean {
			row[j] -= m
		}
	}
	return mean
}

// columnMeans returns the mean of each column of d.
func columnMeans(d *Dataset) []float64 {
	mean := make([]float64, d.Features)
	if d.Rows == 0 {
		return mean
	}
	for i := range d.Rows {
		for j, v := range d.Row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(d.Rows)
	}
	return mean
}

// newRand returns the generator used for shuffles and splits.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0))
}
