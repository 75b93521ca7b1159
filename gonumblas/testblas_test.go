package gonumblas

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas/testblas"

	"github.com/simdgrad/simdgrad/kernels"
)

// blockConfig is a setting of the block sizes. The small ones make gonum's
// testblas cases, whose matrices are a few rows, run through the blocked
// code paths rather than straight to the embedded routines.
type blockConfig struct {
	name                          string
	tri, sym, symmRows, smallWork int
	rightMin, rightRows           int
}

var blockConfigs = []blockConfig{
	{"default", triBlock, symBlock, symmRows, smallWork, rightRowsMin, rightRows},
	{"blocks=1", 1, 1, 1, 0, 2, 1},
	{"blocks=2", 2, 2, 2, 0, 3, 2},
	{"blocks=3", 3, 3, 2, 0, 1000, 3},
}

// setBlocks applies c and returns a function restoring the previous sizes.
func setBlocks(c blockConfig) (restore func()) {
	prev := blockConfig{"", triBlock, symBlock, symmRows, smallWork, rightRowsMin, rightRows}
	set := func(c blockConfig) {
		triBlock, symBlock, symmRows, smallWork = c.tri, c.sym, c.symmRows, c.smallWork
		rightRowsMin, rightRows = c.rightMin, c.rightRows
	}
	set(c)
	return func() { set(prev) }
}

// forEachConfig runs f on every kernel tier this CPU and build can run,
// and for each with every block configuration.
func forEachConfig(t *testing.T, f func(t *testing.T)) {
	for _, isa := range kernels.ISAs() {
		for _, c := range blockConfigs {
			t.Run(fmt.Sprintf("isa=%s/%s", isa, c.name), func(t *testing.T) {
				defer kernels.UseISA(isa)()
				defer setBlocks(c)()
				f(t)
			})
		}
	}
}

// TestTestblasOverridden runs gonum's testblas suite of every float64
// routine that Implementation overrides, on every tier and block setting.
func TestTestblasOverridden(t *testing.T) {
	impl := Implementation{}
	forEachConfig(t, func(t *testing.T) {
		t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
		t.Run("Dsyrk", func(t *testing.T) { testblas.DsyrkTest(t, impl) })
		t.Run("Dsyr2k", func(t *testing.T) { testblas.Dsyr2kTest(t, impl) })
		t.Run("Dsymm", func(t *testing.T) { testblas.DsymmTest(t, impl) })
		t.Run("Dtrmm", func(t *testing.T) { testblas.DtrmmTest(t, impl) })
		t.Run("Dtrsm", func(t *testing.T) { testblas.DtrsmTest(t, impl) })
		t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
		t.Run("Dger", func(t *testing.T) { testblas.DgerTest(t, impl) })
		t.Run("Ddot", func(t *testing.T) { testblas.DdotTest(t, impl) })
		t.Run("Daxpy", func(t *testing.T) { testblas.DaxpyTest(t, impl) })
		t.Run("Dscal", func(t *testing.T) { testblas.DscalTest(t, impl) })
	})
}

// TestTestblasEmbedded runs the rest of gonum's float64 testblas suite
// against Implementation: routines that it does not override must reach
// the embedded gonum routines.
func TestTestblasEmbedded(t *testing.T) {
	impl := Implementation{}
	for _, tc := range []struct {
		name string
		f    func(*testing.T)
	}{
		{"Dtxmv", func(t *testing.T) { testblas.DtxmvTest(t, impl) }},
		{"Dgbmv", func(t *testing.T) { testblas.DgbmvTest(t, impl) }},
		{"Dtbsv", func(t *testing.T) { testblas.DtbsvTest(t, impl) }},
		{"Dsbmv", func(t *testing.T) { testblas.DsbmvTest(t, impl) }},
		{"Dtbmv", func(t *testing.T) { testblas.DtbmvTest(t, impl) }},
		{"Dtrsv", func(t *testing.T) { testblas.DtrsvTest(t, impl) }},
		{"Dtrmv", func(t *testing.T) { testblas.DtrmvTest(t, impl) }},
		{"Dsymv", func(t *testing.T) { testblas.DsymvTest(t, impl) }},
		{"Dsyr", func(t *testing.T) { testblas.DsyrTest(t, impl) }},
		{"Dsyr2", func(t *testing.T) { testblas.Dsyr2Test(t, impl) }},
		{"Dspr2", func(t *testing.T) { testblas.Dspr2Test(t, impl) }},
		{"Dspr", func(t *testing.T) { testblas.DsprTest(t, impl) }},
		{"Dspmv", func(t *testing.T) { testblas.DspmvTest(t, impl) }},
		{"Dtpsv", func(t *testing.T) { testblas.DtpsvTest(t, impl) }},
		{"Dtpmv", func(t *testing.T) { testblas.DtpmvTest(t, impl) }},
		{"Dasum", func(t *testing.T) { testblas.DasumTest(t, impl) }},
		{"Dnrm2", func(t *testing.T) { testblas.Dnrm2Test(t, impl) }},
		{"Idamax", func(t *testing.T) { testblas.IdamaxTest(t, impl) }},
		{"Dswap", func(t *testing.T) { testblas.DswapTest(t, impl) }},
		{"Dcopy", func(t *testing.T) { testblas.DcopyTest(t, impl) }},
		{"Drotg", func(t *testing.T) { testblas.DrotgTest(t, impl, false) }},
		{"Drotmg", func(t *testing.T) { testblas.DrotmgTest(t, impl) }},
		{"Drot", func(t *testing.T) { testblas.DrotTest(t, impl) }},
		{"Drotm", func(t *testing.T) { testblas.DrotmTest(t, impl) }},
	} {
		t.Run(tc.name, tc.f)
	}
}
