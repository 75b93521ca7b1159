package factorise

import "github.com/simdgrad/simdgrad/kernels"

// Comparison is the outcome of a factorisation by gradient descent set
// against the truncated SVD of the same matrix.
type Comparison[T kernels.Float] struct {
	Rows, Cols, Rank int

	// Options are the options GD ran with, defaults filled in.
	Options Options

	GD  *Result[T]
	SVD *SVD

	// GDLoss and SVDLoss are the sum losses ‖A − Û·V̂ᵀ‖²_F and
	// ‖A − A_k‖²_F; GDMean and SVDMean are the same divided by Rows·Cols,
	// the mean reduction. By Eckart–Young GDLoss ≥ SVDLoss up to rounding.
	GDLoss, SVDLoss float64
	GDMean, SVDMean float64

	// RelGap is (GDLoss − SVDLoss) / SVDLoss: how far GD is from the
	// optimum, relatively. It is +Inf if SVDLoss is 0 and GDLoss is not.
	RelGap float64

	// Angles are the principal angles, in radians and ascending, between
	// span(Û) and span(U_k), the column spaces of GD's U and of the
	// leading left singular vectors. They are near 0 when GD has found the
	// optimal subspace.
	Angles []float64
}

// Compare factorises the rows×cols row-major matrix a at the given rank by
// GD with opt and by TruncatedSVD, and compares the two. It returns GD's
// *DivergenceError if GD diverges (with a nil Comparison), and panics on
// the arguments as GD does.
func Compare[T kernels.Float](a []T, rows, cols, rank int, opt Options) (*Comparison[T], error) {
	opt = opt.withDefaults()
	g, err := GD(a, rows, cols, rank, opt)
	if err != nil {
		return nil, err
	}
	s, err := TruncatedSVD(a, rows, cols, rank)
	if err != nil {
		return nil, err
	}
	n := float64(rows * cols)
	c := &Comparison[T]{
		Rows: rows, Cols: cols, Rank: rank,
		Options: opt,
		GD:      g,
		SVD:     s,
		GDLoss:  g.Residual,
		SVDLoss: s.Loss,
		GDMean:  g.Residual / n,
		SVDMean: s.Loss / n,
		RelGap:  (g.Residual - s.Loss) / s.Loss,
		Angles:  PrincipalAngles(toDense(g.U, rows, rank), s.U),
	}
	if s.Loss == 0 && g.Residual == 0 {
		c.RelGap = 0
	}
	return c, nil
}
