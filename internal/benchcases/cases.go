package benchcases

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/simdgrad/simdgrad/kernels"
)

// Name returns the name of a case of benchmark bench (without its
// "Benchmark" prefix) for implementation impl under tier isa, followed by
// the case's own key=value parts:
//
//	Name("Gemm", "gonum", "avx2", "dtype=f32", "n=512") = "Gemm/impl=gonum/isa=avx2/dtype=f32/n=512"
func Name(bench, impl, isa string, parts ...string) string {
	return strings.Join(append([]string{bench, "impl=" + impl, "isa=" + isa}, parts...), "/")
}

// Dtype is the name of T in benchmark names: "f32" or "f64".
func Dtype[T kernels.Float]() string {
	var z T
	if _, ok := any(z).(float32); ok {
		return "f32"
	}
	return "f64"
}

// SizeOf is the size of T in bytes.
func SizeOf[T kernels.Float]() int64 {
	if Dtype[T]() == "f32" {
		return 4
	}
	return 8
}

// RandSlice returns n values drawn uniformly from [−1, 1) by r.
func RandSlice[T kernels.Float](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(r.Float64()*2 - 1)
	}
	return x
}

// Sizes of the element-wise cases, in elements.
var (
	// VectorSizes are the lengths of the vector operations' cases, all
	// within L2 in float32.
	VectorSizes = []int{1024, 16384, 65536}
	// ReLUSizes add a 1024×1024 activation (4 MiB in float32, beyond L2)
	// to VectorSizes.
	ReLUSizes = []int{1024, 16384, 65536, 1 << 20}
	// SoftmaxShapes are rows×cols inputs of Softmax and LogSoftmax: a batch
	// of 1000-class rows, a square matrix, and the 3-class head of the
	// Iris network (the narrow path).
	SoftmaxShapes = [][2]int{{64, 1000}, {1024, 1024}, {150, 3}}
)

// UnaryBytes is the memory traffic of an element-wise kernel of one input
// and one output (ReLU, Softmax, copy) over n elements of T: n read plus n
// written.
func UnaryBytes[T kernels.Float](n int) int64 { return 2 * SizeOf[T]() * int64(n) }

// SoftmaxInput returns the rows×cols input of a softmax case, values in
// [−10, 10) drawn by a generator seeded with seed.
func SoftmaxInput[T kernels.Float](rows, cols int, seed uint64) []T {
	x := RandSlice[T](rand.New(rand.NewPCG(seed, seed+1)), rows*cols)
	for i := range x {
		x[i] *= 10
	}
	return x
}

// SoftmaxKey is the name part of a softmax case: "rows=64/cols=1000".
func SoftmaxKey(rows, cols int) string { return fmt.Sprintf("rows=%d/cols=%d", rows, cols) }

// Copy is the memory-speed yardstick of the element-wise kernels:
// dst = x with the builtin copy. It is measured as impl=copy beside ReLU.
func Copy[T kernels.Float](dst, x []T) { copy(dst, x) }
