package gonumblas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// BenchmarkLevel1 compares the overridden Level 1 routines with gonum's,
// unit increments, at lengths from a few elements to beyond L2.
func BenchmarkLevel1(b *testing.B) {
	for _, n := range []int{4, 16, 32, 64, 256, 4096, 65536} {
		rnd := rand.New(rand.NewPCG(1, uint64(n)))
		x, y := vector[float64](rnd, n, 1, 0), vector[float64](rnd, n, 1, 0)
		for _, im := range impls {
			b.Run(fmt.Sprintf("op=ddot/impl=%s/n=%d", im.name, n), func(b *testing.B) {
				var s float64
				for b.Loop() {
					s += im.impl.Ddot(n, x, 1, y, 1)
				}
				sink = s
			})
		}
		for _, im := range impls {
			b.Run(fmt.Sprintf("op=daxpy/impl=%s/n=%d", im.name, n), func(b *testing.B) {
				for b.Loop() {
					im.impl.Daxpy(n, 1e-9, x, 1, y, 1)
				}
			})
		}
		for _, im := range impls {
			b.Run(fmt.Sprintf("op=dscal/impl=%s/n=%d", im.name, n), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dscal(n, 1.0000001, y, 1)
				}
			})
		}
	}
}

var sink float64

// BenchmarkLevel2 compares Dgemv and Dger with gonum's, on squares and on
// the tall, narrow shapes of LAPACK's unblocked panels (64 columns).
func BenchmarkLevel2(b *testing.B) {
	for _, sh := range [][2]int{{64, 64}, {256, 256}, {1024, 1024}, {1024, 64}, {1024, 16}, {64, 1024}} {
		m, n := sh[0], sh[1]
		rnd := rand.New(rand.NewPCG(2, uint64(m*n)))
		a := matrix[float64](rnd, m, n, n, 0)
		x, y := vector[float64](rnd, max(m, n), 1, 0), vector[float64](rnd, max(m, n), 1, 0)
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, im := range impls {
				b.Run(fmt.Sprintf("op=dgemv%c/impl=%s/m=%d/n=%d", tA, im.name, m, n), func(b *testing.B) {
					for b.Loop() {
						im.impl.Dgemv(tA, m, n, 1, a, n, x, 1, 0.5, y, 1)
					}
					b.ReportMetric(2*float64(m*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
		for _, im := range impls {
			b.Run(fmt.Sprintf("op=dger/impl=%s/m=%d/n=%d", im.name, m, n), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dger(m, n, 1e-9, x, 1, y, 1, a, n)
				}
				b.ReportMetric(2*float64(m*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
