package gonumblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/blas"

	"github.com/simdgrad/simdgrad/kernels"
)

// The tests in this file compare every overridden routine, float32 and
// float64, with gonum's own over sizes that cross the block sizes, every
// option, alpha and beta 0, 1 and others, padded leading dimensions and
// strides, within the error bound of kernels.Gemm:
//
//	|ours − gonum| ≤ 2·(k+2)·ε·(|alpha|·Σ_p |op(A)_ip|·|op(B)_pj| + |beta|·|C_ij|)
//
// Elements that a routine must not write (the other triangle, the gaps
// between rows) must come back bit for bit, and inputs carry NaN wherever
// a routine must not read them.

// sizeConfig is a block setting with the sizes that exercise it.
type sizeConfig struct {
	blocks blockConfig
	sizes  []int
}

func sizeConfigs() []sizeConfig {
	big := []int{1, 2, 3, 7, 16, 17, 33, 64, 65, 100, 130}
	if testing.Short() {
		big = []int{1, 3, 17, 65, 100}
	}
	return []sizeConfig{
		{blockConfigs[0], big},
		{blockConfig{"blocks=3", 3, 3, 2, 0, 4, 3}, []int{1, 2, 3, 4, 5, 7, 9}},
	}
}

// forEachSize runs f on every tier and size configuration.
func forEachSize(t *testing.T, f func(t *testing.T, rnd *rand.Rand, sizes []int)) {
	for _, isa := range kernels.ISAs() {
		for _, c := range sizeConfigs() {
			t.Run(fmt.Sprintf("isa=%s/%s", isa, c.blocks.name), func(t *testing.T) {
				defer kernels.UseISA(isa)()
				defer setBlocks(c.blocks)()
				f(t, rand.New(rand.NewPCG(1, 2)), c.sizes)
			})
		}
	}
}

func pick(rnd *rand.Rand, sizes []int) int { return sizes[rnd.IntN(len(sizes))] }

// draws is the number of random sizes per combination of options.
func draws() int {
	if testing.Short() {
		return 1
	}
	return 2
}

func TestGemmAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testGemm(t, rnd, sizes, ours64, ref64)
		testGemm(t, rnd, sizes, ours32, ref32)
	})
}

func testGemm[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, tA := range transposes {
		for _, tB := range transposes {
			for _, s := range scalars {
				for range draws() {
					m, n, k := pick(rnd, sizes), pick(rnd, sizes), pick(rnd, sizes)
					alpha, beta := T(s[0]), T(s[1])
					name := fmt.Sprintf("%sgemm(%c, %c, m=%d, n=%d, k=%d, alpha=%v, beta=%v)", typeName[T](), tA, tB, m, n, k, alpha, beta)
					ar, ac := m, k
					if isTrans(tA) {
						ar, ac = k, m
					}
					br, bc := k, n
					if isTrans(tB) {
						br, bc = n, k
					}
					lda, ldb, ldc := ac+rnd.IntN(3), bc+rnd.IntN(3), n+rnd.IntN(3)
					a := matrix[T](rnd, ar, ac, lda, inputPad)
					b := matrix[T](rnd, br, bc, ldb, inputPad)
					c := matrix[T](rnd, m, n, ldc, outputPad)
					// With beta 0, C must not be read: ours gets NaN there, gonum
					// (whose Dsyrk with Lower and Trans multiplies C by beta) not.
					got, want := slices.Clone(c), slices.Clone(c)
					if beta == 0 {
						fillInside(got, m, n, ldc, all, math.NaN())
					}
					ours.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc)
					ref.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
					mag := absMul(dense(a, m, k, lda, isTrans(tA)), dense(b, k, n, ldb, isTrans(tB)))
					compareMatrix(t, name, got, want, c, m, n, ldc, all, gemmBound[T](k, alpha, beta, mag, c, ldc))
				}
			}
		}
	}
}

// gemmBound returns the bound on |ours − gonum| for element (i, j) of a
// product of depth k with magnitudes mag = |op(A)|·|op(B)| and initial C.
func gemmBound[T float](k int, alpha, beta T, mag [][]float64, c []T, ldc int) func(i, j int) float64 {
	return func(i, j int) float64 {
		s := math.Abs(float64(alpha)) * mag[i][j]
		if beta != 0 {
			s += math.Abs(float64(beta) * float64(c[i*ldc+j]))
		}
		return 2 * float64(k+2) * eps[T]() * s
	}
}

