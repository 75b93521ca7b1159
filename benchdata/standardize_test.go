package benchdata

import (
	"math"
	"slices"
	"testing"
)

// columnStats returns the mean and population standard deviation of
// column j of d.
func columnStats(d *Dataset, j int) (mean, std float64) {
	for i := range d.Rows {
		mean += d.Row(i)[j]
	}
	mean /= float64(d.Rows)
	for i := range d.Rows {
		v := d.Row(i)[j] - mean
		std += v * v
	}
	return mean, math.Sqrt(std / float64(d.Rows))
}

func TestStandardizer(t *testing.T) {
	train, valid := StratifiedSplit(Iris(), 100, 1)
	validOrig := valid.Clone()
	s := FitStandardizer(train)
	for j := range train.Features {
		m, sd := columnStats(train, j)
		if s.Mean[j] != m || math.Abs(s.Std[j]-sd) > 1e-12 {
			t.Errorf("column %d: fitted mean %g std %g, want %g %g", j, s.Mean[j], s.Std[j], m, sd)
		}
	}
	s.Transform(train)
	s.Transform(valid)
	for j := range train.Features {
		if m, sd := columnStats(train, j); math.Abs(m) > 1e-12 || math.Abs(sd-1) > 1e-12 {
			t.Errorf("standardized train column %d: mean %g std %g, want 0 1", j, m, sd)
		}
	}
	// The validation set uses the training statistics.
	for i := range valid.X {
		j := i % valid.Features
		if want := (validOrig.X[i] - s.Mean[j]) / s.Std[j]; valid.X[i] != want {
			t.Fatalf("valid.X[%d] = %g, want %g", i, valid.X[i], want)
		}
	}
}

func TestStandardizerConstantColumns(t *testing.T) {
	d := Digits()
	s := FitStandardizer(d)
	constant := 0
	for j := range d.Features {
		if s.Std[j] == 0 || math.IsNaN(s.Std[j]) {
			t.Errorf("column %d: std %g", j, s.Std[j])
		}
		if _, sd := columnStats(d, j); sd == 0 {
			constant++
			if s.Std[j] != 1 {
				t.Errorf("constant column %d: std %g, want 1", j, s.Std[j])
			}
		}
	}
	if constant == 0 {
		t.Fatal("Digits has no constant column; the test checks nothing")
	}
	s.Transform(d)
	for j := range d.Features {
		m, sd := columnStats(d, j)
		if s.Std[j] == 1 && sd == 0 && m != 0 {
			t.Errorf("constant column %d maps to %g, want 0", j, m)
		}
		if sd != 0 && (math.Abs(m) > 1e-12 || math.Abs(sd-1) > 1e-12) {
			t.Errorf("column %d: mean %g std %g, want 0 1", j, m, sd)
		}
	}

	// A constant that is not exactly representable still maps to exactly 0.
	c := &Dataset{X: []float64{0.1, 0.1, 0.1}, Rows: 3, Features: 1, Labels: make([]int, 3), Classes: []string{"a"}}
	FitStandardizer(c).Transform(c)
	for i, v := range c.X {
		if v != 0 {
			t.Errorf("constant 0.1 row %d maps to %g, want 0", i, v)
		}
	}
}

func TestStandardizerPanics(t *testing.T) {
	s := FitStandardizer(Iris())
	if !panics(func() { s.Transform(Digits()) }) {
		t.Error("Transform with 64 features on a 4-feature Standardizer did not panic")
	}
	if !panics(func() { FitStandardizer(Iris().Subset(nil)) }) {
		t.Error("FitStandardizer on an empty data set did not panic")
	}
}

// TransformRow maps a row exactly as Transform maps the same row of a
// data set, in place or into another slice.
func TestStandardizerTransformRow(t *testing.T) {
	d := Iris()
	s := FitStandardizer(d)
	raw := slices.Clone(d.Row(7))
	out := s.TransformRow(nil, raw)
	s.Transform(d)
	if !slices.Equal(out, d.Row(7)) {
		t.Errorf("TransformRow = %v, Transform gives %v", out, d.Row(7))
	}
	buf := make([]float64, 0, 8)
	if got := s.TransformRow(buf, raw); &got[0] != &buf[:1][0] || !slices.Equal(got, out) {
		t.Errorf("TransformRow into a buffer with room = %v, want %v in place", got, out)
	}
	if got := s.TransformRow(raw, raw); !slices.Equal(got, out) || &got[0] != &raw[0] {
		t.Errorf("TransformRow in place = %v, want %v", got, out)
	}
	if !panics(func() { s.TransformRow(nil, make([]float64, 5)) }) {
		t.Error("TransformRow of 5 features on a 4-feature Standardizer did not panic")
	}
}
