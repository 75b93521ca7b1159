package kernels_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

// BenchmarkGemmCallers measures the total throughput of several goroutines
// each running its own product at the same time (callers=4), against the
// same products run one after another (callers=1), with products large
// enough to be split across threads: a caller whose product meets a busy
// pool must run its share itself rather than wait.
func BenchmarkGemmCallers(b *testing.B) {
	const n, products = 384, 4
	type operands struct{ a, b, c []float32 }
	ops := make([]operands, products)
	for i := range ops {
		ops[i] = operands{make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)}
		for j := range ops[i].a {
			ops[i].a[j] = float32(j%7) - 3
			ops[i].b[j] = float32(j%5) - 2
		}
	}
	run := func(o operands) {
		kernels.Gemm(false, false, n, n, n, 1, o.a, n, o.b, n, 0, o.c, n)
	}
	for _, callers := range []int{1, 2, 4} {
		name := fmt.Sprintf("impl=simdgrad/isa=%s/n=%d/products=%d/callers=%d", kernels.ISA(), n, products, callers)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				for g := range callers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for p := g; p < products; p += callers {
							run(ops[p])
						}
					}()
				}
				wg.Wait()
			}
			b.ReportMetric(float64(2*n*n*n*products)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
