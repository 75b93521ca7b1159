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

// gatedUnit is a Custom operation for the tests: y = a⊙sigmoid(b), with
// scratch kept in the Func value (grown on first use).
type gatedUnit[T kernels.Float] struct{ s, u []T }

func (f *gatedUnit[T]) Forward(y Matrix[T], x []Matrix[T]) {
	f.s = grow(f.s, len(y.Data))
	kernels.Sigmoid(f.s, x[1].Data)
	kernels.Mul(y.Data, x[0].Data, f.s)
}

func (f *gatedUnit[T]) Backward(dy, y Matrix[T], x, dx []Matrix[T]) {
	n := len(dy.Data)
	f.s, f.u = grow(f.s, n), grow(f.u, n)
	kernels.Sigmoid(f.s, x[1].Data) // recomputed: another use may have overwritten it
	if dx[0].Data != nil {
		kernels.Mul(f.u, dy.Data, f.s)
		kernels.Axpy(1, f.u, dx[0].Data)
	}
	if dx[1].Data != nil {
		kernels.Mul(f.u, dy.Data, x[0].Data)
		kernels.SigmoidBackward(f.u, f.u, f.s)
		kernels.Axpy(1, f.u, dx[1].Data)
	}
}

func grow[T kernels.Float](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// zoo is a graph that uses every operation without a model of its own:
// gated tanh units, a Custom gate, a per-column scale, log-probabilities
// and probabilities, reductions along both axes and a transpose.
type zoo[T kernels.Float] struct {
	rows, features, hidden, classes int
	x, onehot                       []T
	w1, b1, w2, s                   *Param[T]
	glu                             *gatedUnit[T]
}

func newZoo[T kernels.Float](rng *rand.Rand, rows, features, hidden, classes int) *zoo[T] {
	z := &zoo[T]{
		rows: rows, features: features, hidden: hidden, classes: classes,
		x:      uniform[T](rng, rows*features, -2, 2),
		onehot: make([]T, rows*classes),
		w1:     NewParam(features, hidden, uniform[T](rng, features*hidden, -1, 1)),
		b1:     NewParam(1, hidden, uniform[T](rng, hidden, -0.5, 0.5)),
		w2:     NewParam(hidden, classes, uniform[T](rng, hidden*classes, -1, 1)),
		s:      NewParam(1, hidden, uniform[T](rng, hidden, -0.5, 0.5)),
		glu:    &gatedUnit[T]{},
	}
	for i := range rows {
		z.onehot[i*classes+rng.IntN(classes)] = 1
	}
	return z
}

func (z *zoo[T]) params() []*Param[T] { return []*Param[T]{z.w1, z.b1, z.w2, z.s} }

func (z *zoo[T]) loss(t *Tape[T]) Value[T] {
	x := t.Const(z.rows, z.features, z.x)
	w1 := t.Param(z.w1)
	pre := t.MatMul(x, w1)
	h := t.Mul(t.Tanh(t.Affine(x, w1, t.Param(z.b1))), t.Sigmoid(pre))
	h = t.Custom(z.glu, z.rows, z.hidden, h, pre)
	h = t.Div(h, t.Exp(t.Param(z.s)))
	logits := t.MatMul(h, t.Param(z.w2))
	nll := t.Scale(-1, t.Mean(t.RowSums(t.Mul(t.LogSoftmax(logits), t.Const(z.rows, z.classes, z.onehot)))))
	p := t.Softmax(logits)
	conf := t.Mean(t.RowMax(p))
	spread := t.Sum(t.Log(t.ColSums(p)))
	gram := t.Scale(1e-3, t.Sum(t.MatMul(t.Transpose(h), h)))
	return t.Add(t.Add(nll, t.Scale(0.1, conf)), t.Add(t.Scale(0.01, spread), gram))
}
