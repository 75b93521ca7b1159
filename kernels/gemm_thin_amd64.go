//go:build !purego

package kernels

import (
	"fmt"
	"unsafe"
)

// The avx2 tier's kernels for thin products, ahead of the direct kernel:
// the halves kernel (gemmHalvesF32) for a float32 C of three or four
// columns, k ≤ 2 and A's rows contiguous; the pairs kernels (gemmPairsF32
// for a float32 C of two columns and k a multiple of 4, gemmPairsF64 for
// a float64 C of one or two columns); the narrow kernel (gemmNarrowF32)
// for a row-major A and a float32 C of at most four columns; the short
// kernel (gemmShortF64) for a row-major A, a float64 C of at most four
// columns and k ≤ 4; the outer-product kernel (gemmOuter) for Aᵀ·B with a
// C of at most 4×2. The wrappers check every slice against the
// generator's shapes before the assembly runs.

// thinMinM and thinMaxN bound the products the direct path offers to the
// thin row kernels (halves, pairs, narrow, short), in that order, the first
// whose Suits function accepts the product taking every row: a row-major
// A, at least thinMinM rows (the fewest any of them takes) and at most
// thinMaxN columns. Other products pay one test for them.
const (
	thinMinM = 16
	thinMaxN = 4
)

// thinArgsOK reports whether n is in [nLo, nHi], k in [kLo, kHi] and the
// strides, or-ed together, are not negative: the arguments of a thin
// kernel's wrapper that its generator's length functions do not cover.
// It inlines; badThin, out of line, builds the message.
func thinArgsOK(n, nLo, nHi, k, kLo, kHi, strides int) bool {
	return n >= nLo && n <= nHi && k >= kLo && k <= kHi && strides >= 0
}

// badThin panics with the first argument of a thin kernel's call that
// thinArgsOK refuses.
//
//go:noinline
func badThin(kernel string, n, nLo, nHi, k, kLo, kHi, lda, rsb, csb, ldc int) {
	if n < nLo || n > nHi {
		panic(badShape(kernel, "n", n, nLo, nHi))
	}
	if k < kLo || k > kHi {
		panic(badShape(kernel, "k", k, kLo, kHi))
	}
	panic(fmt.Sprintf("kernels: %s called with a negative stride (lda=%d rsb=%d csb=%d ldc=%d)", kernel, lda, rsb, csb, ldc))
}

// halvesMinM is the fewest rows for which the direct path hands a float32
// product to the halves kernel (gemmHalvesF32): at 16 rows it measured
// 20 % faster than the narrow kernel (16×2·2×4, Zen 5).
const halvesMinM = 16

// halvesSuits reports whether a float32 product goes to the halves kernel
// rather than the narrow one: a row-major A whose rows are contiguous (lda
// = k), a C of gemmHalvesMinNF32 to gemmHalvesMaxNF32 columns, at least
// halvesMinM rows and k ≤ gemmHalvesMaxKF32.
func halvesSuits(m, n, k, lda int) bool {
	return lda == k && m >= halvesMinM && n >= gemmHalvesMinNF32 && n <= gemmHalvesMaxNF32 && k <= gemmHalvesMaxKF32
}

// callHalves calls the halves kernel on the m×n C at c, A(i,p) = a[i·k + p]
// (lda must be k) and B(p,j) = b[p·rsb + j·csb], after checking n, k, the
// strides and that the slices hold what the kernel reads and writes
// (gemmHalvesLenF32), and returns the rows it computed: m, or 0 when m <
// gemmHalvesRowsF32.
func callHalves(m, n, k int, a []float32, lda int, b []float32, rsb, csb int, c []float32, ldc int, alpha, beta float32) int {
	if !thinArgsOK(n, gemmHalvesMinNF32, gemmHalvesMaxNF32, k, 1, gemmHalvesMaxKF32, lda|rsb|csb|ldc) {
		badThin("gemmHalves", n, gemmHalvesMinNF32, gemmHalvesMaxNF32, k, 1, gemmHalvesMaxKF32, lda, rsb, csb, ldc)
	}
	if lda != k {
		panic(fmt.Sprintf("kernels: gemmHalves called with lda=%d, not k=%d: it takes A's rows contiguous", lda, k))
	}
	if m < gemmHalvesRowsF32 {
		return 0
	}
	na, nb, nc := gemmHalvesLenF32(m, n, k, rsb, csb, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	return gemmHalvesF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), (*float32)(unsafe.Pointer(&b[0])), rsb, csb,
		(*float32)(unsafe.Pointer(&c[0])), ldc, alpha, beta)
}

