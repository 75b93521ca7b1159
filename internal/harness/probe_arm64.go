//go:build !purego

package harness

// Probes for the guard-page self-test: single vector loads and a store of
// the widths the neon kernels use, so that the test can check that an
// access reaching one element past a guarded buffer faults under the
// emulator as on hardware, and one ending at its last element does not.

//go:noescape
func probeLoad16(p *float32) // one 16-byte VLD1

//go:noescape
func probeLoad64(p *float32) // one VLD1 of four registers, 64 bytes

//go:noescape
func probeLoadLane(p *float32) // a 4-byte VLD1 into one lane

//go:noescape
func probeLoad8(p *float32) // an 8-byte FMOVD

//go:noescape
func probeStore16(p *float32) // one 16-byte VST1 of zeros
