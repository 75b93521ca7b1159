package gonumblas

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/simdgrad/simdgrad/kernels"
)

// lapackTest is one of gonum's testlapack tests, run against gonum's own
// LAPACK while Implementation is the installed BLAS.
type lapackTest struct {
	name string
	run  func(t *testing.T, impl gonum.Implementation)
	// level3 marks the tests whose routines reach the overridden BLAS in
	// blocks (Level 3, or gemv and ger in the unblocked factorizations);
	// they also run with small block sizes, on every tier.
	level3 bool
	// short marks the tests that run under -short too.
	short bool
}

// lapackTests leaves out the tests of routines that reach no overridden
// routine in a way that matters (balancing, the bidiagonal and Hessenberg
// QR sweeps below Dhseqr), which would only lengthen the run.
var lapackTests = []lapackTest{
	// Factorizations and solvers built on Level 3 BLAS.
	{"Dpotrf", func(t *testing.T, impl gonum.Implementation) { testlapack.DpotrfTest(t, impl) }, true, true},
	{"Dpotf2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dpotf2Test(t, impl) }, true, true},
	{"Dpotri", func(t *testing.T, impl gonum.Implementation) { testlapack.DpotriTest(t, impl) }, true, true},
	{"Dpotrs", func(t *testing.T, impl gonum.Implementation) { testlapack.DpotrsTest(t, impl) }, true, false},
	{"Dpstrf", func(t *testing.T, impl gonum.Implementation) { testlapack.DpstrfTest(t, impl) }, true, false},
	{"Dpbtrf", func(t *testing.T, impl gonum.Implementation) { testlapack.DpbtrfTest(t, impl) }, true, false},
	{"Dpbtrs", func(t *testing.T, impl gonum.Implementation) { testlapack.DpbtrsTest(t, impl) }, true, false},
	{"Dgetrf", func(t *testing.T, impl gonum.Implementation) { testlapack.DgetrfTest(t, impl) }, true, true},
	{"Dgetf2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgetf2Test(t, impl) }, true, true},
	{"Dgetri", func(t *testing.T, impl gonum.Implementation) { testlapack.DgetriTest(t, impl) }, true, true},
	{"Dgetrs", func(t *testing.T, impl gonum.Implementation) { testlapack.DgetrsTest(t, impl) }, true, false},
	{"Dgesv", func(t *testing.T, impl gonum.Implementation) { testlapack.DgesvTest(t, impl) }, true, true},
	{"Dtrtri", func(t *testing.T, impl gonum.Implementation) { testlapack.DtrtriTest(t, impl) }, true, true},
	{"Dtrtrs", func(t *testing.T, impl gonum.Implementation) { testlapack.DtrtrsTest(t, impl) }, true, true},
	{"Dlauum", func(t *testing.T, impl gonum.Implementation) { testlapack.DlauumTest(t, impl) }, true, true},
	{"Dgeqrf", func(t *testing.T, impl gonum.Implementation) { testlapack.DgeqrfTest(t, impl) }, true, true},
	{"Dgelqf", func(t *testing.T, impl gonum.Implementation) { testlapack.DgelqfTest(t, impl) }, true, false},
	{"Dgerqf", func(t *testing.T, impl gonum.Implementation) { testlapack.DgerqfTest(t, impl) }, true, false},
	{"Dgeqp3", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgeqp3Test(t, impl) }, true, false},
	{"Dgels", func(t *testing.T, impl gonum.Implementation) { testlapack.DgelsTest(t, impl) }, true, false},
	{"Dlarfb", func(t *testing.T, impl gonum.Implementation) { testlapack.DlarfbTest(t, impl) }, true, true},
	{"Dlarft", func(t *testing.T, impl gonum.Implementation) { testlapack.DlarftTest(t, impl) }, true, true},
	{"Dorgqr", func(t *testing.T, impl gonum.Implementation) { testlapack.DorgqrTest(t, impl) }, true, true},
	{"Dorglq", func(t *testing.T, impl gonum.Implementation) { testlapack.DorglqTest(t, impl) }, true, false},
	{"Dorgql", func(t *testing.T, impl gonum.Implementation) { testlapack.DorgqlTest(t, impl) }, true, false},
	{"Dorgtr", func(t *testing.T, impl gonum.Implementation) { testlapack.DorgtrTest(t, impl) }, true, false},
	{"Dorghr", func(t *testing.T, impl gonum.Implementation) { testlapack.DorghrTest(t, impl) }, true, false},
	{"Dorgbr", func(t *testing.T, impl gonum.Implementation) { testlapack.DorgbrTest(t, impl) }, true, false},
	{"Dormqr", func(t *testing.T, impl gonum.Implementation) { testlapack.DormqrTest(t, impl) }, true, false},
	{"Dormlq", func(t *testing.T, impl gonum.Implementation) { testlapack.DormlqTest(t, impl) }, true, false},
	{"Dormhr", func(t *testing.T, impl gonum.Implementation) { testlapack.DormhrTest(t, impl) }, true, false},
	{"Dormbr", func(t *testing.T, impl gonum.Implementation) { testlapack.DormbrTest(t, impl) }, true, false},
	{"Dgebrd", func(t *testing.T, impl gonum.Implementation) { testlapack.DgebrdTest(t, impl) }, true, false},
	{"Dlabrd", func(t *testing.T, impl gonum.Implementation) { testlapack.DlabrdTest(t, impl) }, true, false},
	{"Dgehrd", func(t *testing.T, impl gonum.Implementation) { testlapack.DgehrdTest(t, impl) }, true, false},
	{"Dlahr2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dlahr2Test(t, impl) }, true, false},
	{"Dsytrd", func(t *testing.T, impl gonum.Implementation) { testlapack.DsytrdTest(t, impl) }, true, false},
	{"Dlatrd", func(t *testing.T, impl gonum.Implementation) { testlapack.DlatrdTest(t, impl) }, true, false},
	{"Dsyev", func(t *testing.T, impl gonum.Implementation) { testlapack.DsyevTest(t, impl) }, true, true},
	{"Dlaqr5", func(t *testing.T, impl gonum.Implementation) { testlapack.Dlaqr5Test(t, impl) }, true, false},
	{"Dtrevc3", func(t *testing.T, impl gonum.Implementation) { testlapack.Dtrevc3Test(t, impl) }, true, false},
	{"Dgesvd", func(t *testing.T, impl gonum.Implementation) { testlapack.DgesvdTest(t, impl, 1e-13) }, false, false},
	{"Dgeev", func(t *testing.T, impl gonum.Implementation) { testlapack.DgeevTest(t, impl) }, false, false},
	{"Dhseqr", func(t *testing.T, impl gonum.Implementation) { testlapack.DhseqrTest(t, impl) }, false, false},
	{"Dgecon", func(t *testing.T, impl gonum.Implementation) { testlapack.DgeconTest(t, impl) }, false, true},
	{"Dpocon", func(t *testing.T, impl gonum.Implementation) { testlapack.DpoconTest(t, impl) }, false, true},
	{"Dtrcon", func(t *testing.T, impl gonum.Implementation) { testlapack.DtrconTest(t, impl) }, false, false},
	{"Dggsvd3", func(t *testing.T, impl gonum.Implementation) { testlapack.Dggsvd3Test(t, impl) }, false, false},
	{"Dggsvp3", func(t *testing.T, impl gonum.Implementation) { testlapack.Dggsvp3Test(t, impl) }, false, false},
	{"Dgeqr2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgeqr2Test(t, impl) }, false, false},
	{"Dgelq2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgelq2Test(t, impl) }, false, false},
	{"Dgeql2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgeql2Test(t, impl) }, false, false},
	{"Dgerq2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgerq2Test(t, impl) }, false, false},
	{"Dgebd2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgebd2Test(t, impl) }, false, false},
	{"Dgehd2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dgehd2Test(t, impl) }, false, false},
	{"Dsytd2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dsytd2Test(t, impl) }, false, false},
	{"Dorg2r", func(t *testing.T, impl gonum.Implementation) { testlapack.Dorg2rTest(t, impl) }, false, false},
	{"Dorm2r", func(t *testing.T, impl gonum.Implementation) { testlapack.Dorm2rTest(t, impl) }, false, false},
	{"Dorml2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dorml2Test(t, impl) }, false, false},
	{"Dlarf", func(t *testing.T, impl gonum.Implementation) { testlapack.DlarfTest(t, impl) }, false, false},
	{"Dlatrs", func(t *testing.T, impl gonum.Implementation) { testlapack.DlatrsTest(t, impl) }, false, false},
	{"Dtrti2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dtrti2Test(t, impl) }, false, false},
	{"Dlauu2", func(t *testing.T, impl gonum.Implementation) { testlapack.Dlauu2Test(t, impl) }, false, false},
	{"Dsteqr", func(t *testing.T, impl gonum.Implementation) { testlapack.DsteqrTest(t, impl) }, false, false},
	{"Dtrexc", func(t *testing.T, impl gonum.Implementation) { testlapack.DtrexcTest(t, impl) }, false, false},
}

// lapackBlocks are small block sizes under which testlapack's matrices,
// mostly below 100 rows, run through the blocked code paths.
var lapackBlocks = blockConfig{"blocks=2", 2, 3, 3, 0, 4, 5}

// TestLapack runs gonum's testlapack suite for gonum's own LAPACK on top
// of Implementation: every test in lapackTests with the default block
// sizes on the best tier, and those marked level3 with small block sizes
// on every tier. Under -short, only those marked short, with the small
// blocks (which exercise the blocked code most) on the best tier alone.
func TestLapack(t *testing.T) {
	defer Use()()
	impl := gonum.Implementation{}
	best := kernels.ISAs()[0]
	for _, isa := range kernels.ISAs() {
		for _, c := range []blockConfig{blockConfigs[0], lapackBlocks} {
			if c.name == blockConfigs[0].name && isa != best {
				continue
			}
			if testing.Short() && (isa != best || c.name == blockConfigs[0].name) {
				continue
			}
			t.Run(fmt.Sprintf("isa=%s/%s", isa, c.name), func(t *testing.T) {
				defer kernels.UseISA(isa)()
				defer setBlocks(c)()
				for _, lt := range lapackTests {
					if (testing.Short() && !lt.short) || (c.name != blockConfigs[0].name && !lt.level3) {
						continue
					}
					t.Run(lt.name, func(t *testing.T) { lt.run(t, impl) })
				}
			})
		}
	}
}
