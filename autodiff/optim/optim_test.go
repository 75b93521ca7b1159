package optim_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// trajectories is testdata/trajectories.json, recorded from PyTorch by
// testdata/trajectories.py.
type trajectories struct {
	Torch  string               `json:"torch"`
	X      []float64            `json:"x"`
	Y      []float64            `json:"y"`
	Init   map[string][]float64 `json:"init"`
	Shapes map[string][2]int    `json:"shapes"`
	Cases  []struct {
		Name      string         `json:"name"`
		Optimizer string         `json:"optimizer"`
		Hyper     map[string]any `json:"hyper"`
		Loss      []float64      `json:"loss"`
		Params    [][][]float64  `json:"params"` // step, parameter, element
	} `json:"cases"`
}

func loadTrajectories(t *testing.T) *trajectories {
	t.Helper()
	data, err := os.ReadFile("testdata/trajectories.json")
	if err != nil {
		t.Fatal(err)
	}
	var tr trajectories
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatalf("testdata/trajectories.json: %v", err)
	}
	return &tr
}

// method builds the Method a recorded case used from its PyTorch
// hyper-parameters.
func method(t *testing.T, optimizer string, h map[string]any) optim.Method {
	t.Helper()
	f := func(k string) float64 {
		v, _ := h[k].(float64)
		return v
	}
	var b1, b2 float64
	if betas, ok := h["betas"].([]any); ok {
		b1, b2 = betas[0].(float64), betas[1].(float64)
	}
	switch optimizer {
	case "SGD":
		nesterov, _ := h["nesterov"].(bool)
		return optim.SGD{LR: f("lr"), Momentum: f("momentum"), Dampening: f("dampening"), Nesterov: nesterov, WeightDecay: f("weight_decay")}
	case "Adam":
		return optim.Adam{LR: f("lr"), Beta1: b1, Beta2: b2, Eps: f("eps"), WeightDecay: f("weight_decay")}
	case "AdamW":
		wd := 0.01 // PyTorch's default
		if _, ok := h["weight_decay"]; ok {
			wd = f("weight_decay")
		}
		return optim.AdamW{LR: f("lr"), Beta1: b1, Beta2: b2, Eps: f("eps"), WeightDecay: wd}
	}
	t.Fatalf("unknown optimizer %q", optimizer)
	return nil
}

// problem is the recorded regression: MSE of tanh(X·W1 + b1)·W2 + b2
// against Y.
type problem[T kernels.Float] struct {
	x, y   []T
	params []*autodiff.Param[T]
	tape   autodiff.Tape[T]
}

func newProblem[T kernels.Float](tr *trajectories) *problem[T] {
	p := &problem[T]{x: convert[T](tr.X), y: convert[T](tr.Y)}
	for _, k := range []string{"w1", "b1", "w2", "b2"} {
		s := tr.Shapes[k]
		p.params = append(p.params, autodiff.NewParam(s[0], s[1], convert[T](tr.Init[k])))
	}
	return p
}

// loss records the loss and computes its gradient.
func (p *problem[T]) loss() T {
	t := &p.tape
	t.Reset()
	w1, b1, w2, b2 := t.Param(p.params[0]), t.Param(p.params[1]), t.Param(p.params[2]), t.Param(p.params[3])
	h := t.Tanh(t.Affine(t.Const(8, 3, p.x), w1, b1))
	l := t.MSE(t.Affine(h, w2, b2), t.Const(8, 2, p.y), autodiff.ReduceMean)
	t.Backward(l)
	return l.Scalar()
}

func convert[T kernels.Float](x []float64) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}

// TestPyTorchTrajectories replays every recorded case: the loss before
// each of the 30 steps and every parameter after it must match PyTorch's
// to within a relative 1e-13 in float64 (both compute in float64 but
// round differently: tanh, sums and fused multiply-adds), and to within
// 1e-5 in float32, relative to the largest element of each parameter.
func TestPyTorchTrajectories(t *testing.T) {
	tr := loadTrajectories(t)
	t.Logf("recorded with torch %s", tr.Torch)
	for _, c := range tr.Cases {
		t.Run(c.Name, func(t *testing.T) {
			m := method(t, c.Optimizer, c.Hyper)
			worst64 := replay[float64](t, tr, m, c.Loss, c.Params, 1e-13)
			worst32 := replay[float32](t, tr, m, c.Loss, c.Params, 1e-5)
			t.Logf("%v: largest relative difference %.2g in float64, %.2g in float32", m, worst64, worst32)
		})
	}
}

