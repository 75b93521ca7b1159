package autodiff_test

import (
	"fmt"

	"github.com/simdgrad/simdgrad/autodiff"
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
