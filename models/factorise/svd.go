package factorise

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/simdgrad/simdgrad/kernels"
)

// SVD is a truncated singular value decomposition A_k = U_k·Σ_k·V_kᵀ, the
// best rank-k approximation of A in the Frobenius norm (Eckart–Young).
type SVD struct {
	Rank int

	// Values holds all min(rows, cols) singular values of A, descending;
	// the first Rank are those of A_k.
	Values []float64

	// U (rows×Rank) and V (cols×Rank) hold the leading left and right
	// singular vectors, orthonormal columns.
	U, V *mat.Dense

	// Approx is the rank-Rank reconstruction A_k, rows×cols.
	Approx *mat.Dense

	// Loss is ‖A − A_k‖²_F = Σ_{i>Rank} Values[i]², the smallest sum loss
	// any rank-Rank factorisation can reach.
	Loss float64
}

// TruncatedSVD returns the rank-k truncated singular value decomposition
// of the rows×cols row-major matrix a, computed in float64 by gonum's
// mat.SVD whatever T is. It returns an error if the decomposition fails to
// converge, and panics if len(a) is not rows·cols or rank is not in
// [1, min(rows, cols)].
func TruncatedSVD[T kernels.Float](a []T, rows, cols, rank int) (*SVD, error) {
	checkShape("TruncatedSVD", len(a), rows, cols, rank)
	a64 := toDense(a, rows, cols)
	var f mat.SVD
	if !f.Factorize(a64, mat.SVDThin) {
		return nil, errors.New("factorise: TruncatedSVD: the SVD did not converge")
	}
	var u, v mat.Dense
	f.UTo(&u)
	f.VTo(&v)
	s := &SVD{
		Rank:   rank,
		Values: f.Values(nil),
		U:      mat.DenseCopyOf(u.Slice(0, rows, 0, rank)),
		V:      mat.DenseCopyOf(v.Slice(0, cols, 0, rank)),
		Approx: mat.NewDense(rows, cols, nil),
	}
	// A_k = (U_k·Σ_k)·V_kᵀ.
	var us mat.Dense
	us.Apply(func(_, j int, v float64) float64 { return v * s.Values[j] }, s.U)
	s.Approx.Mul(&us, s.V.T())
	for _, sj := range s.Values[rank:] {
		s.Loss += sj * sj
	}
	return s, nil
}

// PrincipalAngles returns the principal angles, in radians and ascending,
// between the column spaces of x and y, which must have the same number of
// rows: min(cols of x, cols of y) angles in [0, π/2]. The columns need not
// be orthonormal, but must be linearly independent.
//
// Both bases are orthonormalised by a thin SVD, giving Qx and Qy. The
// cosines of the angles are the singular values of Qxᵀ·Qy and their sines
// those of (I − Qx·Qxᵀ)·Qy (Qx the wider basis); each angle is taken from
// its sine when that is below 1/√2 and from its cosine otherwise, so small
// angles are accurate to about machine epsilon rather than its square root
// (Knyazev and Argentati, 2002).
func PrincipalAngles(x, y mat.Matrix) []float64 {
	qx, qy := orthonormal(x), orthonormal(y)
	rows, wx := qx.Dims()
	ry, wy := qy.Dims()
	if ry != rows {
		panic(mat.ErrShape)
	}
	if wx < wy {
		qx, qy, wy = qy, qx, wx
	}
	p := wy // the narrower basis is qy: p angles

	var c mat.Dense
	c.Mul(qx.T(), qy)
	cos := singularValues(&c) // descending: angles ascending

	var s mat.Dense
	s.Mul(qx, &c)
	s.Sub(qy, &s)
	sin := singularValues(&s) // descending: angles descending
	slices.Reverse(sin)

	angles := make([]float64, p)
	for i := range angles {
		if sin[i] < 1/math.Sqrt2 {
			angles[i] = math.Asin(sin[i])
		} else {
			angles[i] = math.Acos(min(cos[i], 1))
		}
	}
	return angles
}

// orthonormal returns an orthonormal basis of the column space of a, the
// left singular vectors of its thin SVD.
func orthonormal(a mat.Matrix) *mat.Dense {
	var f mat.SVD
	if !f.Factorize(a, mat.SVDThinU) {
		panic("factorise: PrincipalAngles: the SVD did not converge")
	}
	var u mat.Dense
	f.UTo(&u)
	return &u
}

// singularValues returns the singular values of a, descending.
func singularValues(a mat.Matrix) []float64 {
	var f mat.SVD
	if !f.Factorize(a, mat.SVDNone) {
		panic("factorise: PrincipalAngles: the SVD did not converge")
	}
	return f.Values(nil)
}

// toDense returns a float64 copy of the rows×cols row-major a.
func toDense[T kernels.Float](a []T, rows, cols int) *mat.Dense {
	d := make([]float64, len(a))
	for i, v := range a {
		d[i] = float64(v)
	}
	return mat.NewDense(rows, cols, d)
}