// narrowMinM is the fewest rows for which the direct path hands a float32
// product to the narrow kernel (gemmNarrowF32): below it the kernel's table
// of B, built once per call, costs more than its blocks save.
const narrowMinM = 16

// narrowOverDotK is the deepest k at which the narrow kernel takes a
// product that the dot kernel would take too (dotSuits): against it, the
// narrow kernel measured 18–26 % faster at k = 8 (n = 1, 2), 9 % at k = 16
// (n = 3), the same at 20 and 8–13 % slower at 24 (150 rows, Zen 5).
const narrowOverDotK = 16

// narrowSuits reports whether a float32 product with a row-major A goes to
// the narrow kernel: a C of at most gemmNarrowMaxNF32 columns, at least
// narrowMinM rows and a k the kernel takes, up to the dot kernel's (see
// narrowOverDotK). Like the other Suits functions it inlines into
// directF32, which asks it only about products with a row-major A.
func narrowSuits(m, n, k int) bool {
	return m >= narrowMinM && n <= gemmNarrowMaxNF32 && k <= gemmNarrowMaxKF32 &&
		(k <= narrowOverDotK || k < dotMinK(n))
}

// callNarrow calls the narrow kernel on the m×n C at c, A(i,p) = a[i·lda +
// p] and B(p,j) = b[p·rsb + j·csb], after checking n, k, the strides and
// that the slices hold what the kernel reads and writes (gemmNarrowLenF32),
// and returns the rows it computed: m, or 0 when m < gemmNarrowRowsF32.
func callNarrow(m, n, k int, a []float32, lda int, b []float32, rsb, csb int, c []float32, ldc int, alpha, beta float32) int {
	if !thinArgsOK(n, 1, gemmNarrowMaxNF32, k, 1, gemmNarrowMaxKF32, lda|rsb|csb|ldc) {
		badThin("gemmNarrow", n, 1, gemmNarrowMaxNF32, k, 1, gemmNarrowMaxKF32, lda, rsb, csb, ldc)
	}
	if m < gemmNarrowRowsF32 {
		return 0
	}
	na, nb, nc := gemmNarrowLenF32(m, n, k, lda, rsb, csb, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	return gemmNarrowF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), lda, (*float32)(unsafe.Pointer(&b[0])), rsb, csb,
		(*float32)(unsafe.Pointer(&c[0])), ldc, alpha, beta)
}

// pairsMinM and pairsMinK are the fewest rows and the shallowest k for
// which the direct path hands a float64 product to the pairs kernel
// (gemmPairsF64): below them its fixed cost, ~20 ns for the table of B
// and the first block's wait for it, is more than it saves on the direct
// kernel (Zen 5: level with it at 24×4·4×2 and at 150×3·3×1, ~30 % slower
// at k = 2 for 24 and 32 rows; 35 % faster at 150×4·4×2).
const (
	pairsMinM = 32
	pairsMinK = 4
)

// pairsMaxK1 is the deepest k at which the pairs kernel takes a C of one
// column, half of whose lanes it leaves idle: at k = 16 the dot kernel
// was 7–10 % faster (150 rows, Zen 5). For two columns it takes every k
// up to gemmPairsMaxKF64, 25–50 % faster than the dot kernel from k = 8.
const pairsMaxK1 = 12

