//go:build !purego && (amd64 || arm64)

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// Special values on the SIMD tiers (avx2, neon) against the generic tier,
// the executable specification: ReLU and ReLUBackward bit for bit (NaN
// payloads, −0), and Softmax/LogSoftmax on rows with NaN, ±Inf, huge
// magnitudes and subnormals, at every position and for row lengths that
// exercise the unrolled, one-vector and scalar paths.

// onTier runs f with the named tier selected.
func onTier(name string, f func()) {
	restore := UseISA(name)
	defer restore()
	f()
}

func bitsOf[T Float](x T) uint64 {
	if is32[T]() {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(float64(x))
}

func testReLUBits[T Float](t *testing.T, isa string) {
	r := rand.New(rand.NewPCG(7, 8))
	sp := harness.Specials[T]()
	for n := range 80 {
		x, dy := make([]T, n), make([]T, n)
		for i := range x {
			// Specials (with NaN payloads and −0) at every position.
			x[i], dy[i] = sp[(i+n)%len(sp)], sp[(3*i+n)%len(sp)]
			if r.IntN(3) == 0 {
				x[i], dy[i] = T(r.NormFloat64()), T(r.NormFloat64())
			}
		}
		got, want := make([]T, n), make([]T, n)
		onTier(isa, func() { ReLU(got, x) })
		onTier("generic", func() { ReLU(want, x) })
		for i := range x {
			if bitsOf(got[i]) != bitsOf(want[i]) {
				t.Fatalf("ReLU n=%d [%d]: x=%v (%#x): %s %v (%#x), generic %v (%#x)", n, i, x[i], bitsOf(x[i]), isa, got[i], bitsOf(got[i]), want[i], bitsOf(want[i]))
			}
		}
		onTier(isa, func() { ReLUBackward(got, dy, x) })
		onTier("generic", func() { ReLUBackward(want, dy, x) })
		for i := range x {
			if bitsOf(got[i]) != bitsOf(want[i]) {
				t.Fatalf("ReLUBackward n=%d [%d]: x=%v dy=%v (%#x): %s %v (%#x), generic %v (%#x)", n, i, x[i], dy[i], bitsOf(dy[i]), isa, got[i], bitsOf(got[i]), want[i], bitsOf(want[i]))
			}
		}
		// In place.
		inPlace := append([]T(nil), x...)
		onTier(isa, func() { ReLU(inPlace, inPlace) })
		onTier("generic", func() { ReLU(want, x) })
		for i := range x {
			if bitsOf(inPlace[i]) != bitsOf(want[i]) {
				t.Fatalf("ReLU in place n=%d [%d]: %v, want %v", n, i, inPlace[i], want[i])
			}
		}
	}
	// The documented cases, explicitly.
	negZero := T(math.Copysign(0, -1))
	x := []T{negZero, -1, T(math.Inf(-1)), sp[0], sp[1], 2}
	got := make([]T, len(x))
	onTier(isa, func() { ReLU(got, x) })
	wantBits := []uint64{bitsOf(negZero), 0, 0, bitsOf(sp[0]), bitsOf(sp[1]), bitsOf(T(2))}
	for i := range x {
		if bitsOf(got[i]) != wantBits[i] {
			t.Errorf("ReLU(%v) = %#x, want %#x", x[i], bitsOf(got[i]), wantBits[i])
		}
	}
	dy := []T{sp[0], sp[0], sp[0], 5, 5, sp[1]}
	onTier(isa, func() { ReLUBackward(got, dy, []T{negZero, 0, T(math.NaN()), T(math.Inf(-1)), -1, 1}) })
	wantBits = []uint64{0, 0, 0, 0, 0, bitsOf(sp[1])}
	for i := range got {
		if bitsOf(got[i]) != wantBits[i] {
			t.Errorf("ReLUBackward [%d] = %#x, want %#x", i, bitsOf(got[i]), wantBits[i])
		}
	}
}

// skipUnlessTier skips the test when the tier isa is not available.
func skipUnlessTier(t testing.TB, isa string) {
	t.Helper()
	if findTier(isa) == nil {
		t.Skipf("the %s tier is not available on this CPU and build", isa)
	}
}

func testReLUBitsOn(t *testing.T, isa string) {
	skipUnlessTier(t, isa)
	t.Run("f32", func(t *testing.T) { testReLUBits[float32](t, isa) })
	t.Run("f64", func(t *testing.T) { testReLUBits[float64](t, isa) })
}

func TestReLUBitsAVX2(t *testing.T) { testReLUBitsOn(t, "avx2") }
func TestReLUBitsNEON(t *testing.T) { testReLUBitsOn(t, "neon") }

// ulpsApart is |a − b| in ulps of T at the larger of the two, with the
// subnormal spacing below the normal range.
func ulpsApart[T Float](a, b T) float64 {
	d := math.Abs(float64(a) - float64(b))
	if d == 0 {
		return 0
	}
	w := max(math.Abs(float64(a)), math.Abs(float64(b)))
	_, e := math.Frexp(w)
	if is32[T]() {
		return d / math.Ldexp(1, max(e-24, -149))
	}
	return d / math.Ldexp(1, max(e-53, -1074))
}

// softmaxCase is one row of special values.
type softmaxCase[T Float] struct {
	name string
	row  []T
}

func softmaxCases[T Float](cols int, r *rand.Rand) []softmaxCase[T] {
	inf, nan := T(math.Inf(1)), harness.Specials[T]()[0]
	huge := T(harness.MaxValue[T]() * 0.9) // ±3e38 for float32
	sub := T(harness.SmallestNormal[T]() / 4)
	base := func() []T {
		x := make([]T, cols)
		for i := range x {
			x[i] = T(r.NormFloat64() * 3)
		}
		return x
	}
	fill := func(v T) []T {
		x := make([]T, cols)
		for i := range x {
			x[i] = v
		}
		return x
	}
	var cs []softmaxCase[T]
	positions := []int{0, cols / 2, cols - 1}
	for _, p := range positions {
		with := func(v T) []T { x := base(); x[p] = v; return x }
		cs = append(cs,
			softmaxCase[T]{fmt.Sprintf("NaN@%d", p), with(nan)},
			softmaxCase[T]{fmt.Sprintf("+Inf@%d", p), with(inf)},
			softmaxCase[T]{fmt.Sprintf("-Inf@%d", p), with(-inf)},
			softmaxCase[T]{fmt.Sprintf("huge@%d", p), with(huge)},
			softmaxCase[T]{fmt.Sprintf("-huge@%d", p), with(-huge)},
		)
		x := fill(T(math.Inf(-1)))
		x[p] = 1
		cs = append(cs, softmaxCase[T]{fmt.Sprintf("one finite among -Inf@%d", p), x})
		x = base()
		x[p], x[(p+1)%cols] = nan, inf
		cs = append(cs, softmaxCase[T]{fmt.Sprintf("NaN and +Inf@%d", p), x})
	}
	x := base()
	for i := range x {
		if i%2 == 1 {
			x[i] = -huge
		} else if i%3 == 0 {
			x[i] = huge
		}
	}
	cs = append(cs, softmaxCase[T]{"±huge mixed", x})
	x = base()
	for i := range x {
		if i%3 == 0 {
			x[i] = T(math.Inf(-1))
		}
	}
	cs = append(cs, softmaxCase[T]{"some -Inf", x})
	cs = append(cs,
		softmaxCase[T]{"all -Inf", fill(T(math.Inf(-1)))},
		softmaxCase[T]{"all +Inf", fill(inf)},
		softmaxCase[T]{"all NaN", fill(nan)},
		softmaxCase[T]{"all huge", fill(huge)},
		softmaxCase[T]{"all -huge", fill(-huge)},
		softmaxCase[T]{"all zero", fill(0)},
	)
	// Subnormal inputs, and spreads whose outputs are subnormal or underflow.
	x = make([]T, cols)
	for i := range x {
		x[i] = sub * T(i%5-2)
	}
	cs = append(cs, softmaxCase[T]{"subnormal inputs", x})
	span := 110.0
	if !is32[T]() {
		span = 760
	}
	x = make([]T, cols)
	for i := range x {
		x[i] = T(-span * float64(i) / float64(max(cols-1, 1)))
	}
	cs = append(cs, softmaxCase[T]{"outputs down to underflow", x})
	x = make([]T, cols)
	for i := range x {
		x[i] = T(-span*0.8 - r.Float64()*span*0.2)
	}
	x[cols-1] = 0
	cs = append(cs, softmaxCase[T]{"subnormal outputs", x})
	return cs
}

func testSoftmaxSpecials[T Float](t *testing.T, isa string) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, cols := range []int{1, 2, 5, 8, 9, 31, 32, 33, 41, 100} {
		for _, c := range softmaxCases[T](cols, r) {
			// Two rows: the case, then an ordinary row that must not be
			// affected by it.
			x := append(append([]T(nil), c.row...), make([]T, cols)...)
			for i := cols; i < 2*cols; i++ {
				x[i] = T(r.NormFloat64())
			}
			for _, fn := range []struct {
				name string
				f    func(dst, x []T, rows, cols int)
				tol  float64
			}{{"Softmax", Softmax[T], 8}, {"LogSoftmax", LogSoftmax[T], 8}} {
				got, want := make([]T, len(x)), make([]T, len(x))
				onTier(isa, func() { fn.f(got, x, 2, cols) })
				onTier("generic", func() { fn.f(want, x, 2, cols) })
				inPlace := append([]T(nil), x...)
				onTier(isa, func() { fn.f(inPlace, inPlace, 2, cols) })
				for i := range x {
					g, w := got[i], want[i]
					if bitsOf(inPlace[i]) != bitsOf(g) {
						t.Fatalf("%s %s cols=%d: [%d] in place %v, out of place %v", fn.name, c.name, cols, i, inPlace[i], g)
					}
					gn, wn := g != g, w != w
					switch {
					case gn || wn:
						if gn != wn {
							t.Fatalf("%s %s cols=%d: [%d] %s %v, generic %v; row %v", fn.name, c.name, cols, i, isa, g, w, c.row)
						}
					case w == 0 || math.IsInf(float64(w), 0):
						// Exact zeros (softmax of −Inf or of an underflow)
						// and infinities must match exactly; a value the
						// generic tier rounds to 0 may be the smallest
						// subnormal on a SIMD tier, which rounds only once.
						if g != w && !(w == 0 && ulpsApart(g, w) <= 1) {
							t.Fatalf("%s %s cols=%d: [%d] %s %v, generic %v; row %v", fn.name, c.name, cols, i, isa, g, w, c.row)
						}
					case ulpsApart(g, w) > fn.tol && math.Abs(float64(g-w)) > 8*harness.Epsilon[T]()*math.Max(1, math.Abs(float64(w))):
						t.Fatalf("%s %s cols=%d: [%d] %s %v, generic %v (%.1f ulp apart); row %v", fn.name, c.name, cols, i, isa, g, w, ulpsApart(g, w), c.row)
					}
				}
				// The documented rules, directly.
				row := c.row
				hasNaN, hasPosInf, allNegInf := false, false, true
				for _, v := range row {
					hasNaN = hasNaN || v != v
					hasPosInf = hasPosInf || math.IsInf(float64(v), 1)
					allNegInf = allNegInf && math.IsInf(float64(v), -1)
				}
				for j, v := range row {
					g := got[j]
					switch {
					case hasNaN || hasPosInf || allNegInf:
						if g == g {
							t.Fatalf("%s %s cols=%d: [%d] = %v, want NaN", fn.name, c.name, cols, j, g)
						}
					case math.IsInf(float64(v), -1):
						if fn.name == "Softmax" && (g != 0 || math.Signbit(float64(g))) || fn.name == "LogSoftmax" && !math.IsInf(float64(g), -1) {
							t.Fatalf("%s %s cols=%d: [%d] of −Inf = %v", fn.name, c.name, cols, j, g)
						}
					case g != g:
						t.Fatalf("%s %s cols=%d: [%d] = NaN for x = %v", fn.name, c.name, cols, j, v)
					}
				}
			}
		}
	}
	// rows or cols zero: nothing happens.
	onTier(isa, func() {
		Softmax[T](nil, nil, 0, 5)
		Softmax[T](nil, nil, 5, 0)
		LogSoftmax[T](nil, nil, 0, 5)
		LogSoftmax[T](nil, nil, 5, 0)
	})
}

