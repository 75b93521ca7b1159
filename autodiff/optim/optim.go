// Package optim updates autodiff parameters from their gradients: plain
// and momentum stochastic gradient descent (with Nesterov's variant), Adam
// and AdamW, each with optional weight decay.
//
// A Method holds an algorithm's hyper-parameters (SGD, Adam or AdamW); New
// binds one to a list of parameters and returns an Optimizer, which keeps
// the per-parameter state (momentum buffers, moment estimates) and
// applies one update per Step from each parameter's Grad:
//
//	opt := optim.New(optim.Adam{LR: 1e-2}, params)
//	for range steps {
//		tape.Reset()
//		opt.ZeroGrad()
//		tape.Backward(loss(&tape))
//		opt.Step()
//	}
//
// The updates follow PyTorch's torch.optim (SGD, Adam and AdamW, version
// 1.13, non-fused) operation for operation, and the tests check them
// against trajectories recorded from it. Scalars such as bias corrections
// are computed in float64; the element-wise arithmetic is in the
// parameters' type. Steps allocate nothing.
package optim

import (
	"fmt"
	"math"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/kernels"
)

// A Method is an optimisation algorithm with its hyper-parameters: SGD,
// Adam or AdamW. The zero value of a field means the documented default,
// except for LR, which must be positive.
type Method interface {
	// LearningRate returns the method's learning rate.
	LearningRate() float64
	// String describes the method and its settings.
	String() string
	check() // validates the hyper-parameters, panicking with a message
	defaults() Method
}

// SGD is stochastic gradient descent, with optional momentum, dampening,
// Nesterov momentum and L2 weight decay. With a gradient g, a parameter p
// and the momentum buffer b of the parameter, a step is
//
//	g ← g + WeightDecay·p
//	b ← g on the first step, Momentum·b + (1 − Dampening)·g after it
//	g ← g + Momentum·b with Nesterov, b without (and g as is without momentum)
//	p ← p − LR·g
//
// Without momentum and weight decay the step is p −= LR·g, exactly
// Param.Step.
type SGD struct {
	LR          float64 // learning rate, > 0
	Momentum    float64 // momentum factor, ≥ 0; 0 for none
	Dampening   float64 // dampening of the momentum, in [0, 1]
	Nesterov    bool    // Nesterov momentum; needs Momentum > 0 and Dampening 0
	WeightDecay float64 // L2 penalty added to the gradient, ≥ 0
}

// Adam is the algorithm of Kingma and Ba (2015), with optional L2 weight
// decay added to the gradient (for decoupled weight decay, use AdamW). With
// a gradient g, a parameter p, the moment estimates m and v of the
// parameter and the step count t = 1, 2, …, a step is
//
//	g ← g + WeightDecay·p
//	m ← β₁·m + (1 − β₁)·g
//	v ← β₂·v + (1 − β₂)·g²
//	p ← p − (LR/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + Eps)
type Adam struct {
	LR           float64 // learning rate, > 0
	Beta1, Beta2 float64 // decay rates of the moment estimates, in [0, 1); 0 means 0.9 and 0.999
	Eps          float64 // added to the denominator, > 0; 0 means 1e-8
	WeightDecay  float64 // L2 penalty added to the gradient, ≥ 0
}

// AdamW is Adam with decoupled weight decay (Loshchilov and Hutter, 2019):
// before the Adam step, p ← p·(1 − LR·WeightDecay), and the gradient is
// left as it is.
type AdamW struct {
	LR           float64 // learning rate, > 0
	Beta1, Beta2 float64 // decay rates of the moment estimates, in [0, 1); 0 means 0.9 and 0.999
	Eps          float64 // added to the denominator, > 0; 0 means 1e-8
	WeightDecay  float64 // decoupled weight decay, ≥ 0; 0 means none (PyTorch's default is 0.01)
}

// Default hyper-parameters of Adam and AdamW.
const (
	DefaultBeta1 = 0.9
	DefaultBeta2 = 0.999
	DefaultEps   = 1e-8
)

// LearningRate returns m.LR.
func (m SGD) LearningRate() float64 { return m.LR }

// LearningRate returns m.LR.
func (m Adam) LearningRate() float64 { return m.LR }

// LearningRate returns m.LR.
func (m AdamW) LearningRate() float64 { return m.LR }

// String describes the settings, e.g. "SGD(lr=0.1, momentum=0.9, nesterov)".
func (m SGD) String() string {
	s := fmt.Sprintf("SGD(lr=%g", m.LR)
	if m.Momentum != 0 {
		s += fmt.Sprintf(", momentum=%g", m.Momentum)
	}
	if m.Dampening != 0 {
		s += fmt.Sprintf(", dampening=%g", m.Dampening)
	}
	if m.Nesterov {
		s += ", nesterov"
	}
	if m.WeightDecay != 0 {
		s += fmt.Sprintf(", weight decay=%g", m.WeightDecay)
	}
	return s + ")"
}

