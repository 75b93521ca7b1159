package gonumblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/simdgrad/simdgrad/kernels"
)

// The tests in this file call each overridden routine and gonum's with
// the same arguments, drawn at random from valid and invalid values of
// every parameter, and require the same outcome: the same panic value, or
// no panic and the same result.

// outcome runs f and returns the value it panicked with, or nil.
func outcome(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// argPool draws arguments: the valid values and gonum's error cases.
type argPool struct{ rnd *rand.Rand }

func (p argPool) trans() blas.Transpose {
	return []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans, blas.NoTrans, blas.Trans, 0, 'X'}[p.rnd.IntN(7)]
}
func (p argPool) uplo() blas.Uplo {
	return []blas.Uplo{blas.Upper, blas.Lower, blas.Upper, blas.Lower, blas.All, 0}[p.rnd.IntN(6)]
}
func (p argPool) side() blas.Side {
	return []blas.Side{blas.Left, blas.Right, blas.Left, blas.Right, 0}[p.rnd.IntN(5)]
}
func (p argPool) diag() blas.Diag {
	return []blas.Diag{blas.NonUnit, blas.Unit, blas.NonUnit, blas.Unit, 0}[p.rnd.IntN(5)]
}

// dim is a dimension, mostly valid.
func (p argPool) dim() int { return []int{-1, 0, 1, 2, 3, 3, 4, 4}[p.rnd.IntN(8)] }

// ld is a leading dimension, valid or not.
func (p argPool) ld() int { return p.rnd.IntN(7) - 1 }

func (p argPool) inc() int { return []int{-2, -1, 0, 1, 1, 2}[p.rnd.IntN(6)] }

func (p argPool) scalar() float64 { return []float64{0, 1, 2, -0.5}[p.rnd.IntN(4)] }

// data returns a slice of random length up to 24 with values that keep
// the small products exact and the triangular solves finite.
func data[T float](p argPool) []T {
	x := make([]T, p.rnd.IntN(25))
	for i := range x {
		x[i] = T([]float64{1, -1, 2, 0.5, -0.5}[p.rnd.IntN(5)])
	}
	return x
}

// same reports whether x and y agree within rounding, NaN matching NaN.
func same[T float](x, y []T) bool {
	for i := range x {
		a, b := float64(x[i]), float64(y[i])
		if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
			continue
		}
		if math.Abs(a-b) > 1e-5*math.Max(math.Abs(a), math.Abs(b)) {
			return false
		}
	}
	return true
}

// checkSame compares two outcomes and the output buffers they left.
func checkSame[T float](t *testing.T, name string, got, want any, gotOut, wantOut []T) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: panic %v, gonum %v", name, got, want)
		return
	}
	if got == nil && !same(gotOut, wantOut) {
		t.Errorf("%s: result %v, gonum %v", name, gotOut, wantOut)
	}
}

func trials() int {
	if testing.Short() {
		return 400
	}
	return 2000
}

func TestPanicsMatchGonum(t *testing.T) {
	for _, c := range []blockConfig{blockConfigs[0], blockConfigs[1]} {
		t.Run(fmt.Sprintf("isa=%s/%s", kernels.ISA(), c.name), func(t *testing.T) {
			defer setBlocks(c)()
			rnd := rand.New(rand.NewPCG(3, 4))
			testPanics(t, argPool{rnd}, ours64, ref64)
			testPanics(t, argPool{rnd}, ours32, ref32)
		})
	}
}

