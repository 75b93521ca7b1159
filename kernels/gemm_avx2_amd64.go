//go:build !purego

package kernels

// avx2GemmOps installs the avx2 tier's GEMM micro-kernels.
func avx2GemmOps(t *tier) {}