// fillInside sets the elements (i, j) of the rows×cols matrix x for which
// inside(i, j) to v.
func fillInside[T float](x []T, rows, cols, ld int, inside func(i, j int) bool, v float64) {
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if inside(i, j) {
				x[i*ld+j] = T(v)
			}
		}
	}
}

// triangleOf reports whether (i, j) lies in the triangle ul, diagonal
// included.
func triangleOf(ul blas.Uplo) func(i, j int) bool {
	if ul == blas.Upper {
		return func(i, j int) bool { return j >= i }
	}
	return func(i, j int) bool { return j <= i }
}

func TestSyrkAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testSyrk(t, rnd, sizes, ours64, ref64, false)
		testSyrk(t, rnd, sizes, ours32, ref32, false)
	})
}

func TestSyr2kAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testSyrk(t, rnd, sizes, ours64, ref64, true)
		testSyrk(t, rnd, sizes, ours32, ref32, true)
	})
}

// testSyrk compares Dsyrk (or, if two, Dsyr2k).
func testSyrk[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T], two bool) {
	for _, ul := range uplos {
		for _, tA := range transposes {
			for _, s := range scalars {
				for range draws() {
					n, k := pick(rnd, sizes), pick(rnd, sizes)
					alpha, beta := T(s[0]), T(s[1])
					r, c := n, k // A and B are stored r×c
					if isTrans(tA) {
						r, c = k, n
					}
					lda, ldb, ldc := c+rnd.IntN(3), c+rnd.IntN(3), n+rnd.IntN(3)
					a := matrix[T](rnd, r, c, lda, inputPad)
					b := matrix[T](rnd, r, c, ldb, inputPad)
					cm := matrix[T](rnd, n, n, ldc, outputPad)
					// With beta 0, C must not be read: ours gets NaN there, gonum
					// (whose Dsyrk with Lower and Trans multiplies C by beta) not.
					got, want := slices.Clone(cm), slices.Clone(cm)
					if beta == 0 {
						fillInside(got, n, n, ldc, triangleOf(ul), math.NaN())
					}
					da, db := dense(a, n, k, lda, isTrans(tA)), dense(b, n, k, ldb, isTrans(tA))
					var name string
					var mag [][]float64
					depth := k
					if two {
						name = fmt.Sprintf("%ssyr2k(%c, %c, n=%d, k=%d, alpha=%v, beta=%v)", typeName[T](), ul, tA, n, k, alpha, beta)
						ours.syr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, got, ldc)
						ref.syr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
						mag = absMul(da, transposed(db))
						for i, row := range absMul(db, transposed(da)) {
							for j, v := range row {
								mag[i][j] += v
							}
						}
						depth = 2 * k
					} else {
						name = fmt.Sprintf("%ssyrk(%c, %c, n=%d, k=%d, alpha=%v, beta=%v)", typeName[T](), ul, tA, n, k, alpha, beta)
						ours.syrk(ul, tA, n, k, alpha, a, lda, beta, got, ldc)
						ref.syrk(ul, tA, n, k, alpha, a, lda, beta, want, ldc)
						mag = absMul(da, transposed(da))
					}
					compareMatrix(t, name, got, want, cm, n, n, ldc, triangleOf(ul), gemmBound[T](depth, alpha, beta, mag, cm, ldc))
				}
			}
		}
	}
}

// symmetric returns an n×n symmetric matrix stored in the triangle ul
// (NaN in the other, which must not be read) and its full dense form.
func symmetric[T float](rnd *rand.Rand, ul blas.Uplo, n, lda int) ([]T, [][]float64) {
	a := matrix[T](rnd, n, n, lda, inputPad)
	in := triangleOf(ul)
	full := make([][]float64, n)
	for i := range full {
		full[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if in(i, j) {
				full[i][j], full[j][i] = float64(a[i*lda+j]), float64(a[i*lda+j])
			} else {
				a[i*lda+j] = T(math.NaN())
			}
		}
	}
	return a, full
}

func TestSymmAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testSymm(t, rnd, sizes, ours64, ref64)
		testSymm(t, rnd, sizes, ours32, ref32)
	})
}

