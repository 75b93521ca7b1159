//go:build !purego

package kernels

// The neon tier has no narrow kernel (the avx2 tier's gemmNarrowF32, which
// holds the rows of C in the vector lanes): every row of a narrow C goes to
// the dot or the direct kernel.

// narrowSuits reports that no product goes to a narrow kernel.
func narrowSuits(transA bool, m, n, k int) bool { return false }

// narrowFirst leaves every row to the other kernels; narrowSuits keeps it
// from being called.
func narrowFirst(transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) (int, []float32, []float32) {
	return m, a, c
}
