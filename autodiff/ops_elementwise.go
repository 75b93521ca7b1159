package autodiff

import (
	"math"

	"github.com/simdgrad/simdgrad/kernels"
)

// Element-wise functions and the row-wise softmax. Their gradients are
// computed from the values kept since the forward pass (the output for
// Exp, Sigmoid, Tanh and the softmaxes, the input for Log).

// Exp returns e^a, element-wise (kernels.Exp).
func (t *Tape[T]) Exp(a Value[T]) Value[T] {
	v, n, x := t.unary("Exp", opExp, a)
	kernels.Exp(n.val, x.val)
	return v
}

// Log returns the natural logarithm of a, element-wise: NaN for negative
// elements, −Inf for zeros. Its gradient is g/a, so a zero element gives
// an infinite gradient.
func (t *Tape[T]) Log(a Value[T]) Value[T] {
	v, n, x := t.unary("Log", opLog, a)
	for i, e := range x.val {
		n.val[i] = T(math.Log(float64(e)))
	}
	return v
}

// Sigmoid returns the logistic function 1/(1 + e^−a), element-wise
// (kernels.Sigmoid); its gradient is g·y·(1 − y) for the output y.
func (t *Tape[T]) Sigmoid(a Value[T]) Value[T] {
	v, n, x := t.unary("Sigmoid", opSigmoid, a)
	kernels.Sigmoid(n.val, x.val)
	return v
}

// Tanh returns tanh(a), element-wise (kernels.Tanh); its gradient is
// g·(1 − y)(1 + y) for the output y.
func (t *Tape[T]) Tanh(a Value[T]) Value[T] {
	v, n, x := t.unary("Tanh", opTanh, a)
	kernels.Tanh(n.val, x.val)
	return v
}

// Softmax returns the softmax of each row of a, exp(a[i,j] − max) / Σₖ
// exp(a[i,k] − max) (kernels.Softmax); its gradient is y⊙(g − (g·y)1)
// row by row, for the output y. For a classification loss on logits,
// SoftmaxCrossEntropy is cheaper and exact where probabilities underflow.
func (t *Tape[T]) Softmax(a Value[T]) Value[T] {
	v, n, x := t.unary("Softmax", opSoftmax, a)
	kernels.Softmax(n.val, x.val, n.rows, n.cols)
	return v
}

// LogSoftmax returns the logarithm of the softmax of each row of a,
// (a[i,j] − max) − log Σₖ exp(a[i,k] − max) (kernels.LogSoftmax); its
// gradient is g − exp(y)·Σⱼ g[i,j], row by row, for the output y.
func (t *Tape[T]) LogSoftmax(a Value[T]) Value[T] {
	v, n, x := t.unary("LogSoftmax", opLogSoftmax, a)
	kernels.LogSoftmax(n.val, x.val, n.rows, n.cols)
	return v
}

// unary records a result of o of a's shape and returns it with a's node.
// If the result needs a gradient, its aux is backward scratch of the same
// size, followed for the softmaxes by one element per row (for the row
// sums).
func (t *Tape[T]) unary(fn string, o op, a Value[T]) (Value[T], *node[T], *node[T]) {
	na := t.node(fn, a)
	v, n := t.push(o, a.id, -1, na.rows, na.cols)
	if n.grad != nil {
		size := len(n.val)
		if o == opSoftmax || o == opLogSoftmax {
			size += n.rows
		}
		n.aux = t.arena.get(size)
	}
	x, _ := t.operands(n)
	return v, n, x
}

// target returns where an element-wise rule should write its
// contribution to n's gradient: n.grad itself if it is the first in this
// Backward (which overwrites the stale contents), tmp otherwise; commit
// then completes it.
func target[T kernels.Float](n *node[T], tmp []T) []T {
	if n.fresh {
		return n.grad
	}
	return tmp
}

// commit adds the contribution written to buf by target to n's gradient.
func commit[T kernels.Float](n *node[T], buf []T) {
	if n.fresh {
		n.fresh = false
		return
	}
	kernels.Axpy(1, buf, n.grad)
}

// addMul adds g⊙y to n's gradient, unless n has none, using tmp as
// scratch.
func addMul[T kernels.Float](n *node[T], g, y, tmp []T) {
	if n == nil || n.grad == nil {
		return
	}
	d := target(n, tmp)
	kernels.Mul(d, g, y)
	commit(n, d)
}

// elementwiseBackward applies the gradient rule of an element-wise or
// row-wise operation n with operand a and output gradient g.
func (t *Tape[T]) elementwiseBackward(n, a *node[T], g []T) {
	if a.grad == nil {
		return
	}
	y, tmp := n.val, n.aux[:len(n.val)]
	switch n.op {
	case opExp: // d e^x = e^x dx
		addMul(a, g, y, tmp)
	case opLog: // d log x = dx / x
		d := target(a, tmp)
		for i, x := range a.val {
			d[i] = g[i] / x
		}
		commit(a, d)
	case opSigmoid:
		d := target(a, tmp)
		kernels.SigmoidBackward(d, g, y)
		commit(a, d)
	case opTanh:
		d := target(a, tmp)
		kernels.TanhBackward(d, g, y)
		commit(a, d)
	case opSoftmax: // dx = y⊙g − y·(Σⱼ g⊙y), row by row
		kernels.Mul(tmp, g, y)
		s := n.aux[len(n.val):]
		kernels.Gemm(false, false, n.rows, 1, n.cols, 1, tmp, n.cols, t.ones(n.cols), 1, 0, s, 1)
		rowCombine(a, tmp, y, s, n.cols)
	case opLogSoftmax: // dx = g − exp(y)·Σⱼ g, row by row
		kernels.Exp(tmp, y)
		s := n.aux[len(n.val):]
		kernels.Gemm(false, false, n.rows, 1, n.cols, 1, g, n.cols, t.ones(n.cols), 1, 0, s, 1)
		rowCombine(a, g, tmp, s, n.cols)
	}
}

// rowCombine adds u − v·s[i] to row i of n's gradient, for u and v of
// rows of cols elements.
func rowCombine[T kernels.Float](n *node[T], u, v, s []T, cols int) {
	fresh := n.fresh
	n.fresh = false
	d := n.grad
	for i, si := range s {
		off := i * cols
		du, uu, vv := d[off:off+cols], u[off:off+cols], v[off:off+cols]
		if fresh {
			for j := range du {
				du[j] = uu[j] - vv[j]*si
			}
		} else {
			for j := range du {
				du[j] += uu[j] - vv[j]*si
			}
		}
	}
}
