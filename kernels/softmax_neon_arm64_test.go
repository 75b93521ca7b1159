//go:build !purego

package kernels

import (
	"fmt"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// TestSoftmaxNarrowWrapperBounds checks the wrapper of the narrow softmax
// kernel against the length its generator declares (softmaxNarrowLen): x
// and dst exactly that long, flush against a guard page, run without
// faulting; either one element shorter panics with Go's index error before
// the assembly runs. See TestGemmWrapperBounds.
func TestSoftmaxNarrowWrapperBounds(t *testing.T) {
	t.Run("dtype=f32", testSoftmaxNarrowBounds[float32])
	t.Run("dtype=f64", testSoftmaxNarrowBounds[float64])
}

func testSoftmaxNarrowBounds[T Float](t *testing.T) {
	for _, rows := range []int{1, 2, 7} {
		for cols := 1; cols <= narrowCols[T](); cols++ {
			need := softmaxNarrowLenF64(rows, cols)
			if is32[T]() {
				need = softmaxNarrowLenF32(rows, cols)
			}
			run := func(short int) string {
				s := make([][]T, 2)
				for i := range s {
					n := need
					if i == short {
						n--
					}
					buf, free := harness.Guarded[T](n, harness.End)
					defer free()
					for j := range buf {
						buf[j] = T(j % 5)
					}
					s[i] = buf
				}
				return outcome(func() { softmaxNarrowCall(s[0], s[1], rows, cols) })
			}
			name := fmt.Sprintf("rows=%d cols=%d (length %d)", rows, cols, need)
			if got := run(-1); got != "ok" {
				t.Errorf("%s: %s", name, got)
			}
			for i, arg := range []string{"dst", "x"} {
				if got := run(i); got != "bounds" {
					t.Errorf("%s with %s one shorter: %s, want a bounds panic", name, arg, got)
				}
			}
		}
	}
}
