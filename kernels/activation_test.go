package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// Parity tests, fuzz targets, allocation and argument checks of Exp,
// Sigmoid, Tanh and the activation gradients, on the harness of
// parity_test.go. The float64 oracles here are the float64 functions of
// package math, themselves within about 2 ulp (and 3 for expOracle near
// overflow); the parity tests therefore allow the documented bound plus
// 3 ulp in float64 (in float32 the oracle is exact for the purpose), and
// TestActivationAccuracy checks the documented bounds themselves against a
// double-double reference.

// expOracle is math.Exp, except near the overflow threshold, where the
// amd64 math.Exp returns +Inf from x ≈ 709.44 on: there it is
// exp(x − 1)·e, x − 1 being exact.
func expOracle(x float64) float64 {
	if x > 709 && x < 710 {
		return math.Exp(x-1) * math.E
	}
	return math.Exp(x)
}

func sigmoidOracle(x float64) float64 {
	if x < 0 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// parityScaled is elementwise.parity with inputs in [−scale, scale).
func (e elementwise[T]) parityScaled(t *testing.T, scale, special float64) {
	r := rand.New(rand.NewPCG(1, uint64(len(e.name))))
	forEachTier(t, func(t *testing.T) {
		for _, n := range harness.Lengths(maxLen) {
			in := make([][]T, e.arity)
			for k := range in {
				in[k] = make([]T, n)
				harness.Fill(r, in[k], scale, special)
			}
			for o := 0; o <= harness.MaxOffset; o++ {
				for _, at := range harness.Placements {
					e.check(t, in, o, at)
				}
			}
		}
	})
}

// activationSpec describes an activation with the given documented bound
// in ulps. A zero result must also have the sign the oracle gives it
// (Tanh keeps the sign of ±0).
func activationSpec[T kernels.Float](name string, f func(dst, x []T), oracle func(float64) float64, bound float64) elementwise[T] {
	tol := bound
	if !harness.Is32[T]() {
		tol += 3
	}
	return elementwise[T]{
		name: name, arity: 1, aliases: []int{0},
		run:    func(dst []T, in [][]T) { f(dst, in[0]) },
		oracle: func(in []T) float64 { return oracle(float64(in[0])) },
		match: func(got T, want float64, _ []T) bool {
			if want == 0 && math.Signbit(float64(got)) != math.Signbit(want) {
				return false
			}
			return harness.ULPs(got, want) <= tol
		},
	}
}

// gradientSpec describes an activation gradient, exact as documented: the
// oracle evaluates the documented expression in T.
func gradientSpec[T kernels.Float](name string, f func(dx, dy, y []T), rule func(dy, y T) T) elementwise[T] {
	return elementwise[T]{
		name: name, arity: 2, aliases: []int{0, 1},
		run:    func(dst []T, in [][]T) { f(dst, in[0], in[1]) },
		oracle: func(in []T) float64 { return float64(rule(in[0], in[1])) },
	}
}

func activationSpecs[T kernels.Float]() []elementwise[T] {
	return []elementwise[T]{
		activationSpec("Exp", kernels.Exp[T], expOracle, kernels.MaxExpULP),
		activationSpec("Sigmoid", kernels.Sigmoid[T], sigmoidOracle, kernels.MaxSigmoidULP),
		activationSpec("Tanh", kernels.Tanh[T], math.Tanh, kernels.MaxTanhULP),
		gradientSpec("SigmoidBackward", kernels.SigmoidBackward[T], func(dy, y T) T { return dy * (y * (1 - y)) }),
		gradientSpec("TanhBackward", kernels.TanhBackward[T], func(dy, y T) T { return dy * ((1 - y) * (1 + y)) }),
	}
}

// TestActivationParity runs every kernel over all lengths, offsets and
// guard placements, with two input scales: ±4, where the functions vary,
// and ±200, where they saturate, underflow and overflow; specials (NaN,
// ±Inf, ±0, subnormals, ±max) replace a tenth of the inputs.
func TestActivationParity(t *testing.T) {
	for _, scale := range []float64{4, 200} {
		for _, e := range activationSpecs[float32]() {
			t.Run(e.name+"/dtype=f32", func(t *testing.T) { e.parityScaled(t, scale, 0.1) })
		}
		for _, e := range activationSpecs[float64]() {
			t.Run(e.name+"/dtype=f64", func(t *testing.T) { e.parityScaled(t, scale, 0.1) })
		}
	}
}

// TestActivationSpecialValues checks the documented results exactly.
func TestActivationSpecialValues(t *testing.T) {
	t.Run("dtype=f32", testActivationSpecials[float32])
	t.Run("dtype=f64", testActivationSpecials[float64])
}

func testActivationSpecials[T kernels.Float](t *testing.T) {
	inf, nan, negZero := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	sub := harness.SmallestNormal[T]() / 4 // subnormal in T
	cases := []struct {
		name string
		f    func(dst, x []T)
		x    []float64
		want []float64
	}{
		{"Exp", kernels.Exp[T], []float64{0, negZero, inf, -inf, nan, 1e6, -1e6}, []float64{1, 1, inf, 0, nan, inf, 0}},
		{"Sigmoid", kernels.Sigmoid[T], []float64{0, negZero, inf, -inf, nan, 1e6, -1e6, 40}, []float64{0.5, 0.5, 1, 0, nan, 1, 0, 1}},
		{"Tanh", kernels.Tanh[T], []float64{0, negZero, inf, -inf, nan, sub, -sub, 30, -30}, []float64{0, negZero, 1, -1, nan, sub, -sub, 1, -1}},
	}
	forEachTier(t, func(t *testing.T) {
		for _, c := range cases {
			x := make([]T, len(c.x))
			for i, v := range c.x {
				x[i] = T(v)
			}
			got := make([]T, len(x))
			c.f(got, x)
			for i := range x {
				if !harness.SameValue(got[i], T(c.want[i])) {
					t.Errorf("%s(%v) = %v, want %v", c.name, x[i], got[i], c.want[i])
				}
			}
		}
	})
}

func TestActivationsDoNotAllocate(t *testing.T) {
	if harness.RaceEnabled {
		t.Skip("allocation counts are unreliable under the race detector")
	}
	x, y, dst := make([]float32, 1500), make([]float32, 1500), make([]float32, 1500)
	x64, y64, dst64 := make([]float64, 1500), make([]float64, 1500), make([]float64, 1500)
	calls := map[string]func(){
		"Exp":             func() { kernels.Exp(dst, x); kernels.Exp(dst64, x64) },
		"Sigmoid":         func() { kernels.Sigmoid(dst, x); kernels.Sigmoid(dst64, x64) },
		"Tanh":            func() { kernels.Tanh(dst, x); kernels.Tanh(dst64, x64) },
		"SigmoidBackward": func() { kernels.SigmoidBackward(dst, y, x); kernels.SigmoidBackward(dst64, y64, x64) },
		"TanhBackward":    func() { kernels.TanhBackward(dst, y, x); kernels.TanhBackward(dst64, y64, x64) },
	}
	forEachTier(t, func(t *testing.T) {
		for name, f := range calls {
			if n := testing.AllocsPerRun(10, f); n != 0 {
				t.Errorf("%s: %v allocations per call, want 0", name, n)
			}
		}
	})
}

func TestActivationBadArguments(t *testing.T) {
	s := func(n int) []float64 { return make([]float64, n) }
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"kernels.Exp: len(dst)=3 != len(x)=4", func() { kernels.Exp(s(3), s(4)) }},
		{"kernels.Sigmoid: len(dst)=4 != len(x)=3", func() { kernels.Sigmoid(s(4), s(3)) }},
		{"kernels.Tanh: len(dst)=0 != len(x)=1", func() { kernels.Tanh(s(0), s(1)) }},
		{"kernels.SigmoidBackward: lengths differ: len(dx)=4, len(dy)=4, len(y)=5",
			func() { kernels.SigmoidBackward(s(4), s(4), s(5)) }},
		{"kernels.TanhBackward: lengths differ: len(dx)=2, len(dy)=3, len(y)=2",
			func() { kernels.TanhBackward(s(2), s(3), s(2)) }},
	} {
		expectPanic(t, c.want, c.f)
	}
}