func replay[T kernels.Float](t *testing.T, tr *trajectories, m optim.Method, losses []float64, steps [][][]float64, tol float64) float64 {
	t.Helper()
	p := newProblem[T](tr)
	opt := optim.New(m, p.params)
	worst := 0.0
	for s, want := range steps {
		opt.ZeroGrad()
		l := float64(p.loss())
		if d := math.Abs(l-losses[s]) / losses[s]; !(d <= tol) {
			t.Fatalf("%T step %d: loss %.17g, PyTorch %.17g", *new(T), s, l, losses[s])
		} else {
			worst = max(worst, d)
		}
		opt.Step()
		for k, par := range p.params {
			scale := 0.0
			for _, v := range want[k] {
				scale = max(scale, math.Abs(v))
			}
			for i, v := range want[k] {
				d := math.Abs(float64(par.Data[i])-v) / scale
				if !(d <= tol) {
					t.Fatalf("%T after step %d: parameter %d element %d = %.17g, PyTorch %.17g (relative difference %.3g)",
						*new(T), s+1, k, i, par.Data[i], v, d)
				}
				worst = max(worst, d)
			}
		}
	}
	if opt.Steps() != len(steps) {
		t.Errorf("Steps() = %d, want %d", opt.Steps(), len(steps))
	}
	return worst
}

// TestPlainSGDIsParamStep checks that SGD without momentum or weight
// decay takes exactly Param.Step's step.
func TestPlainSGDIsParamStep(t *testing.T) {
	tr := loadTrajectories(t)
	a, b := newProblem[float64](tr), newProblem[float64](tr)
	opt := optim.New(optim.SGD{LR: 0.1}, a.params)
	for range 10 {
		opt.ZeroGrad()
		a.loss()
		opt.Step()
		for _, p := range b.params {
			p.ZeroGrad()
		}
		b.loss()
		for _, p := range b.params {
			p.Step(0.1)
		}
	}
	for k := range a.params {
		for i, v := range a.params[k].Data {
			if v != b.params[k].Data[i] {
				t.Fatalf("parameter %d element %d: SGD %v, Param.Step %v", k, i, v, b.params[k].Data[i])
			}
		}
	}
}

func TestStepAllocs(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("allocation counts are unreliable under the race detector")
	}
	tr := loadTrajectories(t)
	for _, m := range []optim.Method{
		optim.SGD{LR: 0.1}, optim.SGD{LR: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 0.1},
		optim.Adam{LR: 0.01, WeightDecay: 0.1}, optim.AdamW{LR: 0.01, WeightDecay: 0.1},
	} {
		p := newProblem[float32](tr)
		opt := optim.New(m, p.params)
		p.loss()
		if n := testing.AllocsPerRun(100, func() { opt.Step() }); n != 0 {
			t.Errorf("%v: %v allocations per step, want 0", m, n)
		}
		if n := testing.AllocsPerRun(100, func() { opt.ZeroGrad(); p.loss(); opt.Step() }); n != 0 {
			t.Errorf("%v: %v allocations per training step, want 0", m, n)
		}
	}
}

func TestMethodDefaultsAndStrings(t *testing.T) {
	p := []*autodiff.Param[float64]{autodiff.NewParam[float64](2, 2, nil)}
	for _, c := range []struct {
		m    optim.Method
		want string
	}{
		{optim.SGD{LR: 0.1}, "SGD(lr=0.1)"},
		{optim.SGD{LR: 0.1, Momentum: 0.9, Dampening: 0.1, WeightDecay: 1e-4}, "SGD(lr=0.1, momentum=0.9, dampening=0.1, weight decay=0.0001)"},
		{optim.SGD{LR: 0.1, Momentum: 0.9, Nesterov: true}, "SGD(lr=0.1, momentum=0.9, nesterov)"},
		{optim.Adam{LR: 1e-3}, "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)"},
		{optim.Adam{LR: 1e-3, Beta1: 0.5, WeightDecay: 0.1}, "Adam(lr=0.001, betas=(0.5, 0.999), eps=1e-08, weight decay=0.1)"},
		{optim.AdamW{LR: 1e-3, WeightDecay: 0.01}, "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight decay=0.01)"},
	} {
		if got := c.m.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		o := optim.New(c.m, p)
		if got := o.Method().String(); got != c.want {
			t.Errorf("New(%v).Method() = %q", c.m, got)
		}
		if o.Method().LearningRate() != c.m.LearningRate() {
			t.Errorf("%v: learning rate %v", c.m, o.Method().LearningRate())
		}
	}
}

