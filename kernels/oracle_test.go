package kernels_test

import (
	"math"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// The oracles: deliberately naive, written from the documentation of each
// kernel, accumulating in float64 with compensated sums (harness.Sum), so
// that they are exact references for float64 kernels too. They live in
// test code only.

func reluOracle[T kernels.Float](x T) T {
	if x < 0 {
		return 0
	}
	return x
}

func reluBackwardOracle[T kernels.Float](dy, x T) T {
	if x > 0 {
		return dy
	}
	return 0
}

// addColSumsOracle adds each column in row order, in T, as documented.
func addColSumsOracle[T kernels.Float](dst0, a []T, rows, cols, lda int) []T {
	out := append([]T(nil), dst0...)
	for j := range cols {
		s := out[j]
		for i := range rows {
			s += a[i*lda+j]
		}
		out[j] = s
	}
	return out
}

// softmaxOracle returns the exact softmax of each row in float64, and
// logSoftmaxOracle its logarithm together with each row's log-sum term.
func softmaxOracle[T kernels.Float](x []T, rows, cols int) []float64 {
	out := make([]float64, rows*cols)
	for r := range rows {
		row := x[r*cols : (r+1)*cols]
		m := math.Inf(-1)
		nan := false
		for _, v := range row {
			if v != v {
				nan = true
			}
			m = math.Max(m, float64(v))
		}
		var sum harness.Sum
		for _, v := range row {
			sum.Add(math.Exp(float64(v) - m))
		}
		s, ds := sum.Parts()
		for j, v := range row {
			if nan {
				out[r*cols+j] = math.NaN()
				continue
			}
			e := math.Exp(float64(v) - m)
			out[r*cols+j] = e/s - e/s*(ds/s)
		}
	}
	return out
}

func logSoftmaxOracle[T kernels.Float](x []T, rows, cols int) (out, shifted []float64) {
	out = make([]float64, rows*cols)
	shifted = make([]float64, rows*cols)
	for r := range rows {
		row := x[r*cols : (r+1)*cols]
		m := math.Inf(-1)
		nan := false
		for _, v := range row {
			if v != v {
				nan = true
			}
			m = math.Max(m, float64(v))
		}
		var sum harness.Sum
		for _, v := range row {
			sum.Add(math.Exp(float64(v) - m))
		}
		s, ds := sum.Parts()
		ls := math.Log(s) + math.Log1p(ds/s)
		for j, v := range row {
			shifted[r*cols+j] = float64(v) - m
			if nan {
				out[r*cols+j] = math.NaN()
				continue
			}
			out[r*cols+j] = (float64(v) - m) - ls
		}
	}
	return out, shifted
}

// gemmOracle returns op(A)·op(B)·alpha + beta·C in float64 and, per
// element, the bound scale |alpha|·Σ|a||b| + |beta|·|c|. With beta = 0, C is
// not read (so NaN in C does not propagate); with alpha = 0 or k = 0, A and
// B are not read.
func gemmOracle[T kernels.Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (want, scale []float64) {
	want = make([]float64, m*n)
	scale = make([]float64, m*n)
	for i := range m {
		for j := range n {
			var sum harness.Sum
			var abs float64
			if alpha != 0 {
				for p := range k {
					var av, bv T
					if transA {
						av = a[p*lda+i]
					} else {
						av = a[i*lda+p]
					}
					if transB {
						bv = b[j*ldb+p]
					} else {
						bv = b[p*ldb+j]
					}
					sum.Add(float64(av) * float64(bv))
					abs += math.Abs(float64(av) * float64(bv))
				}
			}
			v := float64(alpha) * sum.Value()
			sc := math.Abs(float64(alpha)) * abs
			if beta != 0 {
				cv := float64(c[i*ldc+j])
				v += float64(beta) * cv
				sc += math.Abs(float64(beta) * cv)
			}
			want[i*n+j] = v
			scale[i*n+j] = sc
		}
	}
	return want, scale
}