// activationBody is the fuzz body of the activation kernel called name.
func activationBody(name string) fuzzBody {
	return elementwiseBody(activationByName[float32](name), activationByName[float64](name))
}

func activationByName[T kernels.Float](name string) elementwise[T] {
	for _, e := range activationSpecs[T]() {
		if e.name == name {
			return e
		}
	}
	panic("no kernel " + name)
}

func FuzzExp(f *testing.F)             { seeds(f); fuzz(f, fuzzBodies["FuzzExp"]) }
func FuzzSigmoid(f *testing.F)         { seeds(f); fuzz(f, fuzzBodies["FuzzSigmoid"]) }
func FuzzTanh(f *testing.F)            { seeds(f); fuzz(f, fuzzBodies["FuzzTanh"]) }
func FuzzSigmoidBackward(f *testing.F) { seeds(f); fuzz(f, fuzzBodies["FuzzSigmoidBackward"]) }
func FuzzTanhBackward(f *testing.F)    { seeds(f); fuzz(f, fuzzBodies["FuzzTanhBackward"]) }

// BenchmarkActivation times each activation and gradient kernel per tier:
// n = 1200 is the hidden layer of the Iris network (100 rows × 12 units),
// 16384 a larger cache-resident one. Bytes count reads plus writes.
func BenchmarkActivation(b *testing.B) {
	for _, op := range []struct {
		name string
		f32  func(dst, x []float32)
		f64  func(dst, x []float64)
	}{
		{"Exp", kernels.Exp[float32], kernels.Exp[float64]},
		{"Sigmoid", kernels.Sigmoid[float32], kernels.Sigmoid[float64]},
		{"Tanh", kernels.Tanh[float32], kernels.Tanh[float64]},
		{"SigmoidBackward", func(dst, x []float32) { kernels.SigmoidBackward(dst, x, x) }, func(dst, x []float64) { kernels.SigmoidBackward(dst, x, x) }},
		{"TanhBackward", func(dst, x []float32) { kernels.TanhBackward(dst, x, x) }, func(dst, x []float64) { kernels.TanhBackward(dst, x, x) }},
	} {
		b.Run("op="+op.name, func(b *testing.B) {
			forEachISA(b, func(b *testing.B) {
				for _, n := range []int{1200, 16384} {
					b.Run(fmt.Sprintf("dtype=f32/n=%d", n), func(b *testing.B) { benchUnary(b, n, 8, op.f32) })
					b.Run(fmt.Sprintf("dtype=f64/n=%d", n), func(b *testing.B) { benchUnary(b, n, 16, op.f64) })
				}
			})
		})
	}
}
