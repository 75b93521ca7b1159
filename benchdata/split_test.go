package benchdata

import (
	"slices"
	"testing"
)

func TestStratify(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		total  int
		want   []int
	}{
		{[]int{50, 50, 50}, 100, []int{34, 33, 33}},
		{[]int{50, 50, 50}, 50, []int{17, 17, 16}},
		{[]int{50, 50, 50}, 0, []int{0, 0, 0}},
		{[]int{50, 50, 50}, 150, []int{50, 50, 50}},
		{[]int{10, 20, 70}, 15, []int{2, 3, 10}},  // exact 1.5, 3, 10.5: ties go to the smaller label
		{[]int{1, 0, 9}, 5, []int{1, 0, 4}},       // exact 0.5, 0, 4.5
		{[]int{3, 3, 3, 1}, 5, []int{2, 2, 1, 0}}, // exact 1.5, 1.5, 1.5, 0.5
		{[]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, 1000,
			[]int{99, 101, 98, 102, 101, 101, 101, 100, 97, 100}},
		{[]int{0, 0}, 0, []int{0, 0}},
		{nil, 0, []int{}},
	} {
		got := stratify(tt.counts, tt.total)
		if !slices.Equal(got, tt.want) {
			t.Errorf("stratify(%v, %d) = %v, want %v", tt.counts, tt.total, got, tt.want)
		}
		sum := 0
		for c, q := range got {
			sum += q
			if q < 0 || q > tt.counts[c] {
				t.Errorf("stratify(%v, %d): class %d gets %d", tt.counts, tt.total, c, q)
			}
		}
		if sum != tt.total {
			t.Errorf("stratify(%v, %d) sums to %d", tt.counts, tt.total, sum)
		}
	}
}

func TestStratifiedSplit(t *testing.T) {
	d := Iris()
	orig := d.Clone()
	train, valid := StratifiedSplit(d, 100, 1)
	if train.Rows != 100 || valid.Rows != 50 || train.Features != 4 || valid.Features != 4 {
		t.Fatalf("got %d×%d and %d×%d, want 100×4 and 50×4", train.Rows, train.Features, valid.Rows, valid.Features)
	}
	if got := train.ClassCounts(); !slices.Equal(got, []int{34, 33, 33}) {
		t.Errorf("train ClassCounts = %v, want [34 33 33]", got)
	}
	if got := valid.ClassCounts(); !slices.Equal(got, []int{16, 17, 17}) {
		t.Errorf("valid ClassCounts = %v, want [16 17 17]", got)
	}
	if !slices.Equal(d.X, orig.X) || !slices.Equal(d.Labels, orig.Labels) {
		t.Error("StratifiedSplit modified its input")
	}

	// No row is lost or duplicated: Iris has one duplicated row (102 and
	// 143), so compare multisets of (row, label) pairs.
	all := append(rowKeys(train), rowKeys(valid)...)
	slices.Sort(all)
	if !slices.Equal(all, rowKeys(d)) {
		t.Error("train ∪ valid is not the original data set")
	}

	// Determinism.
	train2, valid2 := StratifiedSplit(d, 100, 1)
	if !slices.Equal(train.X, train2.X) || !slices.Equal(valid.Labels, valid2.Labels) {
		t.Error("same seed gave different splits")
	}
	train3, _ := StratifiedSplit(d, 100, 2)
	if slices.Equal(rowKeys(train), rowKeys(train3)) {
		t.Error("seeds 1 and 2 chose the same training rows")
	}
	// The classes are mixed, not in blocks.
	if slices.IsSorted(train.Labels) {
		t.Error("training labels are sorted; want a random order")
	}
}

func TestStratifiedSplitDigits(t *testing.T) {
	d := Digits()
	train, valid := StratifiedSplit(d, 1000, 7)
	if train.Rows != 1000 || valid.Rows != 797 {
		t.Fatalf("got %d and %d rows, want 1000 and 797", train.Rows, valid.Rows)
	}
	counts, tc, vc := d.ClassCounts(), train.ClassCounts(), valid.ClassCounts()
	for c, n := range counts {
		if exact := 1000 * float64(n) / 1797; float64(tc[c]) < exact-1 || float64(tc[c]) > exact+1 || tc[c]+vc[c] != n {
			t.Errorf("class %d: %d train + %d valid of %d, exact train share %.2f", c, tc[c], vc[c], n, exact)
		}
	}
}

func TestStratifiedSplitEdges(t *testing.T) {
	d := Iris()
	if train, valid := StratifiedSplit(d, 0, 1); train.Rows != 0 || valid.Rows != 150 {
		t.Errorf("nTrain 0: got %d/%d rows", train.Rows, valid.Rows)
	}
	if train, valid := StratifiedSplit(d, 150, 1); train.Rows != 150 || valid.Rows != 0 {
		t.Errorf("nTrain 150: got %d/%d rows", train.Rows, valid.Rows)
	}
	for _, n := range []int{-1, 151} {
		if !panics(func() { StratifiedSplit(d, n, 1) }) {
			t.Errorf("nTrain %d did not panic", n)
		}
	}
}
