package factorise

import (
	"testing"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// irisGD returns a factorisation of centred Iris at rank 2 in T, after
// one epoch, so that its tape's buffers exist.
func irisGD[T kernels.Float]() *gd[T] {
	d := benchdata.Iris()
	d.CenterColumns()
	a := make([]T, len(d.X))
	for i, v := range d.X {
		a[i] = T(v)
	}
	g := newGD(a, d.Rows, d.Features, 2, 1)
	g.epoch(DefaultLR, autodiff.ReduceSum)
	return g
}

func TestEpochAllocs(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("the race detector makes sync.Pool, used by the kernels, drop items")
	}
	g64 := irisGD[float64]()
	if n := testing.AllocsPerRun(100, func() { g64.epoch(DefaultLR, autodiff.ReduceSum) }); n != 0 {
		t.Errorf("float64: %v allocations per epoch, want 0", n)
	}
	g32 := irisGD[float32]()
	if n := testing.AllocsPerRun(100, func() { g32.epoch(DefaultLR, autodiff.ReduceMean) }); n != 0 {
		t.Errorf("float32: %v allocations per epoch, want 0", n)
	}
}

// BenchmarkFactoriseEpoch times one epoch of GD (forward, backward and
// update) on centred Iris at rank 2, 150×4 = U(150×2)·V(4×2)ᵀ.
func BenchmarkFactoriseEpoch(b *testing.B) {
	b.Run("dtype=f32", func(b *testing.B) { benchEpoch(b, irisGD[float32]()) })
	b.Run("dtype=f64", func(b *testing.B) { benchEpoch(b, irisGD[float64]()) })
}

func benchEpoch[T kernels.Float](b *testing.B, g *gd[T]) {
	b.ReportAllocs()
	for b.Loop() {
		g.epoch(DefaultLR, autodiff.ReduceSum)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/epoch")
}
