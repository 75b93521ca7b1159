//go:build !purego

package kernels

// The neon tier has neither a narrow kernel nor an outer-product kernel
// (the avx2 tier's gemmNarrowF32 and gemmOuter): those products go to its
// dot or direct kernel.

// narrowSuits reports that no product goes to a narrow kernel.
func narrowSuits(transA bool, m, n, k int) bool { return false }

// narrowFirst leaves every row to the other kernels; narrowSuits keeps it
// from being called.
func narrowFirst(transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) (int, []float32, []float32) {
	return m, a, c
}

// halvesSuits reports that no float32 product goes to a halves kernel.
func halvesSuits(transA bool, m, n, k, lda int) bool { return false }

// halvesFirst leaves every row to the other kernels; halvesSuits keeps it
// from being called.
func halvesFirst(transB bool, m, n, k int, alpha float32, a []float32, b []float32, ldb int, beta float32, c []float32, ldc int) (int, []float32, []float32) {
	return m, a, c
}

// pairsF32Suits reports that no float32 product goes to a pairs kernel.
func pairsF32Suits(transA bool, m, n, k int) bool { return false }

// pairsF32First leaves every row to the other kernels; pairsF32Suits keeps
// it from being called.
func pairsF32First(transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) (int, []float32, []float32) {
	return m, a, c
}

// shortSuits reports that no float64 product goes to a short kernel.
func shortSuits(transA bool, m, n, k int) bool { return false }

// shortFirst leaves every row to the other kernels; shortSuits keeps it
// from being called.
func shortFirst(transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) (int, []float64, []float64) {
	return m, a, c
}

// pairsSuits reports that no float64 product goes to a pairs kernel.
func pairsSuits(transA bool, m, n, k int) bool { return false }

// pairsFirst leaves every row to the other kernels; pairsSuits keeps it
// from being called.
func pairsFirst(transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) (int, []float64, []float64) {
	return m, a, c
}

// outerSuits reports that no product goes to an outer-product kernel.
func outerSuits[T Float](transA, transB bool, m, n, k int) bool { return false }

// outerFirst leaves every row to the other kernels; outerSuits keeps it
// from being called.
func outerFirst[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	return m, a, c
}
