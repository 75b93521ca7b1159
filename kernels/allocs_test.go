package kernels_test

import (
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

// TestKernelsDoNotAllocate checks every element-wise, reduction and softmax
// kernel on every tier, for narrow and wide rows (Gemm has
// TestGemmAllocs).
func TestKernelsDoNotAllocate(t *testing.T) {
	x, y, dst := make([]float32, 1500), make([]float32, 1500), make([]float32, 1500)
	x64, dst64 := make([]float64, 1500), make([]float64, 1500)
	var sink float32
	calls := map[string]func(){
		"ReLU":         func() { kernels.ReLU(dst, x) },
		"ReLUBackward": func() { kernels.ReLUBackward(dst, y, x) },
		"Axpy":         func() { kernels.Axpy(2, x, dst) },
		"Scale":        func() { kernels.Scale(dst, 2, x) },
		"Add":          func() { kernels.Add(dst, x, y) },
		"Sub":          func() { kernels.Sub(dst, x, y) },
		"Mul":          func() { kernels.Mul(dst, x, y) },
		"Sum":          func() { sink += kernels.Sum(x) },
		"Dot":          func() { sink += kernels.Dot(x, y) },
		"AddColSums":   func() { kernels.AddColSums(dst[:10], x, 150, 10, 10) },
		"Softmax/150×3": func() {
			kernels.Softmax(dst[:450], x[:450], 150, 3)
			kernels.Softmax(dst64[:450], x64[:450], 150, 3)
		},
		"Softmax/1×1500": func() { kernels.Softmax(dst, x, 1, 1500) },
		"LogSoftmax/150×3": func() {
			kernels.LogSoftmax(dst[:450], x[:450], 150, 3)
			kernels.LogSoftmax(dst64[:450], x64[:450], 150, 3)
		},
		"LogSoftmax/3×500": func() { kernels.LogSoftmax(dst, x, 3, 500) },
	}
	forEachTier(t, func(t *testing.T) {
		for name, f := range calls {
			if n := testing.AllocsPerRun(10, f); n != 0 {
				t.Errorf("%s: %v allocations per call, want 0", name, n)
			}
		}
	})
	_ = sink
}
