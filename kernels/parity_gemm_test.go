package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// gemmCase is one call of Gemm.
type gemmCase[T kernels.Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	pad            int // extra elements per row beyond the columns (ld = cols + pad)
}

func (c gemmCase[T]) String() string {
	return fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v ldpad=%d",
		c.transA, c.transB, c.m, c.n, c.k, c.alpha, c.beta, c.pad)
}

// storedShape is the rows×cols of op(X) as stored in memory.
func storedShape(trans bool, rows, cols int) (int, int) {
	if trans {
		return cols, rows
	}
	return rows, cols
}

// check runs c with the active tier: A and B flush against guard pages, C
// with canaries before, after and between its rows, beta = 0 with NaN in C,
// alpha = 0 with NaN in A and B; then compares with the float64 oracle.
func (c gemmCase[T]) check(t testing.TB, r *rand.Rand, special float64, at harness.Placement) {
	t.Helper()
	ar, ac := storedShape(c.transA, c.m, c.k)
	br, bc := storedShape(c.transB, c.k, c.n)
	lda, ldb, ldc := max(ac+c.pad, 1), max(bc+c.pad, 1), max(c.n+c.pad, 1)
	aLen, bLen, cLen := lenOf(ar, ac, lda), lenOf(br, bc, ldb), lenOf(c.m, c.n, ldc)

	a, freeA := harness.Guarded[T](aLen, at)
	defer freeA()
	b, freeB := harness.Guarded[T](bLen, at)
	defer freeB()
	harness.Fill(r, a, 1, special)
	harness.Fill(r, b, 1, special)
	// ±max would overflow partial sums in T but not in the float64
	// oracle, making the expected infinity a NaN or the reverse.
	clampFinite(a, 1e6)
	clampFinite(b, 1e6)
	if c.alpha == 0 {
		fillNaN(a)
		fillNaN(b)
	}
	out, freeC := harness.Guarded[T](cLen+2*canaryPad, at)
	defer freeC()
	harness.FillCanary(out)
	cm := out[canaryPad : canaryPad+cLen]
	inside := func(i int) bool {
		i -= canaryPad
		return i >= 0 && i < cLen && i%ldc < c.n
	}
	for i := range c.m * min(c.n, 1) {
		row := cm[i*ldc : i*ldc+c.n]
		if c.beta == 0 {
			fillNaN(row)
		} else {
			harness.Fill(r, row, 1, 0)
		}
	}
	c0 := append([]T(nil), cm...)

	kernels.Gemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, cm, ldc)

	want, scale := gemmOracle(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, c0, ldc)
	for i := range c.m {
		for j := range c.n {
			got := cm[i*ldc+j]
			if !harness.WithinSum(got, want[i*c.n+j], scale[i*c.n+j], float64(2*(c.k+2))) {
				var arow, bcol []T
				for p := range min(c.k, 40) {
					arow = append(arow, at2(a, c.transA, i, p, lda))
					bcol = append(bcol, at2(b, c.transB, p, j, ldb))
				}
				t.Fatalf("Gemm %v guard=%v: C[%d,%d] = %v, want %v (bound scale %v; C was %v)\nop(A) row %d: %v\nop(B) col %d: %v",
					c, at, i, j, got, want[i*c.n+j], scale[i*c.n+j], c0[i*ldc+j], i, arow, j, bcol)
			}
		}
	}
	if i := harness.CanaryIntact(out, inside); i >= 0 {
		t.Fatalf("Gemm %v: wrote outside C at index %d (C has %d elements, ldc=%d)", c, i-canaryPad, cLen, ldc)
	}
}

// at2 returns element (i, j) of op(X) for X stored with leading dimension ld.
func at2[T kernels.Float](x []T, trans bool, i, j, ld int) T {
	if trans {
		return x[j*ld+i]
	}
	return x[i*ld+j]
}

func lenOf(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

func fillNaN[T kernels.Float](x []T) {
	for i := range x {
		x[i] = T(math.NaN())
	}
}

// gemmDims are the sizes around every register tile in use (4×4 generic,
// 6×16 and 6×8 avx2) and their multiples.
var gemmDims = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 33}