func testSymm[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, side := range sides {
		for _, ul := range uplos {
			for _, s := range scalars {
				for range draws() {
					m, n := pick(rnd, sizes), pick(rnd, sizes)
					alpha, beta := T(s[0]), T(s[1])
					k := m
					if side == blas.Right {
						k = n
					}
					lda, ldb, ldc := k+rnd.IntN(3), n+rnd.IntN(3), n+rnd.IntN(3)
					a, full := symmetric[T](rnd, ul, k, lda)
					b := matrix[T](rnd, m, n, ldb, inputPad)
					c := matrix[T](rnd, m, n, ldc, outputPad)
					// With beta 0, C must not be read: ours gets NaN there, gonum
					// (whose Dsyrk with Lower and Trans multiplies C by beta) not.
					got, want := slices.Clone(c), slices.Clone(c)
					if beta == 0 {
						fillInside(got, m, n, ldc, all, math.NaN())
					}
					ours.symm(side, ul, m, n, alpha, a, lda, b, ldb, beta, got, ldc)
					ref.symm(side, ul, m, n, alpha, a, lda, b, ldb, beta, want, ldc)
					var mag [][]float64
					if side == blas.Left {
						mag = absMul(full, dense(b, m, n, ldb, false))
					} else {
						mag = absMul(dense(b, m, n, ldb, false), full)
					}
					name := fmt.Sprintf("%ssymm(%c, %c, m=%d, n=%d, alpha=%v, beta=%v)", typeName[T](), side, ul, m, n, alpha, beta)
					compareMatrix(t, name, got, want, c, m, n, ldc, all, gemmBound[T](k, alpha, beta, mag, c, ldc))
				}
			}
		}
	}
}

// triangular returns a k×k triangular matrix stored in the triangle ul,
// well conditioned (off-diagonal elements below 1/k, diagonal ±[1, 2)),
// with NaN where it must not be read (the other triangle, and the diagonal
// when d is blas.Unit), and op(A) in dense form.
func triangular[T float](rnd *rand.Rand, ul blas.Uplo, tA blas.Transpose, d blas.Diag, k, lda int) ([]T, [][]float64) {
	a := matrix[T](rnd, k, k, lda, inputPad)
	in := triangleOf(ul)
	op := make([][]float64, k)
	for i := range op {
		op[i] = make([]float64, k)
	}
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			v := float64(a[i*lda+j])
			switch {
			case i == j && d == blas.Unit:
				a[i*lda+j] = T(math.NaN())
				v = 1
			case i == j:
				v = math.Copysign(1+math.Abs(v), v)
				a[i*lda+j] = T(v)
				v = float64(a[i*lda+j])
			case in(i, j):
				a[i*lda+j] = T(v / float64(k))
				v = float64(a[i*lda+j])
			default:
				a[i*lda+j] = T(math.NaN())
				v = 0
			}
			if isTrans(tA) {
				op[j][i] = v
			} else {
				op[i][j] = v
			}
		}
	}
	return a, op
}

var alphas = []float64{1, -0.75, 0, 2}

func TestTrmmAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testTrmm(t, rnd, sizes, ours64, ref64)
		testTrmm(t, rnd, sizes, ours32, ref32)
	})
}

func testTrmm[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, side := range sides {
		for _, ul := range uplos {
			for _, tA := range transposes {
				for _, d := range diags {
					for _, al := range alphas {
						m, n := pick(rnd, sizes), pick(rnd, sizes)
						alpha := T(al)
						k := m
						if side == blas.Right {
							k = n
						}
						lda, ldb := k+rnd.IntN(3), n+rnd.IntN(3)
						a, op := triangular[T](rnd, ul, tA, d, k, lda)
						b := matrix[T](rnd, m, n, ldb, outputPad)
						got, want := slices.Clone(b), slices.Clone(b)
						ours.trmm(side, ul, tA, d, m, n, alpha, a, lda, got, ldb)
						ref.trmm(side, ul, tA, d, m, n, alpha, a, lda, want, ldb)
						var mag [][]float64
						if side == blas.Left {
							mag = absMul(op, dense(b, m, n, ldb, false))
						} else {
							mag = absMul(dense(b, m, n, ldb, false), op)
						}
						name := fmt.Sprintf("%strmm(%c, %c, %c, %c, m=%d, n=%d, alpha=%v)", typeName[T](), side, ul, tA, d, m, n, alpha)
						compareMatrix(t, name, got, want, b, m, n, ldb, all, gemmBound[T](k, alpha, 0, mag, b, ldb))
					}
				}
			}
		}
	}
}

func TestTrsmAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testTrsm(t, rnd, sizes, ours64, ref64)
		testTrsm(t, rnd, sizes, ours32, ref32)
	})
}

// testTrsm checks the residual of each solution X: |op(A)·X − alpha·B| ≤
// 8·(k+2)·ε·(|op(A)|·|X| + |alpha·B|), computed in float64, the bound of
// a backward stable solve with room for the rounding of the residual
// itself; and that gonum's solution passes the same test.
func testTrsm[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, side := range sides {
		for _, ul := range uplos {
			for _, tA := range transposes {
				for _, d := range diags {
					for _, al := range alphas {
						m, n := pick(rnd, sizes), pick(rnd, sizes)
						alpha := T(al)
						k := m
						if side == blas.Right {
							k = n
						}
						lda, ldb := k+rnd.IntN(3), n+rnd.IntN(3)
						a, op := triangular[T](rnd, ul, tA, d, k, lda)
						b := matrix[T](rnd, m, n, ldb, outputPad)
						got, want := slices.Clone(b), slices.Clone(b)
						ours.trsm(side, ul, tA, d, m, n, alpha, a, lda, got, ldb)
						ref.trsm(side, ul, tA, d, m, n, alpha, a, lda, want, ldb)
						name := fmt.Sprintf("%strsm(%c, %c, %c, %c, m=%d, n=%d, alpha=%v)", typeName[T](), side, ul, tA, d, m, n, alpha)
						checkSolve(t, name, side, op, m, n, float64(alpha), b, got, ldb)
						checkSolve(t, name+" (gonum)", side, op, m, n, float64(alpha), b, want, ldb)
					}
				}
			}
		}
	}
}

func checkSolve[T float](t *testing.T, name string, side blas.Side, op [][]float64, m, n int, alpha float64, b, x []T, ldb int) {
	t.Helper()
	k := len(op)
	dx, db := dense(x, m, n, ldb, false), dense(b, m, n, ldb, false)
	var prod, mag [][]float64
	if side == blas.Left {
		prod, mag = mul(op, dx), absMul(op, dx)
	} else {
		prod, mag = mul(dx, op), absMul(dx, op)
	}
	bad := 0
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			r := math.Abs(prod[i][j] - alpha*db[i][j])
			bound := 8 * float64(k+2) * eps[T]() * (mag[i][j] + math.Abs(alpha*db[i][j]))
			if !(r <= bound) {
				if bad < 5 {
					t.Errorf("%s: residual at (%d, %d) is %.3g > bound %.3g", name, i, j, r, bound)
				}
				bad++
			}
		}
	}
	for idx := range x {
		if i, j := idx/ldb, idx%ldb; j >= n || i >= m {
			if math.Float64bits(float64(x[idx])) != math.Float64bits(float64(b[idx])) {
				t.Errorf("%s: element %d outside B changed from %v to %v", name, idx, b[idx], x[idx])
			}
		}
	}
}

var increments = []int{1, 2, -1}

func TestGemvAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testGemv(t, rnd, sizes, ours64, ref64)
		testGemv(t, rnd, sizes, ours32, ref32)
	})
}

// level2Shapes are m×n matrices with leading dimension lda (0: random
// padding) that reach each path of Dgemv and Dger: random sizes, wide rows
// (per-row kernels.Axpy), and leading dimensions a multiple of 4 KiB.
func level2Shapes[T float](rnd *rand.Rand, sizes []int) [][3]int {
	var z T
	alias := 4096 / int(unsafe.Sizeof(z))
	return [][3]int{
		{pick(rnd, sizes), pick(rnd, sizes), 0},
		{3, 600, 0}, {600, 3, 0}, {40, 20, alias}, {20, 40, alias},
	}
}

