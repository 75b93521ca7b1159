package kernels_test

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/kernels"
)

var gemmSizes = flag.String("gemm.n", sizesFlag(benchcases.GemmSizes), "comma-separated square sizes for BenchmarkGemm")

func sizesFlag(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

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

// With -tags openblas the GEMM benchmarks report impl=openblas beside
// impl=simdgrad and impl=gonum (cgo lives in internal/openblas: _test.go
// files cannot use cgo). OpenBLAS gets as many threads as GOMAXPROCS, so
// GOMAXPROCS=1 compares single-thread figures.
func init() {
	for _, p := range benchcases.Peers {
		if p.Info != "" {
			fmt.Fprintf(os.Stderr, "%s: %s\n", p.Name, p.Info)
		}
	}
}

func benchGemmShape[T kernels.Float](b *testing.B, s benchcases.GemmShape, impl benchcases.GemmFunc[T]) {
	o := benchcases.NewGemmOperands[T](s, 1)
	o.Run(impl) // warm up pools and workers
	b.SetBytes(s.Elems() * benchcases.SizeOf[T]())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		o.Run(impl)
	}
	b.ReportMetric(s.Flops()*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchGemmImpls measures the shapes with simdgrad on every tier, then with
// each peer of benchcases.Peers under the tier in use.
func benchGemmImpls(b *testing.B, name func(benchcases.GemmShape) string, shapes []benchcases.GemmShape) {
	run := func(b *testing.B, impl32 benchcases.GemmFunc[float32], impl64 benchcases.GemmFunc[float64]) {
		for _, s := range shapes {
			b.Run("dtype=f32/"+name(s), func(b *testing.B) { benchGemmShape(b, s, impl32) })
		}
		for _, s := range shapes {
			b.Run("dtype=f64/"+name(s), func(b *testing.B) { benchGemmShape(b, s, impl64) })
		}
	}
	forEachISA(b, func(b *testing.B) { run(b, benchcases.Simdgrad[float32], benchcases.Simdgrad[float64]) })
	for _, p := range benchcases.Peers {
		forPeer(b, p.Name, func(b *testing.B) { run(b, p.F32, p.F64) })
	}
}

// BenchmarkGemm measures square products C = A·B (sizes from -gemm.n).
func BenchmarkGemm(b *testing.B) {
	var shapes []benchcases.GemmShape
	for _, n := range parseSizes(b, *gemmSizes) {
		shapes = append(shapes, benchcases.Square(n))
	}
	name := func(s benchcases.GemmShape) string { return fmt.Sprintf("n=%d", s.N) }
	benchGemmImpls(b, name, shapes)
}

// BenchmarkGemmShape measures non-square and transposed products beside a
// square product of the same flops (benchcases.GemmShapes).
func BenchmarkGemmShape(b *testing.B) {
	benchGemmImpls(b, benchcases.GemmShape.Key, benchcases.GemmShapes)
}

// BenchmarkGemmNarrow measures products whose C has a few columns, down to
// a matrix-vector product (benchcases.GemmNarrow).
func BenchmarkGemmNarrow(b *testing.B) {
	benchGemmImpls(b, benchcases.GemmShape.Key, benchcases.GemmNarrow)
}

// BenchmarkGemmTiny measures the products of the MLP and the factorisation
// on Iris, forward and backward, where per-call overhead dominates
// (benchcases.GemmTiny).
func BenchmarkGemmTiny(b *testing.B) {
	benchGemmImpls(b, benchcases.GemmShape.Key, benchcases.GemmTiny)
}