func testGemmParity[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	forEachTier(t, func(t *testing.T) {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				for _, m := range gemmDims {
					for _, n := range gemmDims {
						for _, k := range gemmDims {
							c := gemmCase[T]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: 1.5, beta: 0, pad: (m + n + k) % 3}
							c.check(t, r, 0, harness.Placements[(m+n+k)%2])
						}
					}
				}
				// alpha and beta on a few shapes across the tile edges.
				for _, s := range [][3]int{{5, 17, 3}, {7, 9, 33}, {13, 16, 1}, {6, 8, 0}} {
					for _, ab := range [][2]T{{1, 0}, {1, 1}, {-0.5, 2}, {0, 0}, {0, 3}} {
						c := gemmCase[T]{transA: ta, transB: tb, m: s[0], n: s[1], k: s[2], alpha: ab[0], beta: ab[1], pad: 2}
						for _, at := range harness.Placements {
							c.check(t, r, 0, at)
						}
					}
				}
				// Beyond one cache block in every dimension, through the
				// parallel path, and deeper than every tier's kc (several
				// k blocks: the column-of-tiles micro-kernel).
				// Each shape meets each alpha and beta across the
				// transposes, so that the micro-kernels' alpha and beta
				// paths all run. 16×600·600×300 is a C of 16 rows under a
				// wide B, which the direct kernel reads in place.
				big := [][3]int{{130, 70, 300}, {97, 151, 41}, {257, 33, 129}, {40, 1100, 20}, {41, 50, 800}, {16, 300, 600}}
				abs := [][2]T{{1, 0.5}, {1.5, 0}, {-0.75, 2}, {1, 0}}
				for si, s := range big {
					ab := abs[(si+2*b2i(ta)+b2i(tb))%len(abs)]
					c := gemmCase[T]{transA: ta, transB: tb, m: s[0], n: s[1], k: s[2], alpha: ab[0], beta: ab[1], pad: 1}
					c.check(t, r, 0, harness.End)
				}
				// C of 16 rows whose B rows are 4 KiB apart in float32
				// (8 KiB in float64), for which B is packed rather than
				// read in place (pathPackedB): whole blocks of panels, and
				// a last block ending in a partial panel, over two k
				// blocks.
				for _, c := range []gemmCase[T]{
					{transA: ta, transB: tb, m: 16, n: 1024, k: 64, alpha: 1, beta: 0.5},
					{transA: ta, transB: tb, m: 13, n: 1020, k: 600, alpha: -0.5, beta: 0, pad: 4},
				} {
					c.check(t, r, 0, harness.End)
				}
			}
		}
		// Large enough for the tiers' real thresholds to split them
		// across goroutines when GOMAXPROCS ≥ 2 (the avx2 tier splits
		// from 2·200³ multiply-adds in float32, 2·160³ in float64): in
		// bands of rows, and of columns.
		for i, s := range [][3]int{{270, 250, 260}, {70, 700, 350}} {
			c := gemmCase[T]{transA: i == 1, transB: i == 0, m: s[0], n: s[1], k: s[2], alpha: -1, beta: 1, pad: 3}
			c.check(t, r, 0, harness.Placements[i])
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestGemmParity(t *testing.T) {
	t.Run("dtype=f32", testGemmParity[float32])
	t.Run("dtype=f64", testGemmParity[float64])
}

// TestGemmSpecialValues puts NaN, ±Inf, −0 and subnormals in A and B: the
// results follow IEEE arithmetic (checked against the oracle), on every
// tier, including the tiny-shape paths and the blocked path.
func TestGemmSpecialValues(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	forEachTier(t, func(t *testing.T) {
		// 150×3 (k = 12) and 40×2 (k = 4): the narrow kernel's paths;
		// 4×2 from k = 150, transposed: the outer-product kernel's.
		for _, s := range [][3]int{{3, 5, 4}, {150, 12, 4}, {150, 3, 12}, {40, 2, 4}, {4, 2, 150}, {70, 90, 110}} {
			for _, ta := range []bool{false, true} {
				c32 := gemmCase[float32]{transA: ta, transB: !ta, m: s[0], n: s[1], k: s[2], alpha: 1, beta: 0}
				c32.check(t, r, 0.01, harness.End)
				c64 := gemmCase[float64]{transA: ta, transB: ta, m: s[0], n: s[1], k: s[2], alpha: 1, beta: 1}
				c64.check(t, r, 0.01, harness.Start)
			}
		}
	})
}

// TestGemmAllocs checks that Gemm allocates nothing once warm, for a tiny
// model shape and for a blocked, parallel one.
func TestGemmAllocs(t *testing.T) {
	forEachTier(t, func(t *testing.T) {
		for _, n := range []int{12, 200} {
			a, b, c := make([]float32, 150*n), make([]float32, n*n), make([]float32, 150*n)
			f := func() { kernels.Gemm(false, false, 150, n, n, 1, a, n, b, n, 0, c, n) }
			f()
			if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
				t.Errorf("Gemm 150×%d·%d×%d: %v allocations per call, want 0", n, n, n, allocs)
			}
		}
	})
}
