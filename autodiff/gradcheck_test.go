package autodiff

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

// Steps and tolerances for CheckGrad. A central difference with step h
// has a truncation error of order h²·L‴ and a rounding error of about
// ε·|L|/h, where ε is the unit roundoff of the type the loss is computed
// in. In float64 a step of 1e-4 keeps both near 1e-8 for these losses;
// every case passes at a relative error of 1e-6, and most at 1e-7.
//
// In float32 (ε ≈ 6e-8) the best step, about 1e-2, leaves estimates good
// to a few parts in 1e4 for the small single-operation losses, which are
// held to 5e-3. The model losses, sums over 150 samples, are too large
// next to their smallest gradient elements for any step to resolve them
// in float32, and their ReLU kinks lie within 1e-2 of many samples; so in
// float32 the models are checked against the float64 gradients instead
// (TestFloat32MatchesFloat64), which CheckGrad verifies.
const (
	step64, tol64 = 1e-4, 1e-6
	step32, tol32 = 1e-2, 5e-3
)

type gradCase[T kernels.Float] struct {
	name   string
	params []*Param[T]
	loss   func(*Tape[T]) Value[T]
}

// opCases returns one scalar loss per operation (and per notable
// variant), each a function of its own freshly drawn parameters. A
// matrix-valued operation is reduced by its squared distance to a fixed
// target, so the gradient flowing into it is not uniform.
func opCases[T kernels.Float]() []gradCase[T] {
	rng := newRand()
	param := func(rows, cols int) *Param[T] {
		return NewParam(rows, cols, awayFromZero[T](rng, rows*cols))
	}
	fit := func(rows, cols int) func(*Tape[T], Value[T]) Value[T] {
		target := uniform[T](rng, rows*cols, -1, 1)
		return func(t *Tape[T], y Value[T]) Value[T] {
			return t.MSE(y, t.Const(rows, cols, target), ReduceSum)
		}
	}
	labels := []int{0, 3, 1, 1, 2, 3}
	var cases []gradCase[T]
	add := func(name string, loss func(*Tape[T]) Value[T], params ...*Param[T]) {
		cases = append(cases, gradCase[T]{name, params, loss})
	}

	{
		a, b, f := param(5, 3), param(3, 4), fit(5, 4)
		add("MatMul", func(t *Tape[T]) Value[T] { return f(t, t.MatMul(t.Param(a), t.Param(b))) }, a, b)
	}
	{
		x, b, f := uniform[T](rng, 15, -1, 1), param(3, 4), fit(5, 4)
		add("MatMul/const", func(t *Tape[T]) Value[T] { return f(t, t.MatMul(t.Const(5, 3, x), t.Param(b))) }, b)
	}
	{
		a, b, f := param(5, 3), param(4, 3), fit(5, 4)
		add("MatMulT", func(t *Tape[T]) Value[T] { return f(t, t.MatMulT(t.Param(a), t.Param(b))) }, a, b)
	}
	{
		x, w, b, f := param(5, 3), param(3, 4), param(1, 4), fit(5, 4)
		add("Affine", func(t *Tape[T]) Value[T] { return f(t, t.Affine(t.Param(x), t.Param(w), t.Param(b))) }, x, w, b)
		c := uniform[T](rng, 15, -1, 1)
		add("Affine/const-input", func(t *Tape[T]) Value[T] {
			return f(t, t.Affine(t.Const(5, 3, c), t.Param(w), t.Param(b)))
		}, w, b)
		add("Affine/const-bias", func(t *Tape[T]) Value[T] {
			return f(t, t.Affine(t.Param(x), t.Param(w), t.Const(1, 4, b.Data)))
		}, x, w)
		// The input's gradient comes from the product and from the sum.
		add("Affine/reused-input", func(t *Tape[T]) Value[T] {
			h := t.ReLU(t.Param(x))
			return f(t, t.Add(t.Affine(h, t.Param(w), t.Param(b)), t.MatMul(h, t.Param(w))))
		}, x, w, b)
	}
	{
		a, b, f := param(5, 4), param(5, 4), fit(5, 4)
		add("Add", func(t *Tape[T]) Value[T] { return f(t, t.Add(t.Param(a), t.Param(b))) }, a, b)
	}
	{
		a, b, f := param(5, 4), param(1, 4), fit(5, 4)
		add("Add/bias", func(t *Tape[T]) Value[T] { return f(t, t.Add(t.Param(a), t.Param(b))) }, a, b)
	}
	{
		a, b, f := param(5, 4), param(5, 4), fit(5, 4)
		add("Sub", func(t *Tape[T]) Value[T] { return f(t, t.Sub(t.Param(a), t.Param(b))) }, a, b)
	}
	{
		a, f := param(5, 4), fit(5, 4)
		add("Scale", func(t *Tape[T]) Value[T] { return f(t, t.Scale(-2.5, t.Param(a))) }, a)
	}
	{
		a, f := param(6, 5), fit(6, 5)
		add("ReLU", func(t *Tape[T]) Value[T] { return f(t, t.ReLU(t.Param(a))) }, a)
	}
	for _, r := range []Reduction{ReduceSum, ReduceMean} {
		logits := param(len(labels), 4)
		add("SoftmaxCrossEntropy/"+r.String(), func(t *Tape[T]) Value[T] {
			return t.SoftmaxCrossEntropy(t.Param(logits), labels, r)
		}, logits)
		a, b := param(5, 4), param(5, 4)
		add("MSE/"+r.String(), func(t *Tape[T]) Value[T] { return t.MSE(t.Param(a), t.Param(b), r) }, a, b)
	}
	{
		a := param(5, 4)
		add("Sum", func(t *Tape[T]) Value[T] { return t.Sum(t.Param(a)) }, a)
		add("Mean", func(t *Tape[T]) Value[T] { return t.Mean(t.Param(a)) }, a)
	}
	{
		// Denominators of Div stay between 2 and 3 in magnitude, where the
		// step is small next to them.
		away := func(rows, cols int) *Param[T] {
			x := awayFromZero[T](rng, rows*cols)
			for i := range x {
				x[i] += T(math.Copysign(2, float64(x[i])))
			}
			return NewParam(rows, cols, x)
		}
		a, b, row, f := param(5, 4), away(5, 4), away(1, 4), fit(5, 4)
		add("Mul", func(t *Tape[T]) Value[T] { return f(t, t.Mul(t.Param(a), t.Param(b))) }, a, b)
		add("Mul/row", func(t *Tape[T]) Value[T] { return f(t, t.Mul(t.Param(a), t.Param(row))) }, a, row)
		add("Mul/self", func(t *Tape[T]) Value[T] { v := t.Param(a); return f(t, t.Mul(v, v)) }, a)
		add("Div", func(t *Tape[T]) Value[T] { return f(t, t.Div(t.Param(a), t.Param(b))) }, a, b)
		add("Div/row", func(t *Tape[T]) Value[T] { return f(t, t.Div(t.Param(a), t.Param(row))) }, a, row)
		add("Div/self-denominator", func(t *Tape[T]) Value[T] {
			v := t.Param(b)
			return f(t, t.Add(t.Div(t.Param(a), v), v))
		}, a, b)
	}
	{
		a, pos, f := param(6, 5), NewParam(6, 5, uniform[T](rng, 30, 0.5, 2)), fit(6, 5)
		add("Exp", func(t *Tape[T]) Value[T] { return f(t, t.Exp(t.Param(a))) }, a)
		add("Log", func(t *Tape[T]) Value[T] { return f(t, t.Log(t.Param(pos))) }, pos)
		add("Sigmoid", func(t *Tape[T]) Value[T] { return f(t, t.Sigmoid(t.Param(a))) }, a)
		add("Tanh", func(t *Tape[T]) Value[T] { return f(t, t.Tanh(t.Param(a))) }, a)
		add("Softmax", func(t *Tape[T]) Value[T] { return f(t, t.Softmax(t.Param(a))) }, a)
		add("LogSoftmax", func(t *Tape[T]) Value[T] { return f(t, t.LogSoftmax(t.Param(a))) }, a)
		// The first contribution and an accumulated one, for each rule.
		add("elementwise/reused", func(t *Tape[T]) Value[T] {
			v := t.Param(a)
			s := t.Add(t.Add(t.Exp(v), t.Sigmoid(v)), t.Add(t.Tanh(v), t.Softmax(v)))
			return f(t, t.Add(s, t.Add(t.LogSoftmax(v), t.Log(t.Param(pos)))))
		}, a, pos)
	}
	{
		a, ft, fr, fc := param(5, 3), fit(3, 5), fit(5, 1), fit(1, 3)
		add("Transpose", func(t *Tape[T]) Value[T] { return ft(t, t.Transpose(t.Param(a))) }, a)
		add("RowSums", func(t *Tape[T]) Value[T] { return fr(t, t.RowSums(t.Param(a))) }, a)
		add("ColSums", func(t *Tape[T]) Value[T] { return fc(t, t.ColSums(t.Param(a))) }, a)
		add("RowMax", func(t *Tape[T]) Value[T] { return fr(t, t.RowMax(t.Param(a))) }, a)
		add("shape/reused", func(t *Tape[T]) Value[T] {
			v := t.Param(a)
			s := t.Add(t.RowSums(v), t.RowMax(v))
			return t.Add(fr(t, s), t.Add(fc(t, t.ColSums(v)), ft(t, t.Transpose(v))))
		}, a)
	}
	{
		x, g, f := param(4, 3), param(4, 3), fit(4, 3)
		glu := &gatedUnit[T]{}
		add("Custom", func(t *Tape[T]) Value[T] { return f(t, t.Custom(glu, 4, 3, t.Param(x), t.Param(g))) }, x, g)
		add("Custom/same-operand-twice", func(t *Tape[T]) Value[T] {
			v := t.Param(x)
			return f(t, t.Add(t.Custom(glu, 4, 3, v, v), v))
		}, x)
		add("Custom/const-operand", func(t *Tape[T]) Value[T] {
			return f(t, t.Custom(glu, 4, 3, t.Const(4, 3, g.Data), t.Param(x)))
		}, x)
	}
	{
		// x is used three times: both operands of the product, then the sum.
		x, f := param(4, 4), fit(4, 4)
		add("double-use", func(t *Tape[T]) Value[T] {
			v := t.Param(x)
			return f(t, t.Add(t.MatMul(v, v), v))
		}, x)
		// The same parameter recorded twice: two leaves share one Grad.
		add("Param-twice", func(t *Tape[T]) Value[T] {
			return f(t, t.MatMul(t.Param(x), t.Param(x)))
		}, x)
	}
	return cases
}

