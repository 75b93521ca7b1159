//go:build purego || !amd64

package cpucache

// fromCPUID knows nothing on this platform: Detect uses the sizes of
// klauspost/cpuid alone.
func fromCPUID() Caches { return Caches{} }
