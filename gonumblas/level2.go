package gonumblas

import (
	"unsafe"

	"gonum.org/v1/gonum/blas"

	"github.com/simdgrad/simdgrad/kernels"
)

// Dgemv computes y = alpha·A·x + beta·y (tA blas.NoTrans) or y =
// alpha·Aᵀ·x + beta·y for the m×n A: a one-column product (dot products
// along the rows of A) in kernels.Gemm, or, transposed, a one-row product
// or Axpy rows (see gemvRowsMin). Vectors with a negative increment, or one
// that the product cannot take as a stride, are gathered into scratch
// first. It checks and panics as gonum's Dgemv.
func (Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	gemv(gonum64, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Sgemv is the float32 Dgemv. Unlike gonum's Sgemv, it writes only the n
// elements of y when tA is blas.Trans and beta is 0 (gonum's clears all of
// y).
func (Implementation) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	gemv(gonum32, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// The transposed Dgemv and Dger take one of three paths, as measured on an
// AMD EPYC (Zen 5), float64, one thread:
//
//   - from gemvRowsMin (gerRowsMin) columns, one kernels.Axpy per row of A
//     (64×960 Trans Dgemv: 24 GFLOP/s, against 19 for gonum's);
//   - on narrower matrices, one product in kernels.Gemm, whose direct
//     kernel wins there (960×32 Dger: 15–17 GFLOP/s, against 12–13 for
//     gonum's and 7 for Axpy rows);
//   - except where the leading dimension aliases (see aliasing): there
//     gonum's routine, which keeps 12–13 GFLOP/s while Gemm's direct kernel
//     falls to 1.2–5 and Axpy rows stay at 7–9.
const (
	gemvRowsMin = 512
	gerRowsMin  = 128
)

// aliasing reports whether rows ld elements apart start a multiple of
// 1 KiB apart, so that a column of them falls into a few sets of the
// caches. kernels.Gemm's direct kernel, which walks down many rows at once,
// then thrashes: a 960×32 Dger runs at 3.8 GFLOP/s with lda 128 (1 KiB),
// 1.9 with 256 and 1.2 with 512, against 15–16 with lda 100, 200, 300 or
// 1000.
func aliasing[T float](ld int) bool {
	var z T
	return ld*int(unsafe.Sizeof(z))%1024 == 0
}

func gemv[T float](e *engine[T], tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
	lenX, lenY := m, n
	if tA == blas.NoTrans {
		lenX, lenY = n, m
	}
	// gonum's checks, for calls with work to do.
	valid := validTrans(tA) && m > 0 && n > 0 && lda >= max(1, n) && incX != 0 && incY != 0 &&
		!((incX > 0 && (lenX-1)*incX >= len(x)) || (incX < 0 && (1-lenX)*incX >= len(x))) &&
		!((incY > 0 && (lenY-1)*incY >= len(y)) || (incY < 0 && (1-lenY)*incY >= len(y))) &&
		len(a) >= lda*(m-1)+n
	if !valid || alpha == 0 {
		e.gemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	// x and y as an n×1 (or 1×n) matrix need a positive stride (NoTrans)
	// or a unit one (Trans); others go through scratch.
	unit := tA != blas.NoTrans
	var px, py *[]T
	if incX < 0 || (unit && incX != 1) {
		px = e.get(lenX)
		gather(*px, x, incX)
		x, incX = *px, 1
	}
	yv, ldy := y, incY
	if incY < 0 || (unit && incY != 1) {
		py = e.get(lenY)
		if beta != 0 {
			gather(*py, y, incY)
		}
		yv, ldy = *py, 1
	}
	if tA == blas.NoTrans {
		// y (m×1) = alpha·A·x (n×1) + beta·y.
		e.gemmSafe(false, false, m, 1, n, alpha, a, lda, x, incX, beta, yv, ldy)
	} else if n < gemvRowsMin && !aliasing[T](lda) {
		// yᵀ (1×n) = alpha·xᵀ (1×m)·A + beta·yᵀ.
		e.gemmSafe(false, false, 1, n, m, alpha, x, m, a, lda, beta, yv, n)
	} else if n < gemvRowsMin {
		// gonum's, on the contiguous x and y, the latter cut to its n
		// elements (gonum's Sgemv would clear all of it).
		e.gemv(tA, m, n, alpha, a, lda, x, 1, beta, yv[:n], 1)
	} else {
		// y = beta·y + Σ_i (alpha·x[i])·(row i of A).
		yv = yv[:n]
		switch beta {
		case 0:
			clear(yv)
		case 1:
		default:
			kernels.Scale(yv, beta, yv)
		}
		for i := 0; i < m; i++ {
			kernels.Axpy(alpha*x[i], a[i*lda:i*lda+n], yv)
		}
	}
	if py != nil {
		scatter(y, *py, incY)
		e.put(py)
	}
	if px != nil {
		e.put(px)
	}
}

// Dger computes A += alpha·x·yᵀ for the m×n A as a rank-1 product in
// kernels.Gemm or as Axpy rows (see gerRowsMin). Negative increments are handled here too: gonum's amd64
// assembly for Dger and Sger (v0.17.0) skips the update for a negative
// incY and misplaces x for a negative incX (gonum/gonum#2105). It checks
// and panics as gonum's Dger.
func (Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	ger(gonum64, m, n, alpha, x, incX, y, incY, a, lda)
}

// Sger is the float32 Dger.
func (Implementation) Sger(m, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	ger(gonum32, m, n, alpha, x, incX, y, incY, a, lda)
}

func ger[T float](e *engine[T], m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) {
	valid := m > 0 && n > 0 && lda >= max(1, n) && incX != 0 && incY != 0 &&
		!((incX > 0 && len(x) <= (m-1)*incX) || (incX < 0 && len(x) <= (1-m)*incX)) &&
		!((incY > 0 && len(y) <= (n-1)*incY) || (incY < 0 && len(y) <= (1-n)*incY)) &&
		len(a) >= lda*(m-1)+n
	if !valid || alpha == 0 {
		e.ger(m, n, alpha, x, incX, y, incY, a, lda)
		return
	}
	var px, py *[]T
	if incX < 0 {
		px = e.get(m)
		gather(*px, x, incX)
		x, incX = *px, 1
	}
	if incY != 1 {
		py = e.get(n)
		gather(*py, y, incY)
		y = *py
	}
	switch {
	case n < gerRowsMin && !aliasing[T](lda):
		// A (m×n) += alpha·x (m×1, stride incX)·yᵀ (1×n).
		e.gemmSafe(false, false, m, n, 1, alpha, x, incX, y, n, 1, a, lda)
	case n < gerRowsMin:
		// gonum's, with positive increments.
		e.ger(m, n, alpha, x, incX, y, 1, a, lda)
	default:
		// Row i of A += (alpha·x[i])·yᵀ.
		y = y[:n]
		for i := 0; i < m; i++ {
			kernels.Axpy(alpha*x[i*incX], y, a[i*lda:i*lda+n])
		}
	}
	if px != nil {
		e.put(px)
	}
	if py != nil {
		e.put(py)
	}
}

// scatter copies src to the len(src) elements of the vector y with
// increment inc, the inverse of gather.
func scatter[T float](y, src []T, inc int) {
	if inc > 0 {
		for i, v := range src {
			y[i*inc] = v
		}
		return
	}
	n := len(src)
	for i, v := range src {
		y[(n-1-i)*-inc] = v
	}
}

// gather copies the len(dst) elements of the vector x with increment inc
// to dst in order: x[i·inc] for inc > 0, x[(len(dst)−1−i)·|inc|] for inc < 0.
func gather[T float](dst, x []T, inc int) {
	if inc > 0 {
		for i := range dst {
			dst[i] = x[i*inc]
		}
		return
	}
	n := len(dst)
	for i := range dst {
		dst[i] = x[(n-1-i)*-inc]
	}
}
