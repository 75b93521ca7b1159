package kernels

import "math"

// The generic tier: plain Go, the only tier on GOARCHes without assembly
// and the fallback everywhere else. Its kernels are the executable
// specification of the special-value semantics documented on the exported
// functions; SIMD tiers must agree with them (bit for bit where the
// documentation says so).

var genericTier = registerTier(&tier{
	name: "generic",
	rank: 0,
	f32:  genericOps[float32](),
	f64:  genericOps[float64](),
}, true)

func genericOps[T Float]() ops[T] {
	return ops[T]{
		relu:         reluGeneric[T],
		reluBackward: reluBackwardGeneric[T],
		softmax:      softmaxGeneric[T],
		logSoftmax:   logSoftmaxGeneric[T],
		axpy:         axpyGeneric[T],
		scale:        scaleGeneric[T],
		add:          addGeneric[T],
		sub:          subGeneric[T],
		mul:          mulGeneric[T],
		sum:          sumGeneric[T],
		dot:          dotGeneric[T],
		addColSums:   addColSumsGeneric[T],
		gemm:         genericGemmKernel[T](),

		exp:             expGeneric[T],
		sigmoid:         sigmoidGeneric[T],
		tanh:            tanhGeneric[T],
		sigmoidBackward: sigmoidBackwardGeneric[T],
		tanhBackward:    tanhBackwardGeneric[T],
	}
}

func reluGeneric[T Float](dst, x []T) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v < 0 {
			v = 0
		}
		dst[i] = v
	}
}

func reluBackwardGeneric[T Float](dx, dy, x []T) {
	dy = dy[:len(x)]
	dx = dx[:len(x)]
	for i, v := range x {
		g := dy[i]
		if !(v > 0) {
			g = 0
		}
		dx[i] = g
	}
}

func axpyGeneric[T Float](alpha T, x, y []T) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		ys[0] += alpha * xs[0]
		ys[1] += alpha * xs[1]
		ys[2] += alpha * xs[2]
		ys[3] += alpha * xs[3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

func scaleGeneric[T Float](dst []T, alpha T, x []T) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = alpha * v
	}
}

func addGeneric[T Float](dst, x, y []T) {
	y, dst = y[:len(x)], dst[:len(x)]
	for i, v := range x {
		dst[i] = v + y[i]
	}
}

func subGeneric[T Float](dst, x, y []T) {
	y, dst = y[:len(x)], dst[:len(x)]
	for i, v := range x {
		dst[i] = v - y[i]
	}
}

func mulGeneric[T Float](dst, x, y []T) {
	y, dst = y[:len(x)], dst[:len(x)]
	for i, v := range x {
		dst[i] = v * y[i]
	}
}

// sumGeneric adds with four independent accumulators, which both runs
// faster than one and keeps the rounding error closer to pairwise summation.
func sumGeneric[T Float](x []T) T {
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs := x[i : i+4 : i+4]
		s0 += xs[0]
		s1 += xs[1]
		s2 += xs[2]
		s3 += xs[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func dotGeneric[T Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		s0 += xs[0] * ys[0]
		s1 += xs[1] * ys[1]
		s2 += xs[2] * ys[2]
		s3 += xs[3] * ys[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func addColSumsGeneric[T Float](dst, a []T, rows, cols, lda int) {
	dst = dst[:cols]
	for i := 0; i < rows; i++ {
		addGeneric(dst, dst, a[i*lda:i*lda+cols])
	}
}

// rowMax returns the largest element of a non-empty row; a NaN anywhere
// makes the result NaN. The builtin max compiles without branches, so a
// row whose largest element moves around costs no mispredictions.
func rowMax[T Float](row []T) T {
	m := row[0]
	for _, v := range row[1:] {
		m = max(m, v)
	}
	return m
}

// exp is the element type's exponential, correctly rounded to within one
// ulp: float32 goes through float64.
func exp[T Float](x T) T { return T(math.Exp(float64(x))) }

func softmaxGeneric[T Float](dst, x []T, rows, cols int) {
	for r := 0; r < rows; r++ {
		xr, dr := x[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		if cols == 0 {
			continue
		}
		m := rowMax(xr)
		var s T
		for i, v := range xr {
			e := exp(v - m)
			dr[i] = e
			s += e
		}
		inv := 1 / s
		for i := range dr {
			dr[i] *= inv
		}
	}
}

func logSoftmaxGeneric[T Float](dst, x []T, rows, cols int) {
	for r := 0; r < rows; r++ {
		xr, dr := x[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		if cols == 0 {
			continue
		}
		m := rowMax(xr)
		var s T
		for _, v := range xr {
			s += exp(v - m)
		}
		logS := T(math.Log(float64(s)))
		for i, v := range xr {
			dr[i] = (v - m) - logS
		}
	}
}
