package mlp

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestArgmax(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		x    []float64
		want int
	}{
		{[]float64{1}, 0},
		{[]float64{1, 3, 2}, 1},
		{[]float64{3, 1, 3}, 0},                 // first of a tie
		{[]float64{math.Copysign(0, -1), 0}, 0}, // −0 and +0 tie
		{[]float64{-inf, -1e30}, 1},
		{[]float64{1, inf, 2}, 1},
		{[]float64{nan, 1, 2}, -1},
		{[]float64{1, 2, nan}, -1},
		{[]float64{1, nan, 2}, -1},
	}
	for _, tt := range tests {
		if got := argmax(tt.x); got != tt.want {
			t.Errorf("argmax(%v) = %d, want %d", tt.x, got, tt.want)
		}
		x32 := make([]float32, len(tt.x))
		for i, v := range tt.x {
			x32[i] = float32(v)
		}
		if got := argmax(x32); got != tt.want {
			t.Errorf("argmax(float32 %v) = %d, want %d", tt.x, got, tt.want)
		}
	}
	// argmax3 agrees with argmax on every ordering of three values drawn
	// from ties, signed zeros, infinities and NaN.
	vals := []float64{-inf, -1, math.Copysign(0, -1), 0, 1, inf, nan}
	for _, a := range vals {
		for _, b := range vals {
			for _, c := range vals {
				want := argmax([]float64{a, b, c})
				if got := argmax3(a, b, c); got != want {
					t.Errorf("argmax3(%v, %v, %v) = %d, want %d", a, b, c, got, want)
				}
				if got := argmax3(float32(a), float32(b), float32(c)); got != want {
					t.Errorf("argmax3(float32 %v, %v, %v) = %d, want %d", a, b, c, got, want)
				}
			}
		}
	}
	// A row with a NaN output is never counted as right, with three
	// classes (argmax3) or more (argmax).
	if got := accuracy([]float64{nan, 1, 0, 0, 2, 1}, []int{1, 1}, 3); got != 0.5 {
		t.Errorf("accuracy with a NaN row = %v, want 0.5", got)
	}
	if got := accuracy([]float64{nan, 1, 0, 0, 0, 2, 1, 0}, []int{1, 1}, 4); got != 0.5 {
		t.Errorf("accuracy of four classes with a NaN row = %v, want 0.5", got)
	}
}

// BenchmarkAccuracy times accuracy on the outputs of an epoch's two
// evaluations of Iris (150 rows of 3 random scores), in ns per row.
func BenchmarkAccuracy(b *testing.B) {
	const rows, c = 150, 3
	r := rand.New(rand.NewPCG(1, 2))
	out32, out64 := make([]float32, rows*c), make([]float64, rows*c)
	labels := make([]int, rows)
	for i := range out64 {
		out64[i] = r.NormFloat64()
		out32[i] = float32(out64[i])
	}
	for i := range labels {
		labels[i] = r.IntN(c)
	}
	b.Run("dtype=f32", func(b *testing.B) {
		for b.Loop() {
			accuracy(out32, labels, c)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
	b.Run("dtype=f64", func(b *testing.B) {
		for b.Loop() {
			accuracy(out64, labels, c)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
}
