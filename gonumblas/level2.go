package gonumblas

import "gonum.org/v1/gonum/blas"

// Dgemv computes y = alpha·A·x + beta·y (tA blas.NoTrans) or y =
// alpha·Aᵀ·x + beta·y for the m×n A: a one-column product (dot products
// along the rows of A) or a one-row product (A read once, row by row) in
// kernels.Gemm. Calls with a negative increment go to gonum's Dgemv. It
// checks and panics as gonum's Dgemv.
func (Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	gemv(gonum64, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Sgemv is the float32 Dgemv.
func (Implementation) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	gemv(gonum32, tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

func gemv[T float](e *engine[T], tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
	lenX, lenY := m, n
	if tA == blas.NoTrans {
		lenX, lenY = n, m
	}
	// gonum's checks, restricted to positive increments (a negative one
	// is valid, and goes to gonum too) and to calls with work to do.
	valid := validTrans(tA) && m > 0 && n > 0 && lda >= max(1, n) && incX > 0 && incY > 0 &&
		(lenX-1)*incX < len(x) && (lenY-1)*incY < len(y) && len(a) >= lda*(m-1)+n
	if !valid || alpha == 0 {
		e.gemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	if tA == blas.NoTrans {
		// y (m×1, stride incY) = alpha·A·x (n×1, stride incX) + beta·y.
		e.gemmSafe(false, false, m, 1, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	// yᵀ (1×n) = alpha·xᵀ (1×m)·A + beta·yᵀ, with x and y made contiguous.
	var px, py *[]T
	if incX != 1 {
		px = e.get(m)
		for i := range *px {
			(*px)[i] = x[i*incX]
		}
		x = *px
	}
	yc := y
	if incY != 1 {
		py = e.get(n)
		yc = *py
		if beta != 0 {
			for j := range yc {
				yc[j] = y[j*incY]
			}
		}
	}
	e.gemmSafe(false, false, 1, n, m, alpha, x, m, a, lda, beta, yc, n)
	if py != nil {
		for j, v := range yc {
			y[j*incY] = v
		}
		e.put(py)
	}
	if px != nil {
		e.put(px)
	}
}

// Dger computes A += alpha·x·yᵀ for the m×n A as a rank-1 product in
// kernels.Gemm. Calls with a negative increment go to gonum's Dger. It
// checks and panics as gonum's Dger.
func (Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	ger(gonum64, m, n, alpha, x, incX, y, incY, a, lda)
}

// Sger is the float32 Dger.
func (Implementation) Sger(m, n int, alpha float32, x []float32, incX int, y []float32, incY int, a []float32, lda int) {
	ger(gonum32, m, n, alpha, x, incX, y, incY, a, lda)
}

func ger[T float](e *engine[T], m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int) {
	valid := m > 0 && n > 0 && lda >= max(1, n) && incX > 0 && incY > 0 &&
		len(x) > (m-1)*incX && len(y) > (n-1)*incY && len(a) >= lda*(m-1)+n
	if !valid || alpha == 0 {
		e.ger(m, n, alpha, x, incX, y, incY, a, lda)
		return
	}
	var py *[]T
	if incY != 1 {
		py = e.get(n)
		for j := range *py {
			(*py)[j] = y[j*incY]
		}
		y = *py
	}
	// A (m×n) += alpha·x (m×1, stride incX)·yᵀ (1×n).
	e.gemmSafe(false, false, m, n, 1, alpha, x, incX, y, n, 1, a, lda)
	if py != nil {
		e.put(py)
	}
}
