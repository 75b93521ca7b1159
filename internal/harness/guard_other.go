//go:build !unix

package harness

// GuardPagesAvailable reports whether Guarded really surrounds its buffers
// with inaccessible pages on this platform.
var GuardPagesAvailable = false

// Guarded returns n elements of T. On this platform it cannot place them
// next to inaccessible pages, so overruns go undetected; the tests still run.
func Guarded[T any](n int, at Placement) (s []T, free func()) {
	s = make([]T, n)
	return s, func() {}
}
