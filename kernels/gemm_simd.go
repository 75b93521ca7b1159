//go:build !purego && (amd64 || arm64)

package kernels

import (
	"fmt"
	"unsafe"
)

// The Go side of the SIMD tiers' GEMM kernels (avx2 on amd64, neon on
// arm64): wrappers that check every slice against the shapes the kernels'
// generator declares (gemm_shapes_*.go) before calling the assembly, which
// has the same names and contracts on both architectures, and the direct
// path for products too small or too thin to pack.

func microF32(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	microsF32(1, kc, a, b, c, ldc, alpha, beta)
}

func microsF32(tiles, kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	na, nb, nc := gemmMicroLenF32(tiles, kc, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	gemmMicroF32(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microsRowF32(tiles, kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	na, nb, nc := gemmMicroRowLenF32(tiles, kc, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	gemmMicroRowF32(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microF64(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	microsF64(1, kc, a, b, c, ldc, alpha, beta)
}

func microsF64(tiles, kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	na, nb, nc := gemmMicroLenF64(tiles, kc, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	gemmMicroF64(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microsRowF64(tiles, kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	na, nb, nc := gemmMicroRowLenF64(tiles, kc, ldc)
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	gemmMicroRowF64(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

// simdShape holds the shapes of one element type's GEMM kernels, as their
// generator wrote them (gemm_shapes_*.go).
type simdShape struct {
	lanes    int // elements per vector register
	mr, nr   int // micro-tile
	packStep int // k steps per chunk of packAN and packBT
	directNR int // widest C of the direct kernel
	dotMaxN  int // widest C of the dot kernel
}

var (
	simdShape32 = simdShape{lanes: gemmLanesF32, mr: gemmMRF32, nr: gemmNRF32, packStep: gemmPackStepF32,
		directNR: gemmDirectNRF32, dotMaxN: gemmDotMaxNF32}
	simdShape64 = simdShape{lanes: gemmLanesF64, mr: gemmMRF64, nr: gemmNRF64, packStep: gemmPackStepF64,
		directNR: gemmDirectNRF64, dotMaxN: gemmDotMaxNF64}
)

// shapeOf returns the shapes of T's kernels.
func shapeOf[T Float]() *simdShape {
	if is32[T]() {
		return &simdShape32
	}
	return &simdShape64
}

// directKC is the depth of the k chunks in which directSIMD copies a
// transposed B into its pooled buffer, a panel of the blocked path's width
// (16 KiB).
const directKC = 256

// directSmallBuf is the size of the stack buffer for a transposed B's
// strips when they are small (k·min(n, gemmDirectNR) elements): Go zeroes
// stack arrays, and zeroing a large buffer would cost more than a tiny
// product. Larger ones are copied, a panel of the blocked path's width at
// a time, into a pooled buffer.
const directSmallBuf = 256

// directTinyBuf is the size of the smaller stack buffer that the tiniest
// products use instead: Go zeroes a stack array on every call, and
// zeroing directSmallBuf elements costs more than a product of a few
// hundred multiply-adds itself.
const directTinyBuf = 32

var (
	directBufs32 freeList[[directKC * gemmNRF32]float32]
	directBufs64 freeList[[directKC * gemmNRF64]float64]
)

// rowsKernel is the wrapper of a thin kernel that computes C in blocks of
// rows (callNarrow, callHalves, callPairsF32, callPairs, callShort): C =
// alpha·A·B + beta·C for A(i,p) = a[i·lda + p] and B(p,j) = b[p·rsb +
// j·csb], returning the rows it computed, m or none.
type rowsKernel[T Float] func(m, n, k int, a []T, lda int, b []T, rsb, csb int, c []T, ldc int, alpha, beta T) int

// rowsFirst computes C = alpha·A·op(B) + beta·C with kernel, reading B or
// Bᵀ in place, and returns the rows left, with A and C from the first of
// them: none, or all when the kernel computed none.
func rowsFirst[T Float](kernel rowsKernel[T], transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	rsb, csb := ldb, 1
	if transB {
		rsb, csb = 1, ldb
	}
	if kernel(m, n, k, a, lda, b, rsb, csb, c, ldc, alpha, beta) == 0 {
		return m, a, c
	}
	return 0, nil, nil
}

func directF32(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !transA && n <= thinMaxN && m >= thinMinM {
		// The thin row kernels, in order; the first that suits takes
		// every row. A function of their own would add a call, ~2 ns.
		switch {
		case halvesSuits(m, n, k, lda):
			m, a, c = rowsFirst(callHalves, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		case pairsF32Suits(m, n, k):
			m, a, c = rowsFirst(callPairsF32, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		case narrowSuits(m, n, k):
			m, a, c = rowsFirst(callNarrow, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
		if m == 0 {
			return
		}
	}
	if outerSuits[float32](transA, transB, m, n, k) {
		if m, a, c = outerFirst(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	if dotSuits[float32](transA, m, n, k) {
		if m, a, c = directDot(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	switch {
	case transA && n < gemmLanesF32 && n < m && m*n <= directSmallBuf:
		directTransposed(gemmDirectNRF32, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case !transB:
		directSIMD(nil, gemmDirectNRF32, transA, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, gemmDirectNRF32) <= directTinyBuf:
		var buf [directTinyBuf]float32
		directSIMD(buf[:], gemmDirectNRF32, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, gemmDirectNRF32) <= directSmallBuf:
		var buf [directSmallBuf]float32
		directSIMD(buf[:], gemmDirectNRF32, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		buf := directBufs32.get()
		if buf == nil {
			buf = new([directKC * gemmNRF32]float32)
		}
		directSIMD(buf[:], gemmNRF32, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		directBufs32.put(buf)
	}
}

func directF64(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !transA && n <= thinMaxN && m >= thinMinM {
		switch {
		case pairsSuits(m, n, k):
			m, a, c = rowsFirst(callPairs, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		case shortSuits(m, n, k):
			m, a, c = rowsFirst(callShort, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
		if m == 0 {
			return
		}
	}
	if outerSuits[float64](transA, transB, m, n, k) {
		if m, a, c = outerFirst(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	if dotSuits[float64](transA, m, n, k) {
		if m, a, c = directDot(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	switch {
	case transA && n < gemmLanesF64 && n < m && m*n <= directSmallBuf:
		directTransposed(gemmDirectNRF64, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case !transB:
		directSIMD(nil, gemmDirectNRF64, transA, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, gemmDirectNRF64) <= directTinyBuf:
		var buf [directTinyBuf]float64
		directSIMD(buf[:], gemmDirectNRF64, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, gemmDirectNRF64) <= directSmallBuf:
		var buf [directSmallBuf]float64
		directSIMD(buf[:], gemmDirectNRF64, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		buf := directBufs64.get()
		if buf == nil {
			buf = new([directKC * gemmNRF64]float64)
		}
		directSIMD(buf[:], gemmNRF64, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		directBufs64.put(buf)
	}
}

// directSIMD computes a product with the direct kernel, in strips of nr
// columns. A is read in place, transposed or not; a transposed B is
// copied, as many rows as buf holds at a time, into buf so that the kernel
// reads its rows contiguously (full strips of the blocked path's width
// with its packing routine). m, n, k ≥ 1.
func directSIMD[T Float](buf []T, nr int, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	rsa, csa := lda, 1
	if transA {
		rsa, csa = 1, lda
	}
	if !transB {
		for j0 := 0; j0 < n; j0 += nr {
			callDirect(m, min(nr, n-j0), k, a, rsa, csa, b[j0:], ldb, c[j0:], ldc, alpha, beta)
		}
		return
	}
	_ = b[(n-1)*ldb+k-1]
	s := shapeOf[T]()
	for j0 := 0; j0 < n; j0 += nr {
		nb := min(nr, n-j0)
		bet := beta
		kcb := len(buf) / nb // k steps per chunk
		for p0 := 0; p0 < k; p0 += kcb {
			kb := min(kcb, k-p0)
			// buf[p*nb+j] = B(p0+p, j0+j) = b[(j0+j)*ldb+p0+p]
			p1 := 0
			if nb == s.nr && kb >= s.packStep {
				p1 = packBT(kb/s.packStep, b[j0*ldb+p0:], ldb, buf)
			}
			// The rest a row of buf (one k step) at a time: measured
			// faster than a column at a time, whose inner loops are
			// only as long as the few k steps of the models' products.
			for p := p1; p < kb; p++ {
				row := buf[p*nb : p*nb+nb]
				col := b[j0*ldb+p0+p:]
				for j := range row {
					row[j] = col[j*ldb]
				}
			}
			callDirect(m, nb, kb, a[p0*csa:], rsa, csa, buf, nb, c[j0:], ldc, alpha, bet)
			bet = 1
		}
	}
}

// Products with a row-major A, at least dotMinM rows and a C narrower than
// half a vector (n ≤ 4 float32, n ≤ 2 float64) go to the dot kernel
// (gemmDot), which vectorises along k, from dotMinK(n) steps: below that
// its horizontal sums cost more than the lanes the direct kernel leaves
// idle (measured against the direct kernel: docs/gemm-tuning.md).
const dotMinM = 6

func dotMinK(n int) int { return max(8, 8*(n-1)) }

// dotBufs32 and dotBufs64 hold the packed Bᵀ of products too deep for
// directDot's stack buffer.
var (
	dotBufs32 freeList[[]float32]
	dotBufs64 freeList[[]float64]
)

func dotBufs[T Float]() *freeList[[]T] {
	if is32[T]() {
		return any(&dotBufs32).(*freeList[[]T])
	}
	return any(&dotBufs64).(*freeList[[]T])
}

// dotSuits reports whether a product goes to the dot kernel (see dotMinK).
// It is kept apart from directDot so that it inlines: the tiny products
// that it turns away would pay a call otherwise.
func dotSuits[T Float](transA bool, m, n, k int) bool {
	return !transA && n <= shapeOf[T]().dotMaxN && k >= dotMinK(n) && m >= dotMinM
}

// directDot computes C = alpha·A·op(B) + beta·C, A row-major, with the dot
// kernel for all rows but the last few it leaves (fewer than its block
// height), and returns the rows it left: their number and the slices of A
// and C from the first of them. op(B)ᵀ is copied into rows of a multiple
// of the lanes, zero past k.
func directDot[T Float](transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	kp := roundUp(k, shapeOf[T]().lanes)
	var small [directSmallBuf]T
	bt := small[:]
	var pooled *[]T
	if n*kp > len(small) {
		if pooled = dotBufs[T]().get(); pooled == nil {
			pooled = new([]T)
		}
		if len(*pooled) < n*kp {
			*pooled = make([]T, n*kp)
		}
		bt = *pooled
	}
	for j := 0; j < n; j++ {
		row := bt[j*kp : j*kp+kp]
		if transB {
			copy(row, b[j*ldb:j*ldb+k])
		} else {
			col := b[j : (k-1)*ldb+j+1]
			for p := range row[:k] {
				row[p] = col[p*ldb]
			}
		}
		clear(row[k:])
	}
	rows := callDot(m, n, k, a, lda, bt, kp, c, ldc, alpha, beta)
	if pooled != nil {
		dotBufs[T]().put(pooled)
	}
	if rows == m {
		return 0, nil, nil
	}
	return m - rows, a[rows*lda:], c[rows*ldc:]
}

// directTransposed computes C = alpha·Aᵀ·op(B) + beta·C, for a C with few
// columns (n less than a vector) and n·m ≤ directSmallBuf, as Cᵀ =
// op(B)ᵀ·A: the rows of Cᵀ are then long (m), so the direct kernel's
// vectors are full, and A, stored k×m, supplies contiguous rows. Cᵀ goes to
// a stack buffer, from which C is written.
func directTransposed[T Float](nr int, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	// Stack buffers in three sizes, since Go zeroes the whole of one on
	// each call: 12×3 (an MLP's output layer) takes the middle one.
	switch {
	case m*n <= directTinyBuf:
		var tmp [directTinyBuf]T
		directTransposedIn(tmp[:], nr, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case m*n <= 2*directTinyBuf:
		var tmp [2 * directTinyBuf]T
		directTransposedIn(tmp[:], nr, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		var tmp [directSmallBuf]T
		directTransposedIn(tmp[:], nr, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// directTransposedIn is directTransposed with Cᵀ in tmp (m·n elements at
// least).
func directTransposedIn[T Float](tmp []T, nr int, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	// A'(i, p) = B(p, i)
	rsa, csa := 1, ldb
	if transB {
		rsa, csa = ldb, 1
	}
	for j0 := 0; j0 < m; j0 += nr {
		callDirect(n, min(nr, m-j0), k, b, rsa, csa, a[j0:], lda, tmp[j0:], m, alpha, 0)
	}
	// Column j of C is row j of Cᵀ: read contiguously, written with
	// stride ldc (n is below a vector, m the longer side).
	for j := 0; j < n; j++ {
		col := tmp[j*m : j*m+m]
		cj := c[j : (m-1)*ldc+j+1]
		if beta == 0 {
			for i, v := range col {
				cj[i*ldc] = v
			}
		} else {
			for i, v := range col {
				cj[i*ldc] = v + beta*cj[i*ldc]
			}
		}
	}
}

// edgeSIMD computes an edge tile with the direct kernel, reading the packed
// panels as A(i,p) = a[i + p·mr] and B(p,j) = b[p·nr + j].
func edgeSIMD[T Float](mt, nt, kc int, a, b, c []T, ldc int, alpha, beta T) {
	s := shapeOf[T]()
	callDirect(mt, nt, kc, a, 1, s.mr, b, s.nr, c, ldc, alpha, beta)
}

// packBT packs chunks k steps of a full strip of a transposed B with the
// asm routine of T's width.
func packBT[T Float](chunks int, b []T, ldb int, dst []T) int {
	if is32[T]() {
		return packBTF32(chunks, as32(b), ldb, as32(dst))
	}
	return packBTF64(chunks, as64(b), ldb, as64(dst))
}

// callDirect calls the direct kernel of T's width on the m×n C at c,
// A(i,p) = a[i·rsa + p·csa] and B(p,j) = b[p·ldb + j], after checking
// that the slices hold what the kernel reads and writes (its generator's
// gemmDirectLen) and that n is in its range. Slices rather than a func
// value keep a caller's stack buffer on the stack.
func callDirect[T Float](m, n, k int, a []T, rsa, csa int, b []T, ldb int, c []T, ldc int, alpha, beta T) {
	if n < 1 || n > shapeOf[T]().directNR {
		panic(badShape("gemmDirect", "n", n, 1, shapeOf[T]().directNR))
	}
	var na, nb, nc int
	if is32[T]() {
		na, nb, nc = gemmDirectLenF32(m, n, k, rsa, csa, ldb, ldc)
	} else {
		na, nb, nc = gemmDirectLenF64(m, n, k, rsa, csa, ldb, ldc)
	}
	_ = a[na-1]
	_ = b[nb-1]
	_ = c[nc-1]
	if is32[T]() {
		gemmDirectF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), rsa, csa, (*float32)(unsafe.Pointer(&b[0])), ldb,
			(*float32)(unsafe.Pointer(&c[0])), ldc, float32(alpha), float32(beta))
	} else {
		gemmDirectF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), rsa, csa, (*float64)(unsafe.Pointer(&b[0])), ldb,
			(*float64)(unsafe.Pointer(&c[0])), ldc, float64(alpha), float64(beta))
	}
}

// callDot calls the dot kernel of T's width on the m×n C at c, A(i,p) =
// a[i·lda + p] and Bᵀ(j,p) = bt[j·ldb + p], after checking its slices
// (gemmDotLen), n and ldb, and returns the number of rows it computed.
func callDot[T Float](m, n, k int, a []T, lda int, bt []T, ldb int, c []T, ldc int, alpha, beta T) int {
	s := shapeOf[T]()
	if n < 1 || n > s.dotMaxN {
		panic(badShape("gemmDot", "n", n, 1, s.dotMaxN))
	}
	if ldb%s.lanes != 0 || ldb < k {
		panic(fmt.Sprintf("kernels: gemmDot called with ldb=%d, not a multiple of %d at least k=%d", ldb, s.lanes, k))
	}
	var na, nb, nc int
	if is32[T]() {
		na, nb, nc = gemmDotLenF32(m, n, k, lda, ldb, ldc)
	} else {
		na, nb, nc = gemmDotLenF64(m, n, k, lda, ldb, ldc)
	}
	_ = a[na-1]
	_ = bt[nb-1]
	_ = c[nc-1]
	if is32[T]() {
		return gemmDotF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), lda, (*float32)(unsafe.Pointer(&bt[0])), ldb,
			(*float32)(unsafe.Pointer(&c[0])), ldc, float32(alpha), float32(beta))
	}
	return gemmDotF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), lda, (*float64)(unsafe.Pointer(&bt[0])), ldb,
		(*float64)(unsafe.Pointer(&c[0])), ldc, float64(alpha), float64(beta))
}

func packANF32(chunks int, a []float32, lda int, dst []float32) int {
	na, nd := gemmPackANLenF32(chunks, lda)
	_ = a[na-1]
	_ = dst[nd-1]
	gemmPackANF32(chunks, &a[0], lda, &dst[0])
	return gemmPackStepF32 * chunks
}

func packBTF32(chunks int, b []float32, ldb int, dst []float32) int {
	nb, nd := gemmPackBTLenF32(chunks, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBTF32(chunks, &b[0], ldb, &dst[0])
	return gemmPackStepF32 * chunks
}

func packANF64(chunks int, a []float64, lda int, dst []float64) int {
	na, nd := gemmPackANLenF64(chunks, lda)
	_ = a[na-1]
	_ = dst[nd-1]
	gemmPackANF64(chunks, &a[0], lda, &dst[0])
	return gemmPackStepF64 * chunks
}

func packBTF64(chunks int, b []float64, ldb int, dst []float64) int {
	nb, nd := gemmPackBTLenF64(chunks, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBTF64(chunks, &b[0], ldb, &dst[0])
	return gemmPackStepF64 * chunks
}

func packATF32(kc int, a []float32, lda int, dst []float32) {
	na, nd := gemmPackATLenF32(kc, lda)
	_ = a[na-1]
	_ = dst[nd-1]
	gemmPackATF32(kc, &a[0], lda, &dst[0])
}

func packBNF32(kc int, b []float32, ldb int, dst []float32) {
	nb, nd := gemmPackBNLenF32(kc, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBNF32(kc, &b[0], ldb, &dst[0])
}

func packATF64(kc int, a []float64, lda int, dst []float64) {
	na, nd := gemmPackATLenF64(kc, lda)
	_ = a[na-1]
	_ = dst[nd-1]
	gemmPackATF64(kc, &a[0], lda, &dst[0])
}

func packBNF64(kc int, b []float64, ldb int, dst []float64) {
	nb, nd := gemmPackBNLenF64(kc, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBNF64(kc, &b[0], ldb, &dst[0])
}

func packBNBlockF32(kc, panels int, b []float32, ldb int, dst []float32) {
	nb, nd := gemmPackBNBlockLenF32(kc, panels, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBNBlockF32(kc, panels, &b[0], ldb, &dst[0])
}

func packBNBlockF64(kc, panels int, b []float64, ldb int, dst []float64) {
	nb, nd := gemmPackBNBlockLenF64(kc, panels, ldb)
	_ = b[nb-1]
	_ = dst[nd-1]
	gemmPackBNBlockF64(kc, panels, &b[0], ldb, &dst[0])
}
