package kernels

import "math"

// The element-wise exponential and the smooth activations, with the
// gradients of the activations in terms of their outputs (as a
// reverse-mode autodiff keeps them). Each checks its arguments, then
// makes one call into the active tier for the whole slice.
//
// Accuracy is stated in units in the last place (ulp) of the exact result
// in T; results below the normal range are measured in the subnormal
// spacing, so they are held to the same bound. The bounds hold on every
// tier over the whole range of T and are checked against a reference of
// more than twice T's precision (see activation_amd64_test.go).

// MaxExpULP, MaxSigmoidULP and MaxTanhULP bound the error of Exp, Sigmoid
// and Tanh on every tier, in ulps of the exact result.
const (
	MaxExpULP     = 2
	MaxSigmoidULP = 3
	MaxTanhULP    = 3
)

// Exp sets dst[i] = e^x[i]. dst may be x.
//
// Accuracy: within MaxExpULP ulp of the exact value on every tier, by a
// Cody–Waite reduction and a minimax polynomial (the generic tier in
// float64 without fused multiply-adds, the avx2 tier in T with them).
//
// Special values, the same on every tier: NaN gives NaN; ±0 gives exactly
// 1; −Inf gives +0, as does every x[i] below about −103.97 (float32) or
// −745.13 (float64), and results are subnormal below about −87.34 or
// −708.40; +Inf gives +Inf, as does every x[i] above about 88.72 or
// 709.78.
func Exp[T Float](dst, x []T) {
	checkLen2("Exp", "dst", len(dst), "x", len(x))
	if is32[T]() {
		active.f32.exp(as32(dst), as32(x))
	} else {
		active.f64.exp(as64(dst), as64(x))
	}
}

// Sigmoid sets dst[i] = 1/(1 + e^−x[i]), the logistic function. dst may
// be x. It is computed from e = e^−|x[i]|, which cannot overflow, as
// 1/(1 + e) for x[i] ≥ 0 and e/(1 + e) for x[i] < 0.
//
// Accuracy: within MaxSigmoidULP ulp of the exact value on every tier.
//
// Special values, the same on every tier: NaN gives NaN; ±0 gives 0.5;
// +Inf gives 1, as does every x[i] above about 17.33 (float32) or 37.43
// (float64); −Inf gives +0, and arguments below about −87.3 (float32) or
// −708.4 (float64) give subnormal results, +0 below about −103.97 or
// −745.13.
func Sigmoid[T Float](dst, x []T) {
	checkLen2("Sigmoid", "dst", len(dst), "x", len(x))
	if is32[T]() {
		active.f32.sigmoid(as32(dst), as32(x))
	} else {
		active.f64.sigmoid(as64(dst), as64(x))
	}
}

// SigmoidBackward sets dx[i] = dy[i]·(y[i]·(1 − y[i])): the gradient of
// Sigmoid at the point whose output is y, given the gradient dy of the
// output. dx may be dy or y. The operations round in that order, with no
// fused multiply-add, so results are identical on every tier (IEEE
// semantics for special values).
func SigmoidBackward[T Float](dx, dy, y []T) {
	checkLen3("SigmoidBackward", "dx", len(dx), "dy", len(dy), "y", len(y))
	if is32[T]() {
		active.f32.sigmoidBackward(as32(dx), as32(dy), as32(y))
	} else {
		active.f64.sigmoidBackward(as64(dx), as64(dy), as64(y))
	}
}

// Tanh sets dst[i] = tanh(x[i]). dst may be x. The avx2 tier computes it
// as sign(x)·(−u/(2 + u)) with u = expm1(−2|x|), which keeps the relative
// accuracy of small arguments; the generic tier calls math.Tanh.
//
// Accuracy: within MaxTanhULP ulp of the exact value on every tier.
//
// Special values, the same on every tier: NaN gives NaN; ±0 gives ±0 and
// a subnormal x gives x; ±Inf gives ±1, as does every |x[i]| above about
// 9.01 (float32) or 19.06 (float64).
func Tanh[T Float](dst, x []T) {
	checkLen2("Tanh", "dst", len(dst), "x", len(x))
	if is32[T]() {
		active.f32.tanh(as32(dst), as32(x))
	} else {
		active.f64.tanh(as64(dst), as64(x))
	}
}

