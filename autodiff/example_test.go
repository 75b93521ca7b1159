package autodiff_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/kernels"
)

// Fit y = w·x + b to four points on the line y = 2x + 1 by gradient
// descent on the mean squared error.
func Example() {
	x := []float64{0, 1, 2, 3}
	y := []float64{1, 3, 5, 7}
	w := autodiff.NewParam[float64](1, 1, nil)
	b := autodiff.NewParam[float64](1, 1, nil)

	var t autodiff.Tape[float64]
	for step := range 500 {
		t.Reset()
		w.ZeroGrad()
		b.ZeroGrad()
		pred := t.Add(t.MatMul(t.Const(4, 1, x), t.Param(w)), t.Param(b)) // b is added to every row
		loss := t.MSE(pred, t.Const(4, 1, y), autodiff.ReduceMean)
		t.Backward(loss)
		w.Step(0.02)
		b.Step(0.02)
		if step%100 == 0 {
			fmt.Printf("step %3d: loss %.2e\n", step, loss.Scalar())
		}
	}
	fmt.Printf("w = %.3f, b = %.3f\n", w.Data[0], b.Data[0])
	// Output:
	// step   0: loss 2.10e+01
	// step 100: loss 8.91e-05
	// step 200: loss 8.13e-06
	// step 300: loss 7.42e-07
	// step 400: loss 6.78e-08
	// w = 2.000, b = 1.000
}

// A classifier of your own: a 2 → 16 (tanh) → 2 network on two
// interleaved half circles, initialised by Xavier's rule and trained with
// Adam on the mean cross-entropy, then evaluated on a NoGrad tape.
func Example_classifier() {
	x, labels := twoMoons(400, 0.1, 1) // 400×2 points and their classes 0 and 1
	rng := rand.New(rand.NewPCG(0, 0))
	w1, b1 := autodiff.NewParam[float64](2, 16, nil), autodiff.NewParam[float64](1, 16, nil)
	w2, b2 := autodiff.NewParam[float64](16, 2, nil), autodiff.NewParam[float64](1, 2, nil)
	autodiff.XavierUniform(w1, rng)
	autodiff.XavierUniform(w2, rng)
	logits := func(t *autodiff.Tape[float64], x []float64) autodiff.Value[float64] {
		h := t.Tanh(t.Affine(t.Const(len(x)/2, 2, x), t.Param(w1), t.Param(b1)))
		return t.Affine(h, t.Param(w2), t.Param(b2))
	}

	opt := optim.New(optim.Adam{LR: 0.03}, []*autodiff.Param[float64]{w1, b1, w2, b2})
	var t autodiff.Tape[float64]
	for step := range 600 {
		t.Reset()
		opt.ZeroGrad()
		loss := t.SoftmaxCrossEntropy(logits(&t, x), labels, autodiff.ReduceMean)
		t.Backward(loss)
		opt.Step()
		if step%200 == 0 {
			fmt.Printf("step %d: loss %.4f\n", step, loss.Scalar())
		}
	}

	test, testLabels := twoMoons(1000, 0.1, 2)
	eval := autodiff.Tape[float64]{NoGrad: true}
	out := logits(&eval, test).Data()
	right := 0
	for i, l := range testLabels {
		if (out[2*i+1] > out[2*i]) == (l == 1) {
			right++
		}
	}
	fmt.Printf("test accuracy %.3f\n", float64(right)/float64(len(testLabels)))
	// Output:
	// step 0: loss 0.4899
	// step 200: loss 0.0042
	// step 400: loss 0.0008
	// test accuracy 0.999
}

// softplus is log(1 + eˣ), element-wise, as an operation of one's own:
// the forward rule with math.Log1p, the backward rule with the sigmoid
// kernel, since d softplus(x)/dx = sigmoid(x). It keeps its scratch.
type softplus struct{ s []float64 }

func (f *softplus) Forward(y autodiff.Matrix[float64], x []autodiff.Matrix[float64]) {
	for i, v := range x[0].Data {
		y.Data[i] = max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) // stable for any v
	}
}

func (f *softplus) Backward(dy, y autodiff.Matrix[float64], x, dx []autodiff.Matrix[float64]) {
	if dx[0].Data == nil {
		return
	}
	if len(f.s) < len(dy.Data) {
		f.s = make([]float64, len(dy.Data))
	}
	s := f.s[:len(dy.Data)]
	kernels.Sigmoid(s, x[0].Data)
	kernels.Mul(s, s, dy.Data)
	kernels.Axpy(1, s, dx[0].Data) // add, never overwrite
}

// An operation defined outside the package, recorded with Custom and
// checked with CheckGrad.
func ExampleTape_Custom() {
	sp := &softplus{} // made once: recording it allocates nothing
	p := autodiff.NewParam(2, 3, []float64{-2, -0.5, 0, 0.5, 1, 3})
	loss := func(t *autodiff.Tape[float64]) autodiff.Value[float64] {
		y := t.Custom(sp, 2, 3, t.Param(p))
		return t.Sum(t.Mul(y, y))
	}
	var t autodiff.Tape[float64]
	fmt.Printf("loss %.4f\n", loss(&t).Scalar())
	d := autodiff.CheckGrad(loss, []*autodiff.Param[float64]{p}, 0)
	fmt.Println("gradient agrees to 1e-6:", d.RelErr < 1e-6)
	// Output:
	// loss 12.6887
	// gradient agrees to 1e-6: true
}