func testGemv[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, tA := range transposes {
		for _, s := range scalars {
			for _, incX := range increments {
				for _, incY := range []int{1, 3, -2} {
					for _, sh := range level2Shapes[T](rnd, sizes) {
						gemvCase(t, rnd, ours, ref, tA, T(s[0]), T(s[1]), sh, incX, incY)
					}
				}
			}
		}
	}
}

func gemvCase[T float](t *testing.T, rnd *rand.Rand, ours, ref routines[T], tA blas.Transpose, alpha, beta T, sh [3]int, incX, incY int) {
	m, n, lda := sh[0], sh[1], sh[2]
	if lda == 0 {
		lda = n + rnd.IntN(3)
	}
	lenX, lenY := n, m
	if isTrans(tA) {
		lenX, lenY = m, n
	}
	a := matrix[T](rnd, m, n, lda, inputPad)
	x := vector[T](rnd, lenX, incX, inputPad)
	// y has three more elements past its end, which
	// must survive.
	y := append(vector[T](rnd, lenY, incY, outputPad), T(outputPad), T(outputPad), T(outputPad))
	// With beta 0, C must not be read: ours gets NaN there, gonum
	// (whose Dsyrk with Lower and Trans multiplies C by beta) not.
	got, want := slices.Clone(y), slices.Clone(y)
	if beta == 0 {
		fillInside(got, lenY, 1, abs(incY), all, math.NaN())
	}
	ours.gemv(tA, m, n, alpha, a, lda, x, incX, beta, got, incY)
	ref.gemv(tA, m, n, alpha, a, lda, x, incX, beta, want, incY)
	// y as a lenY×1 matrix with leading dimension |incY|;
	// x and y in logical order for the bound.
	dx := make([][]float64, lenX)
	for i := range dx {
		dx[i] = []float64{float64(x[logical(i, lenX, incX)])}
	}
	mag := absMul(dense(a, lenY, lenX, lda, isTrans(tA)), dx)
	ly := make([]T, lenY)
	for i := range ly {
		ly[i] = y[logical(i, lenY, incY)]
	}
	bound := gemmBound[T](lenX, alpha, beta, mag, ly, 1)
	name := fmt.Sprintf("%sgemv(%c, m=%d, n=%d, lda=%d, alpha=%v, beta=%v, incX=%d, incY=%d)", typeName[T](), tA, m, n, lda, alpha, beta, incX, incY)
	compareMatrix(t, name, got, want, y, lenY, 1, abs(incY), all, func(i, _ int) float64 {
		if incY < 0 {
			i = lenY - 1 - i
		}
		return bound(i, 0)
	})
}

// logical returns the index in a strided vector of its element i.
func logical(i, n, inc int) int {
	if inc < 0 {
		return (n - 1 - i) * -inc
	}
	return i * inc
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestGerAgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testGer(t, rnd, sizes, ours64, ref64)
		testGer(t, rnd, sizes, ours32, ref32)
	})
}

func testGer[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, al := range []float64{1, -0.75, 0} {
		for _, incX := range increments {
			for _, incY := range []int{1, 3, -2} {
				for range draws() {
					for _, sh := range level2Shapes[T](rnd, sizes) {
						gerCase(t, rnd, ours, ref, T(al), sh, incX, incY)
					}
				}
			}
		}
	}
}

func gerCase[T float](t *testing.T, rnd *rand.Rand, ours, ref routines[T], alpha T, sh [3]int, incX, incY int) {
	m, n, lda := sh[0], sh[1], sh[2]
	if lda == 0 {
		lda = n + rnd.IntN(3)
	}
	a := matrix[T](rnd, m, n, lda, outputPad)
	x := vector[T](rnd, m, incX, inputPad)
	y := vector[T](rnd, n, incY, inputPad)
	got := slices.Clone(a)
	ours.ger(m, n, alpha, x, incX, y, incY, got, lda)
	// The exact result rounded once, and gonum's where its amd64
	// assembly handles the increments (gonum/gonum#2105).
	want := slices.Clone(a)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			want[i*lda+j] = T(float64(a[i*lda+j]) + float64(alpha)*float64(x[logical(i, m, incX)])*float64(y[logical(j, n, incY)]))
		}
	}
	bound := func(i, j int) float64 {
		xi, yj := float64(x[logical(i, m, incX)]), float64(y[logical(j, n, incY)])
		return 2 * 3 * eps[T]() * (math.Abs(float64(alpha)*xi*yj) + math.Abs(float64(a[i*lda+j])))
	}
	name := fmt.Sprintf("%sger(m=%d, n=%d, lda=%d, alpha=%v, incX=%d, incY=%d)", typeName[T](), m, n, lda, alpha, incX, incY)
	compareMatrix(t, name, got, want, a, m, n, lda, all, bound)
	if incX > 0 && incY > 0 {
		want = slices.Clone(a)
		ref.ger(m, n, alpha, x, incX, y, incY, want, lda)
		compareMatrix(t, name+" vs gonum", got, want, a, m, n, lda, all, bound)
	}
}

