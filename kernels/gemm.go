package kernels

import "fmt"

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
// for its matrix; the message names the argument and the sizes. C must not
// overlap A or B.
//
// Large products are split across GOMAXPROCS goroutines; small ones run on
// the calling goroutine. Gemm allocates nothing in steady state.
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if is32[T]() {
		gemm(active.f32.gemm, transA, transB, m, n, k, float32(alpha), as32(a), lda, as32(b), ldb, float32(beta), as32(c), ldc)
	} else {
		gemm(active.f64.gemm, transA, transB, m, n, k, float64(alpha), as64(a), lda, as64(b), ldb, float64(beta), as64(c), ldc)
	}
}

func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	// The common case costs a few comparisons; the messages are built only
	// on failure (tiny products make this check a visible share of a call).
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if m >= 0 && n >= 0 && k >= 0 && fits(lenA, ar, ac, lda) && fits(lenB, br, bc, ldb) && fits(lenC, m, n, ldc) {
		return
	}
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels.Gemm: negative dimension: m=%d, n=%d, k=%d", m, n, k))
	}
	if transA {
		checkMatrix("Gemm", "a", lenA, dim{"k", k}, dim{"m", m}, lda, " (transA)")
	} else {
		checkMatrix("Gemm", "a", lenA, dim{"m", m}, dim{"k", k}, lda, "")
	}
	if transB {
		checkMatrix("Gemm", "b", lenB, dim{"n", n}, dim{"k", k}, ldb, " (transB)")
	} else {
		checkMatrix("Gemm", "b", lenB, dim{"k", k}, dim{"n", n}, ldb, "")
	}
	checkMatrix("Gemm", "c", lenC, dim{"m", m}, dim{"n", n}, ldc, "")
}

// dim is a named matrix dimension, for error messages.
type dim struct {
	name string
	n    int
}

// checkMatrix panics unless a rows×cols row-major matrix with leading
// dimension ld fits in a slice of length n. The matrix's argument is called
// name and its leading dimension "ld"+name.
func checkMatrix(fn, name string, n int, rows, cols dim, ld int, note string) {
	if rows.n < 0 || cols.n < 0 {
		panic(fmt.Sprintf("kernels.%s: negative dimension: %s=%d, %s=%d", fn, rows.name, rows.n, cols.name, cols.n))
	}
	if ld < max(1, cols.n) {
		panic(fmt.Sprintf("kernels.%s: ld%s=%d, need ≥ max(1, %s)=%d for %s=%d, %s=%d%s",
			fn, name, ld, cols.name, max(1, cols.n), rows.name, rows.n, cols.name, cols.n, note))
	}
	if need := matrixLen(rows.n, cols.n, ld); n < need {
		panic(fmt.Sprintf("kernels.%s: len(%s)=%d, need ≥ %d for %s=%d, %s=%d, ld%s=%d%s",
			fn, name, n, need, rows.name, rows.n, cols.name, cols.n, name, ld, note))
	}
}

// fits reports whether a rows×cols matrix with leading dimension ld is
// valid and fits in a slice of length n (rows and cols non-negative).
func fits(n, rows, cols, ld int) bool {
	return ld >= max(1, cols) && n >= matrixLen(rows, cols, ld)
}

// matrixLen is the shortest slice holding a rows×cols matrix with leading
// dimension ld.
func matrixLen(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}
