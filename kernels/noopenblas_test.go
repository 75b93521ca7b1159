//go:build !openblas

package kernels_test

import "github.com/simdgrad/simdgrad/kernels"

// openblasGemm is only reachable with -tags openblas (see openblas_test.go).
func openblasGemm[T kernels.Float](s gemmShape, a, b, c []T, lda, ldb, ldc int) {
	panic("OpenBLAS benchmarks need -tags openblas")
}
