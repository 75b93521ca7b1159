package benchdata

import (
	"fmt"
	"math"
)

// Standardizer maps each column j to (x - Mean[j]) / Std[j].
type Standardizer struct {
	Mean []float64 // column means
	Std  []float64 // column standard deviations, never zero
}

// FitStandardizer returns a Standardizer with the column means and
// population standard deviations (dividing by Rows, not Rows-1) of d. Fit
// it on the training set only and apply it to the training and validation
// sets alike.
//
// A column that is constant in d gets that constant as its mean and a
// standard deviation of 1, so it maps to exactly 0 instead of dividing by
// zero; the Digits data set has such columns (border pixels that are always
// 0). FitStandardizer panics if d has no rows.
func FitStandardizer(d *Dataset) *Standardizer {
	if d.Rows == 0 {
		panic("benchdata: FitStandardizer: data set has no rows")
	}
	s := &Standardizer{Mean: columnMeans(d), Std: make([]float64, d.Features)}
	first := d.Row(0)
	constant := make([]bool, d.Features)
	for j := range constant {
		constant[j] = true
	}
	for i := range d.Rows {
		for j, v := range d.Row(i) {
			dv := v - s.Mean[j]
			s.Std[j] += dv * dv
			if v != first[j] {
				constant[j] = false
			}
		}
	}
	for j := range s.Std {
		if constant[j] {
			s.Mean[j], s.Std[j] = first[j], 1
			continue
		}
		s.Std[j] = math.Sqrt(s.Std[j] / float64(d.Rows))
	}
	return s
}

// Transform standardizes the columns of d in place. It panics if d does
// not have as many features as the data the Standardizer was fitted on.
func (s *Standardizer) Transform(d *Dataset) {
	if d.Features != len(s.Mean) {
		panic(fmt.Sprintf("benchdata: Standardizer fitted on %d features, data set %q has %d",
			len(s.Mean), d.Name, d.Features))
	}
	for i := range d.Rows {
		row := d.Row(i)
		for j := range row {
			row[j] = (row[j] - s.Mean[j]) / s.Std[j]
		}
	}
}

// TransformRow sets dst to the standardized x, one row of as many
// features as the data the Standardizer was fitted on, and returns it: a
// new sample mapped as Transform maps the rows of a data set. dst may be
// x; if it is too short, a new slice is allocated. TransformRow panics if
// len(x) is not the number of features.
func (s *Standardizer) TransformRow(dst, x []float64) []float64 {
	if len(x) != len(s.Mean) {
		panic(fmt.Sprintf("benchdata: Standardizer fitted on %d features, row has %d", len(s.Mean), len(x)))
	}
	if cap(dst) < len(x) {
		dst = make([]float64, len(x))
	}
	dst = dst[:len(x)]
	for j, v := range x {
		dst[j] = (v - s.Mean[j]) / s.Std[j]
	}
	return dst
}
