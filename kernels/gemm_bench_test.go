package kernels_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdgrad/simdgrad/kernels"
)

var gemmSizes = flag.String("gemm.n", "64,128,256,512", "comma-separated square sizes for BenchmarkGemm")

func parseSizes(b *testing.B, s string) []int {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatalf("-gemm.n: %v", err)
		}
		ns = append(ns, n)
	}
	return ns
}

// gemmShape is a product op(A)·op(B) of m×k by k×n.
type gemmShape struct {
	m, n, k        int
	transA, transB bool
}

func (s gemmShape) flops() float64 { return 2 * float64(s.m) * float64(s.n) * float64(s.k) }

// gemmImpl runs one product; gonum and (with -tags openblas) OpenBLAS are
// measured beside simdgrad in the same run.
type gemmImpl[T kernels.Float] func(s gemmShape, a, b, c []T, lda, ldb, ldc int)

func simdgradGemm[T kernels.Float](s gemmShape, a, b, c []T, lda, ldb, ldc int) {
	kernels.Gemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, ldc)
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func gonumGemm[T kernels.Float](s gemmShape, a, b, c []T, lda, ldb, ldc int) {
	var impl gonum.Implementation
	switch a := any(a).(type) {
	case []float32:
		impl.Sgemm(blasTrans(s.transA), blasTrans(s.transB), s.m, s.n, s.k, 1, a, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		impl.Dgemm(blasTrans(s.transA), blasTrans(s.transB), s.m, s.n, s.k, 1, a, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	}
}

func benchGemmShape[T kernels.Float](b *testing.B, s gemmShape, impl gemmImpl[T]) {
	r := rand.New(rand.NewPCG(1, 2))
	lda, ldb := s.k, s.n
	if s.transA {
		lda = s.m
	}
	if s.transB {
		ldb = s.k
	}
	a := randSlice[T](r, s.m*s.k)
	bm := randSlice[T](r, s.k*s.n)
	c := make([]T, s.m*s.n)
	impl(s, a, bm, c, lda, ldb, s.n) // warm up pools and workers
	b.SetBytes(int64(s.m*s.k+s.k*s.n+s.m*s.n) * sizeOf[T]())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		impl(s, a, bm, c, lda, ldb, s.n)
	}
	b.ReportMetric(s.flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// gemmImpls lists the implementations compared in one run; openblas_test.go
// adds OpenBLAS when built with -tags openblas.
var gemmPeers = []string{"gonum"}

func benchGemmImpls(b *testing.B, name func(gemmShape) string, shapes []gemmShape) {
	run := func(b *testing.B, impl32 gemmImpl[float32], impl64 gemmImpl[float64]) {
		for _, s := range shapes {
			b.Run("dtype=f32/"+name(s), func(b *testing.B) { benchGemmShape(b, s, impl32) })
		}
		for _, s := range shapes {
			b.Run("dtype=f64/"+name(s), func(b *testing.B) { benchGemmShape(b, s, impl64) })
		}
	}
	b.Run("impl=simdgrad", func(b *testing.B) {
		forEachISA(b, func(b *testing.B) { run(b, simdgradGemm[float32], simdgradGemm[float64]) })
	})
	for _, peer := range gemmPeers {
		b.Run("impl="+peer, func(b *testing.B) { run(b, peerGemm[float32](peer), peerGemm[float64](peer)) })
	}
}

func peerGemm[T kernels.Float](name string) gemmImpl[T] {
	switch name {
	case "gonum":
		return gonumGemm[T]
	}
	return openblasGemm[T]
}

// BenchmarkGemm measures square products C = A·B (sizes from -gemm.n).
func BenchmarkGemm(b *testing.B) {
	var shapes []gemmShape
	for _, n := range parseSizes(b, *gemmSizes) {
		shapes = append(shapes, gemmShape{m: n, n: n, k: n})
	}
	name := func(s gemmShape) string { return fmt.Sprintf("n=%d", s.n) }
	benchGemmImpls(b, name, shapes)
}

func shapeName(s gemmShape) string {
	t := []byte("NN")
	if s.transA {
		t[0] = 'T'
	}
	if s.transB {
		t[1] = 'T'
	}
	return fmt.Sprintf("shape=%dx%dx%d/trans=%s", s.m, s.k, s.n, t)
}

// BenchmarkGemmShape measures non-square and transposed products beside a
// square product of the same flops (m×k times k×n in the name): transposes
// and one thin dimension at 256³, 1000×64·64×1000 beside 400³ and the
// tall-skinny 4096×16·16×4096 beside 645³.
func BenchmarkGemmShape(b *testing.B) {
	shapes := []gemmShape{
		{m: 256, n: 256, k: 256},
		{m: 256, n: 256, k: 256, transA: true},
		{m: 256, n: 256, k: 256, transB: true},
		{m: 1024, n: 1024, k: 16},
		{m: 16, n: 1024, k: 1024},
		{m: 1024, n: 16, k: 1024},
		{m: 400, n: 400, k: 400},
		{m: 1000, n: 1000, k: 64},
		{m: 645, n: 645, k: 645},
		{m: 4096, n: 4096, k: 16},
	}
	benchGemmImpls(b, shapeName, shapes)
}

// BenchmarkGemmNarrow measures products whose C has a few columns, down to
// a matrix-vector product (n = 1), where vectorising along the columns of C
// would leave most lanes idle.
func BenchmarkGemmNarrow(b *testing.B) {
	shapes := []gemmShape{
		{m: 1024, k: 1024, n: 1},
		{m: 1024, k: 1024, n: 1, transB: true},
		{m: 1024, k: 1024, n: 2},
		{m: 4096, k: 256, n: 1},
		{m: 150, k: 64, n: 3},
		{m: 300, k: 300, n: 4},
	}
	benchGemmImpls(b, shapeName, shapes)
}

// BenchmarkGemmTiny measures the products of the MLP and the factorisation
// on Iris, forward and backward, where per-call overhead dominates.
func BenchmarkGemmTiny(b *testing.B) {
	shapes := []gemmShape{
		{m: 150, k: 4, n: 12},               // X·W1
		{m: 150, k: 12, n: 3},               // H·W2
		{m: 150, k: 2, n: 4, transB: true},  // U·Vᵀ
		{m: 4, k: 150, n: 12, transA: true}, // Xᵀ·G
		{m: 150, k: 3, n: 12, transB: true}, // G·W2ᵀ
		{m: 12, k: 150, n: 3, transA: true}, // Hᵀ·G
	}
	benchGemmImpls(b, shapeName, shapes)
}
