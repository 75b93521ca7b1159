//go:build openblas

package kernels_test

import (
	"fmt"
	"os"
	"runtime"

	"github.com/simdgrad/simdgrad/internal/openblas"
	"github.com/simdgrad/simdgrad/kernels"
)

// With -tags openblas, BenchmarkGemm, BenchmarkGemmShape and BenchmarkGemmTiny
// report impl=openblas beside impl=simdgrad and impl=gonum (cgo lives in
// internal/openblas: _test.go files cannot use cgo). OpenBLAS gets as many
// threads as GOMAXPROCS, so GOMAXPROCS=1 (or -cpu 1) compares single-thread
// figures.
func init() {
	gemmPeers = append(gemmPeers, "openblas")
	openblasThreads()
	fmt.Fprintf(os.Stderr, "openblas: core=%s threads=%d config=%q\n", openblas.CoreName(), openblas.NumThreads(), openblas.Config())
}

// openblasThreadsSet is the thread count last given to OpenBLAS, kept here
// so that the check costs no cgo call (which would add ~50 ns to every
// tiny product).
var openblasThreadsSet int

// openblasThreads follows GOMAXPROCS, which -cpu changes between benchmarks.
func openblasThreads() {
	if p := runtime.GOMAXPROCS(0); p != openblasThreadsSet {
		openblas.SetNumThreads(p)
		openblasThreadsSet = p
	}
}

func openblasGemm[T kernels.Float](s gemmShape, a, b, c []T, lda, ldb, ldc int) {
	openblasThreads()
	switch a := any(a).(type) {
	case []float32:
		openblas.Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		openblas.Dgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	}
}
