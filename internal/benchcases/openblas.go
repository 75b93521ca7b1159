//go:build openblas

package benchcases

import (
	"fmt"
	"runtime"

	"github.com/simdgrad/simdgrad/internal/openblas"
	"github.com/simdgrad/simdgrad/kernels"
)

func init() {
	openblasThreads()
	Peers = append(Peers, Peer{
		Name: "openblas",
		Info: fmt.Sprintf("core=%s config=%q", openblas.CoreName(), openblas.Config()),
		F32:  OpenBLAS[float32],
		F64:  OpenBLAS[float64],
	})
}

// openblasThreadsSet is the thread count last given to OpenBLAS, kept here
// so that the check costs no cgo call (which would add ~50 ns to every
// tiny product).
var openblasThreadsSet int

// openblasThreads makes OpenBLAS follow GOMAXPROCS.
func openblasThreads() {
	if p := runtime.GOMAXPROCS(0); p != openblasThreadsSet {
		openblas.SetNumThreads(p)
		openblasThreadsSet = p
	}
}

// OpenBLAS is cblas_sgemm or cblas_dgemm, with as many threads as
// GOMAXPROCS. It is only in builds with the openblas tag.
func OpenBLAS[T kernels.Float](s GemmShape, a, b, c []T, lda, ldb, ldc int) {
	openblasThreads()
	switch a := any(a).(type) {
	case []float32:
		openblas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		openblas.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	}
}
