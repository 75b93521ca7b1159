//go:build !purego

package kernels

// narrowBoundsCases is empty: the neon tier has no narrow kernel.
func narrowBoundsCases[T Float]() []boundsCase[T] { return nil }
