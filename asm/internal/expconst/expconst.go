// Package expconst holds the constants of the vector exponential that the
// avx2 and neon generators share (asm/softmax and asm/neon): both tiers
// compute exp with the same reduction and polynomial, instruction for
// instruction, so they agree bit for bit.
//
// exp(x): clamp x to [Lo, Hi] (NaN passes the clamp unchanged), split
// x = n·ln2 + r with n = round(x·log2e) and r computed by a Cody–Waite
// reduction (two fused multiply-adds with ln2 = Ln2Hi + Ln2Lo), approximate
// e^r on |r| ≤ ln2/2 by the polynomial 1 + r + c2·r² + … (Poly, the
// coefficients rounded to the element type), and multiply by 2^n built in
// the exponent bits.
package expconst

import "math"

// Params are the exp constants of one element type.
type Params struct {
	Lo, Hi float64   // clamp: exp(Lo) rounds to 0 even after ×2^K; exp(Hi) overflows
	Ln2Hi  float64   // ln2 rounded to the type
	Ln2Lo  float64   // ln2 − Ln2Hi, rounded to the type
	K      int       // softmax scale exponent: the softmax kernels compute e^x·2^K
	Poly   []float64 // c2, c3, …: e^r ≈ 1 + r + c2·r² + …
	// LoM1 is the clamp of expm1 (the activations' tanh): below it
	// expm1(x) rounds to −1 in the type, and 2^n stays a normal number.
	LoM1 float64
}

// For returns the constants of the element type of size bytes (4 or 8).
func For(size int) Params { return params[size] }

var params = map[int]Params{
	// Minimax (relative error) on |r| ≤ 0.3466 with c0 = c1 = 1, each
	// coefficient rounded to float32 in turn from c2 up and the rest
	// re-optimised (Remez exchange in 60-digit arithmetic): max relative
	// error 3.2e-9 = 0.05 ulp.
	4: {
		Lo: -110, Hi: 89,
		Ln2Hi: float64(float32(math.Ln2)),
		Ln2Lo: float64(float32(math.Ln2 - float64(float32(math.Ln2)))),
		K:     64,
		Poly: []float64{
			0.4999999403953552,
			0.16666516661643982,
			0.04166810214519501,
			0.008369192481040955,
			0.001383890281431377,
		},
		// e^−24 < 2^−34: expm1 is −1 to within 2^−10 ulp; n ≥ −35.
		LoM1: -24,
	},
	// Degree 11 minimax on |r| ≤ 0.3466 with c0 = c1 = 1: max relative
	// error 1.1e-17 = 0.05 ulp with the float64 coefficients.
	8: {
		Lo: -750, Hi: 710,
		Ln2Hi: math.Ln2,
		Ln2Lo: 2.319046813846299558e-17, // ln2 − float64(ln2)
		K:     512,
		Poly: []float64{
			0.5000000000000011,
			0.16666666666666413,
			0.04166666666653018,
			0.008333333333494437,
			0.0013888888943622273,
			0.00019841269506611827,
			2.480149310790589e-05,
			2.755758636287291e-06,
			2.7630244893777854e-07,
			2.5000059143758744e-08,
		},
		// e^−44 < 2^−63: expm1 is −1 to within 2^−10 ulp; n ≥ −64.
		LoM1: -44,
	},
}
