package gonumblas

import "github.com/simdgrad/simdgrad/kernels"

// level1Min is the length from which the Level 1 routines call the
// kernels: below it, the call into the kernels costs more than it saves
// (measured on an AMD EPYC (Zen 5), float64: Ddot of 16 elements takes 11
// ns in kernels.Dot and 8.4 ns in gonum's; of 64, 11 and 13 ns; of 4096,
// 380 and 630 ns).
const level1Min = 32

// Ddot returns Σ x[i]·y[i] over n elements, with kernels.Dot when both
// increments are 1 and n is at least 32, and gonum's Ddot otherwise. It checks and panics as
// gonum's Ddot.
func (Implementation) Ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	return dot(gonum64, n, x, incX, y, incY)
}

// Sdot is the float32 Ddot; it accumulates in float32, as gonum's does.
func (Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	return dot(gonum32, n, x, incX, y, incY)
}

func dot[T float](e *engine[T], n int, x []T, incX int, y []T, incY int) T {
	if incX == 1 && incY == 1 && n >= level1Min && len(x) >= n && len(y) >= n {
		return kernels.Dot(x[:n], y[:n])
	}
	return e.dot(n, x, incX, y, incY)
}

// Daxpy sets y[i] += alpha·x[i] over n elements, with kernels.Axpy when both
// increments are 1, n is at least 32 and x and y are the same or disjoint,
// and gonum's Daxpy otherwise. It checks and panics as gonum's Daxpy.
func (Implementation) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) {
	axpy(gonum64, n, alpha, x, incX, y, incY)
}

// Saxpy is the float32 Daxpy.
func (Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	axpy(gonum32, n, alpha, x, incX, y, incY)
}

func axpy[T float](e *engine[T], n int, alpha T, x []T, incX int, y []T, incY int) {
	if incX == 1 && incY == 1 && n >= level1Min && len(x) >= n && len(y) >= n && alpha != 0 {
		x, y := x[:n], y[:n]
		if &x[0] == &y[0] || !overlap(x, y) {
			kernels.Axpy(alpha, x, y)
			return
		}
	}
	e.axpy(n, alpha, x, incX, y, incY)
}

// Dscal sets x[i] = alpha·x[i] over n elements, with kernels.Scale when the
// increment is 1 and n is at least 32, and gonum's Dscal otherwise (and for alpha 0, which gonum
// defines as setting zeros, NaN and Inf included). It checks and panics as
// gonum's Dscal.
func (Implementation) Dscal(n int, alpha float64, x []float64, incX int) {
	scal(gonum64, n, alpha, x, incX)
}

// Sscal is the float32 Dscal.
func (Implementation) Sscal(n int, alpha float32, x []float32, incX int) {
	scal(gonum32, n, alpha, x, incX)
}

func scal[T float](e *engine[T], n int, alpha T, x []T, incX int) {
	if incX == 1 && n >= level1Min && len(x) >= n && alpha != 0 {
		kernels.Scale(x[:n], alpha, x[:n])
		return
	}
	e.scal(n, alpha, x, incX)
}