func TestSetLR(t *testing.T) {
	tr := loadTrajectories(t)
	a, b := newProblem[float64](tr), newProblem[float64](tr)
	oa, ob := optim.New(optim.Adam{LR: 0.01}, a.params), optim.New(optim.Adam{LR: 0.01}, b.params)
	for s := range 6 {
		oa.ZeroGrad()
		ob.ZeroGrad()
		a.loss()
		b.loss()
		if s == 3 {
			oa.SetLR(0.002)
		}
		oa.Step()
		ob.Step()
	}
	if got := oa.Method().LearningRate(); got != 0.002 {
		t.Errorf("learning rate after SetLR = %v", got)
	}
	if a.params[0].Data[0] == b.params[0].Data[0] {
		t.Error("SetLR changed nothing")
	}
}

func TestBadMethods(t *testing.T) {
	p := []*autodiff.Param[float64]{autodiff.NewParam[float64](2, 2, nil)}
	for _, c := range []struct {
		m    optim.Method
		want string
	}{
		{optim.SGD{}, "optim: SGD(lr=0): learning rate must be finite and > 0"},
		{optim.SGD{LR: math.Inf(1)}, "optim: SGD(lr=+Inf): learning rate must be finite and > 0"},
		{optim.SGD{LR: 0.1, Momentum: -1}, "optim: SGD(lr=0.1, momentum=-1): momentum must be finite and ≥ 0"},
		{optim.SGD{LR: 0.1, Momentum: 0.9, Dampening: 2}, "optim: SGD(lr=0.1, momentum=0.9, dampening=2): dampening must be in [0, 1]"},
		{optim.SGD{LR: 0.1, Nesterov: true}, "optim: SGD(lr=0.1, nesterov): Nesterov momentum needs a momentum and zero dampening"},
		{optim.SGD{LR: 0.1, WeightDecay: math.NaN()}, "optim: SGD(lr=0.1, weight decay=NaN): weight decay must be finite and ≥ 0"},
		{optim.Adam{LR: 0.1, Beta1: 1}, "optim: Adam(lr=0.1, betas=(1, 0.999), eps=1e-08): betas must be in [0, 1)"},
		{optim.Adam{LR: 0.1, Eps: -1}, "optim: Adam(lr=0.1, betas=(0.9, 0.999), eps=-1): eps must be finite and > 0"},
		{optim.AdamW{LR: -1}, "optim: AdamW(lr=-1, betas=(0.9, 0.999), eps=1e-08): learning rate must be finite and > 0"},
		{nil, "optim.New: nil Method"},
	} {
		func() {
			defer func() {
				if got, _ := recover().(string); got != c.want {
					t.Errorf("panic %q, want %q", got, c.want)
				}
			}()
			optim.New(c.m, p)
		}()
	}
	func() {
		defer func() {
			want := "optim.New: parameter 0 is 2×2 with len(Data)=4, len(Grad)=0"
			if got, _ := recover().(string); got != want {
				t.Errorf("panic %q, want %q", got, want)
			}
		}()
		optim.New(optim.SGD{LR: 1}, []*autodiff.Param[float64]{{Rows: 2, Cols: 2, Data: make([]float64, 4)}})
	}()
	defer func() {
		want := "optim.Optimizer.SetLR: learning rate must be finite and > 0, not 0"
		if got, _ := recover().(string); got != want {
			t.Errorf("panic %q, want %q", got, want)
		}
	}()
	optim.New(optim.SGD{LR: 1}, p).SetLR(0)
}
