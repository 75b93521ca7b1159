//go:build !purego && (amd64 || arm64)

package kernels

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// Accuracy of the SIMD tiers' vector exponential (asm/softmax for avx2,
// asm/neon for neon, one algorithm), measured in
// units in the last place of the exact result in the element type. For
// subnormal results the ulp is the subnormal spacing (2^−149, 2^−1074), not
// the smallest normal's, so they are held to the same bound. +Inf counts as
// the value 2^128 (2^1024), one step past the largest finite number, so an
// overflow at the boundary costs at most one ulp and an exact result that
// rounds to +Inf must give +Inf.

const maxExpULP = 2

// ulp32 is the spacing of float32 numbers at |w| (w finite, in float64).
func ulp32(w float64) float64 {
	w = math.Abs(w)
	if w < 0x1p-126 {
		return 0x1p-149
	}
	if w >= 0x1p128 {
		return 0x1p104
	}
	_, e := math.Frexp(w)
	return math.Ldexp(1, e-24)
}

// expErr32 is |got − want| in float32 ulps of want (want = exp(x) in
// float64, which is accurate to 1e−16 relative: exact for this purpose).
func expErr32(got float32, want float64) float64 {
	if math.IsNaN(want) || math.IsNaN(float64(got)) {
		if math.IsNaN(want) && math.IsNaN(float64(got)) {
			return 0
		}
		return math.Inf(1)
	}
	g := float64(got)
	if math.IsInf(g, 1) {
		g = 0x1p128
	}
	if want >= 0x1p128 {
		if g == 0x1p128 {
			return 0
		}
		want = 0x1p128
	}
	return math.Abs(g-want) / ulp32(want)
}

// expStats accumulates the largest error per result range.
type expStats struct {
	max    map[string]float64
	worstX map[string]float64
	count  int
}

func newExpStats() *expStats {
	return &expStats{max: map[string]float64{}, worstX: map[string]float64{}}
}

func (s *expStats) add(class string, x, err float64) {
	s.count++
	if _, seen := s.max[class]; !seen || err > s.max[class] {
		s.max[class] = err
		s.worstX[class] = x
	}
}

func (s *expStats) overall() float64 {
	m := 0.0
	for _, v := range s.max {
		m = max(m, v)
	}
	return m
}

func class32(want float64) string {
	switch {
	case want >= 0x1p128:
		return "overflow"
	case want >= 0x1p-126:
		return "normal"
	case want >= 0x1p-150:
		return "subnormal"
	default:
		return "zero"
	}
}

// expKernels are one tier's exp entry points.
type expKernels struct {
	exp32, scaled32 func(dst, x []float32)
	exp64, scaled64 func(dst, x []float64)
}