// String describes the settings, defaults filled in, e.g.
// "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)".
func (m Adam) String() string {
	d := m.defaults().(Adam)
	return adamString("Adam", d.LR, d.Beta1, d.Beta2, d.Eps, d.WeightDecay)
}

// String describes the settings, defaults filled in.
func (m AdamW) String() string {
	d := m.defaults().(AdamW)
	return adamString("AdamW", d.LR, d.Beta1, d.Beta2, d.Eps, d.WeightDecay)
}

func adamString(name string, lr, b1, b2, eps, wd float64) string {
	s := fmt.Sprintf("%s(lr=%g, betas=(%g, %g), eps=%g", name, lr, b1, b2, eps)
	if wd != 0 {
		s += fmt.Sprintf(", weight decay=%g", wd)
	}
	return s + ")"
}

func (m SGD) defaults() Method { return m }

func (m Adam) defaults() Method {
	m.Beta1, m.Beta2, m.Eps = adamDefaults(m.Beta1, m.Beta2, m.Eps)
	return m
}

func (m AdamW) defaults() Method {
	m.Beta1, m.Beta2, m.Eps = adamDefaults(m.Beta1, m.Beta2, m.Eps)
	return m
}

func adamDefaults(b1, b2, eps float64) (float64, float64, float64) {
	if b1 == 0 {
		b1 = DefaultBeta1
	}
	if b2 == 0 {
		b2 = DefaultBeta2
	}
	if eps == 0 {
		eps = DefaultEps
	}
	return b1, b2, eps
}

func (m SGD) check() {
	checkLR(m)
	switch {
	case !(m.Momentum >= 0) || math.IsInf(m.Momentum, 0):
		panic(fmt.Sprintf("optim: %v: momentum must be finite and ≥ 0", m))
	case !(m.Dampening >= 0 && m.Dampening <= 1):
		panic(fmt.Sprintf("optim: %v: dampening must be in [0, 1]", m))
	case m.Nesterov && (m.Momentum == 0 || m.Dampening != 0):
		panic(fmt.Sprintf("optim: %v: Nesterov momentum needs a momentum and zero dampening", m))
	}
	checkDecay(m, m.WeightDecay)
}

func (m Adam) check() {
	checkLR(m)
	checkAdam(m, m.Beta1, m.Beta2, m.Eps)
	checkDecay(m, m.WeightDecay)
}

func (m AdamW) check() {
	checkLR(m)
	checkAdam(m, m.Beta1, m.Beta2, m.Eps)
	checkDecay(m, m.WeightDecay)
}

func checkLR(m Method) {
	if lr := m.LearningRate(); !(lr > 0) || math.IsInf(lr, 0) {
		panic(fmt.Sprintf("optim: %v: learning rate must be finite and > 0", m))
	}
}

func checkAdam(m Method, b1, b2, eps float64) {
	if !(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1) {
		panic(fmt.Sprintf("optim: %v: betas must be in [0, 1)", m))
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		panic(fmt.Sprintf("optim: %v: eps must be finite and > 0", m))
	}
}

func checkDecay(m Method, wd float64) {
	if !(wd >= 0) || math.IsInf(wd, 0) {
		panic(fmt.Sprintf("optim: %v: weight decay must be finite and ≥ 0", m))
	}
}

// An Optimizer applies a Method to a fixed list of parameters. It is not
// safe for concurrent use.
type Optimizer[T kernels.Float] struct {
	method Method
	params []*autodiff.Param[T]
	// state holds the per-parameter buffers: SGD's momentum buffer, or
	// Adam's first and second moment estimates.
	m, v [][]T
	step int // the number of steps taken
}

// New returns an optimizer that updates params by m. The parameters'
// lengths are checked once, here; they must not change afterwards. The
// per-parameter state (momentum buffers, moment estimates) is allocated
// here too. New panics if a hyper-parameter is out of range or a
// parameter's Data and Grad differ in length from Rows·Cols.
func New[T kernels.Float](m Method, params []*autodiff.Param[T]) *Optimizer[T] {
	if m == nil {
		panic("optim.New: nil Method")
	}
	m = m.defaults()
	m.check()
	o := &Optimizer[T]{method: m, params: append([]*autodiff.Param[T](nil), params...)}
	for i, p := range o.params {
		if p.Rows <= 0 || p.Cols <= 0 || p.Cols > math.MaxInt/p.Rows || len(p.Data) != p.Rows*p.Cols || len(p.Grad) != len(p.Data) {
			panic(fmt.Sprintf("optim.New: parameter %d is %d×%d with len(Data)=%d, len(Grad)=%d", i, p.Rows, p.Cols, len(p.Data), len(p.Grad)))
		}
	}
	var momentum bool
	switch m := m.(type) {
	case SGD:
		momentum = m.Momentum != 0
	case Adam, AdamW:
		momentum = true
		o.v = newState[T](o.params)
	}
	if momentum {
		o.m = newState[T](o.params)
	}
	return o
}