// pairsSuits reports whether a float64 product goes to the pairs kernel: a
// row-major A, a C of at most gemmPairsMaxNF64 columns, at least pairsMinM
// rows and a k from pairsMinK up to the kernel's deepest (pairsMaxK1 for
// one column).
func pairsSuits(m, n, k int) bool {
	return m >= pairsMinM && n <= gemmPairsMaxNF64 && k >= pairsMinK && k <= gemmPairsMaxKF64 &&
		(n == 2 || k <= pairsMaxK1)
}

// callPairs calls the pairs kernel on the m×n C at c, A(i,p) = a[i·lda +
// p] and B(p,j) = b[p·rsb + j·csb], after checking n, k, the strides and
// that the slices hold what the kernel reads and writes (gemmPairsLenF64),
// and returns the rows it computed: m, or 0 when m < gemmPairsRowsF64.
func callPairs(m, n, k int, a []float64, lda int, b []float64, rsb, csb int, c []float64, ldc int, alpha, beta float64) int {
	if !thinArgsOK(n, 1, gemmPairsMaxNF64, k, 1, gemmPairsMaxKF64, lda|rsb|csb|ldc) {
		badThin("gemmPairs", n, 1, gemmPairsMaxNF64, k, 1, gemmPairsMaxKF64, lda, rsb, csb, ldc)
	}
	if m < gemmPairsRowsF64 {
		return 0
	}
	na, nb, nc := gemmPairsLenF64(m, n, k, lda, rsb, csb, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	return gemmPairsF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), lda, (*float64)(unsafe.Pointer(&b[0])), rsb, csb,
		(*float64)(unsafe.Pointer(&c[0])), ldc, alpha, beta)
}

// pairsF32MinM is the fewest rows for which the direct path hands a
// float32 product to the float32 pairs kernel (gemmPairsF32): at 16 rows it
// measured 12–17 % faster than the narrow kernel (16×4·4×2, Zen 5).
const pairsF32MinM = 16

// pairsF32Suits reports whether a float32 product goes to the float32 pairs
// kernel rather than the narrow one: a row-major A, a C of two columns, at
// least pairsF32MinM rows and k a multiple of 4 up to gemmPairsMaxKF32.
func pairsF32Suits(m, n, k int) bool {
	return m >= pairsF32MinM && n == gemmPairsMaxNF32 && k%4 == 0 && k <= gemmPairsMaxKF32
}

// callPairsF32 calls the float32 pairs kernel on the m×n C at c (n =
// gemmPairsMaxNF32, its only width), A(i,p) = a[i·lda + p] and B(p,j) =
// b[p·rsb + j·csb], after checking n, k (a multiple of 4), the strides and
// that the slices hold what the kernel reads and writes (gemmPairsLenF32),
// and returns the rows it computed: m, or 0 when m < gemmPairsRowsF32.
func callPairsF32(m, n, k int, a []float32, lda int, b []float32, rsb, csb int, c []float32, ldc int, alpha, beta float32) int {
	if !thinArgsOK(n, gemmPairsMaxNF32, gemmPairsMaxNF32, k, 4, gemmPairsMaxKF32, lda|rsb|csb|ldc) {
		badThin("gemmPairsF32", n, gemmPairsMaxNF32, gemmPairsMaxNF32, k, 4, gemmPairsMaxKF32, lda, rsb, csb, ldc)
	}
	if k%4 != 0 {
		panic(fmt.Sprintf("kernels: gemmPairsF32 called with k=%d, not a multiple of 4", k))
	}
	if m < gemmPairsRowsF32 {
		return 0
	}
	na, nb, nc := gemmPairsLenF32(m, n, k, lda, rsb, csb, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	return gemmPairsF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), lda, (*float32)(unsafe.Pointer(&b[0])), rsb, csb,
		(*float32)(unsafe.Pointer(&c[0])), ldc, alpha, beta)
}

// shortMinM is the fewest rows for which the direct path hands a float64
// product to the short kernel (gemmShortF64), whose rows of B are loaded
// once per call: at 16 rows it was still ahead of the direct kernel
// (16×2·2×4 16 against 18 ns called directly, Zen 5).
const shortMinM = 16

