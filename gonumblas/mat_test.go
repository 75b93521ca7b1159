package gonumblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestMatAgreesWithGonum runs mat.Dense.Mul, mat.Cholesky, mat.LU, mat.QR
// and mat.SVD with gonum's BLAS and then with Implementation installed,
// and compares the results.
func TestMatAgreesWithGonum(t *testing.T) {
	sizes := []int{1, 5, 64, 100, 257}
	if testing.Short() {
		sizes = []int{1, 5, 100}
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, n := range sizes {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			a, b := randomDense(rnd, n, n), randomDense(rnd, n, n+3)
			// S = AᵀA + n·I is symmetric positive definite and well
			// conditioned.
			var ata mat.Dense
			ata.Mul(a.T(), a)
			s := mat.NewSymDense(n, nil)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					v := ata.At(i, j)
					if i == j {
						v += float64(n)
					}
					s.SetSym(i, j, v)
				}
			}
			want := matResults(t, a, b, s)
			restore := Use()
			got := matResults(t, a, b, s)
			restore()
			eps := 0x1p-53
			tol := 64 * float64(n+2) * eps
			for _, name := range []string{"mul", "cholesky solve", "lu solve", "qr solve", "svd values"} {
				d, w := relDiff(got[name], want[name])
				if !(d <= tol) {
					t.Errorf("%s: relative difference %.3g from gonum's BLAS > %.3g (‖gonum‖ = %.3g)", name, d, tol, w)
				}
			}
			for _, name := range []string{"cholesky residual", "lu residual", "qr residual", "svd residual"} {
				if r := got[name].At(0, 0); !(r <= tol) {
					t.Errorf("%s: %.3g > %.3g", name, r, tol)
				}
			}
			if d := math.Abs(got["lu det"].At(0, 0) - want["lu det"].At(0, 0)); !(d <= tol*float64(n)) {
				t.Errorf("LU log-determinant differs by %.3g", d)
			}
		})
	}
}

func randomDense(rnd *rand.Rand, r, c int) *mat.Dense {
	d := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.Set(i, j, 2*rnd.Float64()-1)
		}
	}
	return d
}

// matResults computes the products, factorizations and solutions the test
// compares, and relative residuals of the factorizations (1×1 matrices).
func matResults(t *testing.T, a, b *mat.Dense, s *mat.SymDense) map[string]mat.Matrix {
	t.Helper()
	r := map[string]mat.Matrix{}
	n, _ := a.Dims()
	var mul mat.Dense
	mul.Mul(a, b)
	r["mul"] = &mul

	var chol mat.Cholesky
	if !chol.Factorize(s) {
		t.Fatal("Cholesky: not positive definite")
	}
	var x mat.Dense
	if err := chol.SolveTo(&x, b); err != nil {
		t.Fatalf("Cholesky solve: %v", err)
	}
	r["cholesky solve"] = mat.DenseCopyOf(&x)
	var u mat.TriDense
	chol.UTo(&u)
	var utu mat.Dense
	utu.Mul(u.T(), &u)
	r["cholesky residual"] = residual(&utu, s)

	var lu mat.LU
	lu.Factorize(a)
	if err := lu.SolveTo(&x, false, b); err != nil {
		t.Fatalf("LU solve: %v", err)
	}
	r["lu solve"] = mat.DenseCopyOf(&x)
	logDet, _ := lu.LogDet()
	r["lu det"] = mat.NewDense(1, 1, []float64{logDet})
	var l, uu mat.TriDense
	lu.LTo(&l)
	lu.UTo(&uu)
	var plu, p mat.Dense
	plu.Mul(&l, &uu)
	// A = P·L·U with P[i, pivots[i]] = 1.
	var perm mat.Dense
	perm.Permutation(n, lu.RowPivots(nil))
	p.Mul(&perm, &plu)
	r["lu residual"] = residual(&p, a)

	var qr mat.QR
	qr.Factorize(a)
	if err := qr.SolveTo(&x, false, b); err != nil {
		t.Fatalf("QR solve: %v", err)
	}
	r["qr solve"] = mat.DenseCopyOf(&x)
	var q, rr, qrp mat.Dense
	qr.QTo(&q)
	qr.RTo(&rr)
	qrp.Mul(&q, &rr)
	r["qr residual"] = residual(&qrp, a)

	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDFull) {
		t.Fatal("SVD did not converge")
	}
	values := svd.Values(nil)
	r["svd values"] = mat.NewDense(1, len(values), values)
	var us, v, usv mat.Dense
	svd.UTo(&us)
	svd.VTo(&v)
	us.Mul(&us, mat.NewDiagDense(len(values), values))
	usv.Mul(&us, v.T())
	r["svd residual"] = residual(&usv, a)
	return r
}

// residual returns ‖got − want‖_F / ‖want‖_F as a 1×1 matrix.
func residual(got, want mat.Matrix) mat.Matrix {
	var d mat.Dense
	d.Sub(got, want)
	return mat.NewDense(1, 1, []float64{mat.Norm(&d, 2) / mat.Norm(want, 2)})
}

// relDiff returns ‖got − want‖_F / ‖want‖_F and ‖want‖_F.
func relDiff(got, want mat.Matrix) (float64, float64) {
	var d mat.Dense
	d.Sub(got, want)
	w := mat.Norm(want, 2)
	return mat.Norm(&d, 2) / w, w
}