func testPanics[T float](t *testing.T, p argPool, ours, ref routines[T]) {
	ty := typeName[T]()
	for range trials() {
		tA, tB := p.trans(), p.trans()
		m, n, k := p.dim(), p.dim(), p.dim()
		lda, ldb, ldc := p.ld(), p.ld(), p.ld()
		alpha, beta := T(p.scalar()), T(p.scalar())
		a, b, c := data[T](p), data[T](p), data[T](p)
		c1, c2 := slices.Clone(c), slices.Clone(c)
		name := fmt.Sprintf("%sgemm(%q, %q, %d, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", ty, tA, tB, m, n, k, alpha, len(a), lda, len(b), ldb, beta, len(c), ldc)
		checkSame(t, name,
			outcome(func() { ours.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c1, ldc) }),
			outcome(func() { ref.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c2, ldc) }), c1, c2)

		ul := p.uplo()
		c1, c2 = slices.Clone(c), slices.Clone(c)
		name = fmt.Sprintf("%ssyrk(%q, %q, %d, %d, %v, len %d, %d, %v, len %d, %d)", ty, ul, tA, n, k, alpha, len(a), lda, beta, len(c), ldc)
		checkSame(t, name,
			outcome(func() { ours.syrk(ul, tA, n, k, alpha, a, lda, beta, c1, ldc) }),
			outcome(func() { ref.syrk(ul, tA, n, k, alpha, a, lda, beta, c2, ldc) }), c1, c2)

		c1, c2 = slices.Clone(c), slices.Clone(c)
		name = fmt.Sprintf("%ssyr2k(%q, %q, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", ty, ul, tA, n, k, alpha, len(a), lda, len(b), ldb, beta, len(c), ldc)
		checkSame(t, name,
			outcome(func() { ours.syr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, c1, ldc) }),
			outcome(func() { ref.syr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, c2, ldc) }), c1, c2)

		s := p.side()
		c1, c2 = slices.Clone(c), slices.Clone(c)
		name = fmt.Sprintf("%ssymm(%q, %q, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", ty, s, ul, m, n, alpha, len(a), lda, len(b), ldb, beta, len(c), ldc)
		checkSame(t, name,
			outcome(func() { ours.symm(s, ul, m, n, alpha, a, lda, b, ldb, beta, c1, ldc) }),
			outcome(func() { ref.symm(s, ul, m, n, alpha, a, lda, b, ldb, beta, c2, ldc) }), c1, c2)

		d := p.diag()
		b1, b2 := slices.Clone(b), slices.Clone(b)
		name = fmt.Sprintf("%strmm(%q, %q, %q, %q, %d, %d, %v, len %d, %d, len %d, %d)", ty, s, ul, tA, d, m, n, alpha, len(a), lda, len(b), ldb)
		checkSame(t, name,
			outcome(func() { ours.trmm(s, ul, tA, d, m, n, alpha, a, lda, b1, ldb) }),
			outcome(func() { ref.trmm(s, ul, tA, d, m, n, alpha, a, lda, b2, ldb) }), b1, b2)

		b1, b2 = slices.Clone(b), slices.Clone(b)
		name = fmt.Sprintf("%strsm(%q, %q, %q, %q, %d, %d, %v, len %d, %d, len %d, %d)", ty, s, ul, tA, d, m, n, alpha, len(a), lda, len(b), ldb)
		checkSame(t, name,
			outcome(func() { ours.trsm(s, ul, tA, d, m, n, alpha, a, lda, b1, ldb) }),
			outcome(func() { ref.trsm(s, ul, tA, d, m, n, alpha, a, lda, b2, ldb) }), b1, b2)

		var got, want any
		incX, incY := p.inc(), p.inc()
		x, y := data[T](p), data[T](p)
		y1, y2 := slices.Clone(y), slices.Clone(y)
		name = fmt.Sprintf("%sgemv(%q, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", ty, tA, m, n, alpha, len(a), lda, len(x), incX, beta, len(y), incY)
		got = outcome(func() { ours.gemv(tA, m, n, alpha, a, lda, x, incX, beta, y1, incY) })
		want = outcome(func() { ref.gemv(tA, m, n, alpha, a, lda, x, incX, beta, y2, incY) })
		if got == nil && m > 0 && n > 0 {
			// gonum's Sgemv (and its Dgemv where it has no assembly)
			// with Trans, beta 0 and incY 1 zeroes all of y, past the
			// vector's n elements too; compare the vector alone, and
			// that ours left the rest.
			lenY := m
			if tA != blas.NoTrans {
				lenY = n
			}
			end := (lenY-1)*abs(incY) + 1
			checkSame(t, name+" past y", nil, nil, y1[end:], y[end:])
			y1, y2 = y1[:end], y2[:end]
		}
		checkSame(t, name, got, want, y1, y2)

		// gonum's amd64 Dger mishandles negative increments
		// (gonum/gonum#2105): its checks run with alpha 0, which returns
		// right after them, and the result is compared with the
		// definition.
		a1 := slices.Clone(a)
		name = fmt.Sprintf("%sger(%d, %d, %v, len %d, %d, len %d, %d, len %d, %d)", ty, m, n, alpha, len(x), incX, len(y), incY, len(a), lda)
		got = outcome(func() { ours.ger(m, n, alpha, x, incX, y, incY, a1, lda) })
		want = outcome(func() { ref.ger(m, n, 0, x, incX, y, incY, slices.Clone(a), lda) })
		checkSame(t, name, got, want, a1, naiveGer(m, n, alpha, x, incX, y, incY, a, lda, got == nil))

		x1, x2 := slices.Clone(x), slices.Clone(x)
		name = fmt.Sprintf("%sdot(%d, len %d, %d, len %d, %d)", ty, n, len(x), incX, len(y), incY)
		var r1, r2 T
		checkSame(t, name,
			outcome(func() { r1 = ours.dot(n, x, incX, y, incY) }),
			outcome(func() { r2 = ref.dot(n, x, incX, y, incY) }), []T{r1}, []T{r2})

		y1, y2 = slices.Clone(y), slices.Clone(y)
		name = fmt.Sprintf("%saxpy(%d, %v, len %d, %d, len %d, %d)", ty, n, alpha, len(x), incX, len(y), incY)
		checkSame(t, name,
			outcome(func() { ours.axpy(n, alpha, x, incX, y1, incY) }),
			outcome(func() { ref.axpy(n, alpha, x, incX, y2, incY) }), y1, y2)

		name = fmt.Sprintf("%sscal(%d, %v, len %d, %d)", ty, n, alpha, len(x), incX)
		checkSame(t, name,
			outcome(func() { ours.scal(n, alpha, x1, incX) }),
			outcome(func() { ref.scal(n, alpha, x2, incX) }), x1, x2)
	}
}

// naiveGer returns A + alpha·x·yᵀ by the definition, or A itself unless
// valid.
func naiveGer[T float](m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int, valid bool) []T {
	r := slices.Clone(a)
	if !valid {
		return r
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			r[i*lda+j] += alpha * x[logical(i, m, incX)] * y[logical(j, n, incY)]
		}
	}
	return r
}
