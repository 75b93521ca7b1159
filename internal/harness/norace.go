//go:build !race

package harness

// RaceEnabled reports whether the race detector is on. Allocation tests
// skip under it: sync.Pool then drops a share of what is put back, so
// allocation counts mean nothing.
const RaceEnabled = false
