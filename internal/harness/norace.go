//go:build !race

package harness

// RaceEnabled reports whether the race detector is on, for tests whose
// subject changes under it (sync.Pool, for one, then drops a share of what
// is put back, so allocation counts of code that uses it mean nothing).
const RaceEnabled = false
