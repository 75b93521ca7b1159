package kernels_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// checkSoftmax runs Softmax and LogSoftmax on x (rows×cols) with the active
// tier, from guarded input into a canaried output and in place, and checks
// the documented accuracy against the float64 oracles.
func checkSoftmax[T kernels.Float](t testing.TB, x []T, rows, cols int, at harness.Placement) {
	t.Helper()
	newSoftmaxCase(x, rows, cols).check(t, at)
}

// softmaxCase is an input of Softmax and LogSoftmax with its oracles,
// computed once for checks on several tiers.
type softmaxCase[T kernels.Float] struct {
	x                      []T
	rows, cols             int
	want, wantLog, shifted []float64
}

func newSoftmaxCase[T kernels.Float](x []T, rows, cols int) *softmaxCase[T] {
	c := &softmaxCase[T]{x: x, rows: rows, cols: cols, want: softmaxOracle(x, rows, cols)}
	c.wantLog, c.shifted = logSoftmaxOracle(x, rows, cols)
	return c
}

// check is checkSoftmax with the active tier.
func (c *softmaxCase[T]) check(t testing.TB, at harness.Placement) {
	t.Helper()
	x, rows, cols := c.x, c.rows, c.cols
	want, wantLog, shifted := c.want, c.wantLog, c.shifted
	n := rows * cols
	eps := harness.Epsilon[T]()
	gx, free := guardedCopy(x, 0, at)
	defer free()
	out, freeOut := harness.Guarded[T](n+2*canaryPad, at)
	defer freeOut()
	dst := out[canaryPad : canaryPad+n]
	inside := func(i int) bool { return i >= canaryPad && i < canaryPad+n }
	verify := func(what string, got []T) {
		t.Helper()
		for i, w := range want {
			d := math.Abs(float64(got[i]) - w)
			if math.IsNaN(w) != math.IsNaN(float64(got[i])) || d > (float64(cols+4)+math.Abs(shifted[i]))*eps*w+harness.SmallestNormal[T]() {
				t.Fatalf("Softmax%s %d×%d: [%d] = %v, want %v (relative error %.3g ε); row input %v",
					what, rows, cols, i, got[i], w, d/w/eps, x[i/cols*cols:(i/cols+1)*cols])
			}
		}
		for r := range rows {
			// The exact sum of the outputs: a plain float64 loop would
			// add its own rounding, as large as the bound for float64.
			var sum harness.Sum
			var bound float64
			for j, v := range got[r*cols : (r+1)*cols] {
				sum.Add(float64(v))
				bound += (float64(cols+4) + math.Abs(shifted[r*cols+j])) * eps * want[r*cols+j]
			}
			s := sum.Value()
			if cols > 0 && !math.IsNaN(s) && math.Abs(s-1) > bound {
				t.Fatalf("Softmax%s %d×%d: row %d sums to 1%+.3g", what, rows, cols, r, s-1)
			}
		}
	}
	harness.FillCanary(out)
	kernels.Softmax(dst, gx, rows, cols)
	verify("", dst)
	if i := harness.CanaryIntact(out, inside); i >= 0 {
		t.Fatalf("Softmax %d×%d: wrote outside dst at %d", rows, cols, i-canaryPad)
	}
	kernels.Softmax(gx, gx, rows, cols)
	verify(" (in place)", gx)

	copy(gx, x)
	verifyLog := func(what string, got []T) {
		t.Helper()
		for i, w := range wantLog {
			bound := (4*(math.Abs(shifted[i])+math.Log(float64(cols)))+2*float64(cols))*eps + 4*harness.ULP[T](w)
			if harness.ULPs(got[i], w) != 0 && !(math.Abs(float64(got[i])-w) <= bound) {
				t.Fatalf("LogSoftmax%s %d×%d: [%d] = %v, want %v (bound %.3g)", what, rows, cols, i, got[i], w, bound)
			}
		}
	}
	harness.FillCanary(out)
	kernels.LogSoftmax(dst, gx, rows, cols)
	verifyLog("", dst)
	if i := harness.CanaryIntact(out, inside); i >= 0 {
		t.Fatalf("LogSoftmax %d×%d: wrote outside dst at %d", rows, cols, i-canaryPad)
	}
	kernels.LogSoftmax(gx, gx, rows, cols)
	verifyLog(" (in place)", gx)
}

func testSoftmaxParity[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	forEachTier(t, func(t *testing.T) {
		for _, rows := range []int{0, 1, 3} {
			for _, cols := range harness.Lengths(maxLen) {
				for _, scale := range []float64{1, 30, 1e4} {
					x := make([]T, rows*cols)
					harness.Fill(r, x, scale, 0)
					for _, at := range harness.Placements {
						checkSoftmax(t, x, rows, cols, at)
					}
				}
			}
		}
		x := make([]T, 64*1000)
		harness.Fill(r, x, 10, 0)
		checkSoftmax(t, x, 64, 1000, harness.End)
		// Many narrow rows: classifier heads, batched across rows.
		for _, s := range [][2]int{{150, 3}, {64, 4}, {64, 8}, {100, 7}, {300, 15}, {37, 16}, {1000, 1}} {
			x := make([]T, s[0]*s[1])
			harness.Fill(r, x, 20, 0.01)
			for _, at := range harness.Placements {
				checkSoftmax(t, x, s[0], s[1], at)
			}
		}
	})
}

func TestSoftmaxParity(t *testing.T) {
	t.Run("dtype=f32", testSoftmaxParity[float32])
	t.Run("dtype=f64", testSoftmaxParity[float64])
}

