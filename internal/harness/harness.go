package harness

import (
	"math"
	"math/rand/v2"
	"unsafe"
)

// Float is the element type of the kernels under test.
type Float interface{ ~float32 | ~float64 }

// Placement says which end of a Guarded buffer touches its guard page. Both
// ends are guarded; the placement decides which one is flush with the data
// (the other is up to a page away).
type Placement int

const (
	// End places the last element right before the tail guard page:
	// overreads past the end fault.
	End Placement = iota
	// Start places the first element right after the head guard page:
	// reads before the start fault.
	Start
)

// Placements lists both placements, for tests that loop over them.
var Placements = []Placement{End, Start}

func (p Placement) String() string {
	if p == Start {
		return "start"
	}
	return "end"
}

// Lengths returns 0, 1, …, max: every length up to several vector widths,
// so each loop of a SIMD kernel (unrolled, single vector, scalar tail) runs
// alone and in every combination.
func Lengths(max int) []int {
	ns := make([]int, max+1)
	for i := range ns {
		ns[i] = i
	}
	return ns
}

// MaxOffset is the largest start offset, in elements, tests use: starting
// at x[o:] for o = 0..MaxOffset misaligns the data relative to any vector
// width up to 32 bytes for float32.
const MaxOffset = 7

// Epsilon is the unit roundoff of T: 2⁻²⁴ for float32, 2⁻⁵³ for float64.
func Epsilon[T Float]() float64 {
	if Is32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

// Is32 reports whether T is a 4-byte float.
func Is32[T Float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// SmallestNormal is the smallest positive normal number of T.
func SmallestNormal[T Float]() float64 {
	if Is32[T]() {
		return 0x1p-126
	}
	return 0x1p-1022
}

// MaxValue is the largest finite value of T.
func MaxValue[T Float]() float64 {
	if Is32[T]() {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// Bits returns the IEEE bit pattern of x, widened to 64 bits.
func Bits[T Float](x T) uint64 {
	if Is32[T]() {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(float64(x))
}

// Identical reports whether got and want have the same bit pattern: the
// policy of kernels documented as bit-identical across tiers (NaN payloads
// and the sign of zero included).
func Identical[T Float](got, want T) bool { return Bits(got) == Bits(want) }

// SameValue reports whether got equals want as a number, or both are NaN:
// the policy of correctly rounded element-wise kernels. The sign of zero
// counts; NaN payloads do not.
func SameValue[T Float](got, want T) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	return Bits(got) == Bits(want)
}

// WithinSum reports whether got is within c·ε·absSum of want, where absSum
// is Σ|terms| of the sum that want is the exact (float64) value of, and ε
// is T's unit roundoff: the classical bound for a sum of n terms in any
// order is (n−1)·ε·Σ|terms|. Non-finite wants must be matched exactly: NaN
// by NaN, ±Inf by the same infinity. A want beyond T's range is not
// representable and is not checked.
func WithinSum[T Float](got T, want, absSum, c float64) bool {
	g := float64(got)
	switch {
	case math.IsNaN(want):
		return math.IsNaN(g)
	case math.IsInf(want, 0):
		return g == want
	case math.Abs(want) > MaxValue[T]() || absSum > MaxValue[T]():
		return true
	}
	return math.Abs(g-want) <= c*Epsilon[T]()*absSum+SmallestNormal[T]()*c
}

// ULPs returns |got − want| in units in the last place of want in T, with
// the ulp of numbers below the normal range taken as that of the smallest
// normal (so subnormal results are measured in absolute terms). Both NaN
// gives 0, one NaN or mismatched infinities +Inf.
func ULPs[T Float](got T, want float64) float64 {
	g := float64(got)
	switch {
	case math.IsNaN(want) || math.IsNaN(g):
		if math.IsNaN(want) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(want, 0) || math.IsInf(g, 0):
		if g == want {
			return 0
		}
		if math.IsInf(g, 0) && math.Abs(want) > MaxValue[T]() && math.Signbit(g) == math.Signbit(want) {
			return 0 // want overflows T: Inf is the correct rounding
		}
		return math.Inf(1)
	}
	return math.Abs(g-want) / ULP[T](want)
}

// ULP returns the unit in the last place of x in T (see ULPs for
// subnormals).
func ULP[T Float](x float64) float64 {
	x = math.Abs(x)
	if x < SmallestNormal[T]() {
		x = SmallestNormal[T]()
	}
	_, e := math.Frexp(x) // x = f·2^e, f in [0.5, 1)
	if Is32[T]() {
		return math.Ldexp(1, e-24)
	}
	return math.Ldexp(1, e-53)
}

// Specials are the values that find mistakes in SIMD kernels: NaN, ±Inf,
// signed zeros, subnormals, the extremes of the range, and values around
// 1. NaN has a payload so that kernels documented to pass NaN through can
// be checked bit for bit.
func Specials[T Float]() []T {
	if Is32[T]() {
		return fromBits32[T](0x7fc01234, 0xffc00005, // quiet NaNs with payloads, positive and negative
			0x7f800000, 0xff800000, // ±Inf
			0x00000000, 0x80000000, // ±0
			0x00000001, 0x807fffff, // subnormals
			0x00800000, 0x7f7fffff, 0xff7fffff, // smallest normal, ±max
			0x3f800000, 0xbf800000, 0x3f800001) // 1, −1, 1+ulp
	}
	return fromBits64[T](0x7ff8000000001234, 0xfff8000000000005,
		0x7ff0000000000000, 0xfff0000000000000,
		0, 0x8000000000000000,
		1, 0x800fffffffffffff,
		0x0010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
		0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001)
}

func fromBits32[T Float](bits ...uint32) []T {
	s := make([]T, len(bits))
	for i, b := range bits {
		f := math.Float32frombits(b)
		*(*float32)(unsafe.Pointer(&s[i])) = f // keep NaN payloads exactly
	}
	return s
}

func fromBits64[T Float](bits ...uint64) []T {
	s := make([]T, len(bits))
	for i, b := range bits {
		*(*float64)(unsafe.Pointer(&s[i])) = math.Float64frombits(b)
	}
	return s
}

// Fill sets x to uniform values in [−scale, scale), replacing each element
// with probability special by one of Specials. It is deterministic for a
// given generator.
func Fill[T Float](r *rand.Rand, x []T, scale float64, special float64) {
	sp := Specials[T]()
	for i := range x {
		if special > 0 && r.Float64() < special {
			x[i] = sp[r.IntN(len(sp))]
			continue
		}
		x[i] = T((r.Float64()*2 - 1) * scale)
	}
}

// Canary is the value written around outputs to detect stray stores: a NaN
// whose payload no kernel produces.
func Canary[T Float]() T {
	if Is32[T]() {
		return fromBits32[T](0x7fa5a5a5)[0]
	}
	return fromBits64[T](0x7ff5a5a5a5a5a5a5)[0]
}

// FillCanary writes Canary into every element of x.
func FillCanary[T Float](x []T) {
	c := Canary[T]()
	for i := range x {
		x[i] = c
	}
}

// CanaryIntact reports the first index i in x for which inside(i) is false
// and x[i] is no longer the canary, or −1 if every such element is intact.
func CanaryIntact[T Float](x []T, inside func(i int) bool) int {
	c := Bits(Canary[T]())
	for i, v := range x {
		if !inside(i) && Bits(v) != c {
			return i
		}
	}
	return -1
}

// Sum accumulates float64 terms with Neumaier's compensated summation. A
// plain float64 loop can be off by (n−1)·2⁻⁵³·Σ|terms| after n terms, as
// much as a float64 kernel under test is allowed to be, so the oracles of
// float64 kernels sum with this instead: its error is 2⁻⁵³·|sum| plus
// terms of order n·2⁻¹⁰⁶·Σ|terms|. The zero value is an empty sum.
type Sum struct{ hi, lo float64 }

// Add adds x to the sum.
func (s *Sum) Add(x float64) {
	t := s.hi + x
	if math.Abs(s.hi) >= math.Abs(x) {
		s.lo += (s.hi - t) + x
	} else {
		s.lo += (x - t) + s.hi
	}
	s.hi = t
}

// Parts returns the sum as an unevaluated pair hi + lo with |lo| at most
// about an ulp of hi, for callers that need more than float64 precision
// (log(hi + lo) = log(hi) + log1p(lo/hi)). A sum that overflowed, or met
// an infinity or NaN, has lo = 0 and hi ±Inf or NaN.
func (s Sum) Parts() (hi, lo float64) {
	if math.IsInf(s.hi, 0) || math.IsNaN(s.hi) {
		return s.hi, 0
	}
	return s.hi, s.lo
}

// Value returns the sum rounded to float64.
func (s Sum) Value() float64 {
	hi, lo := s.Parts()
	return hi + lo
}
