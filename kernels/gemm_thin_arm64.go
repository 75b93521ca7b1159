//go:build !purego

package kernels

// The neon tier has none of the avx2 tier's thin kernels (narrow, halves,
// pairs, short, outer-product): those products go to its dot or direct
// kernel.

// narrowSuits, halvesSuits, pairsF32Suits, pairsSuits and shortSuits
// report that no product goes to the avx2 tier's thin kernels of those
// names; the neon tier has none of them.
func narrowSuits(transA bool, m, n, k int) bool      { return false }
func halvesSuits(transA bool, m, n, k, lda int) bool { return false }
func pairsF32Suits(transA bool, m, n, k int) bool    { return false }
func pairsSuits(transA bool, m, n, k int) bool       { return false }
func shortSuits(transA bool, m, n, k int) bool       { return false }

// noRows is the wrapper of a thin kernel the neon tier lacks: it computes
// no rows, leaving them all to the other kernels (the Suits functions
// keep it from being called).
func noRows[T Float](m, n, k int, a []T, lda int, b []T, rsb, csb int, c []T, ldc int, alpha, beta T) int {
	return 0
}

var (
	callNarrow   = noRows[float32]
	callHalves   = noRows[float32]
	callPairsF32 = noRows[float32]
	callPairs    = noRows[float64]
	callShort    = noRows[float64]
)

// outerSuits reports that no product goes to an outer-product kernel.
func outerSuits[T Float](transA, transB bool, m, n, k int) bool { return false }

// outerFirst leaves every row to the other kernels; outerSuits keeps it
// from being called.
func outerFirst[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (int, []T, []T) {
	return m, a, c
}
