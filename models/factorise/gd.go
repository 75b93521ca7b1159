package factorise

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/kernels"
)

// Default values of the zero Options fields.
const (
	DefaultEpochs = 1000
	DefaultLR     = 0.01
)

// Options configures GD. The zero value gives the original write-up's
// settings: 1000 epochs, learning rate 0.01, sum reduction, seed 0.
type Options struct {
	// Epochs is the number of gradient-descent steps; 0 means
	// DefaultEpochs.
	Epochs int
	// LR is the learning rate; 0 means DefaultLR.
	LR float64
	// Seed seeds the generator that draws the initial U and V.
	Seed uint64
	// Reduction is the loss GD minimises: autodiff.ReduceSum (the zero
	// value) for ‖A − U·Vᵀ‖²_F, or autodiff.ReduceMean for that divided by
	// the number of elements of A.
	Reduction autodiff.Reduction
}

func (o Options) withDefaults() Options {
	if o.Epochs == 0 {
		o.Epochs = DefaultEpochs
	}
	if o.LR == 0 {
		o.LR = DefaultLR
	}
	return o
}

// Result is a factorisation found by GD.
type Result[T kernels.Float] struct {
	Rows, Cols, Rank int

	// U (Rows×Rank) and V (Cols×Rank), row-major, are the factors after
	// the last epoch: A ≈ U·Vᵀ.
	U, V []T

	// Loss[e] is the loss, under the chosen reduction, at the start of
	// epoch e: the value epoch e differentiates, as the original records
	// it. It has one element per epoch run.
	Loss []float64

	// Residual is ‖A − U·Vᵀ‖²_F of the returned U and V (sum reduction),
	// computed in float64 whatever T is.
	Residual float64
}

// A DivergenceError reports that the loss of GD became NaN or infinite.
type DivergenceError struct {
	Epoch     int                // the epoch whose loss was not finite, counting from 0
	Epochs    int                // the number of epochs requested
	Loss      float64            // the loss at that epoch
	LR        float64            // the learning rate
	Reduction autodiff.Reduction // the loss's reduction
}

// Error describes the divergence and suggests a smaller learning rate.
func (e *DivergenceError) Error() string {
	return fmt.Sprintf("factorise: GD diverged at epoch %d of %d: %s loss is %v with lr %g; try a smaller learning rate (such as %.3g) or centre the data",
		e.Epoch, e.Epochs, e.Reduction, e.Loss, e.LR, e.LR/10)
}

// GD factorises the rows×cols row-major matrix a as U·Vᵀ, with U rows×rank
// and V cols×rank, by plain gradient descent, as the original's
// gd_factorise: U and V are drawn from U(0, 1), U first, each row in turn,
// from a PCG generator seeded with opt.Seed; then each epoch records
// loss = ‖A − U·Vᵀ‖²_F (or its mean), computes its gradient on the
// autodiff tape, and sets U −= lr·∂loss/∂U and V −= lr·∂loss/∂V.
//
// If the loss becomes NaN or infinite, GD stops and returns the result so
// far, with Loss ending at the non-finite value, and a *DivergenceError.
//
// GD panics if len(a) is not rows·cols, rank is not in [1, min(rows, cols)],
// or opt.Epochs or opt.LR is negative.
func GD[T kernels.Float](a []T, rows, cols, rank int, opt Options) (*Result[T], error) {
	opt = opt.withDefaults()
	checkShape("GD", len(a), rows, cols, rank)
	if opt.Epochs < 0 || opt.LR < 0 {
		panic(fmt.Sprintf("factorise.GD: negative option: Epochs=%d, LR=%g", opt.Epochs, opt.LR))
	}
	g := newGD(a, rows, cols, rank, opt.Seed)
	res := &Result[T]{
		Rows: rows, Cols: cols, Rank: rank,
		U: g.u.Data, V: g.v.Data,
		Loss: make([]float64, 0, opt.Epochs),
	}
	lr := T(opt.LR)
	for e := range opt.Epochs {
		loss := float64(g.epoch(lr, opt.Reduction))
		res.Loss = append(res.Loss, loss)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			res.Residual = residual(a, g.u.Data, g.v.Data, rows, cols, rank)
			return res, &DivergenceError{Epoch: e, Epochs: opt.Epochs, Loss: loss, LR: opt.LR, Reduction: opt.Reduction}
		}
	}
	res.Residual = residual(a, g.u.Data, g.v.Data, rows, cols, rank)
	return res, nil
}

// gd is the state of a factorisation in progress.
type gd[T kernels.Float] struct {
	rows, cols int
	a          []T
	u, v       *autodiff.Param[T]
	tape       autodiff.Tape[T]
}

func newGD[T kernels.Float](a []T, rows, cols, rank int, seed uint64) *gd[T] {
	rng := rand.New(rand.NewPCG(seed, 0))
	return &gd[T]{
		rows: rows, cols: cols, a: a,
		u: autodiff.NewParam(rows, rank, uniform01[T](rng, rows*rank)),
		v: autodiff.NewParam(cols, rank, uniform01[T](rng, cols*rank)),
	}
}

// epoch takes one gradient-descent step and returns the loss before it.
// After the first epoch it allocates nothing.
func (g *gd[T]) epoch(lr T, r autodiff.Reduction) T {
	t := &g.tape
	t.Reset()
	g.u.ZeroGrad()
	g.v.ZeroGrad()
	pred := t.MatMulT(t.Param(g.u), t.Param(g.v))
	loss := t.MSE(pred, t.Const(g.rows, g.cols, g.a), r)
	t.Backward(loss)
	g.u.Step(lr)
	g.v.Step(lr)
	return loss.Scalar()
}

// uniform01 returns n values drawn uniformly from [0, 1), as torch.rand.
func uniform01[T kernels.Float](rng *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(rng.Float64())
	}
	return x
}

// residual returns ‖A − U·Vᵀ‖²_F in float64.
func residual[T kernels.Float](a, u, v []T, rows, cols, rank int) float64 {
	var s float64
	for i := range rows {
		ui := u[i*rank : (i+1)*rank]
		for j := range cols {
			vj := v[j*rank : (j+1)*rank]
			d := float64(a[i*cols+j])
			for k, uik := range ui {
				d -= float64(uik) * float64(vj[k])
			}
			s += d * d
		}
	}
	return s
}

func checkShape(fn string, n, rows, cols, rank int) {
	if rows <= 0 || cols <= 0 {
		panic(fmt.Sprintf("factorise.%s: dimensions %d×%d, need both positive", fn, rows, cols))
	}
	if n != rows*cols {
		panic(fmt.Sprintf("factorise.%s: len(a)=%d, need %d×%d = %d", fn, n, rows, cols, rows*cols))
	}
	if rank < 1 || rank > min(rows, cols) {
		panic(fmt.Sprintf("factorise.%s: rank %d out of range [1, %d] for a %d×%d matrix", fn, rank, min(rows, cols), rows, cols))
	}
}
