//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// avx2Features are the CPU features every kernel of the avx2 tier may use.
// The tier is chosen only when all are present (cpuid also checks that the
// operating system saves the YMM registers). TestAVX2RequiresCovered checks
// this list against the "Requires:" comment Avo writes on every generated
// function.
var avx2Features = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3}

var avx2Tier = registerTier(newAVX2Tier(), cpuid.CPU.Supports(avx2Features...))

func newAVX2Tier() *tier {
	t := &tier{name: "avx2", rank: 1}
	avx2VectorOps(t)
	avx2GemmOps(t)
	avx2ActivationOps(t)
	return t
}
