package optim_test

import (
	"fmt"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/autodiff/optim"
)

// Fit y = w·x + b to four points on the line y = 2x + 1 with three
// methods, from the same start, and compare the losses after 100 steps.
func Example() {
	x := []float64{0, 1, 2, 3}
	y := []float64{1, 3, 5, 7}
	for _, m := range []optim.Method{
		optim.SGD{LR: 0.02},
		optim.SGD{LR: 0.02, Momentum: 0.9, Nesterov: true},
		optim.Adam{LR: 0.1},
	} {
		w := autodiff.NewParam[float64](1, 1, nil)
		b := autodiff.NewParam[float64](1, 1, nil)
		opt := optim.New(m, []*autodiff.Param[float64]{w, b})
		var t autodiff.Tape[float64]
		var loss float64
		for range 100 {
			t.Reset()
			opt.ZeroGrad()
			l := t.MSE(t.Add(t.MatMul(t.Const(4, 1, x), t.Param(w)), t.Param(b)), t.Const(4, 1, y), autodiff.ReduceMean)
			t.Backward(l)
			opt.Step()
			loss = l.Scalar()
		}
		fmt.Printf("%-45v loss %.1e, w = %.3f, b = %.3f\n", m, loss, w.Data[0], b.Data[0])
	}
	// Output:
	// SGD(lr=0.02)                                  loss 9.1e-05, w = 2.007, b = 0.984
	// SGD(lr=0.02, momentum=0.9, nesterov)          loss 9.2e-09, w = 2.000, b = 1.000
	// Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-08)   loss 4.5e-03, w = 1.942, b = 1.095
}