func TestLevel1AgainstGonum(t *testing.T) {
	forEachSize(t, func(t *testing.T, rnd *rand.Rand, sizes []int) {
		testLevel1(t, rnd, append(sizes, 1000, 1001), ours64, ref64)
		testLevel1(t, rnd, append(sizes, 1000, 1001), ours32, ref32)
	})
}

func testLevel1[T float](t *testing.T, rnd *rand.Rand, sizes []int, ours, ref routines[T]) {
	for _, n := range sizes {
		for _, incX := range increments {
			for _, incY := range []int{1, 3, -2} {
				x := vector[T](rnd, n, incX, inputPad)
				y := vector[T](rnd, n, incY, outputPad)
				var mag float64
				for i := 0; i < n; i++ {
					mag += math.Abs(float64(x[logical(i, n, incX)]) * float64(y[logical(i, n, incY)]))
				}
				got, want := ours.dot(n, x, incX, y, incY), ref.dot(n, x, incX, y, incY)
				if d := math.Abs(float64(got - want)); !(d <= 2*float64(n+1)*eps[T]()*mag) {
					t.Errorf("%sdot(n=%d, incX=%d, incY=%d) = %v, gonum %v", typeName[T](), n, incX, incY, got, want)
				}
				for _, al := range alphas {
					alpha := T(al)
					gy, wy := slices.Clone(y), slices.Clone(y)
					ours.axpy(n, alpha, x, incX, gy, incY)
					ref.axpy(n, alpha, x, incX, wy, incY)
					name := fmt.Sprintf("%saxpy(n=%d, alpha=%v, incX=%d, incY=%d)", typeName[T](), n, alpha, incX, incY)
					compareMatrix(t, name, gy, wy, y, n, 1, abs(incY), all, func(i, _ int) float64 {
						i = logical(i, n, incY) / abs(incY)
						xi := float64(x[logical(i, n, incX)])
						return 2 * 2 * eps[T]() * (math.Abs(float64(alpha)*xi) + math.Abs(float64(y[i*abs(incY)])))
					})
				}
			}
			// Scal is exact; alpha 0 sets zeros even over NaN and Inf.
			for _, al := range append(alphas, math.NaN()) {
				alpha := T(al)
				x := vector[T](rnd, n, incX, outputPad)
				if n > 2 {
					x[0], x[abs(incX)] = T(math.Inf(1)), T(math.NaN())
				}
				gx, wx := slices.Clone(x), slices.Clone(x)
				ours.scal(n, alpha, gx, incX)
				ref.scal(n, alpha, wx, incX)
				for i := range gx {
					if math.Float64bits(float64(gx[i])) != math.Float64bits(float64(wx[i])) &&
						!(math.IsNaN(float64(gx[i])) && math.IsNaN(float64(wx[i]))) {
						t.Errorf("%sscal(n=%d, alpha=%v, incX=%d): x[%d] = %v, gonum %v", typeName[T](), n, alpha, incX, i, gx[i], wx[i])
					}
				}
			}
		}
	}
	// Axpy with y the same slice as x.
	for _, n := range sizes {
		x := vector[T](rnd, n, 1, 0)
		got, want := slices.Clone(x), slices.Clone(x)
		ours.axpy(n, 0.5, got, 1, got, 1)
		ref.axpy(n, 0.5, want, 1, want, 1)
		compareMatrix(t, fmt.Sprintf("%saxpy(n=%d, x = y)", typeName[T](), n), got, want, x, n, 1, 1, all, func(i, _ int) float64 {
			return 4 * eps[T]() * 1.5 * math.Abs(float64(x[i]))
		})
	}
}
