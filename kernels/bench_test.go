package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/kernels"
)

// Benchmark names carry key=value parts so benchstat can pivot on them, and
// every name starts with impl= and isa= (see internal/benchcases, which
// defines the cases cmd/bench measures too):
//
//	go test -run '^$' -bench Gemm -count 6 ./kernels > new.txt
//	benchstat -col /isa new.txt    # simdgrad's tiers
//	benchstat -col /impl new.txt   # simdgrad against gonum (and OpenBLAS)
//
// n always counts elements (for square GEMM, the side of each matrix).

// forEachISA runs f as impl=simdgrad once per available tier, with that
// tier selected.
func forEachISA(b *testing.B, f func(b *testing.B)) {
	b.Run("impl=simdgrad", func(b *testing.B) {
		for _, isa := range kernels.ISAs() {
			b.Run("isa="+isa, func(b *testing.B) {
				defer kernels.UseISA(isa)()
				f(b)
			})
		}
	})
}

// forPeer runs f as impl=name under the tier in use: a peer does not depend
// on the tier, and its rows line up with simdgrad's on that tier.
func forPeer(b *testing.B, name string, f func(b *testing.B)) {
	b.Run("impl="+name, func(b *testing.B) { b.Run("isa="+kernels.ISA(), f) })
}

func benchUnary[T kernels.Float](b *testing.B, n int, bytes int64, f func(dst, x []T)) {
	r := rand.New(rand.NewPCG(3, 4))
	x := benchcases.RandSlice[T](r, n)
	dst := make([]T, n)
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		f(dst, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
}

// BenchmarkReLU measures ReLU on every tier and, as impl=copy, the builtin
// copy of the same slices, the memory-speed yardstick (bytes count reads
// plus writes for both).
func BenchmarkReLU(b *testing.B) {
	sizes := func(b *testing.B, f32 func(dst, x []float32), f64 func(dst, x []float64)) {
		for _, n := range benchcases.ReLUSizes {
			b.Run(fmt.Sprintf("dtype=f32/n=%d", n), func(b *testing.B) {
				benchUnary(b, n, benchcases.UnaryBytes[float32](n), f32)
			})
			b.Run(fmt.Sprintf("dtype=f64/n=%d", n), func(b *testing.B) {
				benchUnary(b, n, benchcases.UnaryBytes[float64](n), f64)
			})
		}
	}
	forEachISA(b, func(b *testing.B) { sizes(b, kernels.ReLU[float32], kernels.ReLU[float64]) })
	forPeer(b, "copy", func(b *testing.B) { sizes(b, benchcases.Copy[float32], benchcases.Copy[float64]) })
}

func benchSoftmax[T kernels.Float](b *testing.B, rows, cols int, f func(dst, x []T, rows, cols int)) {
	x := benchcases.SoftmaxInput[T](rows, cols, 5)
	dst := make([]T, rows*cols)
	b.SetBytes(benchcases.UnaryBytes[T](rows * cols))
	b.ReportAllocs()
	for b.Loop() {
		f(dst, x, rows, cols)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows*cols), "ns/elem")
}

func BenchmarkSoftmax(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, s := range benchcases.SoftmaxShapes {
			b.Run("dtype=f32/"+benchcases.SoftmaxKey(s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.Softmax[float32])
			})
			b.Run("dtype=f64/"+benchcases.SoftmaxKey(s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.Softmax[float64])
			})
		}
	})
}

func BenchmarkLogSoftmax(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, s := range benchcases.SoftmaxShapes {
			b.Run("dtype=f32/"+benchcases.SoftmaxKey(s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.LogSoftmax[float32])
			})
		}
	})
}

// BenchmarkVector measures the vector helpers the autodiff uses.
func BenchmarkVector(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, n := range benchcases.VectorSizes {
			benchVectorOps[float32](b, n)
			benchVectorOps[float64](b, n)
		}
	})
}

func benchVectorOps[T kernels.Float](b *testing.B, n int) {
	r := rand.New(rand.NewPCG(7, 8))
	x, y, dst := benchcases.RandSlice[T](r, n), benchcases.RandSlice[T](r, n), make([]T, n)
	size := benchcases.SizeOf[T]()
	var sink T
	cases := []struct {
		op    string
		bytes int64 // read + written per element
		f     func()
	}{
		{"axpy", 3 * size, func() { kernels.Axpy(0.5, x, y) }},
		{"add", 3 * size, func() { kernels.Add(dst, x, y) }},
		{"mul", 3 * size, func() { kernels.Mul(dst, x, y) }},
		{"scale", 2 * size, func() { kernels.Scale(dst, 0.5, x) }},
		{"sum", size, func() { sink += kernels.Sum(x) }},
		{"dot", 2 * size, func() { sink += kernels.Dot(x, y) }},
		{"relubackward", 3 * size, func() { kernels.ReLUBackward(dst, y, x) }},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("op=%s/dtype=%s/n=%d", c.op, benchcases.Dtype[T](), n), func(b *testing.B) {
			b.SetBytes(c.bytes * int64(n))
			b.ReportAllocs()
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
		})
	}
	_ = sink
}
