//go:build !purego

package kernels

// avx2GemmOps installs the avx2 tier's GEMM: the blocked driver around the
// Avo-generated AVX2+FMA micro-kernels (gemm_amd64.s: a 6×16 float32 tile
// and a 6×8 float64 tile, twelve YMM accumulators each), asm packing, and
// the direct kernel for products too small or too thin to pack; among
// those, a float32 C of three or four columns with k ≤ 2 and A's rows
// contiguous goes to the halves kernel (halvesSuits), a float32 C of two
// columns with k a multiple of 4 up to 16 to the float32 pairs kernel
// (pairsF32Suits), another float32 C of at most four columns with a short
// k to the narrow kernel (narrowSuits),
// a float64 C of one or two columns with k from 4 to 16 to the pairs
// kernel (pairsSuits), another float64 C of at most four columns with
// k ≤ 4 to the short kernel (shortSuits), a C narrower than half a vector
// with a longer k to the dot kernel (dotMinK), and Aᵀ·B for a C of at most
// 4×2 to the outer-product kernel (outerSuits).
//
// kc, mc and nc are the fallback blocking, measured on Zen 4 (32 KiB L1d,
// 1 MiB L2): a kc×nr B panel and an mr×kc A panel in L1, an mc×kc A block
// in L2, a kc×nc B block in L3. Where the CPU describes its caches the
// model of gemm_blocking.go replaces them. The measurements behind every
// constant here are in docs/gemm-tuning.md.
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
		// The direct kernel for tiny products and for a C of at most 16
		// rows or columns (the packed operand would be used once or
		// twice).
		smallMax: 64 * 64 * 64,
		smallM:   16,
		smallN:   16,
		// For a C of at most 16 rows, B is packed after all where its
		// rows fall into a single L1 set (readsInPlaceWell).
		directMinSets: 2,
		// Products from 2·parallelMin multiply-adds (n ≈ 250) are split
		// across goroutines: below that, waking a worker costs more than
		// it saves.
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
		// float64 rows in two sets already run slower in place.
		directMinSets: 4,
		// Split from n ≈ 200.
		parallelMin: 160 * 160 * 160,
	}
}
