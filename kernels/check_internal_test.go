package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestSharesElementIsExact compares sharesElement with the sets of
// elements of two random matrices placed in one array, over shapes,
// leading dimensions and offsets in both orders.
func TestSharesElementIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	buf := make([]float32, 400)
	shared := 0
	for it := 0; it < 20000; it++ {
		var rows, cols, ld, off [2]int
		for q := range 2 {
			rows[q] = 1 + r.IntN(6)
			cols[q] = 1 + r.IntN(7)
			ld[q] = cols[q] + r.IntN(6)
			off[q] = r.IntN(120)
		}
		in := map[int]bool{}
		for i := range rows[0] {
			for j := range cols[0] {
				in[off[0]+i*ld[0]+j] = true
			}
		}
		want := false
		for i := range rows[1] {
			for j := range cols[1] {
				want = want || in[off[1]+i*ld[1]+j]
			}
		}
		if want {
			shared++
		}
		x := buf[off[0] : off[0]+(rows[0]-1)*ld[0]+cols[0]]
		y := buf[off[1] : off[1]+(rows[1]-1)*ld[1]+cols[1]]
		if got := sharesElement(x, rows[0], cols[0], ld[0], y, rows[1], cols[1], ld[1]); got != want {
			t.Fatalf("x %d×%d ld %d at %d, y %d×%d ld %d at %d: sharesElement = %v, want %v",
				rows[0], cols[0], ld[0], off[0], rows[1], cols[1], ld[1], off[1], got, want)
		}
		// Whole-array slices: the spans always intersect, so the exact
		// test decides.
		if got := sharesElement(buf[off[0]:], rows[0], cols[0], ld[0], buf[off[1]:], rows[1], cols[1], ld[1]); got != want {
			t.Fatalf("x %d×%d ld %d at %d, y %d×%d ld %d at %d (long slices): sharesElement = %v, want %v",
				rows[0], cols[0], ld[0], off[0], rows[1], cols[1], ld[1], off[1], got, want)
		}
	}
	if shared < 2000 || shared > 18000 {
		t.Fatalf("%d of 20000 random pairs share an element: the test no longer covers both answers", shared)
	}
}
