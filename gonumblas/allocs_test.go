package gonumblas

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// TestNoAllocations checks that the blocked routines, which take their
// scratch from a pool, allocate nothing in steady state.
func TestNoAllocations(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	rnd := rand.New(rand.NewPCG(8, 9))
	const n = 100
	impl := Implementation{}
	a := matrix[float64](rnd, n, n, n, 0)
	b := matrix[float64](rnd, n, n, n, 0)
	c := matrix[float64](rnd, n, n, n, 0)
	tri, _ := triangular[float64](rnd, blas.Lower, blas.NoTrans, blas.NonUnit, n, n)
	x, y := vector[float64](rnd, n, 2, 0), vector[float64](rnd, n, 3, 0)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"Dgemm", func() { impl.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, a, n, b, n, 0.5, c, n) }},
		{"Dgemm/overlapping", func() { impl.Dgemm(blas.NoTrans, blas.NoTrans, n/2, n/2, n/2, 1, c[n/2:], n, b, n, 1, c, n) }},
		{"Dsyrk", func() { impl.Dsyrk(blas.Upper, blas.Trans, n, n, 1, a, n, 0.5, c, n) }},
		{"Dsyr2k", func() { impl.Dsyr2k(blas.Lower, blas.NoTrans, n, n, 1, a, n, b, n, 0.5, c, n) }},
		{"Dsymm", func() { impl.Dsymm(blas.Right, blas.Upper, n, n, 1, a, n, b, n, 0.5, c, n) }},
		{"Dtrsm/left", func() { impl.Dtrsm(blas.Left, blas.Lower, blas.Trans, blas.NonUnit, n, n, 1, tri, n, c, n) }},
		{"Dtrsm/right", func() { impl.Dtrsm(blas.Right, blas.Lower, blas.NoTrans, blas.NonUnit, n, n, 1, tri, n, c, n) }},
		{"Dtrmm/right", func() { impl.Dtrmm(blas.Right, blas.Lower, blas.Trans, blas.Unit, n, n, 0.5, tri, n, c, n) }},
		{"Dgemv/strided", func() { impl.Dgemv(blas.Trans, n/2, n/3, 1, a, n, x, 2, 0.5, y, 3) }},
		{"Dger/strided", func() { impl.Dger(n/2, n/3, 1e-3, x, 2, y, 3, c, n) }},
		{"Ddot", func() { sink = impl.Ddot(n, a, 1, b, 1) }},
	} {
		tc.f()
		if got := testing.AllocsPerRun(20, tc.f); got != 0 {
			t.Errorf("%s: %v allocations per call", tc.name, got)
		}
	}
}

func TestBandRows(t *testing.T) {
	for _, tc := range []struct{ rows, cols, want int }{
		{256, 100, 256},
		{256, 0, 256},
		{256, scratchMax / 128, 128},
		{256, scratchMax, 1},
		{256, 4 * scratchMax, 1},
	} {
		if got := bandRows(tc.rows, tc.cols); got != tc.want {
			t.Errorf("bandRows(%d, %d) = %d, want %d", tc.rows, tc.cols, got, tc.want)
		}
	}
}
