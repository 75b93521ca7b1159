//go:build !purego

package peak

import "github.com/klauspost/cpuid/v2"

//go:generate sh -c "cd ../../asm && go run ./peak -out ../internal/peak/peak_amd64.s -stubs ../internal/peak/peak_stubs_amd64.go -pkg peak"

// features are the CPU features the FMA loops use; TestRequiresCovered
// checks them against the "Requires:" comments of the generated assembly.
var features = []cpuid.FeatureID{cpuid.AVX, cpuid.FMA3}

var loops = loopSet{
	available: cpuid.CPU.Supports(features...),
	name:      "256-bit FMA3",
	run32:     func(n int) float64 { return float64(fmaLoopF32(n, 1, 1)) },
	run64:     func(n int) float64 { return fmaLoopF64(n, 1, 1) },
	flops32:   2 * 12 * 8,
	flops64:   2 * 12 * 4,
}
