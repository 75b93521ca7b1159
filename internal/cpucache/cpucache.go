// Package cpucache reports the data caches of the CPU the program runs on:
// size, associativity, line size and how many logical processors share
// each level, as far as the CPU tells. The kernels derive their GEMM
// blocking from it; cmd/bench prints it.
//
// On amd64 the description comes from CPUID (leaf 4 on Intel, leaf
// 0x8000001D on AMD when the CPU has topology extensions, the legacy leaves
// 0x80000005/0x80000006 otherwise). Elsewhere, and with the purego build tag,
// only the sizes klauspost/cpuid detects are known. Hypervisors often hide
// some levels: unknown fields are 0.
package cpucache

import (
	"fmt"
	"sync"

	"github.com/klauspost/cpuid/v2"
)

// Level describes one level of data (or unified) cache. A zero field is
// unknown.
type Level struct {
	Size     int // bytes
	Ways     int // associativity
	Line     int // bytes per line
	SharedBy int // logical processors sharing this cache
}

// Known reports whether the level's size is known.
func (l Level) Known() bool { return l.Size > 0 }

// Sets returns the number of sets, or 0 if the size, associativity or line
// size is unknown.
func (l Level) Sets() int {
	if l.Size <= 0 || l.Ways <= 0 || l.Line <= 0 {
		return 0
	}
	return l.Size / (l.Ways * l.Line)
}

func (l Level) String() string {
	if !l.Known() {
		return "unknown"
	}
	s := sizeString(l.Size)
	if l.Ways > 0 {
		s += fmt.Sprintf(" %d-way", l.Ways)
	}
	if l.SharedBy > 1 {
		s += fmt.Sprintf(", shared by %d", l.SharedBy)
	}
	return s
}

func sizeString(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Caches describes the data cache hierarchy of one core.
type Caches struct {
	L1D, L2, L3 Level
}

func (c Caches) String() string {
	return fmt.Sprintf("L1d %v, L2 %v, L3 %v", c.L1D, c.L2, c.L3)
}

var (
	once     sync.Once
	detected Caches
)

// Detect returns the caches of this CPU. It is computed once.
func Detect() Caches {
	once.Do(func() {
		detected = fromCPUID()
		fill(&detected.L1D, cpuid.CPU.Cache.L1D)
		fill(&detected.L2, cpuid.CPU.Cache.L2)
		fill(&detected.L3, cpuid.CPU.Cache.L3)
	})
	return detected
}

// fill completes a level the CPUID leaves did not describe with the size
// klauspost/cpuid found (-1 when it found none).
func fill(l *Level, size int) {
	if l.Size == 0 && size > 0 {
		l.Size = size
		if l.Line == 0 && cpuid.CPU.CacheLine > 0 {
			l.Line = cpuid.CPU.CacheLine
		}
	}
}

// Registers are the outputs of one CPUID query.
type Registers struct{ EAX, EBX, ECX, EDX uint32 }

// fromDeterministic decodes the cache leaves of the "deterministic cache
// parameters" format, Intel's leaf 4 and AMD's 0x8000001D: subleaf i
// describes one cache until a subleaf of type 0.
func fromDeterministic(subleaves []Registers) Caches {
	var c Caches
	for _, r := range subleaves {
		typ := r.EAX & 0x1f
		if typ == 0 {
			break
		}
		if typ != 1 && typ != 3 { // data or unified
			continue
		}
		l := Level{
			Ways:     int(r.EBX>>22) + 1,
			Line:     int(r.EBX&0xfff) + 1,
			SharedBy: int(r.EAX>>14&0xfff) + 1,
		}
		partitions := int(r.EBX>>12&0x3ff) + 1
		sets := int(r.ECX) + 1
		l.Size = l.Ways * partitions * l.Line * sets
		if r.EAX&(1<<9) != 0 { // fully associative
			l.Ways = l.Size / l.Line
		}
		switch r.EAX >> 5 & 7 {
		case 1:
			c.L1D = l
		case 2:
			c.L2 = l
		case 3:
			c.L3 = l
		}
	}
	return c
}

// amdWays decodes the associativity field of AMD's legacy leaf 0x80000006;
// 0 means unknown (9: described by leaf 0x8000001D only).
func amdWays(code uint32, size, line int) int {
	switch code {
	case 1, 2, 3, 4:
		return int(code)
	case 5:
		return 6
	case 6:
		return 8
	case 8:
		return 16
	case 0xa:
		return 32
	case 0xb:
		return 48
	case 0xc:
		return 64
	case 0xd:
		return 96
	case 0xe:
		return 128
	case 0xf:
		if line > 0 {
			return size / line
		}
	}
	return 0
}

// fromAMDLegacy decodes AMD's leaves 0x80000005 (L1) and 0x80000006 (L2,
// L3). They do not say which processors share a cache.
func fromAMDLegacy(l1, l2 Registers) Caches {
	var c Caches
	c.L1D = Level{Size: int(l1.ECX>>24) << 10, Ways: int(l1.ECX >> 16 & 0xff), Line: int(l1.ECX & 0xff)}
	if c.L1D.Ways == 0xff {
		c.L1D.Ways = c.L1D.Size / max(c.L1D.Line, 1)
	}
	c.L2 = Level{Size: int(l2.ECX>>16) << 10, Line: int(l2.ECX & 0xff)}
	c.L2.Ways = amdWays(l2.ECX>>12&0xf, c.L2.Size, c.L2.Line)
	if code := l2.EDX >> 12 & 0xf; code != 0 && code != 9 {
		c.L3 = Level{Size: int(l2.EDX>>18) << 19, Line: int(l2.EDX & 0xff)}
		c.L3.Ways = amdWays(code, c.L3.Size, c.L3.Line)
	}
	return c
}
