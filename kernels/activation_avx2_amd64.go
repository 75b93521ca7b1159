//go:build !purego

package kernels

// The avx2 tier's activation kernels are generated with Avo by
// ../asm/activation; rerun it with `go generate`. Exp is the full-range
// exponential of the softmax kernels (../asm/softmax).

// avx2ActivationOps installs the avx2 tier's exponential, activation and
// activation-gradient kernels.
func avx2ActivationOps(t *tier) {
	t.f32.exp = expAVX2F32
	t.f32.sigmoid = sigmoidAVX2F32
	t.f32.tanh = tanhAVX2F32
	t.f32.sigmoidBackward = sigmoidBackwardAVX2F32
	t.f32.tanhBackward = tanhBackwardAVX2F32

	t.f64.exp = expAVX2F64
	t.f64.sigmoid = sigmoidAVX2F64
	t.f64.tanh = tanhAVX2F64
	t.f64.sigmoidBackward = sigmoidBackwardAVX2F64
	t.f64.tanhBackward = tanhBackwardAVX2F64
}
