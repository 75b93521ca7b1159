package mlp

import (
	"testing"

	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// irisRun is one Iris training run, stepped by hand: the trainer and the
// validation data, after one epoch, so that every buffer exists.
type irisRun[T kernels.Float] struct {
	tr     *trainer[T]
	xv     []T
	labels []int
}

func newIrisRun[T kernels.Float](v Variant) *irisRun[T] {
	train, valid := benchdata.StratifiedSplit(benchdata.Iris(), 100, 0)
	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)
	net := New[T]([]int{4, 12, 3}, v, 0)
	r := &irisRun[T]{tr: newTrainer(net, train, optim.SGD{LR: DefaultLR}, 0, 0), xv: convert[T](valid.X), labels: valid.Labels}
	r.epoch()
	return r
}

// epoch is the body of Train's loop: a step, which also yields the
// training accuracy, and the validation accuracy.
func (r *irisRun[T]) epoch() (T, float64, float64) {
	loss, acc := r.tr.step()
	return loss, acc, r.tr.net.Accuracy(r.xv, r.labels)
}

func TestEpochAllocs(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("the race detector makes sync.Pool, used by the kernels, drop items")
	}
	for _, v := range []Variant{Standard, Writeup} {
		r64 := newIrisRun[float64](v)
		if n := testing.AllocsPerRun(100, func() { r64.epoch() }); n != 0 {
			t.Errorf("%v float64: %v allocations per epoch, want 0", v, n)
		}
		r32 := newIrisRun[float32](v)
		if n := testing.AllocsPerRun(100, func() { r32.epoch() }); n != 0 {
			t.Errorf("%v float32: %v allocations per epoch, want 0", v, n)
		}
		dst := make([]int, len(r32.labels))
		if n := testing.AllocsPerRun(100, func() { r32.tr.net.Predict(dst, r32.xv) }); n != 0 {
			t.Errorf("%v: Predict: %v allocations, want 0", v, n)
		}
	}
}

// A mini-batch epoch with Adam, the last batch short, allocates nothing
// after the first.
func TestMiniBatchEpochAllocs(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("the race detector makes sync.Pool, used by the kernels, drop items")
	}
	train, _ := benchdata.StratifiedSplit(benchdata.Iris(), 100, 0)
	for _, v := range []Variant{Standard, Writeup} {
		tr := newTrainer(New[float32]([]int{4, 12, 3}, v, 0), train, optim.Adam{LR: 0.01}, 16, 0)
		tr.epoch()
		if n := testing.AllocsPerRun(50, func() { tr.epoch() }); n != 0 {
			t.Errorf("%v: %v allocations per mini-batch epoch, want 0", v, n)
		}
	}
}

// BenchmarkMLPEpoch times one epoch of the Iris network 4 → 12 → 3 as
// Train runs it: forward and backward on the 100 training rows, the
// update of all parameters, the training accuracy from the forward pass
// and the validation accuracy from a forward pass on the 50 others.
func BenchmarkMLPEpoch(b *testing.B) {
	b.Run("dtype=f32", func(b *testing.B) { benchEpoch(b, newIrisRun[float32](Standard)) })
	b.Run("dtype=f64", func(b *testing.B) { benchEpoch(b, newIrisRun[float64](Standard)) })
}

func benchEpoch[T kernels.Float](b *testing.B, r *irisRun[T]) {
	b.ReportAllocs()
	for b.Loop() {
		r.epoch()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/epoch")
}
