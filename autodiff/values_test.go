package autodiff

import (
	"math"
	"testing"
)

// TestOpValues checks the forward values of the element-wise, row-wise
// and shape operations against plain float64 loops (CheckGrad checks
// their gradients).
func TestOpValues(t *testing.T) {
	rng := newRand()
	const rows, cols = 7, 5
	a := uniform[float64](rng, rows*cols, -3, 3)
	b := uniform[float64](rng, rows*cols, 1, 2)
	row := uniform[float64](rng, cols, -2, -1)
	pos := uniform[float64](rng, rows*cols, 0.1, 5)

	var tape Tape[float64]
	va, vb, vr, vp := tape.Const(rows, cols, a), tape.Const(rows, cols, b), tape.Const(1, cols, row), tape.Const(rows, cols, pos)
	elem := func(name string, v Value[float64], want func(i, j int) float64, tol float64) {
		t.Helper()
		if v.Rows() != rows || v.Cols() != cols {
			t.Fatalf("%s: shape %d×%d, want %d×%d", name, v.Rows(), v.Cols(), rows, cols)
		}
		for i := range rows {
			for j := range cols {
				got, w := v.Data()[i*cols+j], want(i, j)
				if !(math.Abs(got-w) <= tol*math.Abs(w)) {
					t.Errorf("%s[%d,%d] = %v, want %v", name, i, j, got, w)
				}
			}
		}
	}
	at := func(x []float64) func(i, j int) float64 { return func(i, j int) float64 { return x[i*cols+j] } }
	elem("Mul", tape.Mul(va, vb), func(i, j int) float64 { return at(a)(i, j) * at(b)(i, j) }, 0)
	elem("Mul/row", tape.Mul(va, vr), func(i, j int) float64 { return at(a)(i, j) * row[j] }, 0)
	elem("Div", tape.Div(va, vb), func(i, j int) float64 { return at(a)(i, j) / at(b)(i, j) }, 0)
	elem("Div/row", tape.Div(va, vr), func(i, j int) float64 { return at(a)(i, j) / row[j] }, 0)
	elem("Exp", tape.Exp(va), func(i, j int) float64 { return math.Exp(at(a)(i, j)) }, 4e-16)
	elem("Log", tape.Log(vp), func(i, j int) float64 { return math.Log(at(pos)(i, j)) }, 0)
	elem("Sigmoid", tape.Sigmoid(va), func(i, j int) float64 { return 1 / (1 + math.Exp(-at(a)(i, j))) }, 1e-15)
	elem("Tanh", tape.Tanh(va), func(i, j int) float64 { return math.Tanh(at(a)(i, j)) }, 1e-15)
	rowLSE := func(i int) float64 {
		m := math.Inf(-1)
		for j := range cols {
			m = math.Max(m, at(a)(i, j))
		}
		s := 0.0
		for j := range cols {
			s += math.Exp(at(a)(i, j) - m)
		}
		return m + math.Log(s)
	}
	elem("Softmax", tape.Softmax(va), func(i, j int) float64 { return math.Exp(at(a)(i, j) - rowLSE(i)) }, 1e-14)
	elem("LogSoftmax", tape.LogSoftmax(va), func(i, j int) float64 { return at(a)(i, j) - rowLSE(i) }, 1e-14)

	tr := tape.Transpose(va)
	if tr.Rows() != cols || tr.Cols() != rows {
		t.Fatalf("Transpose: shape %d×%d, want %d×%d", tr.Rows(), tr.Cols(), cols, rows)
	}
	for i := range rows {
		for j := range cols {
			if got := tr.Data()[j*rows+i]; got != at(a)(i, j) {
				t.Errorf("Transpose[%d,%d] = %v, want %v", j, i, got, at(a)(i, j))
			}
		}
	}
	rs, cs, rm := tape.RowSums(va), tape.ColSums(va), tape.RowMax(va)
	if rs.Rows() != rows || rs.Cols() != 1 || cs.Rows() != 1 || cs.Cols() != cols || rm.Rows() != rows || rm.Cols() != 1 {
		t.Fatalf("RowSums %d×%d, ColSums %d×%d, RowMax %d×%d", rs.Rows(), rs.Cols(), cs.Rows(), cs.Cols(), rm.Rows(), rm.Cols())
	}
	for i := range rows {
		s, m := 0.0, math.Inf(-1)
		for j := range cols {
			s += at(a)(i, j)
			m = math.Max(m, at(a)(i, j))
		}
		if got := rs.Data()[i]; math.Abs(got-s) > 1e-15*cols*3 {
			t.Errorf("RowSums[%d] = %v, want %v", i, got, s)
		}
		if got := rm.Data()[i]; got != m {
			t.Errorf("RowMax[%d] = %v, want %v", i, got, m)
		}
	}
	for j := range cols {
		s := 0.0
		for i := range rows {
			s += at(a)(i, j)
		}
		if got := cs.Data()[j]; got != s {
			t.Errorf("ColSums[%d] = %v, want %v (row order)", j, got, s)
		}
	}
}

// TestRowMaxTiesAndNaN checks where RowMax's gradient goes: to the first
// of tied maxima, and to the first NaN of a row with NaNs, whose maximum
// is NaN.
func TestRowMaxTiesAndNaN(t *testing.T) {
	nan := math.NaN()
	p := NewParam(3, 4, []float64{1, 3, 3, 2, 5, nan, 7, nan, -1, -1, -1, -1})
	var tape Tape[float64]
	m := tape.RowMax(tape.Param(p))
	if d := m.Data(); d[0] != 3 || !math.IsNaN(d[1]) || d[2] != -1 {
		t.Errorf("RowMax = %v, want [3 NaN -1]", d)
	}
	tape.Backward(tape.Sum(m))
	want := []float64{0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0}
	for i, g := range p.Grad {
		if g != want[i] {
			t.Fatalf("gradient %v, want %v", p.Grad, want)
		}
	}
}