func newState[T kernels.Float](params []*autodiff.Param[T]) [][]T {
	s := make([][]T, len(params))
	for i, p := range params {
		s[i] = make([]T, len(p.Data))
	}
	return s
}

// Method returns the optimizer's method, with defaults filled in.
func (o *Optimizer[T]) Method() Method { return o.method }

// SetLR changes the learning rate from the next step on, for a schedule;
// the rest of the state is kept. lr must be finite and positive.
func (o *Optimizer[T]) SetLR(lr float64) {
	if !(lr > 0) || math.IsInf(lr, 0) {
		panic(fmt.Sprintf("optim.Optimizer.SetLR: learning rate must be finite and > 0, not %g", lr))
	}
	switch m := o.method.(type) {
	case SGD:
		m.LR = lr
		o.method = m
	case Adam:
		m.LR = lr
		o.method = m
	case AdamW:
		m.LR = lr
		o.method = m
	}
}

// Params returns the parameters the optimizer updates. The slice belongs
// to the optimizer.
func (o *Optimizer[T]) Params() []*autodiff.Param[T] { return o.params }

// Steps returns the number of steps taken.
func (o *Optimizer[T]) Steps() int { return o.step }

// ZeroGrad sets the gradient of every parameter to zero.
func (o *Optimizer[T]) ZeroGrad() {
	for _, p := range o.params {
		p.ZeroGrad()
	}
}

// Step updates every parameter from its Grad by one step of the method.
// It allocates nothing.
func (o *Optimizer[T]) Step() {
	o.step++
	switch m := o.method.(type) {
	case SGD:
		o.sgd(m)
	case Adam:
		o.adam(m.LR, m.Beta1, m.Beta2, m.Eps, m.WeightDecay, false)
	case AdamW:
		o.adam(m.LR, m.Beta1, m.Beta2, m.Eps, m.WeightDecay, true)
	}
}

func (o *Optimizer[T]) sgd(m SGD) {
	lr, wd, mu, damp := T(m.LR), T(m.WeightDecay), T(m.Momentum), T(1-m.Dampening)
	for i, p := range o.params {
		x, g := p.Data, p.Grad[:len(p.Data)]
		if m.Momentum == 0 && m.WeightDecay == 0 {
			kernels.Axpy(-lr, g, x) // as Param.Step
			continue
		}
		var buf []T
		if m.Momentum != 0 {
			buf = o.m[i][:len(x)]
		}
		for j := range x {
			d := g[j]
			if wd != 0 {
				d += wd * x[j]
			}
			if buf != nil {
				if o.step == 1 {
					buf[j] = d
				} else {
					buf[j] = mu*buf[j] + damp*d
				}
				if m.Nesterov {
					d += mu * buf[j]
				} else {
					d = buf[j]
				}
			}
			x[j] -= lr * d
		}
	}
}

func (o *Optimizer[T]) adam(lr, beta1, beta2, eps, wd float64, decoupled bool) {
	t := float64(o.step)
	bc1 := 1 - math.Pow(beta1, t)
	bc2 := 1 - math.Pow(beta2, t)
	stepSize := T(-(lr / bc1))
	sqrtBC2 := T(math.Sqrt(bc2))
	b1, b2, c1, c2, e := T(beta1), T(beta2), T(1-beta1), T(1-beta2), T(eps)
	decay := T(1 - lr*wd)
	l2 := T(wd)
	for i, p := range o.params {
		x, g := p.Data, p.Grad[:len(p.Data)]
		m, v := o.m[i][:len(x)], o.v[i][:len(x)]
		for j := range x {
			d := g[j]
			switch {
			case decoupled && wd != 0:
				x[j] *= decay
			case wd != 0:
				d += l2 * x[j]
			}
			m[j] = m[j]*b1 + c1*d
			v[j] = v[j]*b2 + c2*(d*d)
			den := T(math.Sqrt(float64(v[j])))/sqrtBC2 + e
			x[j] += stepSize * (m[j] / den)
		}
	}
}
