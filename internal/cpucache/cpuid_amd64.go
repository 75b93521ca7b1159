//go:build !purego

package cpucache

//go:generate sh -c "cd ../../asm && go run ./cpuid -out ../internal/cpucache/cpuid_amd64.s -stubs ../internal/cpucache/cpuid_stubs_amd64.go -pkg cpucache"

// fromCPUID reads the cache leaves of this CPU.
func fromCPUID() Caches {
	maxLeaf, b, c, d := cpuidex(0, 0)
	vendor := string([]byte{byte(b), byte(b >> 8), byte(b >> 16), byte(b >> 24),
		byte(d), byte(d >> 8), byte(d >> 16), byte(d >> 24),
		byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)})
	query := func(leaf uint32) []Registers {
		var rs []Registers
		for i := uint32(0); i < 16; i++ {
			a, b, c, d := cpuidex(leaf, i)
			rs = append(rs, Registers{a, b, c, d})
			if a&0x1f == 0 {
				break
			}
		}
		return rs
	}
	switch vendor {
	case "GenuineIntel":
		if maxLeaf >= 4 {
			return fromDeterministic(query(4))
		}
	case "AuthenticAMD", "HygonGenuine":
		maxExt, _, _, _ := cpuidex(0x80000000, 0)
		if maxExt >= 0x8000001d {
			if _, _, ecx, _ := cpuidex(0x80000001, 0); ecx&(1<<22) != 0 {
				if c := fromDeterministic(query(0x8000001d)); c.L1D.Known() {
					return c
				}
			}
		}
		if maxExt >= 0x80000006 {
			a5, b5, c5, d5 := cpuidex(0x80000005, 0)
			a6, b6, c6, d6 := cpuidex(0x80000006, 0)
			return fromAMDLegacy(Registers{a5, b5, c5, d5}, Registers{a6, b6, c6, d6})
		}
	}
	return Caches{}
}
