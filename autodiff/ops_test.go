package autodiff

import (
	"math"
	"testing"
)

// refCrossEntropy is −Σ log softmax(row)[label] computed naively in float64
// with the row maximum subtracted.
func refCrossEntropy(logits []float64, labels []int, cols int) float64 {
	var sum float64
	for i, l := range labels {
		row := logits[i*cols : (i+1)*cols]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		sum += (m - row[l]) + math.Log(s)
	}
	return sum
}

// TestSoftmaxCrossEntropyExtremes covers rows whose label probability
// underflows (computed from the logits instead), many rows whose product of
// probabilities would underflow without rescaling, and non-finite logits.
func TestSoftmaxCrossEntropyExtremes(t *testing.T) {
	logits := []float64{
		0, 100, 3, // p(label 0) ≈ e⁻¹⁰⁰: below 2⁻⁶⁴, and 0 in float32
		0, 0, 0,
		-80, 80, 1, // p(label 0) ≈ e⁻¹⁶⁰
		5, 4, -7,
	}
	labels := []int{0, 2, 0, 1}
	// 300 more rows with p(label) ≈ 0.0001 each: the product is ≈ 1e-1200.
	for range 300 {
		logits = append(logits, 0, 9.21, 0)
		labels = append(labels, 0)
	}
	rows, cols := len(labels), 3
	want := refCrossEntropy(logits, labels, cols)

	var t64 Tape[float64]
	got := t64.SoftmaxCrossEntropy(t64.Const(rows, cols, logits), labels, ReduceSum).Scalar()
	if math.Abs(got-want) > 1e-12*want {
		t.Errorf("float64: loss %v, want %v", got, want)
	}
	l32 := make([]float32, len(logits))
	for i, v := range logits {
		l32[i] = float32(v)
	}
	want32 := refCrossEntropy(func() []float64 {
		x := make([]float64, len(l32))
		for i, v := range l32 {
			x[i] = float64(v)
		}
		return x
	}(), labels, cols)
	var t32 Tape[float32]
	got32 := float64(t32.SoftmaxCrossEntropy(t32.Const(rows, cols, l32), labels, ReduceSum).Scalar())
	if math.Abs(got32-want32) > 1e-5*want32 {
		t.Errorf("float32: loss %v, want %v", got32, want32)
	}

	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		var tb Tape[float64]
		x := []float64{1, bad, 2, 0, 0, 0}
		if l := tb.SoftmaxCrossEntropy(tb.Const(2, 3, x), []int{0, 1}, ReduceMean).Scalar(); !math.IsNaN(l) {
			t.Errorf("logits with %v: loss %v, want NaN", bad, l)
		}
	}
}
