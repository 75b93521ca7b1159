//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Accuracy of Exp, Sigmoid and Tanh on every tier, in ulps of the exact
// result in the element type (subnormal results in the subnormal spacing,
// +Inf counted as the value one ulp past the largest finite number, as in
// exp_amd64_test.go). float32 results are compared with the float64
// functions (relative error about 1e−16: exact for this purpose); float64
// results with double-double references built on ddExp.

// actFunc is one function under test: the kernel, the float32 reference,
// and the float64 reference as (hi + lo)·2^n.
type actFunc struct {
	name  string
	bound float64
	run32 func(dst, x []float32)
	run64 func(dst, x []float64)
	ref32 func(x float64) float64
	ref64 func(x float64) (hi, lo float64, n int)
}

func actFuncs() []actFunc {
	return []actFunc{
		{"Exp", MaxExpULP, Exp[float32], Exp[float64], math.Exp, ddExpRef},
		{"Sigmoid", MaxSigmoidULP, Sigmoid[float32], Sigmoid[float64], sigmoidRef, ddSigmoid},
		{"Tanh", MaxTanhULP, Tanh[float32], Tanh[float64], math.Tanh, ddTanh},
	}
}

// sigmoidRef is the float32 reference: the float64 sigmoid from math.Exp.
func sigmoidRef(x float64) float64 {
	if x < 0 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// ddDiv returns (ah + al)/(bh + bl) to about 2^−104.
func ddDiv(ah, al, bh, bl float64) (float64, float64) {
	q1 := ah / bh
	r := math.FMA(-q1, bh, ah) - q1*bl + al
	return fastTwoSum(q1, r/bh)
}

// ddAdd returns (ah + al) + (bh + bl) to about 2^−104.
func ddAdd(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	return fastTwoSum(s, e+al+bl)
}

// ddExpRef is ddExp with the infinite and far-out arguments that it does
// not take mapped to huge and tiny values.
func ddExpRef(x float64) (float64, float64, int) {
	switch {
	case x != x:
		return math.NaN(), 0, 0
	case x > 1000:
		return 1, 0, 2000 // overflows any type
	case x < -1000:
		return 1, 0, -2000 // 0 in any type
	}
	return ddExp(x)
}

// ddSigmoid returns 1/(1 + e^−x) = e^x/(1 + e^x).
func ddSigmoid(x float64) (float64, float64, int) {
	switch {
	case x != x:
		return math.NaN(), 0, 0
	case x > 1000:
		return 1, 0, 0
	case x < -1000:
		return 1, 0, -2000
	}
	hi, lo, n := ddExp(-math.Abs(x)) // e = (hi + lo)·2^n ≤ 1
	eh, el := math.Ldexp(hi, n), math.Ldexp(lo, n)
	dh, dl := ddAdd(1, 0, eh, el) // 1 + e, in [1, 2]
	if x >= 0 {
		qh, ql := ddDiv(1, 0, dh, dl)
		return qh, ql, 0
	}
	qh, ql := ddDiv(hi, lo, dh, dl) // e/(1 + e) = (hi + lo)/(1 + e)·2^n
	return qh, ql, n
}

// ddTanh returns tanh(x) = sign(x)·(1 − e)/(1 + e), e = e^−2|x|; for
// |x| < 2^−30, x − x³/3 (the next term is below 2^−120 relative).
func ddTanh(x float64) (float64, float64, int) {
	a := math.Abs(x)
	var h, l float64
	switch {
	case x != x:
		return math.NaN(), 0, 0
	case a < 0x1p-30:
		h, l = a, -a*a*a/3
	case a > 40:
		h, l = 1, -2*math.Exp(-2*a)
	default:
		eh, el, n := ddExp(-2 * a)
		eh, el = math.Ldexp(eh, n), math.Ldexp(el, n)
		nh, nl := ddAdd(1, 0, -eh, -el)
		dh, dl := ddAdd(1, 0, eh, el)
		h, l = ddDiv(nh, nl, dh, dl)
	}
	if x < 0 {
		h, l = -h, -l
	}
	return h, l, 0
}

// err32 is |got − want| in float32 ulps of want.
func err32(got float32, want float64) float64 { return expErr32(got, want) }

// err64 is |got − exact| in float64 ulps of exact = (hi + lo)·2^n, with
// the subnormal spacing below 2^−1022 and +Inf as 2^1024.
func err64(got, hi, lo float64, n int) float64 {
	if hi != hi || got != got {
		if hi != hi && got != got {
			return 0
		}
		return math.Inf(1)
	}
	if hi == 0 {
		return math.Abs(got) / 0x1p-1074
	}
	_, e := math.Frexp(hi) // |exact| ≈ f·2^(e+n), f in [0.5, 1)
	if e+n > 1024 && math.IsInf(got, 0) && math.Signbit(got) == math.Signbit(hi) {
		return 0 // the exact value overflows: +Inf is its rounding
	}
	ulpExp := e + n - 53
	switch {
	case e+n-1 < -1022:
		ulpExp = -1074
	case e+n > 1024:
		ulpExp = 1024 - 53
	}
	// Compare in the scaled domain, where hi is near 1; the scaling by a
	// power of two is exact (or, for a subnormal got and a very negative
	// n, far below the difference measured).
	g := math.Ldexp(got, -n)
	if math.IsInf(got, 0) {
		g = math.Copysign(math.Ldexp(1, 1024-n), got)
	}
	d := (g - hi) - lo
	return math.Abs(d) / math.Ldexp(1, ulpExp-n)
}

// inputs32 returns every 2^k-th float32 bit pattern of both signs (with
// and without odd low bits), random values over the interesting range,
// and the edges: around 0, the thresholds where results saturate or
// become subnormal, and the specials.
func inputs32(short bool) []float32 {
	var xs []float32
	k := uint64(9)
	if short {
		k = 12
	}
	for b := uint64(0); b < 1<<32; b += 1 << k {
		xs = append(xs, math.Float32frombits(uint32(b)|0x35), math.Float32frombits(uint32(b)))
	}
	r := rand.New(rand.NewPCG(11, 12))
	nr := 1 << 18
	if short {
		nr = 1 << 12
	}
	for range nr {
		xs = append(xs, float32(r.Float64()*220-110), float32(r.Float64()*4-2), float32(r.NormFloat64()*1e-3))
	}
	edges := []float64{0, 0x1p-126, 0x1p-149, 0.25, 0.5, 0.55, 1, 8.66, 9.01, 16.6, 17.4, 87.3, 88.72, 103.97, 104, 110, 89}
	for k := -160; k <= 130; k++ {
		edges = append(edges, (float64(k)+0.5)*math.Ln2, (float64(k)+0.5)*math.Ln2/2)
	}
	for _, e := range edges {
		c := float32(e)
		for range 64 {
			xs = append(xs, c, -c)
			c = math.Nextafter32(c, float32(math.Inf(1)))
		}
	}
	return append(xs, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, -math.MaxFloat32)
}

func inputs64(short bool) []float64 {
	r := rand.New(rand.NewPCG(13, 14))
	n := 1 << 18
	if short {
		n = 1 << 12
	}
	var xs []float64
	for range n {
		xs = append(xs, r.Float64()*1500-750, r.Float64()*80-40, r.Float64()*2-1, r.NormFloat64()*1e-6)
	}
	step := uint64(1) << 44
	if short {
		step <<= 4
	}
	for b := uint64(0x2545f4914f6cdd1d) % step; b < math.MaxUint64-step; b += step {
		xs = append(xs, math.Float64frombits(b))
	}
	edges := []float64{0, 0x1p-1022, 5e-324, 0x1p-30, 0.25, 0.5, 1, 19.06, 36.7, 37.5, 44, 708.4, 709.78, 745.13, 750, 710}
	for k := -1090; k <= 1030; k += 7 {
		edges = append(edges, (float64(k)+0.5)*math.Ln2, (float64(k)+0.5)*math.Ln2/2)
	}
	for _, e := range edges {
		c := e
		for range 32 {
			xs = append(xs, c, -c)
			c = math.Nextafter(c, math.Inf(1))
		}
	}
	return append(xs, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64)
}

func TestActivationAccuracy(t *testing.T) {
	xs32, xs64 := inputs32(testing.Short()), inputs64(testing.Short())
	ys32, ys64 := make([]float32, len(xs32)), make([]float64, len(xs64))
	for _, isa := range ISAs() {
		for _, f := range actFuncs() {
			t.Run(f.name+"/isa="+isa, func(t *testing.T) {
				defer UseISA(isa)()
				f.run32(ys32, xs32)
				worst, at := 0.0, float32(0)
				for i, x := range xs32 {
					e := err32(ys32[i], f.ref32(float64(x)))
					if e > worst || e != e {
						worst, at = e, x
					}
				}
				t.Logf("float32: max error %.3f ulp at x = %.9g (%#08x) over %d inputs", worst, at, math.Float32bits(at), len(xs32))
				if !(worst <= f.bound) {
					ys := []float32{0}
					f.run32(ys, []float32{at})
					t.Errorf("float32 %s(%.9g) = %.9g, want %.9g: %.3g ulp, bound %g", f.name, at, ys[0], f.ref32(float64(at)), worst, f.bound)
				}

				f.run64(ys64, xs64)
				worst64, at64 := 0.0, 0.0
				for i, x := range xs64 {
					hi, lo, n := f.ref64(x)
					e := err64(ys64[i], hi, lo, n)
					if e > worst64 || e != e {
						worst64, at64 = e, x
					}
				}
				t.Logf("float64: max error %.3f ulp at x = %.17g over %d inputs", worst64, at64, len(xs64))
				if !(worst64 <= f.bound) {
					ys := []float64{0}
					f.run64(ys, []float64{at64})
					hi, lo, n := f.ref64(at64)
					t.Errorf("float64 %s(%.17g) = %.17g, want %.17g: %.3g ulp, bound %g", f.name, at64, ys[0], math.Ldexp(hi+lo, n), worst64, f.bound)
				}
			})
		}
	}
}
