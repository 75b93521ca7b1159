//go:build !purego

package harness

import (
	"testing"
	"unsafe"
)

// TestGuardPagesFaultVector checks the guard pages against the vector
// accesses of the neon kernels, under QEMU as on hardware: a load or store
// of w bytes ending at the last element of a buffer flush with its tail
// guard does not fault, and one element further does; likewise at the head
// guard. (QEMU's x86 emulation performs AVX masked loads as full-width
// reads; NEON has no masked loads, and this checks that the accesses the
// neon kernels do use are exact.)
func TestGuardPagesFaultVector(t *testing.T) {
	if !GuardPagesAvailable {
		t.Skip("no guard pages on this platform")
	}
	probes := []struct {
		name  string
		bytes int // bytes accessed from p
		f     func(p *float32)
	}{
		{"VLD1 16 bytes", 16, probeLoad16},
		{"VLD1 64 bytes", 64, probeLoad64},
		{"VLD1 lane 4 bytes", 4, probeLoadLane},
		{"FMOVD 8 bytes", 8, probeLoad8},
		{"VST1 16 bytes", 16, probeStore16},
	}
	at := func(s []float32, i int) *float32 {
		return (*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), 4*i))
	}
	for _, p := range probes {
		w := p.bytes / 4
		for _, n := range []int{w, 1024 + w} {
			s, free := Guarded[float32](n, End)
			if faults(func() { p.f(at(s, n-w)) }) {
				t.Errorf("%s, End, n=%d: an access ending at the last element faulted", p.name, n)
			}
			if !faults(func() { p.f(at(s, n-w+1)) }) {
				t.Errorf("%s, End, n=%d: an access one element past the end did not fault", p.name, n)
			}
			free()
			s, free = Guarded[float32](n, Start)
			if faults(func() { p.f(at(s, 0)) }) {
				t.Errorf("%s, Start, n=%d: an access from the first element faulted", p.name, n)
			}
			if !faults(func() { p.f(at(s, -1)) }) {
				t.Errorf("%s, Start, n=%d: an access from one element before the start did not fault", p.name, n)
			}
			free()
		}
	}
}
