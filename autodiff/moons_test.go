package autodiff_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/kernels"
)

// twoMoons returns n points of the two interleaved half circles, with
// Gaussian noise of standard deviation noise, and their labels: class 0
// on (cos θ, sin θ), class 1 on (1 − cos θ, ½ − sin θ), θ uniform in
// [0, π], alternately.
func twoMoons(n int, noise float64, seed uint64) (x []float64, labels []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range n {
		theta := math.Pi * rng.Float64()
		a, b := math.Cos(theta), math.Sin(theta)
		if i%2 == 1 {
			a, b = 1-a, 0.5-b
		}
		x = append(x, a+noise*rng.NormFloat64(), b+noise*rng.NormFloat64())
		labels = append(labels, i%2)
	}
	return x, labels
}

// moonsNet is a 2 → hidden (tanh) → 2 classifier.
type moonsNet[T kernels.Float] struct {
	w1, b1, w2, b2 *autodiff.Param[T]
}

func newMoonsNet[T kernels.Float](hidden int, seed uint64) *moonsNet[T] {
	rng := rand.New(rand.NewPCG(seed, 0))
	n := &moonsNet[T]{
		w1: autodiff.NewParam[T](2, hidden, nil), b1: autodiff.NewParam[T](1, hidden, nil),
		w2: autodiff.NewParam[T](hidden, 2, nil), b2: autodiff.NewParam[T](1, 2, nil),
	}
	autodiff.XavierUniform(n.w1, rng)
	autodiff.XavierUniform(n.w2, rng)
	return n
}

func (n *moonsNet[T]) params() []*autodiff.Param[T] {
	return []*autodiff.Param[T]{n.w1, n.b1, n.w2, n.b2}
}

// logits records the network's outputs for the rows of x.
func (n *moonsNet[T]) logits(t *autodiff.Tape[T], x []T) autodiff.Value[T] {
	h := t.Tanh(t.Affine(t.Const(len(x)/2, 2, x), t.Param(n.w1), t.Param(n.b1)))
	return t.Affine(h, t.Param(n.w2), t.Param(n.b2))
}

// train runs steps of Adam on the mean cross-entropy of the whole set.
func (n *moonsNet[T]) train(x []T, labels []int, steps int, m optim.Method) float64 {
	var t autodiff.Tape[T]
	opt := optim.New(m, n.params())
	var loss T
	for range steps {
		t.Reset()
		opt.ZeroGrad()
		l := t.SoftmaxCrossEntropy(n.logits(&t, x), labels, autodiff.ReduceMean)
		t.Backward(l)
		opt.Step()
		loss = l.Scalar()
	}
	return float64(loss)
}

// accuracy evaluates the network on a NoGrad tape.
func (n *moonsNet[T]) accuracy(x []T, labels []int) float64 {
	t := autodiff.Tape[T]{NoGrad: true}
	out := n.logits(&t, x).Data()
	right := 0
	for i, l := range labels {
		if (out[2*i+1] > out[2*i]) == (l == 1) {
			right++
		}
	}
	return float64(right) / float64(len(labels))
}

func convert[T kernels.Float](x []float64) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}

// TestTwoMoonsAdam trains a 2-16-2 tanh network with Adam on 400 noisy
// two-moons points and checks it on 1000 others: at least 0.99 of both
// are classified right, in float64 and in float32, for several seeds.
func TestTwoMoonsAdam(t *testing.T) {
	x, labels := twoMoons(400, 0.1, 1)
	xt, lt := twoMoons(1000, 0.1, 2)
	for _, seed := range []uint64{0, 1, 2} {
		n64 := newMoonsNet[float64](16, seed)
		loss := n64.train(x, labels, 600, optim.Adam{LR: 0.03})
		tr, te := n64.accuracy(x, labels), n64.accuracy(xt, lt)
		t.Logf("seed %d float64: loss %.4f, train accuracy %.4f, test accuracy %.4f", seed, loss, tr, te)
		if tr < 0.99 || te < 0.99 {
			t.Errorf("seed %d float64: train accuracy %.4f, test accuracy %.4f, want ≥ 0.99", seed, tr, te)
		}
		n32 := newMoonsNet[float32](16, seed)
		x32, xt32 := convert[float32](x), convert[float32](xt)
		loss = n32.train(x32, labels, 600, optim.Adam{LR: 0.03})
		tr, te = n32.accuracy(x32, labels), n32.accuracy(xt32, lt)
		t.Logf("seed %d float32: loss %.4f, train accuracy %.4f, test accuracy %.4f", seed, loss, tr, te)
		if tr < 0.99 || te < 0.99 {
			t.Errorf("seed %d float32: train accuracy %.4f, test accuracy %.4f, want ≥ 0.99", seed, tr, te)
		}
	}
}