func testExpF32Accuracy(t *testing.T, kern expKernels) {
	stats := newExpStats()
	fails := 0
	const chunk = 1 << 16
	xs, ys := make([]float32, 0, chunk), make([]float32, chunk)
	// hash digests every result, so that runs on two tiers (which compute
	// exp with the same instructions) can be compared bit for bit.
	hash := fnv.New64a()
	flush := func() {
		ys := ys[:len(xs)]
		kern.exp32(ys, xs)
		for i, x := range xs {
			binary.Write(hash, binary.LittleEndian, math.Float32bits(ys[i]))
			want := math.Exp(float64(x))
			if math.IsNaN(float64(x)) {
				if !math.IsNaN(float64(ys[i])) {
					t.Fatalf("exp(%v) = %v, want NaN", x, ys[i])
				}
				continue
			}
			err := expErr32(ys[i], want)
			if err > maxExpULP {
				t.Errorf("exp(%v [%#08x]) = %v [%#08x], want %v: %.3g ulp", x, math.Float32bits(x), ys[i], math.Float32bits(ys[i]), want, err)
				if fails++; fails > 20 {
					t.FailNow()
				}
			}
			stats.add(class32(want), float64(x), err)
		}
		xs = xs[:0]
	}
	push := func(x float32) {
		xs = append(xs, x)
		if len(xs) == chunk {
			flush()
		}
	}

	// Every 2^k-th bit pattern of the whole float32 space (both signs:
	// results from 0 through subnormal and normal to overflow, ±Inf, NaNs).
	k := uint64(8)
	if testing.Short() {
		k = 11
	}
	for b := uint64(0); b < 1<<32; b += 1 << k {
		push(math.Float32frombits(uint32(b) | 0x35)) // odd low bits
		push(math.Float32frombits(uint32(b)))
	}
	// Random inputs over the interesting range and near 0.
	r := rand.New(rand.NewPCG(1, 2))
	nr := 1 << 20
	if testing.Short() {
		nr = 1 << 14
	}
	for range nr {
		push(float32(r.Float64()*200 - 110))
		push(float32(r.Float64()*2 - 1))
	}
	// Boundaries: the reduction interval ends (k±½)·ln2, the overflow
	// threshold, the subnormal range, the underflow to 0, and the clamps.
	var edges []float64
	for k := -160; k <= 130; k++ {
		edges = append(edges, (float64(k)+0.5)*math.Ln2)
	}
	edges = append(edges, math.Log(math.MaxFloat32), math.Log(0x1p-126), math.Log(0x1p-149), math.Log(0x1p-150), -110, 89, 0)
	for _, e := range edges {
		c := float32(e)
		for range 64 {
			push(c)
			push(-c)
			c = math.Nextafter32(c, float32(math.Inf(1)))
		}
	}
	for _, x := range []float32{float32(math.Inf(1)), float32(math.Inf(-1)), math.Float32frombits(0x7fc01234), math.Float32frombits(0xffc00001),
		math.MaxFloat32, -math.MaxFloat32, 0x1p-149, -0x1p-149, float32(math.Copysign(0, -1))} {
		push(x)
	}
	flush()

	for _, c := range []string{"normal", "subnormal", "zero", "overflow"} {
		t.Logf("float32 exp, %-9s results: max error %.3f ulp (at x = %.9g)", c, stats.max[c], stats.worstX[c])
	}
	t.Logf("float32 exp: max error %.3f ulp over %d inputs (bound %d ulp); results digest %016x", stats.overall(), stats.count, maxExpULP, hash.Sum64())

	// Exact values that softmax relies on.
	got := make([]float32, 4)
	kern.exp32(got, []float32{0, float32(math.Inf(-1)), float32(math.Inf(1)), -200})
	if got[0] != 1 || got[1] != 0 || !math.IsInf(float64(got[2]), 1) || got[3] != 0 {
		t.Errorf("exp(0, −Inf, +Inf, −200) = %v, want [1 0 +Inf 0]", got)
	}
}

// Double-double arithmetic for a float64 exp reference accurate to ~2^−100.
// Every product whose rounding error is taken separately is converted with
// float64(…): without it the compiler may fuse the product into the next
// addition (arm64 does), and the error term would no longer match.

func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	return s, b - (s - a)
}

func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p := float64(ah * bh)
	e := math.FMA(ah, bh, -p)
	e += ah*bl + al*bh
	return fastTwoSum(p, e)
}

func ddDivInt(ah, al float64, k float64) (float64, float64) {
	q1 := ah / k
	r := math.FMA(-q1, k, ah) + al
	return fastTwoSum(q1, r/k)
}

// ddExp returns exp(x) = (hi + lo)·2^n for finite x, with hi in about
// [0.7, 1.42].
func ddExp(x float64) (hi, lo float64, n int) {
	const ln2lo = 2.319046813846299558e-17 // ln2 − float64(ln2)
	nf := math.Round(x / math.Ln2)
	p1 := float64(nf * math.Ln2)
	e1 := math.FMA(nf, math.Ln2, -p1)
	s, e := twoSum(x, -p1)
	e = e - e1 - nf*ln2lo
	rh, rl := fastTwoSum(s, e)
	yh, yl := 1.0, 0.0
	for k := 24; k >= 1; k-- {
		yh, yl = ddMul(yh, yl, rh, rl)
		yh, yl = ddDivInt(yh, yl, float64(k))
		s, e := twoSum(1, yh)
		yh, yl = fastTwoSum(s, e+yl)
	}
	return yh, yl, int(nf)
}

