package autodiff

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestInitialisers checks each initialiser's distribution on a large
// parameter (bounds, mean and variance within a few standard errors),
// that the same seed gives the same values, and the bad-input panics.
func TestInitialisers(t *testing.T) {
	const fanIn, fanOut = 300, 200
	n := float64(fanIn * fanOut)
	for _, c := range []struct {
		name     string
		f        func(*Param[float64], *rand.Rand)
		bound    float64 // 0 for normal
		variance float64
	}{
		{"XavierUniform", XavierUniform[float64], math.Sqrt(6.0 / (fanIn + fanOut)), 2.0 / (fanIn + fanOut)},
		{"XavierNormal", XavierNormal[float64], 0, 2.0 / (fanIn + fanOut)},
		{"HeUniform", HeUniform[float64], math.Sqrt(6.0 / fanIn), 2.0 / fanIn},
		{"HeNormal", HeNormal[float64], 0, 2.0 / fanIn},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := NewParam[float64](fanIn, fanOut, nil)
			c.f(p, rand.New(rand.NewPCG(7, 0)))
			var sum, sq, peak float64
			for _, v := range p.Data {
				sum += v
				sq += v * v
				peak = math.Max(peak, math.Abs(v))
			}
			mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
			sd := math.Sqrt(c.variance)
			if math.Abs(mean) > 4*sd/math.Sqrt(n) {
				t.Errorf("mean %.3g, want 0 within %.3g", mean, 4*sd/math.Sqrt(n))
			}
			// The variance of the sample variance is about 2σ⁴/n (normal)
			// or 0.8σ⁴/n (uniform).
			if d := math.Abs(variance - c.variance); d > 4*c.variance*math.Sqrt(2/n) {
				t.Errorf("variance %.4g, want %.4g", variance, c.variance)
			}
			if c.bound > 0 && (peak > c.bound || peak < 0.99*c.bound) {
				t.Errorf("largest |value| %.4g, want just below %.4g", peak, c.bound)
			}
			q := NewParam[float64](fanIn, fanOut, nil)
			c.f(q, rand.New(rand.NewPCG(7, 0)))
			if !slices.Equal(p.Data, q.Data) {
				t.Error("the same seed gave different values")
			}
			c.f(q, rand.New(rand.NewPCG(8, 0)))
			if slices.Equal(p.Data, q.Data) {
				t.Error("another seed gave the same values")
			}
		})
	}
	// float32 draws the same numbers, rounded.
	p64, p32 := NewParam[float64](3, 4, nil), NewParam[float32](3, 4, nil)
	HeUniform(p64, rand.New(rand.NewPCG(1, 0)))
	HeUniform(p32, rand.New(rand.NewPCG(1, 0)))
	for i := range p64.Data {
		if float32(p64.Data[i]) != p32.Data[i] {
			t.Fatalf("float32 HeUniform[%d] = %v, float64 %v", i, p32.Data[i], p64.Data[i])
		}
	}
	rng := rand.New(rand.NewPCG(1, 0))
	wantPanic(t, func() { XavierNormal(&Param[float64]{Rows: 2, Cols: 2, Data: make([]float64, 3)}, rng) },
		"autodiff.XavierNormal: len(Data)=3, need 2×2 = 4")
	wantPanic(t, func() { HeNormal(&Param[float64]{Rows: 0, Cols: 2}, rng) },
		"autodiff.HeNormal: dimensions 0×2, need both positive")
}
