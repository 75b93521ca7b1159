//go:build !purego

package kernels

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
		mr: gemmMRF32, nr: gemmNRF32,
		kc: 256, mc: 144, nc: 4096,
		micro:       microF32,
		micros:      microsF32,
		microsRow:   microsRowF32,
		edge:        edgeSIMD[float32],
		packAN:      packANF32,
		packBT:      packBTF32,
		packStep:    gemmPackStepF32,
		packAT:      packATF32,
		packBN:      packBNF32,
		packBNBlock: packBNBlockF32,
		small:       directF32,
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
		mr: gemmMRF64, nr: gemmNRF64,
		kc: 256, mc: 96, nc: 1024,
		micro:       microF64,
		micros:      microsF64,
		microsRow:   microsRowF64,
		edge:        edgeSIMD[float64],
		packAN:      packANF64,
		packBT:      packBTF64,
		packStep:    gemmPackStepF64,
		packAT:      packATF64,
		packBN:      packBNF64,
		packBNBlock: packBNBlockF64,
		small:       directF64,
		smallMax:    48 * 48 * 48,
		smallM:      16,
		smallN:      16,
		// Split from n ≈ 200: measured even at 192, 1.25× faster at 256.
		parallelMin: 160 * 160 * 160,
	}
}
