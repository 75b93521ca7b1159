package gonumblas

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// TestSubmatricesOfOneArray runs the calls LAPACK makes on submatrices of
// one array, whose extents overlap while their elements do not, and
// compares with gonum. TestMain's assertDisjoint makes each of them fail
// if kernels.Gemm ever got an output overlapping an input.
func TestSubmatricesOfOneArray(t *testing.T) {
	for _, c := range []blockConfig{blockConfigs[0], blockConfigs[2]} {
		t.Run(c.name, func(t *testing.T) {
			defer setBlocks(c)()
			testSubmatrices(t, ours64, ref64)
			testSubmatrices(t, ours32, ref32)
		})
	}
}

func testSubmatrices[T float](t *testing.T, ours, ref routines[T]) {
	const n, ld = 150, 160
	rnd := rand.New(rand.NewPCG(12, 13))
	base := matrix[T](rnd, n, n, ld, 0)
	// A well-conditioned triangle in the top-left 40×40 block.
	for i := 0; i < 40; i++ {
		base[i*ld+i] = 4 + base[i*ld+i]
	}
	ty := typeName[T]()
	for _, tc := range []struct {
		name string
		run  func(r routines[T], x []T)
	}{
		// C (right columns) = A (left columns) · B (top rows), C small
		// against A and the reverse: both ways of breaking the overlap.
		{"gemm, wide A", func(r routines[T], x []T) {
			r.gemm(blas.NoTrans, blas.NoTrans, 100, 10, 120, -1, x[30*ld:], ld, x[120:], ld, 1, x[30*ld+130:], ld)
		}},
		{"gemm, wide C", func(r routines[T], x []T) {
			r.gemm(blas.NoTrans, blas.Trans, 100, 120, 8, -1, x[30*ld:], ld, x[20*ld+10:], ld, 1, x[30*ld+20:], ld)
		}},
		// Dpotrf's updates: Dsyrk of a diagonal block from the columns
		// left of it, upper and lower.
		{"syrk lower", func(r routines[T], x []T) {
			r.syrk(blas.Lower, blas.NoTrans, 64, 70, -1, x[70*ld:], ld, 1, x[70*ld+70:], ld)
		}},
		{"syrk upper", func(r routines[T], x []T) {
			r.syrk(blas.Upper, blas.Trans, 64, 70, -1, x[70:], ld, 1, x[70*ld+70:], ld)
		}},
		{"syr2k", func(r routines[T], x []T) {
			r.syr2k(blas.Lower, blas.NoTrans, 64, 30, -1, x[70*ld:], ld, x[70*ld+35:], ld, 1, x[70*ld+70:], ld)
		}},
		// Dgetrf's: a unit lower triangle left of the rows it solves.
		{"trsm left", func(r routines[T], x []T) {
			r.trsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, 40, 100, 1, x, ld, x[40:], ld)
		}},
		// Dpotrf lower's: the rows below a triangle, from the right.
		{"trsm right", func(r routines[T], x []T) {
			r.trsm(blas.Right, blas.Lower, blas.Trans, blas.NonUnit, 100, 40, 1, x, ld, x[45*ld:], ld)
		}},
		{"trmm right", func(r routines[T], x []T) {
			r.trmm(blas.Right, blas.Upper, blas.NoTrans, blas.NonUnit, 100, 40, 0.5, x, ld, x[45*ld+50:], ld)
		}},
		{"symm", func(r routines[T], x []T) {
			r.symm(blas.Left, blas.Upper, 40, 60, 1, x, ld, x[40*ld:], ld, 0.5, x[40*ld+70:], ld)
		}},
		// Dgetf2's: a rank-1 update from the column left of it and the
		// row above it.
		{"ger", func(r routines[T], x []T) {
			r.ger(100, 60, -1, x[41*ld+40:], ld, x[40*ld+41:], 1, x[41*ld+41:], ld)
		}},
		// Dpotf2 lower's: y a column, A the rows beside it.
		{"gemv", func(r routines[T], x []T) {
			r.gemv(blas.NoTrans, 100, 40, -1, x[41*ld:], ld, x[40*ld:], 1, 1, x[41*ld+40:], ld)
		}},
		{"gemv trans", func(r routines[T], x []T) {
			r.gemv(blas.Trans, 40, 100, -1, x[41:], ld, x[40:], ld, 1, x[40*ld+41:], 1)
		}},
	} {
		got, want := slices.Clone(base), slices.Clone(base)
		tc.run(ours, got)
		tc.run(ref, want)
		// Results within a generous 1e-4 (float32) / 1e-12 (float64)
		// relative to the largest element: the exact bounds are the other
		// tests' business, the layout this one's.
		tol := 1e3 * float64(n) * eps[T]()
		for i := range got {
			if d := float64(got[i] - want[i]); d > tol*(1+abs64(float64(want[i]))) || -d > tol*(1+abs64(float64(want[i]))) {
				t.Errorf("%s %s: element %d (%d, %d) = %v, gonum %v", ty, tc.name, i, i/ld, i%ld, got[i], want[i])
				break
			}
		}
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