// expErr64 is the error of got = exp(x) in float64 ulps of the exact value
// (subnormal spacing below 2^−1022; +Inf counted as 2^1024).
func expErr64(got, x float64) (err float64, class string) {
	if math.IsNaN(x) {
		if math.IsNaN(got) {
			return 0, "nan"
		}
		return math.Inf(1), "nan"
	}
	if math.IsInf(x, 0) {
		if x > 0 && math.IsInf(got, 1) || x < 0 && got == 0 {
			return 0, "inf"
		}
		return math.Inf(1), "inf"
	}
	if math.IsNaN(got) || got < 0 {
		return math.Inf(1), "?"
	}
	// Far outside the range (and beyond what ddExp's int n can hold).
	if x > 1000 {
		if math.IsInf(got, 1) {
			return 0, "overflow"
		}
		return math.Inf(1), "overflow"
	}
	if x < -1000 {
		if got == 0 {
			return 0, "zero"
		}
		return math.Inf(1), "zero"
	}
	hi, lo, n := ddExp(x)
	_, e := math.Frexp(hi) // exact = f·2^(e+n), f in [0.5, 1)
	switch {
	case e+n > 1024:
		class = "overflow"
		if math.IsInf(got, 1) {
			return 0, class
		}
	case e+n-1 >= -1022:
		class = "normal"
	case e+n-1 >= -1075:
		class = "subnormal"
	default:
		class = "zero"
	}
	g := math.Ldexp(got, -n) // exact: got is scaled into [0.7, 1.42] or is 0
	if math.IsInf(got, 1) {
		g = math.Ldexp(1, 1024-n)
	}
	ulpExp := e - 53 // ulp of a normal result, scaled by 2^−n
	if e+n-1 < -1022 {
		ulpExp = -1074 - n
	}
	if e+n > 1024 {
		ulpExp = 1024 - 53 - n
	}
	d := (g - hi) - lo
	return math.Abs(d) / math.Ldexp(1, ulpExp), class
}

func testExpF64Accuracy(t *testing.T, kern expKernels) {
	stats := newExpStats()
	r := rand.New(rand.NewPCG(3, 4))
	n := 1 << 19
	if testing.Short() {
		n = 1 << 13
	}
	var xs []float64
	for range n {
		xs = append(xs, r.Float64()*1460-750, r.Float64()*2-1, r.NormFloat64()*20)
	}
	// Bit patterns spread over the whole float64 space.
	step := uint64(1) << 44
	if testing.Short() {
		step <<= 4
	}
	for b := uint64(0x2545f4914f6cdd1d) % step; b < math.MaxUint64-step; b += step {
		xs = append(xs, math.Float64frombits(b))
	}
	var edges []float64
	for k := -1090; k <= 1030; k += 7 {
		edges = append(edges, (float64(k)+0.5)*math.Ln2)
	}
	edges = append(edges, math.Log(math.MaxFloat64), -708.3964185322641 /* 2^−1022 */, -744.4400719213812 /* 2^−1074 */, -745.1332191019411 /* 2^−1075 */, -750, 710, 0)
	for _, e := range edges {
		c := e
		for range 32 {
			xs = append(xs, c, -c)
			c = math.Nextafter(c, math.Inf(1))
		}
	}
	xs = append(xs, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64, 5e-324, math.Copysign(0, -1))
	ys := make([]float64, len(xs))
	kern.exp64(ys, xs)
	fails := 0
	for i, x := range xs {
		err, class := expErr64(ys[i], x)
		if err > maxExpULP {
			t.Errorf("exp(%v [%#016x]) = %v, want %v: %.3g ulp", x, math.Float64bits(x), ys[i], math.Exp(x), err)
			if fails++; fails > 20 {
				t.FailNow()
			}
		}
		stats.add(class, x, err)
	}
	for _, c := range []string{"normal", "subnormal", "zero", "overflow"} {
		t.Logf("float64 exp, %-9s results: max error %.3f ulp (at x = %.17g)", c, stats.max[c], stats.worstX[c])
	}
	t.Logf("float64 exp: max error %.3f ulp over %d inputs (bound %d ulp)", stats.overall(), stats.count, maxExpULP)
}

