package gonumblas

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// TestEdgeSizesMatchGonum runs every overridden Level 3 and Level 2
// routine with every option over small sizes, zero included, with slices
// of exactly the length gonum requires (empty where it requires none), and
// compares the outcome with gonum's: the empty and minimal cases are where
// a blocked algorithm slices out of range.
func TestEdgeSizesMatchGonum(t *testing.T) {
	for _, c := range []blockConfig{blockConfigs[0], blockConfigs[1], blockConfigs[2]} {
		t.Run(c.name, func(t *testing.T) {
			defer setBlocks(c)()
			rnd := rand.New(rand.NewPCG(10, 11))
			testEdges(t, rnd, ours64, ref64)
			testEdges(t, rnd, ours32, ref32)
		})
	}
}

// minLen is gonum's shortest slice for a rows×cols matrix with leading
// dimension ld: (rows−1)·ld + cols, and none for an empty one.
func minLen(rows, cols, ld int) int { return max(0, (rows-1)*ld+cols) }

func exact[T float](rnd *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T([]float64{1, -1, 2, 0.5, -0.5}[rnd.IntN(5)])
	}
	return x
}

func testEdges[T float](t *testing.T, rnd *rand.Rand, ours, ref routines[T]) {
	ty := typeName[T]()
	dims := []int{0, 1, 2, 3, 9}
	const alpha, beta = 0.5, -1.5
	for _, m := range dims {
		for _, n := range dims {
			for _, k := range dims {
				for _, tA := range transposes {
					for _, tB := range transposes {
						ar, ac := m, k
						if isTrans(tA) {
							ar, ac = k, m
						}
						br, bc := k, n
						if isTrans(tB) {
							br, bc = n, k
						}
						lda, ldb, ldc := max(1, ac), max(1, bc), max(1, n)
						a, b := exact[T](rnd, minLen(ar, ac, lda)), exact[T](rnd, minLen(br, bc, ldb))
						c := exact[T](rnd, minLen(m, n, ldc))
						c1, c2 := slices.Clone(c), slices.Clone(c)
						checkSame(t, fmt.Sprintf("%sgemm(%c, %c, %d, %d, %d)", ty, tA, tB, m, n, k),
							outcome(func() { ours.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c1, ldc) }),
							outcome(func() { ref.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c2, ldc) }), c1, c2)
					}
				}
				for _, ul := range uplos {
					for _, tA := range transposes {
						r, cl := n, k
						if isTrans(tA) {
							r, cl = k, n
						}
						lda, ldc := max(1, cl), max(1, n)
						a, b := exact[T](rnd, minLen(r, cl, lda)), exact[T](rnd, minLen(r, cl, lda))
						c := exact[T](rnd, minLen(n, n, ldc))
						c1, c2 := slices.Clone(c), slices.Clone(c)
						checkSame(t, fmt.Sprintf("%ssyrk(%c, %c, %d, %d)", ty, ul, tA, n, k),
							outcome(func() { ours.syrk(ul, tA, n, k, alpha, a, lda, beta, c1, ldc) }),
							outcome(func() { ref.syrk(ul, tA, n, k, alpha, a, lda, beta, c2, ldc) }), c1, c2)
						c1, c2 = slices.Clone(c), slices.Clone(c)
						checkSame(t, fmt.Sprintf("%ssyr2k(%c, %c, %d, %d)", ty, ul, tA, n, k),
							outcome(func() { ours.syr2k(ul, tA, n, k, alpha, a, lda, b, lda, beta, c1, ldc) }),
							outcome(func() { ref.syr2k(ul, tA, n, k, alpha, a, lda, b, lda, beta, c2, ldc) }), c1, c2)
					}
				}
			}
			for _, s := range sides {
				na := m
				if s == blas.Right {
					na = n
				}
				lda, ldb := max(1, na), max(1, n)
				for _, ul := range uplos {
					a := exact[T](rnd, minLen(na, na, lda))
					b := exact[T](rnd, minLen(m, n, ldb))
					c := exact[T](rnd, minLen(m, n, ldb))
					c1, c2 := slices.Clone(c), slices.Clone(c)
					checkSame(t, fmt.Sprintf("%ssymm(%c, %c, %d, %d)", ty, s, ul, m, n),
						outcome(func() { ours.symm(s, ul, m, n, alpha, a, lda, b, ldb, beta, c1, ldb) }),
						outcome(func() { ref.symm(s, ul, m, n, alpha, a, lda, b, ldb, beta, c2, ldb) }), c1, c2)
					for _, tA := range transposes {
						for _, d := range diags {
							b1, b2 := slices.Clone(b), slices.Clone(b)
							checkSame(t, fmt.Sprintf("%strmm(%c, %c, %c, %c, %d, %d)", ty, s, ul, tA, d, m, n),
								outcome(func() { ours.trmm(s, ul, tA, d, m, n, alpha, a, lda, b1, ldb) }),
								outcome(func() { ref.trmm(s, ul, tA, d, m, n, alpha, a, lda, b2, ldb) }), b1, b2)
							b1, b2 = slices.Clone(b), slices.Clone(b)
							checkSame(t, fmt.Sprintf("%strsm(%c, %c, %c, %c, %d, %d)", ty, s, ul, tA, d, m, n),
								outcome(func() { ours.trsm(s, ul, tA, d, m, n, alpha, a, lda, b1, ldb) }),
								outcome(func() { ref.trsm(s, ul, tA, d, m, n, alpha, a, lda, b2, ldb) }), b1, b2)
						}
					}
				}
			}
			for _, tA := range transposes {
				lenX, lenY := n, m
				if isTrans(tA) {
					lenX, lenY = m, n
				}
				lda := max(1, n)
				for _, inc := range []int{1, 2, -1} {
					a := exact[T](rnd, minLen(m, n, lda))
					x := exact[T](rnd, minLen(lenX, 1, abs(inc)))
					y := exact[T](rnd, minLen(lenY, 1, abs(inc)))
					y1, y2 := slices.Clone(y), slices.Clone(y)
					checkSame(t, fmt.Sprintf("%sgemv(%c, %d, %d, inc %d)", ty, tA, m, n, inc),
						outcome(func() { ours.gemv(tA, m, n, alpha, a, lda, x, inc, beta, y1, inc) }),
						outcome(func() { ref.gemv(tA, m, n, alpha, a, lda, x, inc, beta, y2, inc) }), y1, y2)
				}
			}
			lda := max(1, n)
			a := exact[T](rnd, minLen(m, n, lda))
			x, y := exact[T](rnd, minLen(m, 1, 1)), exact[T](rnd, minLen(n, 1, 1))
			a1, a2 := slices.Clone(a), slices.Clone(a)
			checkSame(t, fmt.Sprintf("%sger(%d, %d)", ty, m, n),
				outcome(func() { ours.ger(m, n, alpha, x, 1, y, 1, a1, lda) }),
				outcome(func() { ref.ger(m, n, alpha, x, 1, y, 1, a2, lda) }), a1, a2)
		}
	}
}
