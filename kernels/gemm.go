package kernels

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(X) is X or Xᵀ as transA and transB say, op(A) is m×k, op(B) is k×n and C
// is m×n. Element (i, j) of a matrix x with leading dimension ldx is
// x[i*ldx+j]; A is stored m×k (k×m when transA), B k×n (n×k when transB).
// The arguments follow BLAS and gonum's blas.Float32/Float64 Gemm, so a
// gonum blas32.General or blas64.General passes through as Data and Stride.
//
// Special values: when beta is 0, C is not read, so NaN or Inf garbage in C
// does not reach the result; when alpha is 0 or k is 0, A and B are not read
// and C = beta·C. Otherwise NaN and ±Inf in A or B propagate as IEEE
// arithmetic dictates (0·Inf is NaN). The result does not depend on which
// tier runs, up to rounding: tiers sum the k products in different orders,
// and SIMD tiers use fused multiply-add, so elements agree within
// |err| ≤ 2·(k+2)·ε·(|alpha|·Σ_p|A_ip|·|B_pj| + |beta|·|C_ij|), ε the unit
// roundoff of T.
//
// Gemm panics if a dimension is negative, a leading dimension is smaller
// than the number of columns of its matrix (or 1), or a slice is too short
// for its matrix (lengths are computed without overflow, so no combination
// of arguments gets past the check with slices that do not hold the
// matrices); the message names the argument and the sizes. It also panics
// if C shares an element with A or B ("kernels.Gemm: c (…) shares elements
// with a (…)"). A and B may overlap, and C may lie in the same array as
// them as long as no element is common: two column blocks of one matrix,
// for instance. Shapes decide, not values: the check applies even when
// alpha is 0. A product with m, n or k equal to 0 shares nothing.
//
// An empty C (m or n is 0) is a no-op; with k = 0, C = beta·C.
//
// Large products are split across goroutines (GOMAXPROCS of them, or
// fewer: see SetMaxThreads); small ones run on the calling goroutine.
// Gemm allocates nothing in steady state.
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	// C, or A and B, have no elements to share when m, n or k is 0.
	if m != 0 && n != 0 && k != 0 && (spansMeet(c, a) || spansMeet(c, b)) {
		checkGemmOverlap(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	}
	if is32[T]() {
		gemm(active.f32.gemm, transA, transB, m, n, k, float32(alpha), as32(a), lda, as32(b), ldb, float32(beta), as32(c), ldc)
	} else {
		gemm(active.f64.gemm, transA, transB, m, n, k, float64(alpha), as64(a), lda, as64(b), ldb, float64(beta), as64(c), ldc)
	}
}
