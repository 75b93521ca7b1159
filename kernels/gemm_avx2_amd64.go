//go:build !purego

package kernels

import "unsafe"

//go:generate sh -c "cd ../asm && go run ./gemm -out ../kernels/gemm_amd64.s -stubs ../kernels/gemm_stubs_amd64.go -pkg kernels"

// avx2GemmOps installs the avx2 tier's GEMM: the blocked driver around the
// Avo-generated AVX2+FMA micro-kernels (gemm_amd64.s: a 6×16 float32 tile
// and a 6×8 float64 tile, twelve YMM accumulators each), asm packing, and
// the direct kernel for products too small or too thin to pack; among
// those, a C narrower than half a vector goes to the dot kernel (see
// dotMinK).
//
// Blocking, measured on the target (Zen 4, 32 KiB L1d, 1 MiB L2, 32 MiB L3;
// BenchmarkGemmTune, GOMAXPROCS=1, n = 256…2048):
//   - kc = 256: a kc×16 float32 B panel (16 KiB) or kc×8 float64 one
//     (16 KiB) stays in L1 beside the 6·kc A panel; kc 192, 384 and 512
//     were 1–3% slower or equal, and smaller kc costs more C traffic.
//   - mc = 144 (float32: a 144 KiB A block in L2) and 96 (float64, 192
//     KiB); 72…336 measured within noise (±2%).
//   - nc = 4096 (float32) and 1024 (float64): the packed B block, 4 MiB
//     and 2 MiB in L3. nc 512…4096 are within 3% of each other; these
//     were best at n = 2048. Workspaces are sized by the product, so
//     small products don't allocate the full block.
//
// The micro-kernel alone reaches 99% of the FMA peak with its panels in
// L1 (BenchmarkGemmMicro); the whole product 93–94% at n = 256…2048.
func avx2GemmOps(t *tier) {
	t.f32.gemm = &gemmKernel[float32]{
		mr: 6, nr: 16,
		kc: 256, mc: 144, nc: 4096,
		micro:       microAVX2F32,
		micros:      microsAVX2F32,
		microsRow:   microsRowAVX2F32,
		edge:        edgeAVX2[float32],
		packAN:      packANF32,
		packBT:      packBTF32,
		packStep:    8,
		packAT:      packATF32,
		packBN:      packBNF32,
		packBNBlock: packBNBlockF32,
		small:       directAVX2F32,
		// The direct kernel beats packing below ~64³ multiply-adds, and
		// for any product with at most 16 rows or columns of C (one
		// strip: the packed operand would be used once or twice).
		smallMax: 64 * 64 * 64,
		smallM:   16,
		smallN:   16,
		// Products from 2·parallelMin multiply-adds (n ≈ 250) are split
		// across goroutines. Splitting n = 128…192 measured 10–25%
		// slower at GOMAXPROCS=2 on the two-vCPU VM (waking the second
		// worker costs tens of µs there), n = 256 about even, n = 384
		// 1.4× faster.
		parallelMin: 200 * 200 * 200,
	}
	t.f64.gemm = &gemmKernel[float64]{
		mr: 6, nr: 8,
		kc: 256, mc: 96, nc: 1024,
		micro:       microAVX2F64,
		micros:      microsAVX2F64,
		microsRow:   microsRowAVX2F64,
		edge:        edgeAVX2[float64],
		packAN:      packANF64,
		packBT:      packBTF64,
		packStep:    4,
		packAT:      packATF64,
		packBN:      packBNF64,
		packBNBlock: packBNBlockF64,
		small:       directAVX2F64,
		smallMax:    48 * 48 * 48,
		smallM:      16,
		smallN:      16,
		// Split from n ≈ 200: measured even at 192, 1.25× faster at 256.
		parallelMin: 160 * 160 * 160,
	}
}

func microAVX2F32(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	microsAVX2F32(1, kc, a, b, c, ldc, alpha, beta)
}

