package autodiff

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/simdgrad/simdgrad/kernels"
)

// A GradDiff describes the parameter element whose analytic gradient and
// central-difference estimate disagree most, as found by CheckGrad.
type GradDiff struct {
	Param    int     // index of the parameter in CheckGrad's params
	Index    int     // index of the element in its Data
	Analytic float64 // the gradient from Backward
	Numeric  float64 // the central-difference estimate
	RelErr   float64 // |Analytic − Numeric| / max(|Analytic|, |Numeric|, Floor)
	Floor    float64 // the smallest denominator of RelErr (see CheckGrad)
}

// Default steps of CheckGrad, by element type.
const (
	DefaultStep64 = 1e-4
	DefaultStep32 = 1e-2
)

// String formats d for a test failure.
func (d GradDiff) String() string {
	return fmt.Sprintf("param %d element %d: analytic %.10g, numeric %.10g, relative error %.3g (floor %.3g)",
		d.Param, d.Index, d.Analytic, d.Numeric, d.RelErr, d.Floor)
}

// CheckGrad compares the gradient that Backward computes for the scalar
// built by loss with central differences, (L(x+h) − L(x−h)) / 2h for each
// element x of each parameter, with the step h = step·max(1, |x|), and
// returns the worst element. A step of 0 means DefaultStep64 for float64
// and DefaultStep32 for float32. The differences are formed in float64
// from the losses computed in T and the perturbations as rounded to T.
//
// loss must record the same function of params each time it is called on
// a reset tape; CheckGrad calls it 2·n+1 times for n elements in all. On
// return each Grad holds the analytic gradient and each Data is unchanged.
//
// The estimate has a truncation error of order step²·L‴ and a rounding
// error of about ε·|L|/step, ε the unit roundoff of T (2⁻⁵³ or 2⁻²⁴).
// The relative error of each element is therefore measured against a
// floor, Floor = max(10⁻⁸, 1000·ε·max(1, |L|)/step) with L the loss at
// params: an element a thousand times the rounding error of its estimate
// or larger is judged by its relative error, a smaller one (one that
// should be zero, say) by its absolute error against that size, so that
// rounding alone reads as about 10⁻³ at most. In float64 at the default
// step the floor is 10⁻⁸ for losses up to about 10, and relative errors
// of 10⁻⁷ are typical; in float32 it is about 6·10⁻³·max(1, |L|), and
// relative errors below 5·10⁻³ mean agreement to the accuracy float32
// allows (for a loss that sums many terms, compare with the gradient
// computed in float64 instead).
func CheckGrad[T kernels.Float](loss func(*Tape[T]) Value[T], params []*Param[T], step float64) GradDiff {
	var z T
	eps := 0x1p-53
	if unsafe.Sizeof(z) == 4 {
		eps = 0x1p-24
	}
	if step == 0 {
		step = DefaultStep64
		if unsafe.Sizeof(z) == 4 {
			step = DefaultStep32
		}
	}
	var t Tape[T]
	eval := func() float64 {
		t.Reset()
		return float64(loss(&t).Scalar())
	}
	for _, p := range params {
		p.ZeroGrad()
	}
	t.Reset()
	l := loss(&t)
	t.Backward(l)
	floor := max(1e-8, 1000*eps*max(1, math.Abs(float64(l.Scalar())))/step)

	worst := GradDiff{Floor: floor}
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
			rel := math.Abs(a-n) / max(math.Abs(a), math.Abs(n), floor)
			if math.IsNaN(rel) {
				return GradDiff{Param: pi, Index: i, Analytic: a, Numeric: n, RelErr: math.Inf(1), Floor: floor}
			}
			if rel >= worst.RelErr {
				worst = GradDiff{Param: pi, Index: i, Analytic: a, Numeric: n, RelErr: rel, Floor: floor}
			}
		}
	}
	return worst
}
