package harness

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"unsafe"
)

// readAt reads the element at index i of s through a raw pointer, skipping
// Go's bounds check the way assembly would.
func readAt[T any](s []T, i int) T {
	var z T
	return *(*T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), i*int(unsafe.Sizeof(z))))
}

// sink32 keeps the compiler from dropping reads whose value is unused.
var sink32 float32

// faults reports whether f faults (and recovers from the fault).
func faults(f func()) (faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			// SetPanicOnFault panics with a runtime.Error that carries
			// the faulting address.
			_, isRuntime := r.(runtime.Error)
			_, hasAddr := r.(interface{ Addr() uintptr })
			faulted = isRuntime && hasAddr
		}
	}()
	f()
	return false
}

func TestGuardPagesFault(t *testing.T) {
	if !GuardPagesAvailable {
		t.Skip("no guard pages on this platform")
	}
	for _, n := range []int{0, 1, 7, 1024, 1025} {
		s, free := Guarded[float32](n, End)
		if n > 0 && faults(func() { sink32 = readAt(s, n-1) }) {
			t.Errorf("n=%d, End: reading the last element faulted", n)
		}
		if !faults(func() { sink32 = readAt(s, n) }) {
			t.Errorf("n=%d, End: a one-element overread did not fault", n)
		}
		free()

		s, free = Guarded[float32](n, Start)
		if n > 0 && faults(func() { sink32 = readAt(s, 0) }) {
			t.Errorf("n=%d, Start: reading the first element faulted", n)
		}
		if !faults(func() { sink32 = readAt(s, -1) }) {
			t.Errorf("n=%d, Start: a one-element underread did not fault", n)
		}
		free()
	}
}

func TestGuardedIsWritable(t *testing.T) {
	s, free := Guarded[float64](1000, End)
	defer free()
	for i := range s {
		s[i] = float64(i)
	}
	for i, v := range s {
		if v != float64(i) {
			t.Fatalf("s[%d] = %v", i, v)
		}
	}
}

func TestULPs(t *testing.T) {
	one := float32(1)
	next := math.Nextafter32(one, 2)
	if got := ULPs(next, 1); got != 1 {
		t.Errorf("ULPs(1+ulp, 1) = %v, want 1", got)
	}
	if got := ULPs(float32(math.NaN()), math.NaN()); got != 0 {
		t.Errorf("ULPs(NaN, NaN) = %v, want 0", got)
	}
	if got := ULPs(float32(1), math.NaN()); !math.IsInf(got, 1) {
		t.Errorf("ULPs(1, NaN) = %v, want +Inf", got)
	}
	if got := ULPs(float32(math.Inf(1)), 1e39); got != 0 {
		t.Errorf("ULPs(+Inf, 1e39) = %v, want 0 (overflow rounds to Inf)", got)
	}
	if got := ULPs(float64(2), 2); got != 0 {
		t.Errorf("ULPs(2, 2) = %v", got)
	}
}

func TestSpecialsKeepPayloads(t *testing.T) {
	if b := Bits(Specials[float32]()[0]); b != 0x7fc01234 {
		t.Errorf("float32 NaN payload lost: %#x", b)
	}
	if b := Bits(Specials[float64]()[0]); b != 0x7ff8000000001234 {
		t.Errorf("float64 NaN payload lost: %#x", b)
	}
	if !Identical(Canary[float32](), Canary[float32]()) || SameValue(float32(0), float32(math.Copysign(0, -1))) {
		t.Error("Identical/SameValue disagree with their documentation")
	}
}

func TestWithinSum(t *testing.T) {
	if !WithinSum(float32(1), 1+1e-8, 1, 2) {
		t.Error("a sum within the bound was rejected")
	}
	if WithinSum(float32(1.001), 1, 1, 2) {
		t.Error("a sum outside the bound was accepted")
	}
	if !WithinSum(float32(math.NaN()), math.NaN(), 1, 1) || WithinSum(float32(1), math.NaN(), 1, 1) {
		t.Error("NaN handling")
	}
}

func TestCanary(t *testing.T) {
	x := make([]float32, 10)
	FillCanary(x)
	x[3] = 1
	if i := CanaryIntact(x, func(i int) bool { return i == 3 }); i != -1 {
		t.Errorf("intact canary reported broken at %d", i)
	}
	if i := CanaryIntact(x, func(i int) bool { return false }); i != 3 {
		t.Errorf("broken canary reported at %d, want 3", i)
	}
}

func TestSumIsCompensated(t *testing.T) {
	// 1 + 31 terms of 1.0710366707644688e-08: a plain float64 loop rounds
	// every addition the same way and ends 3.3e-15 off.
	var s Sum
	plain := 1.0
	s.Add(1)
	const term = 1.0710366707644688e-08
	for range 31 {
		s.Add(term)
		plain += term
	}
	want := 1.000000332021368 // 1 + 31·term, correctly rounded
	if got := s.Value(); got != want {
		t.Errorf("Sum = %.17g, want %.17g", got, want)
	}
	if plain == want {
		t.Errorf("the plain loop is exact here; the test no longer shows the difference")
	}
	hi, lo := s.Parts()
	if hi+lo != want || lo == 0 {
		t.Errorf("Parts = %v, %v", hi, lo)
	}
	var inf Sum
	inf.Add(1)
	inf.Add(math.Inf(1))
	inf.Add(1)
	if v := inf.Value(); !math.IsInf(v, 1) {
		t.Errorf("1 + Inf + 1 = %v, want +Inf", v)
	}
	var nan Sum
	nan.Add(math.Inf(1))
	nan.Add(math.Inf(-1))
	if v := nan.Value(); !math.IsNaN(v) {
		t.Errorf("Inf − Inf = %v, want NaN", v)
	}
}