func microsAVX2F32(tiles, kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[6*tiles*kc-1]
	_ = b[16*kc-1]
	_ = c[(6*tiles-1)*ldc+15]
	gemmMicroF32(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microsRowAVX2F32(tiles, kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[6*kc-1]
	_ = b[16*tiles*kc-1]
	_ = c[5*ldc+16*tiles-1]
	gemmMicroRowF32(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microAVX2F64(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	microsAVX2F64(1, kc, a, b, c, ldc, alpha, beta)
}

func microsAVX2F64(tiles, kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	_ = a[6*tiles*kc-1]
	_ = b[8*kc-1]
	_ = c[(6*tiles-1)*ldc+7]
	gemmMicroF64(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

func microsRowAVX2F64(tiles, kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	_ = a[6*kc-1]
	_ = b[8*tiles*kc-1]
	_ = c[5*ldc+8*tiles-1]
	gemmMicroRowF64(tiles, kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

// directKC is the depth of the k chunks in which directAVX2 copies a
// transposed B into its stack buffer (16 KiB).
const directKC = 256

// The direct kernel computes up to two vectors of columns per call: 16
// float32 or 8 float64 columns.
const (
	directNR32 = 16
	directNR64 = 8
)

// directSmallBuf is the size of the stack buffer for a transposed B's
// strips when they are small (k·min(n, directNR) elements): Go zeroes stack
// arrays, and zeroing a large buffer would cost more than a tiny product.
// Larger ones are copied, a panel of the blocked path's width at a time,
// into a pooled buffer.
const directSmallBuf = 256

var (
	directBufs32 freeList[[directKC * 16]float32]
	directBufs64 freeList[[directKC * 8]float64]
)

func directAVX2F32(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if dotSuits[float32](transA, m, n, k) {
		if m, a, c = directDot(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	switch {
	case transA && n < 8 && n < m && m*n <= directSmallBuf:
		directTransposed(directNR32, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case !transB:
		directAVX2(nil, directNR32, transA, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, directNR32) <= directSmallBuf:
		var buf [directSmallBuf]float32
		directAVX2(buf[:], directNR32, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		buf := directBufs32.get()
		if buf == nil {
			buf = new([directKC * 16]float32)
		}
		directAVX2(buf[:], 16, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		directBufs32.put(buf)
	}
}

func directAVX2F64(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if dotSuits[float64](transA, m, n, k) {
		if m, a, c = directDot(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); m == 0 {
			return
		}
	}
	switch {
	case transA && n < 4 && n < m && m*n <= directSmallBuf:
		directTransposed(directNR64, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case !transB:
		directAVX2(nil, directNR64, transA, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case k*min(n, directNR64) <= directSmallBuf:
		var buf [directSmallBuf]float64
		directAVX2(buf[:], directNR64, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		buf := directBufs64.get()
		if buf == nil {
			buf = new([directKC * 8]float64)
		}
		directAVX2(buf[:], 8, transA, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		directBufs64.put(buf)
	}
}

// directAVX2 computes a product with the direct kernel, in strips of nr
// columns. A is read in place, transposed or not; a transposed B is
// copied, as many rows as buf holds at a time, into buf so that the kernel
// reads its rows contiguously (full 16- or 8-column strips with the
// packing routine of the blocked path). m, n, k ≥ 1.
func directAVX2[T Float](buf []T, nr int, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	rsa, csa := lda, 1
	if transA {
		rsa, csa = 1, lda
	}
	_ = c[(m-1)*ldc+n-1]
	_ = a[(m-1)*rsa+(k-1)*csa]
	if !transB {
		_ = b[(k-1)*ldb+n-1]
		for j0 := 0; j0 < n; j0 += nr {
			callDirect(m, min(nr, n-j0), k, &a[0], rsa, csa, &b[j0], ldb, &c[j0], ldc, alpha, beta)
		}
		return
	}
	_ = b[(n-1)*ldb+k-1]
	step, pnr := 8, 16 // packBT's k chunk and width
	if !is32[T]() {
		step, pnr = 4, 8
	}
	for j0 := 0; j0 < n; j0 += nr {
		nb := min(nr, n-j0)
		bet := beta
		kcb := len(buf) / nb // k steps per chunk
		for p0 := 0; p0 < k; p0 += kcb {
			kb := min(kcb, k-p0)
			// buf[p*nb+j] = B(p0+p, j0+j) = b[(j0+j)*ldb+p0+p]
			p1 := 0
			if nb == pnr && kb >= step {
				p1 = packBT(kb/step, b[j0*ldb+p0:], ldb, buf)
			}
			for j := 0; j < nb; j++ {
				src := b[(j0+j)*ldb+p0+p1 : (j0+j)*ldb+p0+kb]
				for p, v := range src {
					buf[(p1+p)*nb+j] = v
				}
			}
			callDirect(m, nb, kb, &a[p0*csa], rsa, csa, &buf[0], nb, &c[j0], ldc, alpha, bet)
			bet = 1
		}
	}
}

// Products with a row-major A, at least dotMinM rows and a C narrower than
// half a vector (n ≤ 4 float32, n ≤ 2 float64) go to the dot kernel
// (gemmDot), which vectorises along k, from dotMinK(n) steps: below that
// its horizontal sums cost more than the lanes the direct kernel leaves
// idle. Measured against the direct kernel (Zen 4, one thread, m = 150,
// float32 / float64): n = 1 from k = 8 (1.6× / 1.3× there, 3.3× / 2.2× at
// k = 32, 3.6× / 2× for 1024×1024·1024×1); n = 2 from k = 8 (1.3× / 1.1×,
// 2.9× / 2× at k = 64); n = 3 from k = 16 (1.1×; 2.1× at k = 64; k = 12
// was 15% slower); n = 4 from k = 24 (1.1×; 2× for 300×300·300×4).
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
	maxN := 4
	if !is32[T]() {
		maxN = 2
	}
	return !transA && n <= maxN && k >= dotMinK(n) && m >= dotMinM
}

// directDot computes C = alpha·A·op(B) + beta·C, A row-major, with the dot
// kernel for all rows but the last m mod 6 (or mod 3, 2), and returns the
// rows it left: their number and the slices of A and C from the first of
// them. op(B)ᵀ is copied into rows of a multiple of the lanes, zero past k.
func directDot[T Float](transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	lanes := 8
	if !is32[T]() {
		lanes = 4
	}
	kp := roundUp(k, lanes)
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
	_ = a[(m-1)*lda+k-1]
	_ = c[(m-1)*ldc+n-1]
	var rows int
	if is32[T]() {
		rows = gemmDotF32(m, n, k, (*float32)(unsafe.Pointer(&a[0])), lda, (*float32)(unsafe.Pointer(&bt[0])), kp,
			(*float32)(unsafe.Pointer(&c[0])), ldc, float32(alpha), float32(beta))
	} else {
		rows = gemmDotF64(m, n, k, (*float64)(unsafe.Pointer(&a[0])), lda, (*float64)(unsafe.Pointer(&bt[0])), kp,
			(*float64)(unsafe.Pointer(&c[0])), ldc, float64(alpha), float64(beta))
	}
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
	var tmp [directSmallBuf]T
	// A'(i, p) = B(p, i)
	rsa, csa := 1, ldb
	if transB {
		rsa, csa = ldb, 1
	}
	_ = b[(n-1)*rsa+(k-1)*csa]
	_ = a[(k-1)*lda+m-1]
	_ = c[(m-1)*ldc+n-1]
	for j0 := 0; j0 < m; j0 += nr {
		callDirect(n, min(nr, m-j0), k, &b[0], rsa, csa, &a[j0], lda, &tmp[j0], m, alpha, 0)
	}
	t := tmp[:n*m]
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			for j := range crow {
				crow[j] = t[j*m+i]
			}
		} else {
			for j := range crow {
				crow[j] = t[j*m+i] + beta*crow[j]
			}
		}
	}
}

// edgeAVX2 computes an edge tile with the direct kernel, reading the packed
// panels as A(i,p) = a[i + p·6] and B(p,j) = b[p·nr + j].
func edgeAVX2[T Float](mt, nt, kc int, a, b, c []T, ldc int, alpha, beta T) {
	nr := 16
	if !is32[T]() {
		nr = 8
	}
	_ = a[6*kc-1]
	_ = b[nr*kc-1]
	_ = c[(mt-1)*ldc+nt-1]
	callDirect(mt, nt, kc, &a[0], 1, 6, &b[0], nr, &c[0], ldc, alpha, beta)
}

// packBT packs chunks k steps of a full strip of a transposed B with the
// asm routine of T's width.
func packBT[T Float](chunks int, b []T, ldb int, dst []T) int {
	if is32[T]() {
		return packBTF32(chunks, as32(b), ldb, as32(dst))
	}
	return packBTF64(chunks, as64(b), ldb, as64(dst))
}

// callDirect calls the direct kernel of T's width. (A func value would make
// the pointers escape, and buf with them.)
func callDirect[T Float](m, n, k int, a *T, rsa, csa int, b *T, ldb int, c *T, ldc int, alpha, beta T) {
	if is32[T]() {
		gemmDirectF32(m, n, k, (*float32)(unsafe.Pointer(a)), rsa, csa, (*float32)(unsafe.Pointer(b)), ldb,
			(*float32)(unsafe.Pointer(c)), ldc, float32(alpha), float32(beta))
	} else {
		gemmDirectF64(m, n, k, (*float64)(unsafe.Pointer(a)), rsa, csa, (*float64)(unsafe.Pointer(b)), ldb,
			(*float64)(unsafe.Pointer(c)), ldc, float64(alpha), float64(beta))
	}
}

func packANF32(chunks int, a []float32, lda int, dst []float32) int {
	_ = a[5*lda+8*chunks-1]
	_ = dst[48*chunks+1] // the last 32-byte store ends 2 elements past the chunks
	gemmPackANF32(chunks, &a[0], lda, &dst[0])
	return 8 * chunks
}

func packBTF32(chunks int, b []float32, ldb int, dst []float32) int {
	_ = b[15*ldb+8*chunks-1]
	_ = dst[128*chunks-1]
	gemmPackBTF32(chunks, &b[0], ldb, &dst[0])
	return 8 * chunks
}

func packANF64(chunks int, a []float64, lda int, dst []float64) int {
	_ = a[5*lda+4*chunks-1]
	_ = dst[24*chunks-1]
	gemmPackANF64(chunks, &a[0], lda, &dst[0])
	return 4 * chunks
}

func packBTF64(chunks int, b []float64, ldb int, dst []float64) int {
	_ = b[7*ldb+4*chunks-1]
	_ = dst[32*chunks-1]
	gemmPackBTF64(chunks, &b[0], ldb, &dst[0])
	return 4 * chunks
}

func packATF32(kc int, a []float32, lda int, dst []float32) {
	_ = a[(kc-1)*lda+5]
	_ = dst[6*kc-1]
	gemmPackATF32(kc, &a[0], lda, &dst[0])
}

func packBNF32(kc int, b []float32, ldb int, dst []float32) {
	_ = b[(kc-1)*ldb+15]
	_ = dst[16*kc-1]
	gemmPackBNF32(kc, &b[0], ldb, &dst[0])
}

func packATF64(kc int, a []float64, lda int, dst []float64) {
	_ = a[(kc-1)*lda+5]
	_ = dst[6*kc-1]
	gemmPackATF64(kc, &a[0], lda, &dst[0])
}

func packBNF64(kc int, b []float64, ldb int, dst []float64) {
	_ = b[(kc-1)*ldb+7]
	_ = dst[8*kc-1]
	gemmPackBNF64(kc, &b[0], ldb, &dst[0])
}

func packBNBlockF32(kc, panels int, b []float32, ldb int, dst []float32) {
	_ = b[(kc-1)*ldb+16*panels-1]
	_ = dst[16*kc*panels-1]
	gemmPackBNBlockF32(kc, panels, &b[0], ldb, &dst[0])
}

func packBNBlockF64(kc, panels int, b []float64, ldb int, dst []float64) {
	_ = b[(kc-1)*ldb+8*panels-1]
	_ = dst[8*kc*panels-1]
	gemmPackBNBlockF64(kc, panels, &b[0], ldb, &dst[0])
}
