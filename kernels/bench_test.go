package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

// Benchmark names carry key=value parts so benchstat can pivot on them:
//
//	go test -run '^$' -bench Gemm -count 6 ./kernels > new.txt
//	benchstat -col /isa new.txt
//
// n always counts elements (for square GEMM, the side of each matrix).

// forEachISA runs f once per available tier, with that tier selected.
func forEachISA(b *testing.B, f func(b *testing.B)) {
	for _, isa := range kernels.ISAs() {
		b.Run("isa="+isa, func(b *testing.B) {
			defer kernels.UseISA(isa)()
			f(b)
		})
	}
}

func randSlice[T kernels.Float](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(r.Float64()*2 - 1)
	}
	return x
}

func dtype[T kernels.Float]() string {
	var z T
	if _, ok := any(z).(float32); ok {
		return "f32"
	}
	return "f64"
}

func sizeOf[T kernels.Float]() int64 {
	if dtype[T]() == "f32" {
		return 4
	}
	return 8
}

var vectorSizes = []int{1024, 16384, 65536}

func benchUnary[T kernels.Float](b *testing.B, n int, bytesPerElem int64, f func(dst, x []T)) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randSlice[T](r, n)
	dst := make([]T, n)
	b.SetBytes(bytesPerElem * int64(n))
	b.ReportAllocs()
	for b.Loop() {
		f(dst, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
}

// reluSizes adds a 1024×1024 activation (4 MiB in float32, beyond L2) to
// the cache-resident sizes.
var reluSizes = append(vectorSizes[:len(vectorSizes):len(vectorSizes)], 1<<20)

// BenchmarkCopy is the memory-speed yardstick for the element-wise kernels:
// bytes count reads plus writes, as for BenchmarkReLU.
func BenchmarkCopy(b *testing.B) {
	for _, n := range reluSizes {
		b.Run(fmt.Sprintf("dtype=f32/n=%d", n), func(b *testing.B) {
			benchUnary(b, n, 8, func(dst, x []float32) { copy(dst, x) })
		})
	}
}

func BenchmarkReLU(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, n := range reluSizes {
			b.Run(fmt.Sprintf("dtype=f32/n=%d", n), func(b *testing.B) {
				benchUnary(b, n, 8, kernels.ReLU[float32])
			})
			b.Run(fmt.Sprintf("dtype=f64/n=%d", n), func(b *testing.B) {
				benchUnary(b, n, 16, kernels.ReLU[float64])
			})
		}
	})
}

func benchSoftmax[T kernels.Float](b *testing.B, rows, cols int, f func(dst, x []T, rows, cols int)) {
	r := rand.New(rand.NewPCG(5, 6))
	x := randSlice[T](r, rows*cols)
	for i := range x {
		x[i] *= 10
	}
	dst := make([]T, rows*cols)
	b.SetBytes(2 * sizeOf[T]() * int64(rows*cols))
	b.ReportAllocs()
	for b.Loop() {
		f(dst, x, rows, cols)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows*cols), "ns/elem")
}

// softmaxShapes: a batch of 1000-class rows, a square matrix, and the
// 3-class head of the Iris network (the narrow path).
var softmaxShapes = [][2]int{{64, 1000}, {1024, 1024}, {150, 3}}

func BenchmarkSoftmax(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, s := range softmaxShapes {
			b.Run(fmt.Sprintf("dtype=f32/rows=%d/cols=%d", s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.Softmax[float32])
			})
			b.Run(fmt.Sprintf("dtype=f64/rows=%d/cols=%d", s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.Softmax[float64])
			})
		}
	})
}

func BenchmarkLogSoftmax(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, s := range softmaxShapes {
			b.Run(fmt.Sprintf("dtype=f32/rows=%d/cols=%d", s[0], s[1]), func(b *testing.B) {
				benchSoftmax(b, s[0], s[1], kernels.LogSoftmax[float32])
			})
		}
	})
}

// BenchmarkVector measures the vector helpers the autodiff uses.
func BenchmarkVector(b *testing.B) {
	forEachISA(b, func(b *testing.B) {
		for _, n := range vectorSizes {
			benchVectorOps[float32](b, n)
			benchVectorOps[float64](b, n)
		}
	})
}

func benchVectorOps[T kernels.Float](b *testing.B, n int) {
	r := rand.New(rand.NewPCG(7, 8))
	x, y, dst := randSlice[T](r, n), randSlice[T](r, n), make([]T, n)
	size := sizeOf[T]()
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
		b.Run(fmt.Sprintf("op=%s/dtype=%s/n=%d", c.op, dtype[T](), n), func(b *testing.B) {
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
