package gonumblas

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestMain(m *testing.M) {
	// Every test also checks that kernels.Gemm is never called with an
	// output overlapping an input.
	assertDisjoint = true
	os.Exit(m.Run())
}

// routines are the overridden routines of one element type, as methods
// of either Implementation or gonum's.
type routines[T float] struct {
	gemm  func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	syrk  func(ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int)
	syr2k func(ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	symm  func(s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	trmm  func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)
	trsm  func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)
	gemv  func(tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int)
	ger   func(m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int)
	dot   func(n int, x []T, incX int, y []T, incY int) T
	axpy  func(n int, alpha T, x []T, incX int, y []T, incY int)
	scal  func(n int, alpha T, x []T, incX int)
}

var (
	ours64 = routines[float64]{
		Implementation{}.Dgemm, Implementation{}.Dsyrk, Implementation{}.Dsyr2k, Implementation{}.Dsymm,
		Implementation{}.Dtrmm, Implementation{}.Dtrsm, Implementation{}.Dgemv, Implementation{}.Dger,
		Implementation{}.Ddot, Implementation{}.Daxpy, Implementation{}.Dscal,
	}
	ours32 = routines[float32]{
		Implementation{}.Sgemm, Implementation{}.Ssyrk, Implementation{}.Ssyr2k, Implementation{}.Ssymm,
		Implementation{}.Strmm, Implementation{}.Strsm, Implementation{}.Sgemv, Implementation{}.Sger,
		Implementation{}.Sdot, Implementation{}.Saxpy, Implementation{}.Sscal,
	}
	ref64 = routines[float64]{
		gonum.Implementation{}.Dgemm, gonum.Implementation{}.Dsyrk, gonum.Implementation{}.Dsyr2k, gonum.Implementation{}.Dsymm,
		gonum.Implementation{}.Dtrmm, gonum.Implementation{}.Dtrsm, gonum.Implementation{}.Dgemv, gonum.Implementation{}.Dger,
		gonum.Implementation{}.Ddot, gonum.Implementation{}.Daxpy, gonum.Implementation{}.Dscal,
	}
	ref32 = routines[float32]{
		gonum.Implementation{}.Sgemm, gonum.Implementation{}.Ssyrk, gonum.Implementation{}.Ssyr2k, gonum.Implementation{}.Ssymm,
		gonum.Implementation{}.Strmm, gonum.Implementation{}.Strsm, gonum.Implementation{}.Sgemv, gonum.Implementation{}.Sger,
		gonum.Implementation{}.Sdot, gonum.Implementation{}.Saxpy, gonum.Implementation{}.Sscal,
	}
)

// eps is the unit roundoff of T.
func eps[T float]() float64 {
	var z T
	if unsafe.Sizeof(z) == 4 {
		return 0x1p-24
	}
	return 0x1p-53
}

func typeName[T float]() string {
	var z T
	if unsafe.Sizeof(z) == 4 {
		return "f32"
	}
	return "f64"
}

// padValue fills the gaps between rows of inputs (NaN: if a routine read
// them, results would show it) and outputs (a value that must survive).
var (
	inputPad  = math.NaN()
	outputPad = -7777.0
)

// matrix returns rows×cols random values in [−1, 1) with leading
// dimension ld ≥ cols, the gaps filled with pad.
func matrix[T float](rnd *rand.Rand, rows, cols, ld int, pad float64) []T {
	x := make([]T, max(0, matLen(rows, cols, ld)))
	for i := range x {
		x[i] = T(pad)
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			x[i*ld+j] = T(2*rnd.Float64() - 1)
		}
	}
	return x
}

// vector returns n random values in [−1, 1) at stride |inc|, the gaps
// filled with pad.
func vector[T float](rnd *rand.Rand, n, inc int, pad float64) []T {
	if inc < 0 {
		inc = -inc
	}
	if n == 0 {
		return nil
	}
	x := make([]T, (n-1)*inc+1)
	for i := range x {
		x[i] = T(pad)
	}
	for i := 0; i < n; i++ {
		x[i*inc] = T(2*rnd.Float64() - 1)
	}
	return x
}

// dense returns the r×c matrix stored in x with leading dimension ld as
// float64, transposed when trans (x then holds c×r).
func dense[T float](x []T, r, c, ld int, trans bool) [][]float64 {
	d := make([][]float64, r)
	for i := range d {
		d[i] = make([]float64, c)
		for j := range d[i] {
			if trans {
				d[i][j] = float64(x[j*ld+i])
			} else {
				d[i][j] = float64(x[i*ld+j])
			}
		}
	}
	return d
}

// absMul returns |A|·|B| for dense A (m×k) and B (k×n).
func absMul(a, b [][]float64) [][]float64 {
	m, n := len(a), 0
	if len(b) > 0 {
		n = len(b[0])
	}
	c := make([][]float64, m)
	for i := range c {
		c[i] = make([]float64, n)
		for p, aip := range a[i] {
			aip = math.Abs(aip)
			for j, bpj := range b[p] {
				c[i][j] += aip * math.Abs(bpj)
			}
		}
	}
	return c
}

// mul returns A·B for dense A and B.
func mul(a, b [][]float64) [][]float64 {
	m, n := len(a), 0
	if len(b) > 0 {
		n = len(b[0])
	}
	c := make([][]float64, m)
	for i := range c {
		c[i] = make([]float64, n)
		for p, aip := range a[i] {
			for j, bpj := range b[p] {
				c[i][j] += aip * bpj
			}
		}
	}
	return c
}

func transposed(a [][]float64) [][]float64 {
	if len(a) == 0 {
		return nil
	}
	t := make([][]float64, len(a[0]))
	for j := range t {
		t[j] = make([]float64, len(a))
		for i := range a {
			t[j][i] = a[i][j]
		}
	}
	return t
}

// compareMatrix checks got against want, both rows×cols with leading
// dimension ld: where inside(i, j), |got − want| ≤ tol(i, j) (or both NaN);
// everywhere else, including the gaps between rows, got must equal orig
// bit for bit.
func compareMatrix[T float](t *testing.T, name string, got, want, orig []T, rows, cols, ld int, inside func(i, j int) bool, tol func(i, j int) float64) {
	t.Helper()
	bad := 0
	for idx := range got {
		i, j := idx/ld, idx%ld
		if j < cols && i < rows && inside(i, j) {
			g, w := float64(got[idx]), float64(want[idx])
			if math.IsNaN(g) && math.IsNaN(w) {
				continue
			}
			if d := math.Abs(g - w); !(d <= tol(i, j)) {
				if bad < 5 {
					t.Errorf("%s: element (%d, %d) = %v, gonum %v, |diff| %.3g > bound %.3g", name, i, j, g, w, d, tol(i, j))
				}
				bad++
			}
			continue
		}
		if math.Float64bits(float64(got[idx])) != math.Float64bits(float64(orig[idx])) {
			if bad < 5 {
				t.Errorf("%s: element %d (%d, %d) outside the result changed from %v to %v", name, idx, i, j, orig[idx], got[idx])
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d bad elements in all", name, bad)
	}
}

func all(i, j int) bool { return true }

var (
	transposes = []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}
	uplos      = []blas.Uplo{blas.Upper, blas.Lower}
	sides      = []blas.Side{blas.Left, blas.Right}
	diags      = []blas.Diag{blas.NonUnit, blas.Unit}
)

// scalars are the alpha and beta pairs every routine is run with: the
// special values 0 and 1 take their own code paths.
var scalars = [][2]float64{{1, 0}, {-0.75, 1}, {1.5, -0.5}, {0, 0.5}, {0, 1}, {1, 1}}
