//go:build !purego && (amd64 || arm64)

package kernels

import "fmt"

// What the SIMD tiers (avx2 on amd64, neon on arm64) share.

// badShape is the message of a kernel called outside its shape: a bug in
// the caller, caught before the assembly runs.
func badShape(kernel, arg string, v, lo, hi int) string {
	return fmt.Sprintf("kernels: %s called with %s=%d, outside %d…%d", kernel, arg, v, lo, hi)
}
