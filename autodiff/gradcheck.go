package autodiff

import (
	"fmt"
	"math"

	"github.com/simdgrad/simdgrad/kernels"
)

// A GradDiff describes the parameter element whose analytic gradient and
// central-difference estimate disagree most, as found by CheckGrad.
type GradDiff struct {
	Param    int     // index of the parameter in CheckGrad's params
	Index    int     // index of the element in its Data
	Analytic float64 // the gradient from Backward
	Numeric  float64 // the central-difference estimate
	RelErr   float64 // |Analytic − Numeric| / max(|Analytic|, |Numeric|, relFloor)
}

// relFloor is the smallest denominator of GradDiff.RelErr, so that a
// gradient that should be zero is judged by its absolute error.
const relFloor = 1e-8

// String formats d for a test failure.
func (d GradDiff) String() string {
	return fmt.Sprintf("param %d element %d: analytic %.10g, numeric %.10g, relative error %.3g",
		d.Param, d.Index, d.Analytic, d.Numeric, d.RelErr)
}

// CheckGrad compares the gradient that Backward computes for the scalar
// built by loss with central differences, (L(x+h) − L(x−h)) / 2h for each
// element x of each parameter, with the step h = step·max(1, |x|), and
// returns the worst element. The differences are formed in float64 from
// the losses computed in T and the perturbations as rounded to T.
//
// loss must record the same function of params each time it is called on
// a reset tape; CheckGrad calls it 2·n+1 times for n elements in all. On
// return each Grad holds the analytic gradient and each Data is unchanged.
//
// The estimate has a truncation error of order step²·L‴ and a rounding
// error of about ε·|L|/step, ε the unit roundoff of T. Steps of 1e-5 to
// 1e-4 suit float64, where relative errors of 1e-7 are typical; in float32
// a step near 1e-2 gives estimates good to a few parts in 1e4, and only
// for gradient elements not much smaller than the loss.
func CheckGrad[T kernels.Float](loss func(*Tape[T]) Value[T], params []*Param[T], step float64) GradDiff {
	var t Tape[T]
	eval := func() float64 {
		t.Reset()
		return float64(loss(&t).Scalar())
	}
	for _, p := range params {
		p.ZeroGrad()
	}
	t.Reset()
	t.Backward(loss(&t))

	var worst GradDiff
	for pi, p := range params {
		for i, x := range p.Data {
			h := step * max(1, math.Abs(float64(x)))
			xp, xm := T(float64(x)+h), T(float64(x)-h)
			p.Data[i] = xp
			lp := eval()
			p.Data[i] = xm
			lm := eval()
			p.Data[i] = x

			a := float64(p.Grad[i])
			n := (lp - lm) / (float64(xp) - float64(xm))
			rel := math.Abs(a-n) / max(math.Abs(a), math.Abs(n), relFloor)
			if math.IsNaN(rel) {
				return GradDiff{Param: pi, Index: i, Analytic: a, Numeric: n, RelErr: math.Inf(1)}
			}
			if rel >= worst.RelErr {
				worst = GradDiff{Param: pi, Index: i, Analytic: a, Numeric: n, RelErr: rel}
			}
		}
	}
	return worst
}