// awayFromZero draws n values with 0.1 ≤ |x| < 1, so that a finite
// difference step does not cross ReLU's kink.
func awayFromZero[T kernels.Float](rng *rand.Rand, n int) []T {
	x := uniform[T](rng, n, 0.1, 1)
	for i := range x {
		if rng.IntN(2) == 0 {
			x[i] = -x[i]
		}
	}
	return x
}

func modelCases[T kernels.Float]() []gradCase[T] {
	f := newFactorise[T](newRand(), 150, 4, 2)
	m := newMLP[T](newRand(), 150, 4, 12, 3)
	z := newZoo[T](newRand(), 40, 3, 6, 4)
	return []gradCase[T]{
		{"factorise", f.params(), f.loss},
		{"mlp", m.params(), m.loss},
		{"zoo", z.params(), z.loss},
	}
}

func TestCheckGrad(t *testing.T) {
	for _, c := range append(opCases[float64](), modelCases[float64]()...) {
		t.Run(c.name, func(t *testing.T) {
			d := CheckGrad(c.loss, c.params, step64)
			t.Logf("worst: %v", d)
			if !(d.RelErr <= tol64) {
				t.Errorf("%v, want relative error ≤ %g", d, tol64)
			}
		})
	}
}

func TestCheckGradFloat32(t *testing.T) {
	for _, c := range opCases[float32]() {
		t.Run(c.name, func(t *testing.T) {
			d := CheckGrad(c.loss, c.params, step32)
			t.Logf("worst: %v", d)
			if !(d.RelErr <= tol32) {
				t.Errorf("%v, want relative error ≤ %g", d, tol32)
			}
		})
	}
}

