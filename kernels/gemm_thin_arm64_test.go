//go:build !purego

package kernels

// thinBoundsCases is empty: the neon tier has no narrow or outer-product
// kernel.
func thinBoundsCases[T Float]() []boundsCase[T] { return nil }