// TanhBackward sets dx[i] = dy[i]·((1 − y[i])·(1 + y[i])): the gradient
// of Tanh at the point whose output is y, given the gradient dy of the
// output; (1 − y)(1 + y) is 1 − y² without its cancellation near |y| = 1.
// dx may be dy or y. The operations round in that order, with no fused
// multiply-add, so results are identical on every tier (IEEE semantics
// for special values).
func TanhBackward[T Float](dx, dy, y []T) {
	checkLen3("TanhBackward", "dx", len(dx), "dy", len(dy), "y", len(y))
	if is32[T]() {
		active.f32.tanhBackward(as32(dx), as32(dy), as32(y))
	} else {
		active.f64.tanhBackward(as64(dx), as64(dy), as64(y))
	}
}

// The generic tier's kernels. float32 goes through float64, whose
// functions are accurate to about 1 ulp of float64, and so rounds to
// within a hair over half an ulp of float32.

func expGeneric[T Float](dst, x []T) { each64(dst, x, exp64) }

func sigmoidGeneric[T Float](dst, x []T) { each64(dst, x, sigmoid64) }

func tanhGeneric[T Float](dst, x []T) { each64(dst, x, math.Tanh) }

// each64 sets dst[i] = f(x[i]) computed in float64. float32 goes through
// a float64 buffer: converted in place, the argument register of f would
// carry a false dependency on the previous call's result on amd64
// (CVTSS2SD writes only the low lane) and serialise the calls.
func each64[T Float](dst, x []T, f func(float64) float64) {
	dst = dst[:len(x)]
	if !is32[T]() {
		for i, v := range x {
			dst[i] = T(f(float64(v)))
		}
		return
	}
	var buf [64]float64
	for len(x) > 0 {
		b := buf[:min(len(x), len(buf))]
		for i := range b {
			b[i] = float64(x[i])
		}
		for i, v := range b {
			b[i] = f(v)
		}
		for i, v := range b {
			dst[i] = T(v)
		}
		x, dst = x[len(b):], dst[len(b):]
	}
}

// sigmoid64 returns 1/(1 + e^−x) as 1/(1 + e) for x ≥ 0 and e/(1 + e)
// otherwise, e = e^−|x|.
func sigmoid64(x float64) float64 {
	e := exp64(-math.Abs(x))
	if math.Signbit(x) {
		return e / (1 + e)
	}
	return 1 / (1 + e)
}

// exp64 returns e^x to within about 1 ulp over the whole float64 range,
// by the avx2 tier's method in plain Go: x = n·ln2 + r, |r| ≤ ln2/2, with
// the product n·ln2Hi exact (ln2Hi has 32 significant bits), the avx2
// tier's degree-11 polynomial for e^r (asm/internal/avxgen), and 2^n
// applied in two factors so that overflow and subnormal results round
// once. (math.Exp is not used: on amd64 its assembly overflows to +Inf
// from x ≈ 709.44, below the true threshold 709.78, and is accurate to
// only about 1.7 ulp.)
func exp64(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		overflow  = 7.09782712893383973096e+02 // log of the largest finite float64
		underflow = -7.45133219101941108420e+02
	)
	switch {
	case x != x:
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	}
	// n = round(x·log2e), by the rounding of a sum at 1.5·2^52.
	const magic = 0x1.8p52
	n := (x*math.Log2E + magic) - magic
	r := (x - n*ln2Hi) - n*ln2Lo
	p := 2.5000059143758744e-08
	p = p*r + 2.7630244893777854e-07
	p = p*r + 2.755758636287291e-06
	p = p*r + 2.480149310790589e-05
	p = p*r + 0.00019841269506611827
	p = p*r + 0.0013888888943622273
	p = p*r + 0.008333333333494437
	p = p*r + 0.04166666666653018
	p = p*r + 0.16666666666666413
	p = p*r + 0.5000000000000011
	p = p*r + 1
	p = p*r + 1
	// 2^n = 2^h·2^(n−h) with both factors normal for −1075 ≤ n ≤ 1024.
	k := int(n)
	h := k >> 1
	p *= math.Float64frombits(uint64(h+1023) << 52)
	return p * math.Float64frombits(uint64(k-h+1023)<<52)
}

func sigmoidBackwardGeneric[T Float](dx, dy, y []T) {
	dy, dx = dy[:len(y)], dx[:len(y)]
	for i, v := range y {
		dx[i] = dy[i] * (v * (1 - v))
	}
}

func tanhBackwardGeneric[T Float](dx, dy, y []T) {
	dy, dx = dy[:len(y)], dx[:len(y)]
	for i, v := range y {
		dx[i] = dy[i] * ((1 - v) * (1 + v))
	}
}
