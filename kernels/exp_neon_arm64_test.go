//go:build !purego

package kernels

import "testing"

var neonExp = expKernels{exp32: expNEONF32, scaled32: expScaledNEONF32, exp64: expNEONF64, scaled64: expScaledNEONF64}

func TestExpF32NEONAccuracy(t *testing.T) { testExpOn(t, "neon", neonExp, testExpF32Accuracy) }
func TestExpF64NEONAccuracy(t *testing.T) { testExpOn(t, "neon", neonExp, testExpF64Accuracy) }
func TestExpScaledNEONAccuracy(t *testing.T) {
	testExpOn(t, "neon", neonExp, testExpScaledAccuracy)
}
func TestExpNEONBounds(t *testing.T) { testExpOn(t, "neon", neonExp, testExpBounds) }
