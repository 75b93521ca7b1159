//go:build !purego

package kernels

// The neon tier: Advanced SIMD is part of every ARMv8-A core, so the tier
// is available on every arm64 CPU without a feature check.
var neonTier = registerTier(newNEONTier(), true)

func newNEONTier() *tier {
	t := &tier{name: "neon", rank: 1}
	neonVectorOps(t)
	neonSoftmaxOps(t)
	neonGemmOps(t)
	return t
}