func testSoftmaxSpecialsOn(t *testing.T, isa string) {
	skipUnlessTier(t, isa)
	t.Run("f32", func(t *testing.T) { testSoftmaxSpecials[float32](t, isa) })
	t.Run("f64", func(t *testing.T) { testSoftmaxSpecials[float64](t, isa) })
}

func TestSoftmaxSpecialValuesAVX2(t *testing.T) { testSoftmaxSpecialsOn(t, "avx2") }
func TestSoftmaxSpecialValuesNEON(t *testing.T) { testSoftmaxSpecialsOn(t, "neon") }

// The SIMD kernels allocate nothing.
func testVectorAllocs(t *testing.T, isa string) {
	skipUnlessTier(t, isa)
	defer UseISA(isa)()
	x, y, d := make([]float32, 1000), make([]float32, 1000), make([]float32, 1000)
	x64 := make([]float64, 1000)
	for i := range x {
		x[i], y[i], x64[i] = float32(i%17)-8, float32(i%5), float64(i%13)-6
	}
	for name, f := range map[string]func(){
		"ReLU":         func() { ReLU(d, x) },
		"ReLUBackward": func() { ReLUBackward(d, y, x) },
		"Axpy":         func() { Axpy(2, x, d) },
		"Sum":          func() { _ = Sum(x) },
		"Dot":          func() { _ = Dot(x, y) },
		"AddColSums":   func() { AddColSums(d[:100], x, 10, 100, 100) },
		"Softmax":      func() { Softmax(d, x, 10, 100) },
		"LogSoftmax":   func() { LogSoftmax(d, x, 10, 100) },
		"Softmax f64":  func() { Softmax(x64, x64, 10, 100) },
		"LogSoftmax64": func() { LogSoftmax(x64, x64, 10, 100) },
	} {
		if a := testing.AllocsPerRun(20, f); a != 0 {
			t.Errorf("%s: %v allocations per call", name, a)
		}
	}
}

func TestVectorAllocsAVX2(t *testing.T) { testVectorAllocs(t, "avx2") }
func TestVectorAllocsNEON(t *testing.T) { testVectorAllocs(t, "neon") }
