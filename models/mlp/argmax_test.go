package mlp

import (
	"math"
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
	// A row with a NaN output is never counted as right.
	if got := accuracy([]float64{nan, 1, 0, 0, 2, 1}, []int{1, 1}, 3); got != 0.5 {
		t.Errorf("accuracy with a NaN row = %v, want 0.5", got)
	}
}