// shortSuits reports whether a float64 product goes to the short kernel: a
// row-major A, a C of at most gemmShortMaxNF64 columns, at least shortMinM
// rows and k ≤ gemmShortMaxKF64.
func shortSuits(m, n, k int) bool {
	return m >= shortMinM && n <= gemmShortMaxNF64 && k <= gemmShortMaxKF64
}

// callShort calls the short kernel on the m×n C at c, A(i,p) = a[i·lda +
// p] and B(p,j) = b[p·rsb + j·csb], after checking n, k, the strides and
// that the slices hold what the kernel reads and writes (gemmShortLenF64),
// and returns the rows it computed: m, or 0 when m < gemmShortRowsF64.
func callShort(m, n, k int, a []float64, lda int, b []float64, rsb, csb int, c []float64, ldc int, alpha, beta float64) int {
	if !thinArgsOK(n, 1, gemmShortMaxNF64, k, 1, gemmShortMaxKF64, lda|rsb|csb|ldc) {
		badThin("gemmShort", n, 1, gemmShortMaxNF64, k, 1, gemmShortMaxKF64, lda, rsb, csb, ldc)
	}
	if m < gemmShortRowsF64 {
		return 0
	}
	na, nb, nc := gemmShortLenF64(m, n, k, lda, rsb, csb, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	return gemmShortF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), lda, (*float64)(unsafe.Pointer(&b[0])), rsb, csb,
		(*float64)(unsafe.Pointer(&c[0])), ldc, alpha, beta)
}

// outerMinK is the shallowest product for which the direct path hands a
// product with a transposed A and a C of at most gemmOuterMaxM×
// gemmOuterMaxN to the outer-product kernel (gemmOuter): below it the
// direct kernel's short chains are no bound.
const outerMinK = 16

// outerSuits reports whether a product goes to the outer-product kernel:
// Aᵀ·B with A and B read in place, k ≥ outerMinK and a C of at most
// gemmOuterMaxM×gemmOuterMaxN.
func outerSuits[T Float](transA, transB bool, m, n, k int) bool {
	return transA && !transB && m <= gemmOuterMaxMF32 && n <= gemmOuterMaxNF32 && k >= outerMinK
}

// outerFirst computes, for a product that outerSuits, C = alpha·Aᵀ·B +
// beta·C with the outer-product kernel, and returns 0 rows left.
func outerFirst[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	callOuter(m, n, k, a, lda, b, ldb, c, ldc, alpha, beta)
	return 0, nil, nil
}

// callOuter calls the outer-product kernel of T's width, A(p,i) =
// a[p·lda + i], B(p,j) = b[p·ldb + j], after checking m, n, k, the
// strides and that the slices hold what it reads and writes
// (gemmOuterLen).
func callOuter[T Float](m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, alpha, beta T) {
	if m < 1 || m > gemmOuterMaxMF32 {
		panic(badShape("gemmOuter", "m", m, 1, gemmOuterMaxMF32))
	}
	if n < 1 || n > gemmOuterMaxNF32 {
		panic(badShape("gemmOuter", "n", n, 1, gemmOuterMaxNF32))
	}
	if k < 1 || lda < 0 || ldb < 0 || ldc < 0 {
		panic(fmt.Sprintf("kernels: gemmOuter called with k=%d lda=%d ldb=%d ldc=%d", k, lda, ldb, ldc))
	}
	var na, nb, nc int
	if is32[T]() {
		na, nb, nc = gemmOuterLenF32(m, n, k, lda, ldb, ldc)
	} else {
		na, nb, nc = gemmOuterLenF64(m, n, k, lda, ldb, ldc)
	}
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	if is32[T]() {
		gemmOuterF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), lda, (*float32)(unsafe.Pointer(&b[0])), ldb,
			(*float32)(unsafe.Pointer(&c[0])), ldc, float32(alpha), float32(beta))
		return
	}
	gemmOuterF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), lda, (*float64)(unsafe.Pointer(&b[0])), ldb,
		(*float64)(unsafe.Pointer(&c[0])), ldc, float64(alpha), float64(beta))
}