// TestCheckGradDetects makes sure the checker is not vacuous: a gradient
// rule that is off by a factor of two must be reported.
func TestCheckGradDetects(t *testing.T) {
	a := NewParam(2, 2, []float64{1, -2, 3, -4})
	wrong := func(t *Tape[float64]) Value[float64] {
		// The recorded loss is Sum(a), but the value is doubled behind the
		// tape's back, so the true derivative is 2 while Backward says 1.
		s := t.Sum(t.Param(a))
		t.nodes[s.id].val[0] *= 2
		return s
	}
	if d := CheckGrad(wrong, []*Param[float64]{a}, step64); math.Abs(d.RelErr-0.5) > 1e-6 {
		t.Errorf("CheckGrad of a wrong gradient: %v, want relative error 0.5", d)
	}
}

// TestFloat32MatchesFloat64 compares the model gradients computed in
// float32 with those computed in float64 from the same data: they agree
// to within 1e-5 of the largest gradient element.
func TestFloat32MatchesFloat64(t *testing.T) {
	c64, c32 := modelCases[float64](), modelCases[float32]()
	for i := range c64 {
		var t64 Tape[float64]
		var t32 Tape[float32]
		t64.Backward(c64[i].loss(&t64))
		t32.Backward(c32[i].loss(&t32))
		for j, p := range c64[i].params {
			want, got := p.Grad, c32[i].params[j].Grad
			var diff, norm float64
			for k := range want {
				diff = math.Max(diff, math.Abs(float64(got[k])-want[k]))
				norm = math.Max(norm, math.Abs(want[k]))
			}
			if diff > 1e-5*norm {
				t.Errorf("%s param %d: float32 gradient differs from float64 by %.3g (max |grad| %.3g)",
					c64[i].name, j, diff, norm)
			}
		}
	}
}
