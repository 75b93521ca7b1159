package benchdata

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"
)

// small returns a 4×2 data set whose row i is (i, 10i) with label i%2.
func small() *Dataset {
	return &Dataset{
		Name:     "small",
		X:        []float64{0, 0, 1, 10, 2, 20, 3, 30},
		Rows:     4,
		Features: 2,
		Labels:   []int{0, 1, 0, 1},
		Classes:  []string{"even", "odd"},
	}
}

func TestRow(t *testing.T) {
	d := small()
	r := d.Row(2)
	if !slices.Equal(r, []float64{2, 20}) || cap(r) != 2 {
		t.Fatalf("Row(2) = %v (cap %d), want [2 20] (cap 2)", r, cap(r))
	}
	r[0] = 7
	if d.X[4] != 7 {
		t.Error("Row does not share storage with X")
	}
	for _, i := range []int{-1, 4} {
		if !panics(func() { d.Row(i) }) {
			t.Errorf("Row(%d) did not panic", i)
		}
	}
}

func TestSubsetAndClone(t *testing.T) {
	d := small()
	s := d.Subset([]int{3, 1, 3})
	if s.Rows != 3 || s.Features != 2 || s.Name != "small" ||
		!slices.Equal(s.X, []float64{3, 30, 1, 10, 3, 30}) || !slices.Equal(s.Labels, []int{1, 1, 1}) {
		t.Fatalf("Subset = %+v", s)
	}
	c := d.Clone()
	if fmt.Sprint(*c) != fmt.Sprint(*d) {
		t.Fatalf("Clone = %+v, want %+v", c, d)
	}
	for _, x := range []*Dataset{s, c} {
		x.X[0], x.Labels[0], x.Classes[0] = -1, 0, "changed"
	}
	if fmt.Sprint(*d) != fmt.Sprint(*small()) {
		t.Errorf("modifying a subset or clone changed the original: %+v", d)
	}
	if e := d.Subset(nil); e.Rows != 0 || len(e.X) != 0 || len(e.Labels) != 0 {
		t.Errorf("Subset(nil) = %+v, want no rows", e)
	}
	if !panics(func() { d.Subset([]int{4}) }) {
		t.Error("Subset with index out of range did not panic")
	}
}

func TestShuffle(t *testing.T) {
	d := Iris()
	a, b, c := d.Clone(), d.Clone(), d.Clone()
	a.Shuffle(1)
	b.Shuffle(1)
	c.Shuffle(2)
	if !slices.Equal(a.X, b.X) || !slices.Equal(a.Labels, b.Labels) {
		t.Error("Shuffle with the same seed gave different orders")
	}
	if slices.Equal(a.X, c.X) {
		t.Error("Shuffle with seeds 1 and 2 gave the same order")
	}
	if slices.Equal(a.X, d.X) {
		t.Error("Shuffle left the rows in order")
	}
	// Rows keep their labels: the sorted (row, label) pairs are unchanged.
	if !slices.Equal(rowKeys(a), rowKeys(d)) {
		t.Error("Shuffle changed the multiset of (row, label) pairs")
	}
}

// rowKeys returns the rows of d with their labels, as sorted strings.
func rowKeys(d *Dataset) []string {
	k := make([]string, d.Rows)
	for i := range k {
		k[i] = fmt.Sprint(d.Row(i), d.Labels[i])
	}
	slices.SortFunc(k, cmp.Compare)
	return k
}

func TestX32(t *testing.T) {
	d := small()
	x := d.X32()
	if want := []float32{0, 0, 1, 10, 2, 20, 3, 30}; !slices.Equal(x, want) {
		t.Fatalf("X32 = %v, want %v", x, want)
	}
	x[0] = 5
	if d.X[0] != 0 {
		t.Error("X32 shares storage with X")
	}
}

func TestCenterColumns(t *testing.T) {
	d := small()
	mean := d.CenterColumns()
	if !slices.Equal(mean, []float64{1.5, 15}) {
		t.Errorf("means = %v, want [1.5 15]", mean)
	}
	if want := []float64{-1.5, -15, -0.5, -5, 0.5, 5, 1.5, 15}; !slices.Equal(d.X, want) {
		t.Errorf("X = %v, want %v", d.X, want)
	}

	if m := d.Subset(nil).CenterColumns(); !slices.Equal(m, []float64{0, 0}) {
		t.Errorf("means of no rows = %v, want [0 0]", m)
	}

	iris := Iris()
	iris.CenterColumns()
	for j, m := range columnMeans(iris) {
		if math.Abs(m) > 1e-12 {
			t.Errorf("centered Iris column %d has mean %g", j, m)
		}
	}
}

// panics reports whether f panics.
func panics(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}
