package autodiff

import (
	"math"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// TestFactoriseClosedForm checks the factorisation gradients against
// ∂L/∂U = 2(UVᵀ−A)V and ∂L/∂V = 2(UVᵀ−A)ᵀU, computed with plain loops.
func TestFactoriseClosedForm(t *testing.T) {
	t.Run("dtype=f64", func(t *testing.T) { testFactoriseClosedForm[float64](t, 1e-12) })
	t.Run("dtype=f32", func(t *testing.T) { testFactoriseClosedForm[float32](t, 1e-5) })
}

func testFactoriseClosedForm[T kernels.Float](t *testing.T, tol float64) {
	f := newFactorise[T](newRand(), 150, 4, 2)
	m, n, r := f.m, f.n, f.u.Cols
	u, v := f.u.Data, f.v.Data

	// R = U·Vᵀ − A, in float64.
	res := make([]float64, m*n)
	var loss float64
	for i := range m {
		for j := range n {
			s := -float64(f.a[i*n+j])
			for p := range r {
				s += float64(u[i*r+p]) * float64(v[j*r+p])
			}
			res[i*n+j] = s
			loss += s * s
		}
	}
	du := make([]float64, m*r)
	dv := make([]float64, n*r)
	for i := range m {
		for j := range n {
			for p := range r {
				du[i*r+p] += 2 * res[i*n+j] * float64(v[j*r+p])
				dv[j*r+p] += 2 * res[i*n+j] * float64(u[i*r+p])
			}
		}
	}

	var tape Tape[T]
	l := f.loss(&tape)
	tape.Backward(l)
	if got := float64(l.Scalar()); math.Abs(got-loss) > tol*loss {
		t.Errorf("loss = %v, want %v", got, loss)
	}
	compare(t, "dL/dU", f.u.Grad, du, tol)
	compare(t, "dL/dV", f.v.Grad, dv, tol)
}

// compare reports elements of got that differ from want by more than tol
// relative to the largest |want|.
func compare[T kernels.Float](t *testing.T, name string, got []T, want []float64, tol float64) {
	t.Helper()
	var scale float64
	for _, w := range want {
		scale = max(scale, math.Abs(w))
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol*scale) {
			t.Errorf("%s[%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// TestDoubleUse is the regression for a value consumed more than once:
// y = x·x + x has dy/dx = 2x + 1, which needs all three uses summed.
func TestDoubleUse(t *testing.T) {
	x := NewParam(1, 1, []float64{3})
	var tape Tape[float64]
	v := tape.Param(x)
	y := tape.Add(tape.MatMul(v, v), v)
	tape.Backward(y)
	if got := y.Scalar(); got != 12 {
		t.Errorf("y = %v, want 12", got)
	}
	if got := x.Grad[0]; math.Abs(got-7) > 1e-15 {
		t.Errorf("dy/dx = %v, want 7", got)
	}
	if got := v.Grad()[0]; got != x.Grad[0] {
		t.Errorf("Value.Grad of a parameter = %v, want its Param.Grad %v", got, x.Grad[0])
	}
}

// TestBackwardTwice checks that a second Backward adds to parameter
// gradients but recomputes the gradients of other values.
func TestBackwardTwice(t *testing.T) {
	w := NewParam(2, 1, []float64{1, -1})
	var tape Tape[float64]
	h := tape.MatMul(tape.Const(1, 2, []float64{2, 3}), tape.Param(w))
	loss := tape.Scale(5, h)
	tape.Backward(loss)
	tape.Backward(loss)
	if got, want := w.Grad, []float64{20, 30}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("parameter gradient after two Backwards = %v, want %v", got, want)
	}
	if got := h.Grad()[0]; got != 5 {
		t.Errorf("intermediate gradient after two Backwards = %v, want 5", got)
	}

	// A parameter that is itself the loss: each Backward adds 1.
	p := NewParam(1, 1, []float64{4})
	tape.Reset()
	tape.Backward(tape.Param(p))
	tape.Backward(tape.Param(p))
	if got := p.Grad[0]; got != 2 {
		t.Errorf("gradient of a parameter with respect to itself, twice = %v, want 2", got)
	}
}

// TestUnreachedGradientIsZero checks that a recorded value the loss does
// not depend on reads a zero gradient after Backward, even when an earlier
// Backward to another loss left its gradient buffer non-zero.
func TestUnreachedGradientIsZero(t *testing.T) {
	p := NewParam(1, 3, []float64{1, 2, 3})
	var tape Tape[float64]
	v := tape.Param(p)
	dead := tape.Scale(2, v)
	first := tape.Sum(dead)
	second := tape.Sum(tape.ReLU(v))
	tape.Backward(first)
	if g := dead.Grad(); g[0] != 1 || g[1] != 1 || g[2] != 1 {
		t.Fatalf("gradient of 2·v with respect to its own sum = %v, want [1 1 1]", g)
	}
	tape.Backward(second)
	for _, g := range dead.Grad() {
		if g != 0 {
			t.Fatalf("gradient of a value the second loss does not use = %v, want zeros", dead.Grad())
		}
	}
	// The parameter accumulates 2 from the first loss and 1 from the second.
	if g := p.Grad; g[0] != 3 || g[1] != 3 || g[2] != 3 {
		t.Errorf("parameter gradient = %v, want [3 3 3]", g)
	}
}

// TestAffineMatchesMatMulAdd checks that Affine computes exactly
// Add(MatMul(a, w), b), value and gradients, for a depth below the GEMM's
// k block.
func TestAffineMatchesMatMulAdd(t *testing.T) {
	rng := newRand()
	const m, k, n = 37, 13, 5
	x := uniform[float64](rng, m*k, -1, 1)
	labels := make([]int, m)
	for i := range labels {
		labels[i] = rng.IntN(n)
	}
	run := func(affine bool) (loss float64, out []float64, grads [][]float64) {
		w := NewParam(k, n, uniform[float64](newRand(), k*n, -1, 1))
		b := NewParam(1, n, uniform[float64](newRand(), n, -1, 1))
		xp := NewParam(m, k, x)
		var tape Tape[float64]
		var y Value[float64]
		if affine {
			y = tape.Affine(tape.Param(xp), tape.Param(w), tape.Param(b))
		} else {
			y = tape.Add(tape.MatMul(tape.Param(xp), tape.Param(w)), tape.Param(b))
		}
		l := tape.SoftmaxCrossEntropy(y, labels, ReduceMean)
		tape.Backward(l)
		return l.Scalar(), y.Data(), [][]float64{xp.Grad, w.Grad, b.Grad}
	}
	l0, y0, g0 := run(false)
	l1, y1, g1 := run(true)
	if l0 != l1 {
		t.Errorf("loss: Affine %v, MatMul+Add %v", l1, l0)
	}
	for i := range y0 {
		if y0[i] != y1[i] {
			t.Fatalf("value[%d]: Affine %v, MatMul+Add %v", i, y1[i], y0[i])
		}
	}
	for p, name := range []string{"x", "w", "b"} {
		for i := range g0[p] {
			if g0[p][i] != g1[p][i] {
				t.Fatalf("gradient of %s[%d]: Affine %v, MatMul+Add %v", name, i, g1[p][i], g0[p][i])
			}
		}
	}
}

// TestConstHasNoGradient checks that no gradient is kept for constants or
// for values computed from constants alone.
func TestConstHasNoGradient(t *testing.T) {
	var tape Tape[float64]
	c := tape.Const(1, 2, []float64{1, 2})
	s := tape.Sum(tape.Scale(2, c))
	tape.Backward(s) // a no-op, not a panic
	if c.Grad() != nil || s.Grad() != nil {
		t.Errorf("Grad of constants = %v, %v, want nil", c.Grad(), s.Grad())
	}
	if got := s.Scalar(); got != 6 {
		t.Errorf("Sum(2·[1 2]) = %v, want 6", got)
	}
}

// TestResetReusesBuffers checks that a graph recorded after Reset gets the
// same buffers, and that a graph of another shape still computes the right
// values, growing buffers where needed.
func TestResetReusesBuffers(t *testing.T) {
	m := newMLP[float64](newRand(), 150, 4, 12, 3)
	var tape Tape[float64]
	first := m.loss(&tape)
	want := first.Scalar()
	buf := &first.Data()[0]
	tape.Reset()
	second := m.loss(&tape)
	if &second.Data()[0] != buf {
		t.Error("Reset did not reuse the loss's buffer")
	}
	if got := second.Scalar(); got != want {
		t.Errorf("loss after Reset = %v, want %v", got, want)
	}

	// Fewer samples, then a wider hidden layer, then the original again.
	for _, s := range []struct{ samples, hidden int }{{30, 12}, {150, 20}, {150, 12}} {
		g := newMLP[float64](newRand(), s.samples, 4, s.hidden, 3)
		var fresh Tape[float64]
		want := g.loss(&fresh).Scalar()
		tape.Reset()
		if got := g.loss(&tape).Scalar(); got != want {
			t.Errorf("%d samples, %d hidden: loss on a reused tape = %v, want %v", s.samples, s.hidden, got, want)
		}
	}
}

// TestStepAllocs asserts that training steps after the first allocate
// nothing, for both model-shaped graphs, and again after the graph has
// changed shape.
func TestStepAllocs(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("the race detector makes sync.Pool, used by the kernels, drop items")
	}
	for _, g := range stepGraphs() {
		t.Run("graph="+g.name, func(t *testing.T) {
			var tape Tape[float64]
			g.step(&tape) // the first step fills the arena
			if n := testing.AllocsPerRun(100, func() { g.step(&tape) }); n != 0 {
				t.Errorf("%v allocations per step, want 0", n)
			}
			var tape32 Tape[float32]
			g.step32(&tape32)
			if n := testing.AllocsPerRun(100, func() { g.step32(&tape32) }); n != 0 {
				t.Errorf("float32: %v allocations per step, want 0", n)
			}
		})
	}
	t.Run("graph=reshaped", func(t *testing.T) {
		small := newMLP[float64](newRand(), 30, 4, 12, 3)
		big := newMLP[float64](newRand(), 150, 4, 20, 3)
		var tape Tape[float64]
		step(&tape, small.loss, small.params(), 0.1)
		step(&tape, big.loss, big.params(), 0.1) // grows the buffers
		both := func() {
			step(&tape, small.loss, small.params(), 0.1)
			step(&tape, big.loss, big.params(), 0.1)
		}
		if n := testing.AllocsPerRun(100, both); n != 0 {
			t.Errorf("%v allocations per pair of steps, want 0", n)
		}
	})
}

type stepGraph struct {
	name   string
	step   func(*Tape[float64])
	step32 func(*Tape[float32])
}

// stepGraphs returns one training step of each model, in both types, with
// the parameter lists and method values built once, outside the step.
func stepGraphs() []stepGraph {
	f64, f32 := newFactorise[float64](newRand(), 150, 4, 2), newFactorise[float32](newRand(), 150, 4, 2)
	m64, m32 := newMLP[float64](newRand(), 150, 4, 12, 3), newMLP[float32](newRand(), 150, 4, 12, 3)
	z64, z32 := newZoo[float64](newRand(), 40, 3, 6, 4), newZoo[float32](newRand(), 40, 3, 6, 4)
	return []stepGraph{
		{"factorise", stepper(f64.loss, f64.params(), 1e-3), stepper(f32.loss, f32.params(), 1e-3)},
		{"mlp", stepper(m64.loss, m64.params(), 0.1), stepper(m32.loss, m32.params(), 0.1)},
		{"zoo", stepper(z64.loss, z64.params(), 0.01), stepper(z32.loss, z32.params(), 0.01)},
	}
}

func stepper[T kernels.Float](loss func(*Tape[T]) Value[T], params []*Param[T], lr T) func(*Tape[T]) {
	return func(t *Tape[T]) { step(t, loss, params, lr) }
}

// BenchmarkStep times one training step (Reset, forward, Backward, and a
// gradient-descent update of every parameter) of each model-shaped graph.
func BenchmarkStep(b *testing.B) {
	for _, g := range stepGraphs() {
		b.Run("graph="+g.name+"/dtype=f64", func(b *testing.B) {
			var tape Tape[float64]
			benchStep(b, &tape, g.step)
		})
		b.Run("graph="+g.name+"/dtype=f32", func(b *testing.B) {
			var tape Tape[float32]
			benchStep(b, &tape, g.step32)
		})
	}
}

func benchStep[T kernels.Float](b *testing.B, tape *Tape[T], step func(*Tape[T])) {
	step(tape)
	b.ReportAllocs()
	for b.Loop() {
		step(tape)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
}

// BenchmarkRecord times the tape's bookkeeping alone: a 1 → 1 → 1
// network on one 1×1 sample, where the kernels have next to nothing to do,
// recorded on a NoGrad tape (ops: Const, two Affine, a ReLU; leaves: the
// Const and the four parameters, no operation) and on a recording tape
// with Backward (step).
func BenchmarkRecord(b *testing.B) {
	x := []float32{1}
	w1, b1 := NewParam[float32](1, 1, []float32{2}), NewParam[float32](1, 1, nil)
	w2, b2 := NewParam[float32](1, 1, []float32{3}), NewParam[float32](1, 1, nil)
	forward := func(t *Tape[float32]) Value[float32] {
		h := t.Const(1, 1, x)
		h = t.ReLU(t.Affine(h, t.Param(w1), t.Param(b1)))
		return t.Affine(h, t.Param(w2), t.Param(b2))
	}
	b.Run("tape=nograd/graph=ops", func(b *testing.B) {
		t := Tape[float32]{NoGrad: true}
		b.ReportAllocs()
		for b.Loop() {
			t.Reset()
			forward(&t)
		}
	})
	b.Run("tape=nograd/graph=leaves", func(b *testing.B) {
		t := Tape[float32]{NoGrad: true}
		b.ReportAllocs()
		for b.Loop() {
			t.Reset()
			t.Const(1, 1, x)
			t.Param(w1)
			t.Param(b1)
			t.Param(w2)
			t.Param(b2)
		}
	})
	b.Run("tape=record/graph=step", func(b *testing.B) {
		var t Tape[float32]
		b.ReportAllocs()
		for b.Loop() {
			t.Reset()
			t.Backward(t.Sum(forward(&t)))
		}
	})
}

// TestPanics checks the message of every misuse the tape detects.
func TestPanics(t *testing.T) {
	var tape, other Tape[float64]
	x := tape.Const(150, 4, make([]float64, 600))
	w := tape.Param(NewParam[float64](12, 3, nil))
	row := tape.Param(NewParam[float64](1, 4, nil))
	w4 := tape.Param(NewParam[float64](4, 3, nil))
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"MatMul", func() { tape.MatMul(x, w) }, "autodiff.MatMul: shapes 150×4 and 12×3 do not match: a has 4 columns, b has 12 rows"},
		{"MatMulT", func() { tape.MatMulT(x, w) }, "autodiff.MatMulT: shapes 150×4 and 12×3 do not match: a has 4 columns, b has 3 columns"},
		{"Add", func() { tape.Add(x, w) }, "autodiff.Add: shapes 150×4 and 12×3 do not match"},
		{"Affine", func() { tape.Affine(x, w, row) }, "autodiff.Affine: shapes 150×4 and 12×3 do not match: a has 4 columns, w has 12 rows"},
		{"Affine/bias", func() { tape.Affine(x, w4, row) }, "autodiff.Affine: bias is 1×4, need 1×3 for the 150×3 product"},
		{"Add/bias-wrong-side", func() { tape.Add(row, x) }, "autodiff.Add: shapes 1×4 and 150×4 do not match"},
		{"Sub", func() { tape.Sub(x, row) }, "autodiff.Sub: shapes 150×4 and 1×4 do not match"},
		{"MSE", func() { tape.MSE(x, w, ReduceSum) }, "autodiff.MSE: shapes 150×4 and 12×3 do not match"},
		{"MSE/reduction", func() { tape.MSE(x, x, 7) }, "autodiff.MSE: invalid Reduction(7)"},
		{"SoftmaxCrossEntropy/count", func() { tape.SoftmaxCrossEntropy(w, make([]int, 11), ReduceMean) },
			"autodiff.SoftmaxCrossEntropy: 12×3 logits and 11 labels do not match"},
		{"SoftmaxCrossEntropy/range", func() { tape.SoftmaxCrossEntropy(w, []int{0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}, ReduceMean) },
			"autodiff.SoftmaxCrossEntropy: label 3 of row 3 is out of range [0, 3)"},
		{"Backward/non-scalar", func() { tape.Backward(w) }, "autodiff.Backward: loss is 12×3, not a 1×1 scalar"},
		{"Scalar/non-scalar", func() { x.Scalar() }, "autodiff.Value.Scalar: value is 150×4, not 1×1"},
		{"other-tape", func() { other.Sum(x) }, "autodiff.Sum: Value belongs to another Tape"},
		{"zero-Value", func() { tape.Mean(Value[float64]{}) }, "autodiff.Mean: zero Value"},
		{"Const/len", func() { tape.Const(2, 3, make([]float64, 5)) }, "autodiff.Const: len(data)=5, need 2×3 = 6"},
		{"Const/dims", func() { tape.Const(0, 3, nil) }, "autodiff.Const: dimensions 0×3, need both positive"},
		{"NewParam/len", func() { NewParam(2, 3, make([]float64, 7)) }, "autodiff.NewParam: len(data)=7, need 2×3 = 6"},
		{"Param/len", func() { tape.Param(&Param[float64]{Rows: 2, Cols: 3, Data: make([]float64, 6)}) },
			"autodiff.Param: len(Data)=6, len(Grad)=0, need 2×3 = 6"},
		{"Mul", func() { tape.Mul(x, w) }, "autodiff.Mul: shapes 150×4 and 12×3 do not match"},
		{"Mul/row-wrong-side", func() { tape.Mul(row, x) }, "autodiff.Mul: shapes 1×4 and 150×4 do not match"},
		{"Div", func() { tape.Div(x, w4) }, "autodiff.Div: shapes 150×4 and 4×3 do not match"},
		{"Tanh/zero-Value", func() { tape.Tanh(Value[float64]{}) }, "autodiff.Tanh: zero Value"},
		{"Custom/other-tape", func() { other.Custom(&gatedUnit[float64]{}, 1, 1, x) }, "autodiff.Custom: Value belongs to another Tape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantPanic(t, tt.f, tt.want) })
	}
	if n := len(tape.nodes); n != 4 {
		t.Errorf("after the panics the tape holds %d values, want the 4 recorded first", n)
	}
}

// TestStaleValue checks that a Value recorded before Reset cannot be used.
func TestStaleValue(t *testing.T) {
	var tape Tape[float64]
	p := NewParam(1, 1, []float64{2})
	stale := tape.Sum(tape.Param(p))
	tape.Reset()
	fresh := tape.Param(p) // occupies the stale Value's old slot
	const msg = "stale Value used after Tape.Reset (recorded in generation 0, tape is at 1)"
	wantPanic(t, func() { stale.Data() }, "autodiff.Value.Data: "+msg)
	wantPanic(t, func() { stale.Grad() }, "autodiff.Value.Grad: "+msg)
	wantPanic(t, func() { tape.ReLU(stale) }, "autodiff.ReLU: "+msg)
	wantPanic(t, func() { tape.MatMul(fresh, stale) }, "autodiff.MatMul: "+msg)
	wantPanic(t, func() { tape.Backward(stale) }, "autodiff.Backward: "+msg)
	if got := fresh.Scalar(); got != 2 {
		t.Errorf("Value recorded after Reset = %v, want 2", got)
	}
}

func wantPanic(t *testing.T, f func(), want string) {
	t.Helper()
	defer func() {
		t.Helper()
		if got, _ := recover().(string); got != want {
			t.Errorf("panic %q, want %q", got, want)
		}
	}()
	f()
}

func TestReductionString(t *testing.T) {
	for r, want := range map[Reduction]string{ReduceSum: "sum", ReduceMean: "mean", 7: "Reduction(7)"} {
		if got := r.String(); got != want {
			t.Errorf("Reduction(%d).String() = %q, want %q", uint8(r), got, want)
		}
	}
}
