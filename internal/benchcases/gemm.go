package benchcases

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdgrad/simdgrad/kernels"
)

// A GemmShape is a product C = op(A)·op(B) of an m×k by a k×n matrix, op
// transposing when TransA or TransB is set.
type GemmShape struct {
	M, N, K        int
	TransA, TransB bool
}

// Square is the n×n·n×n product.
func Square(n int) GemmShape { return GemmShape{M: n, N: n, K: n} }

// Flops is the number of floating-point operations of the product, 2·m·n·k.
func (s GemmShape) Flops() float64 { return 2 * float64(s.M) * float64(s.N) * float64(s.K) }

// Elems is the number of elements of A, B and C together; times the
// element size it is the bytes a case reports (b.SetBytes).
func (s GemmShape) Elems() int64 { return int64(s.M*s.K + s.K*s.N + s.M*s.N) }

// Trans is "NN", "TN", "NT" or "TT": the transposes of A and B.
func (s GemmShape) Trans() string {
	t := []byte("NN")
	if s.TransA {
		t[0] = 'T'
	}
	if s.TransB {
		t[1] = 'T'
	}
	return string(t)
}

// Key is the name part of a non-square case: "shape=150x4x12/trans=NN"
// for m×k·k×n.
func (s GemmShape) Key() string {
	return fmt.Sprintf("shape=%dx%dx%d/trans=%s", s.M, s.K, s.N, s.Trans())
}

// String is the product in the report's notation, such as "150×4·4×12" or
// "256×256ᵀ·256×256".
func (s GemmShape) String() string {
	ta, tb := "", ""
	if s.TransA {
		ta = "ᵀ"
	}
	if s.TransB {
		tb = "ᵀ"
	}
	return fmt.Sprintf("%d×%d%s·%d×%d%s", s.M, s.K, ta, s.K, s.N, tb)
}

// LDs are the leading dimensions of row-major A, B and C without padding.
func (s GemmShape) LDs() (lda, ldb, ldc int) {
	lda, ldb = s.K, s.N
	if s.TransA {
		lda = s.M
	}
	if s.TransB {
		ldb = s.K
	}
	return lda, ldb, s.N
}

// The GEMM cases.
var (
	// GemmSizes are the default sides of BenchmarkGemm's squares.
	GemmSizes = []int{64, 128, 256, 512}

	// GemmShapes are non-square and transposed products, each beside a
	// square of the same flops (m×k·k×n): transposes and one thin
	// dimension at 256³, 1000×64·64×1000 beside 400³, and the tall-skinny
	// 4096×16·16×4096 beside 645³.
	GemmShapes = []GemmShape{
		{M: 256, N: 256, K: 256},
		{M: 256, N: 256, K: 256, TransA: true},
		{M: 256, N: 256, K: 256, TransB: true},
		{M: 1024, N: 1024, K: 16},
		{M: 16, N: 1024, K: 1024},
		{M: 1024, N: 16, K: 1024},
		{M: 400, N: 400, K: 400},
		{M: 1000, N: 1000, K: 64},
		{M: 645, N: 645, K: 645},
		{M: 4096, N: 4096, K: 16},
	}

	// GemmNarrow are products whose C has a few columns, down to a
	// matrix-vector product (n = 1), where vectorising along the columns
	// of C would leave most lanes idle.
	GemmNarrow = []GemmShape{
		{M: 1024, K: 1024, N: 1},
		{M: 1024, K: 1024, N: 1, TransB: true},
		{M: 1024, K: 1024, N: 2},
		{M: 4096, K: 256, N: 1},
		{M: 150, K: 64, N: 3},
		{M: 300, K: 300, N: 4},
	}

	// GemmTiny are the products of the Iris MLP and the rank-2
	// factorisation, forward and backward, where the cost of a call
	// dominates.
	GemmTiny = []GemmShape{
		{M: 150, K: 4, N: 12},               // X·W1
		{M: 150, K: 12, N: 3},               // H·W2
		{M: 150, K: 2, N: 4, TransB: true},  // U·Vᵀ
		{M: 150, K: 4, N: 2},                // G·V
		{M: 4, K: 150, N: 2, TransA: true},  // Gᵀ·U
		{M: 4, K: 150, N: 12, TransA: true}, // Xᵀ·G
		{M: 150, K: 3, N: 12, TransB: true}, // G·W2ᵀ
		{M: 12, K: 150, N: 3, TransA: true}, // Hᵀ·G
	}
)

// A GemmFunc computes C = op(A)·op(B) (alpha 1, beta 0) for shape s.
type GemmFunc[T kernels.Float] func(s GemmShape, a, b, c []T, lda, ldb, ldc int)

// Simdgrad is kernels.Gemm, on whatever tier is selected.
func Simdgrad[T kernels.Float](s GemmShape, a, b, c []T, lda, ldb, ldc int) {
	kernels.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, lda, b, ldb, 0, c, ldc)
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Gonum is gonum's pure-Go Sgemm or Dgemm (gonum.org/v1/gonum/blas/gonum).
func Gonum[T kernels.Float](s GemmShape, a, b, c []T, lda, ldb, ldc int) {
	var impl gonum.Implementation
	switch a := any(a).(type) {
	case []float32:
		impl.Sgemm(blasTrans(s.TransA), blasTrans(s.TransB), s.M, s.N, s.K, 1, a, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		impl.Dgemm(blasTrans(s.TransA), blasTrans(s.TransB), s.M, s.N, s.K, 1, a, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	}
}

// A Peer is a GEMM implementation measured beside simdgrad.
type Peer struct {
	Name string // the impl key: "gonum", "openblas"
	// Info describes the peer's build and set-up where that matters, as
	// OpenBLAS's kernel set and thread count do; it may be empty.
	Info string
	F32  GemmFunc[float32]
	F64  GemmFunc[float64]
}

// Peers are the GEMM peers of this build: gonum, and OpenBLAS with the
// openblas build tag. OpenBLAS runs as many threads as GOMAXPROCS, read at
// each call, so a benchmark's thread count applies to it as to simdgrad.
var Peers = []Peer{{Name: "gonum", F32: Gonum[float32], F64: Gonum[float64]}}

// PeerGemm returns p's function for T.
func PeerGemm[T kernels.Float](p Peer) GemmFunc[T] {
	var f any = p.F64
	if Dtype[T]() == "f32" {
		f = p.F32
	}
	return f.(GemmFunc[T])
}

// GemmOperands are random operands of a product, and its output.
type GemmOperands[T kernels.Float] struct {
	Shape         GemmShape
	A, B, C       []T
	LDA, LDB, LDC int
}

// NewGemmOperands returns operands for s with A and B drawn from [−1, 1)
// by a generator seeded with seed.
func NewGemmOperands[T kernels.Float](s GemmShape, seed uint64) *GemmOperands[T] {
	r := rand.New(rand.NewPCG(seed, seed+1))
	o := &GemmOperands[T]{Shape: s}
	o.LDA, o.LDB, o.LDC = s.LDs()
	o.A = RandSlice[T](r, s.M*s.K)
	o.B = RandSlice[T](r, s.K*s.N)
	o.C = make([]T, s.M*s.N)
	return o
}

// Run computes the product with f.
func (o *GemmOperands[T]) Run(f GemmFunc[T]) {
	f(o.Shape, o.A, o.B, o.C, o.LDA, o.LDB, o.LDC)
}