// The softmax kernels' exponential computes exp(x)·2^K for x ≤ 0 in one
// step; check it on its own. Below the clamp the result must still vanish
// once scaled back (it is multiplied by 1/Σ ≤ 2^−K in softmax).
func testExpScaledAccuracy(t *testing.T, kern expKernels) {
	var xs32 []float32
	step := uint32(1 << 8)
	if testing.Short() {
		step = 1 << 12
	}
	for b := uint32(0x80000000); b <= 0xc3000000; b += step { // −0 … −128
		xs32 = append(xs32, math.Float32frombits(b|0x11))
	}
	ys32 := make([]float32, len(xs32))
	kern.scaled32(ys32, xs32)
	worst32 := 0.0
	for i, x := range xs32 {
		if x < -110 {
			if float64(ys32[i])*expScaleF32 >= 0x1p-151 {
				t.Fatalf("expScaled(%v)·2^−64 = %g, want < 2^−151", x, float64(ys32[i])*expScaleF32)
			}
			continue
		}
		err := expErr32(ys32[i], math.Exp(float64(x))/expScaleF32)
		if err > maxExpULP {
			t.Fatalf("expScaled(%v) = %v, want %v: %.3g ulp", x, ys32[i], math.Exp(float64(x))/expScaleF32, err)
		}
		worst32 = max(worst32, err)
	}
	t.Logf("float32 exp(x)·2^64, −110 ≤ x ≤ 0: max error %.3f ulp over %d inputs", worst32, len(xs32))

	r := rand.New(rand.NewPCG(5, 6))
	n := 1 << 18
	if testing.Short() {
		n = 1 << 12
	}
	xs64 := make([]float64, n)
	for i := range xs64 {
		xs64[i] = -r.Float64() * 800
	}
	ys64 := make([]float64, n)
	kern.scaled64(ys64, xs64)
	worst64 := 0.0
	for i, x := range xs64 {
		if x < -750 {
			if ys64[i] >= 0x1p-564 { // ·2^−512 < 2^−1076
				t.Fatalf("expScaled(%v)·2^−512 = %g, want < 2^−1076", x, ys64[i]*expScaleF64)
			}
			continue
		}
		err, _ := expErr64(ys64[i]*expScaleF64, x) // exact scaling unless subnormal
		if math.Ldexp(ys64[i], -512) < 0x1p-1022 {
			// Compare unscaled instead: e' = exp(x)·2^512 is normal.
			hi, lo, k := ddExp(x)
			g := math.Ldexp(ys64[i], -512-k)
			_, e := math.Frexp(hi)
			err = math.Abs((g-hi)-lo) / math.Ldexp(1, e-53)
		}
		if err > maxExpULP {
			t.Fatalf("expScaled(%v) = %v: %.3g ulp", x, ys64[i], err)
		}
		worst64 = max(worst64, err)
	}
	t.Logf("float64 exp(x)·2^512, −750 ≤ x ≤ 0: max error %.3f ulp over %d inputs", worst64, n)
}

// The exp entry points are test-only: run them under guard pages too, for
// every length through the unrolled loop, the one-vector loop and the tail.
func testExpBounds(t *testing.T, kern expKernels) {
	for _, at := range harness.Placements {
		for n := range 70 {
			x32, free1 := harness.Guarded[float32](n, at)
			y32, free2 := harness.Guarded[float32](n, at)
			x64, free3 := harness.Guarded[float64](n, at)
			y64, free4 := harness.Guarded[float64](n, at)
			for i := range n {
				x32[i] = float32(i) - 35.5
				x64[i] = float64(i) - 35.5
			}
			check := func(what string, scale float64, only func(x float64) bool) {
				for i := range n {
					x := float64(x64[i])
					if !only(x) {
						continue
					}
					if e := expErr32(y32[i], math.Exp(x)/scale); e > maxExpULP {
						t.Fatalf("n=%d %v: %s float32(%v) = %v", n, at, what, x, y32[i])
					}
					if e := expErr32(float32(y64[i]), math.Exp(x)/scale); e > maxExpULP {
						t.Fatalf("n=%d %v: %s float64(%v) = %v", n, at, what, x, y64[i])
					}
				}
			}
			kern.exp32(y32, x32)
			kern.exp64(y64, x64)
			check("exp", 1, func(float64) bool { return true })
			kern.scaled32(y32, x32)
			kern.scaled64(y64, x64)
			for i := range y64 {
				y64[i] *= expScaleF64 / expScaleF32 // same scale as float32 (exact)
			}
			check("expScaled", expScaleF32, func(x float64) bool { return x <= 0 })
			free1()
			free2()
			free3()
			free4()
		}
	}
}

// The tests, per tier.

func testExpOn(t *testing.T, isa string, kern expKernels, test func(*testing.T, expKernels)) {
	skipUnlessTier(t, isa)
	test(t, kern)
}
