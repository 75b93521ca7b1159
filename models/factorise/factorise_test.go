package factorise_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/models/factorise"
)

// Reference values for the mean-centred Iris data at rank 2 (DESIGN.md),
// given to seven significant digits.
const (
	irisOptimum = 15.204644 // σ3² + σ4², the rank-2 SVD loss
	irisRank1   = 51.3626   // σ2² + σ3² + σ4²
	refTol      = 5e-7      // relative rounding of the seven-digit values
)

var irisValues = []float64{25.09996, 6.013147, 3.413681, 1.884524}

var seeds = []uint64{0, 1, 2, 3, 4}

func centredIris() *benchdata.Dataset {
	d := benchdata.Iris()
	d.CenterColumns()
	return d
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

func TestTruncatedSVDIris(t *testing.T) {
	d := centredIris()
	s, err := factorise.TruncatedSVD(d.X, d.Rows, d.Features, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range irisValues {
		if e := relErr(s.Values[i], want); e > refTol {
			t.Errorf("σ%d = %.7g, want %.7g (relative error %.2g)", i+1, s.Values[i], want, e)
		}
	}
	if e := relErr(s.Loss, irisOptimum); e > refTol {
		t.Errorf("rank-2 loss = %.9g, want %.8g", s.Loss, irisOptimum)
	}
	if got := s.Loss / 600; math.Abs(got-0.025341) > 5e-7 {
		t.Errorf("rank-2 mean loss = %.7g, want 0.025341", got)
	}
	// The loss is the residual of the reconstruction.
	var r mat.Dense
	r.Sub(mat.NewDense(d.Rows, d.Features, d.X), s.Approx)
	if res := mat.Norm(&r, 2) * mat.Norm(&r, 2); relErr(res, s.Loss) > 1e-12 {
		t.Errorf("‖A − A_k‖²_F = %.15g, Loss = %.15g", res, s.Loss)
	}
	// U and V have orthonormal columns.
	for name, q := range map[string]*mat.Dense{"U": s.U, "V": s.V} {
		var g mat.Dense
		g.Mul(q.T(), q)
		if !mat.EqualApprox(&g, eye(2), 1e-13) {
			t.Errorf("%sᵀ·%s = %v, want I", name, name, mat.Formatted(&g))
		}
	}

	s1, err := factorise.TruncatedSVD(d.X, d.Rows, d.Features, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := relErr(s1.Loss, irisRank1); e > 1e-6 {
		t.Errorf("rank-1 loss = %.7g, want %.6g", s1.Loss, irisRank1)
	}
}

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := range n {
		m.Set(i, i, 1)
	}
	return m
}

// GD reaches the SVD optimum of centred Iris to seven digits in 2000
// epochs from any seed, never below it beyond rounding, and finds the same
// subspace.
func TestGDIrisOptimum(t *testing.T) {
	d := centredIris()
	for _, seed := range seeds {
		c, err := factorise.Compare(d.X, d.Rows, d.Features, 2, factorise.Options{Epochs: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: GD %.10f, SVD %.10f, gap %.2g, angles %.2g", seed, c.GDLoss, c.SVDLoss, c.RelGap, c.Angles)
		if e := relErr(c.GDLoss, irisOptimum); e > 1e-6 {
			t.Errorf("seed %d: GD loss %.9g, want %.8g within 1e-6 (relative error %.2g)", seed, c.GDLoss, irisOptimum, e)
		}
		if c.RelGap < -1e-9 {
			t.Errorf("seed %d: GD loss %.15g below the SVD loss %.15g (relative gap %.2g): impossible by Eckart–Young",
				seed, c.GDLoss, c.SVDLoss, c.RelGap)
		}
		if len(c.Angles) != 2 {
			t.Fatalf("seed %d: %d principal angles, want 2", seed, len(c.Angles))
		}
		for i, a := range c.Angles {
			if !(a >= 0 && a < 1e-3) {
				t.Errorf("seed %d: principal angle %d = %.3g rad, want < 1e-3", seed, i, a)
			}
		}
		if n := len(c.GD.Loss); n != 2000 {
			t.Errorf("seed %d: %d recorded losses, want 2000", seed, n)
		}
		if got := c.GDMean; math.Abs(got-0.025341) > 5e-7 {
			t.Errorf("seed %d: GD mean loss %.7g, want 0.025341", seed, got)
		}
	}
}

// With the default 1000 epochs GD is close to the optimum but, for some
// seeds, not yet at it.
func TestGDIrisDefaultEpochs(t *testing.T) {
	d := centredIris()
	for _, seed := range seeds {
		r, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Loss) != factorise.DefaultEpochs {
			t.Errorf("seed %d: %d epochs, want %d", seed, len(r.Loss), factorise.DefaultEpochs)
		}
		if e := relErr(r.Residual, irisOptimum); e > 1e-2 || r.Residual < irisOptimum*(1-1e-9) {
			t.Errorf("seed %d: GD loss %.9g after 1000 epochs, want within 1e-2 above %.8g", seed, r.Residual, irisOptimum)
		}
	}
}

// The loss plateaus near the rank-1 optimum before reaching rank 2.
func TestGDIrisPlateau(t *testing.T) {
	d := centredIris()
	r, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{Epochs: 200})
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Loss[60]; l < irisRank1*0.95 || l > irisRank1*1.05 {
		t.Errorf("loss at epoch 60 = %.6g, want near the rank-1 loss %.6g", l, irisRank1)
	}
}

// Under the mean reduction the steps are 600 times smaller: after 2000
// epochs GD is still on the rank-1 plateau, far above the mean optimum
// 0.025341 that the write-up reported as GD's result.
func TestGDIrisMeanReduction(t *testing.T) {
	d := centredIris()
	for _, seed := range seeds {
		c, err := factorise.Compare(d.X, d.Rows, d.Features, 2,
			factorise.Options{Epochs: 2000, Seed: seed, Reduction: autodiff.ReduceMean})
		if err != nil {
			t.Fatal(err)
		}
		last := c.GD.Loss[len(c.GD.Loss)-1]
		if last < 1 || last > 1.2 {
			t.Errorf("seed %d: mean loss after 2000 epochs %.4g, want on the plateau in [1, 1.2]", seed, last)
		}
		if e := relErr(c.GDMean, c.GDLoss/600); e > 1e-15 {
			t.Errorf("seed %d: GDMean %g, GDLoss/600 %g", seed, c.GDMean, c.GDLoss/600)
		}
		if math.Abs(c.SVDMean-0.025341) > 5e-7 {
			t.Errorf("seed %d: SVD mean loss %.7g, want 0.025341", seed, c.SVDMean)
		}
	}
}

// The 3×3 example reaches σ3² at rank 2, by SVD and by GD.
func TestSmallMatrix(t *testing.T) {
	a := []float64{
		0.3374, 0.6005, 0.1735,
		3.3359, 0.0492, 1.8374,
		2.9407, 0.5301, 2.2620,
	}
	const want = 0.121911 // σ3²
	for _, seed := range seeds {
		c, err := factorise.Compare(a, 3, 3, 2, factorise.Options{Epochs: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if s3 := c.SVD.Values[2]; math.Abs(s3*s3-c.SVDLoss) > 1e-15 {
			t.Errorf("SVD loss %.15g, σ3² %.15g", c.SVDLoss, s3*s3)
		}
		if math.Abs(c.SVDLoss-want) > 5e-7 {
			t.Errorf("SVD loss %.9g, want %g", c.SVDLoss, want)
		}
		if math.Abs(c.GDLoss-want) > 5e-7 || c.RelGap < -1e-9 {
			t.Errorf("seed %d: GD loss %.9g (relative gap %.2g), want %g", seed, c.GDLoss, c.RelGap, want)
		}
	}
}

// In float32, GD lands within 1e-5 of the float64 optimum; rounding may
// put it slightly below, never meaningfully so.
func TestGDFloat32(t *testing.T) {
	d := centredIris()
	x := d.X32()
	for _, seed := range seeds {
		c, err := factorise.Compare(x, d.Rows, d.Features, 2, factorise.Options{Epochs: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		last := c.GD.Loss[len(c.GD.Loss)-1] // computed in float32 by the tape
		t.Logf("seed %d: float32 loss %.9g, residual in float64 %.10g", seed, last, c.GDLoss)
		for name, l := range map[string]float64{"float32 loss": last, "residual": c.GDLoss} {
			if e := relErr(l, irisOptimum); e > 1e-5 {
				t.Errorf("seed %d: %s %.9g, want %.8g within 1e-5 (relative error %.2g)", seed, name, l, irisOptimum, e)
			}
		}
		for i, a := range c.Angles {
			if a > 1e-3 {
				t.Errorf("seed %d: principal angle %d = %.3g rad, want < 1e-3", seed, i, a)
			}
		}
	}
}

// On uncentred Iris lr 0.01 overflows; GD names the epoch.
func TestGDDivergence(t *testing.T) {
	d := benchdata.Iris()
	r, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{})
	var de *factorise.DivergenceError
	if !errors.As(err, &de) {
		t.Fatalf("GD on uncentred Iris at lr 0.01: error %v, want a *DivergenceError", err)
	}
	t.Log(err)
	if de.Epoch <= 0 || de.Epoch >= 100 || !math.IsInf(de.Loss, 0) && !math.IsNaN(de.Loss) {
		t.Errorf("diverged at epoch %d with loss %v, want early with a non-finite loss", de.Epoch, de.Loss)
	}
	if len(r.Loss) != de.Epoch+1 {
		t.Errorf("%d losses recorded, want %d (up to the diverging epoch)", len(r.Loss), de.Epoch+1)
	}
	msg := err.Error()
	for _, want := range []string{"epoch " + strconv.Itoa(de.Epoch), "smaller learning rate", "lr 0.01"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if _, err := factorise.Compare(d.X, d.Rows, d.Features, 2, factorise.Options{}); !errors.As(err, &de) {
		t.Errorf("Compare: error %v, want a *DivergenceError", err)
	}
	// A step below 1/(2σ1) is stable.
	if _, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{LR: 0.005}); err != nil {
		t.Errorf("lr 0.005: %v", err)
	}
}

func TestPrincipalAngles(t *testing.T) {
	for _, theta := range []float64{0, 1e-12, 1e-6, 0.3, math.Pi / 4, 1.2, math.Pi / 2} {
		// span(x) = span(e1, e2) given by a non-orthonormal basis;
		// span(y) = span(e2, cos θ·e1 + sin θ·e3).
		x := mat.NewDense(4, 2, []float64{
			2, 1,
			0, 3,
			0, 0,
			0, 0,
		})
		y := mat.NewDense(4, 2, []float64{
			0, math.Cos(theta),
			1, 0,
			0, math.Sin(theta),
			0, 0,
		})
		got := factorise.PrincipalAngles(x, y)
		want := []float64{0, theta}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-15+1e-14*want[i] {
				t.Errorf("θ = %g: angles %g, want %g", theta, got, want)
				break
			}
		}
		// Bases of different widths give the narrower one's count.
		if got := factorise.PrincipalAngles(y.Slice(0, 4, 1, 2), x); len(got) != 1 || math.Abs(got[0]-theta) > 1e-15+1e-14*theta {
			t.Errorf("θ = %g: angles %g between a line and a plane, want [%g]", theta, got, theta)
		}
	}
}

func TestPanics(t *testing.T) {
	a := make([]float64, 12)
	for name, f := range map[string]func(){
		"short":     func() { factorise.GD(a[:11], 3, 4, 2, factorise.Options{}) },
		"rank 0":    func() { factorise.GD(a, 3, 4, 0, factorise.Options{}) },
		"rank 4":    func() { factorise.TruncatedSVD(a, 3, 4, 4) },
		"rows 0":    func() { factorise.TruncatedSVD(a[:0], 0, 4, 1) },
		"negative":  func() { factorise.GD(a, 3, 4, 2, factorise.Options{LR: -1}) },
		"angles":    func() { factorise.PrincipalAngles(mat.NewDense(3, 1, nil), mat.NewDense(4, 1, nil)) },
		"Compare 5": func() { factorise.Compare(a, 3, 4, 5, factorise.Options{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
