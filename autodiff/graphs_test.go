package autodiff

import (
	"math/rand/v2"

	"github.com/simdgrad/simdgrad/kernels"
)

// The two model-shaped graphs the tests and benchmarks share, with the
// shapes of the Iris experiments: factorise fits A (150×4) by U·Vᵀ with
// U 150×2 and V 4×2; mlp classifies 150 samples of 4 features into 3
// classes through 12 ReLU units.

func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// uniform returns n values drawn uniformly from [lo, hi).
func uniform[T kernels.Float](rng *rand.Rand, n int, lo, hi float64) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(lo + (hi-lo)*rng.Float64())
	}
	return x
}

type factorise[T kernels.Float] struct {
	m, n int
	a    []T
	u, v *Param[T]
}

func newFactorise[T kernels.Float](rng *rand.Rand, m, n, rank int) *factorise[T] {
	return &factorise[T]{
		m: m, n: n,
		a: uniform[T](rng, m*n, -2, 2),
		u: NewParam(m, rank, uniform[T](rng, m*rank, 0, 1)),
		v: NewParam(n, rank, uniform[T](rng, n*rank, 0, 1)),
	}
}

func (f *factorise[T]) params() []*Param[T] { return []*Param[T]{f.u, f.v} }

// loss records ‖A − U·Vᵀ‖²_F.
func (f *factorise[T]) loss(t *Tape[T]) Value[T] {
	uv := t.MatMulT(t.Param(f.u), t.Param(f.v))
	return t.MSE(t.Const(f.m, f.n, f.a), uv, ReduceSum)
}

type mlp[T kernels.Float] struct {
	samples, features int
	x                 []T
	labels            []int
	w1, b1, w2, b2    *Param[T]
}

func newMLP[T kernels.Float](rng *rand.Rand, samples, features, hidden, classes int) *mlp[T] {
	labels := make([]int, samples)
	for i := range labels {
		labels[i] = rng.IntN(classes)
	}
	return &mlp[T]{
		samples: samples, features: features,
		x:      uniform[T](rng, samples*features, -2, 2),
		labels: labels,
		w1:     NewParam(features, hidden, uniform[T](rng, features*hidden, -1, 1)),
		b1:     NewParam(1, hidden, uniform[T](rng, hidden, -0.5, 0.5)),
		w2:     NewParam(hidden, classes, uniform[T](rng, hidden*classes, -1, 1)),
		b2:     NewParam(1, classes, uniform[T](rng, classes, -0.5, 0.5)),
	}
}

func (m *mlp[T]) params() []*Param[T] { return []*Param[T]{m.w1, m.b1, m.w2, m.b2} }

// loss records the mean cross-entropy of ReLU(X·W1 + b1)·W2 + b2.
func (m *mlp[T]) loss(t *Tape[T]) Value[T] {
	x := t.Const(m.samples, m.features, m.x)
	h := t.ReLU(t.Add(t.MatMul(x, t.Param(m.w1)), t.Param(m.b1)))
	logits := t.Add(t.MatMul(h, t.Param(m.w2)), t.Param(m.b2))
	return t.SoftmaxCrossEntropy(logits, m.labels, ReduceMean)
}

// step runs one training step of loss on t: forward, backward, update.
func step[T kernels.Float](t *Tape[T], loss func(*Tape[T]) Value[T], params []*Param[T], lr T) T {
	t.Reset()
	for _, p := range params {
		p.ZeroGrad()
	}
	l := loss(t)
	t.Backward(l)
	for _, p := range params {
		p.Step(lr)
	}
	return l.Scalar()
}
