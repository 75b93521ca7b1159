//go:build !purego

package kernels

import "testing"

var avx2Exp = expKernels{exp32: expAVX2F32, scaled32: expScaledAVX2F32, exp64: expAVX2F64, scaled64: expScaledAVX2F64}

func TestExpF32AVX2Accuracy(t *testing.T) { testExpOn(t, "avx2", avx2Exp, testExpF32Accuracy) }
func TestExpF64AVX2Accuracy(t *testing.T) { testExpOn(t, "avx2", avx2Exp, testExpF64Accuracy) }
func TestExpScaledAVX2Accuracy(t *testing.T) {
	testExpOn(t, "avx2", avx2Exp, testExpScaledAccuracy)
}
func TestExpAVX2Bounds(t *testing.T) { testExpOn(t, "avx2", avx2Exp, testExpBounds) }
