package cpucache

import (
	"strings"
	"testing"
)

// The legacy AMD leaves as this project's Zen 5 virtual machine reports
// them (no topology extensions): L1d 48 KiB 12-way, L2 1 MiB 8-way, and an
// L3 whose associativity field defers to leaf 0x8000001D (code 9), which
// the hypervisor hides.
func TestFromAMDLegacy(t *testing.T) {
	c := fromAMDLegacy(Registers{0xff60ff40, 0xff60ff40, 0x300c0140, 0x20080140},
		Registers{0x40802040, 0x60804040, 0x04006140, 0x0fe09140})
	want := Caches{
		L1D: Level{Size: 48 << 10, Ways: 12, Line: 64},
		L2:  Level{Size: 1 << 20, Ways: 8, Line: 64},
	}
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
	if sets := c.L1D.Sets(); sets != 64 {
		t.Errorf("L1d sets = %d, want 64", sets)
	}
	// An L3 described by the legacy leaf: 32 MiB, 16-way (code 8).
	c = fromAMDLegacy(Registers{ECX: 0x20080140}, Registers{ECX: 0x02006140, EDX: 64<<18 | 8<<12 | 64})
	if want := (Level{Size: 32 << 20, Ways: 16, Line: 64}); c.L3 != want {
		t.Errorf("L3 = %+v, want %+v", c.L3, want)
	}
	if want := (Level{Size: 512 << 10, Ways: 8, Line: 64}); c.L2 != want {
		t.Errorf("L2 = %+v, want %+v", c.L2, want)
	}
}

// deterministic encodes one subleaf of leaf 4 / 0x8000001D.
func deterministic(typ, level, sharedBy, ways, line, sets int) Registers {
	return Registers{
		EAX: uint32(typ | level<<5 | (sharedBy-1)<<14),
		EBX: uint32((line - 1) | (ways-1)<<22),
		ECX: uint32(sets - 1),
	}
}

// A Zen 4 core as leaf 0x8000001D describes it: L1d 32 KiB 8-way, L1i,
// L2 1 MiB 8-way, L3 32 MiB 16-way shared by the 16 threads of a CCX.
func TestFromDeterministic(t *testing.T) {
	c := fromDeterministic([]Registers{
		deterministic(1, 1, 2, 8, 64, 64),
		deterministic(2, 1, 2, 8, 64, 64),
		deterministic(3, 2, 2, 8, 64, 2048),
		deterministic(3, 3, 16, 16, 64, 32768),
		{},
		deterministic(3, 3, 1, 1, 64, 1), // after the terminator: ignored
	})
	want := Caches{
		L1D: Level{Size: 32 << 10, Ways: 8, Line: 64, SharedBy: 2},
		L2:  Level{Size: 1 << 20, Ways: 8, Line: 64, SharedBy: 2},
		L3:  Level{Size: 32 << 20, Ways: 16, Line: 64, SharedBy: 16},
	}
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
	if s := c.String(); s != "L1d 32 KiB 8-way, shared by 2, L2 1 MiB 8-way, shared by 2, L3 32 MiB 16-way, shared by 16" {
		t.Errorf("String = %q", s)
	}
}

func TestDetect(t *testing.T) {
	c := Detect()
	t.Logf("this CPU: %v", c)
	for _, l := range []Level{c.L1D, c.L2, c.L3} {
		if l.Known() && (l.Size < 1<<10 || l.Ways < 0 || l.Line < 0) {
			t.Errorf("implausible level %+v", l)
		}
	}
	if c.L1D.Known() && c.L2.Known() && c.L2.Size < c.L1D.Size {
		t.Errorf("L2 smaller than L1d: %v", c)
	}
	if Detect() != c {
		t.Error("Detect changed between calls")
	}
	if u := (Level{}).String(); !strings.Contains(u, "unknown") {
		t.Errorf("unknown level prints %q", u)
	}
}