// testSoftmaxSpecials checks the documented special-value rules on rows of
// every length up to maxLen, with the special placed at every position (so
// it lands in every lane and in the scalar tail).
func testSoftmaxSpecials[T kernels.Float](t *testing.T) {
	inf, nan := T(math.Inf(1)), T(math.NaN())
	r := rand.New(rand.NewPCG(5, 5))
	forEachTier(t, func(t *testing.T) {
		for _, cols := range harness.Lengths(maxLen) {
			base := make([]T, cols)
			harness.Fill(r, base, 5, 0)
			row := make([]T, cols)
			sm, lsm := make([]T, cols), make([]T, cols)
			for pos := range cols {
				for _, special := range []T{nan, inf} {
					copy(row, base)
					row[pos] = special
					kernels.Softmax(sm, row, 1, cols)
					kernels.LogSoftmax(lsm, row, 1, cols)
					for j := range cols {
						if !math.IsNaN(float64(sm[j])) || !math.IsNaN(float64(lsm[j])) {
							t.Fatalf("cols=%d, %v at %d: softmax[%d] = %v, logsoftmax = %v, want NaN", cols, special, pos, j, sm[j], lsm[j])
						}
					}
				}
				copy(row, base)
				row[pos] = -inf
				checkSoftmax(t, row, 1, cols, harness.End)
				kernels.Softmax(sm, row, 1, cols)
				kernels.LogSoftmax(lsm, row, 1, cols)
				if cols > 1 && (harness.Bits(sm[pos]) != 0 || !math.IsInf(float64(lsm[pos]), -1)) {
					t.Fatalf("cols=%d, −Inf at %d: softmax = %v, logsoftmax = %v, want +0 and −Inf", cols, pos, sm[pos], lsm[pos])
				}
			}
			for j := range row {
				row[j] = -inf
			}
			kernels.Softmax(sm, row, 1, cols)
			kernels.LogSoftmax(lsm, row, 1, cols)
			for j := range cols {
				if !math.IsNaN(float64(sm[j])) || !math.IsNaN(float64(lsm[j])) {
					t.Fatalf("cols=%d, all −Inf: softmax[%d] = %v, logsoftmax = %v, want NaN", cols, j, sm[j], lsm[j])
				}
			}
		}
		// Huge magnitudes and subnormals stay finite and accurate.
		big := T(harness.MaxValue[T]() / 2)
		tiny := T(harness.SmallestNormal[T]() / 8)
		checkSoftmax(t, []T{big, -big, 0, tiny, -tiny, big, 1, -1, 3, big / 3, -big / 3}, 1, 11, harness.End)
		checkSoftmax(t, []T{tiny, -tiny, 0, T(math.Copysign(0, -1)), tiny, tiny, tiny, tiny, tiny}, 3, 3, harness.End)
	})
}

// testSoftmaxRowsIndependent checks that each row's result depends on that
// row alone: with a special value at every position of a block of rows,
// every row of Softmax and LogSoftmax on the whole block (out of place from
// guarded input, and in place) is bit-identical to the same function on
// that row by itself. The narrow kernels read whole vectors that reach
// into the next rows, and store each row at its exact width.
func testSoftmaxRowsIndependent[T kernels.Float](t *testing.T) {
	specials := []T{T(math.NaN()), T(math.Inf(1)), T(math.Inf(-1)), 0}
	rowCounts, maxCols := []int{2, 3, 7, 13, 17}, 17 // 13, 17: the avx2 float32 kernel's blocks of 8 and rows left
	if testing.Short() {
		rowCounts, maxCols = []int{2, 7}, 9
	}
	fns := []struct {
		name string
		fn   func(dst, x []T, rows, cols int)
	}{{"Softmax", kernels.Softmax[T]}, {"LogSoftmax", kernels.LogSoftmax[T]}}
	r := rand.New(rand.NewPCG(6, 6))
	forEachTier(t, func(t *testing.T) {
		for _, rows := range rowCounts {
			for cols := 1; cols <= maxCols; cols++ {
				n := rows * cols
				base := make([]T, n)
				harness.Fill(r, base, 5, 0)
				all, one, inPlace := make([]T, n), make([]T, cols), make([]T, n)
				for _, at := range harness.Placements {
					x, free := guardedCopy(base, 0, at)
					for _, special := range specials {
						for pos := range n {
							x[pos] = special
							for _, f := range fns {
								f.fn(all, x, rows, cols)
								for i := range rows {
									f.fn(one, x[i*cols:(i+1)*cols], 1, cols)
									for j := range one {
										if harness.Bits(all[i*cols+j]) != harness.Bits(one[j]) {
											t.Fatalf("%s %d×%d, %v at %d (%v): row %d [%d] = %v in the block, %v alone",
												f.name, rows, cols, special, pos, at, i, j, all[i*cols+j], one[j])
										}
									}
								}
								copy(inPlace, x)
								f.fn(inPlace, inPlace, rows, cols)
								for i := range inPlace {
									if harness.Bits(inPlace[i]) != harness.Bits(all[i]) {
										t.Fatalf("%s %d×%d, %v at %d: [%d] = %v in place, %v out of place", f.name, rows, cols, special, pos, i, inPlace[i], all[i])
									}
								}
							}
							x[pos] = base[pos]
						}
					}
					free()
				}
			}
		}
	})
}

func TestSoftmaxRowsIndependent(t *testing.T) {
	t.Run("dtype=f32", testSoftmaxRowsIndependent[float32])
	t.Run("dtype=f64", testSoftmaxRowsIndependent[float64])
}

func TestSoftmaxSpecialValues(t *testing.T) {
	t.Run("dtype=f32", testSoftmaxSpecials[float32])
	t.Run("dtype=f64", testSoftmaxSpecials[float64])
}
