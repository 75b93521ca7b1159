package autodiff

import (
	"fmt"
	"math"

	"github.com/simdgrad/simdgrad/kernels"
)

// Each operation checks its operands' shapes, records a node, and computes
// its value at once; backward below holds the matching gradient rules.
// Shape errors panic when the operation is recorded, naming it.

// Reduction selects how a loss combines its terms.
type Reduction uint8

const (
	ReduceSum  Reduction = iota // the sum of the terms
	ReduceMean                  // the sum divided by the number of terms
)

// String returns "sum" or "mean".
func (r Reduction) String() string {
	switch r {
	case ReduceSum:
		return "sum"
	case ReduceMean:
		return "mean"
	}
	return fmt.Sprintf("Reduction(%d)", uint8(r))
}

// factor returns the multiplier r applies to a sum of n terms.
func (r Reduction) factor(fn string, n int) float64 {
	switch r {
	case ReduceSum:
		return 1
	case ReduceMean:
		return 1 / float64(n)
	}
	panic(fmt.Sprintf("autodiff.%s: invalid %v", fn, r))
}

// MatMul returns the m×n matrix product a·b of an m×k a and a k×n b.
func (t *Tape[T]) MatMul(a, b Value[T]) Value[T] {
	na, nb := t.node("MatMul", a), t.node("MatMul", b)
	if na.cols != nb.rows {
		panicInner("MatMul", na.rows, na.cols, nb.rows, nb.cols, "a", "column", na.cols, "b", "row", nb.rows)
	}
	checkProduct[T]("MatMul", na.rows, na.cols, nb.rows, nb.cols, na.rows, nb.cols)
	v, n := t.push(opMatMul, a.id, b.id, na.rows, nb.cols)
	x, y := t.operands(n)
	m, k, c := x.rows, x.cols, y.cols
	kernels.Gemm(false, false, m, c, k, 1, x.val, k, y.val, c, 0, n.val, c)
	return v
}

// MatMulT returns the m×n product a·bᵀ of an m×k a and an n×k b, without
// forming bᵀ.
func (t *Tape[T]) MatMulT(a, b Value[T]) Value[T] {
	na, nb := t.node("MatMulT", a), t.node("MatMulT", b)
	if na.cols != nb.cols {
		panicInner("MatMulT", na.rows, na.cols, nb.rows, nb.cols, "a", "column", na.cols, "b", "column", nb.cols)
	}
	checkProduct[T]("MatMulT", na.rows, na.cols, nb.rows, nb.cols, na.rows, nb.rows)
	v, n := t.push(opMatMulT, a.id, b.id, na.rows, nb.rows)
	x, y := t.operands(n)
	m, k, c := x.rows, x.cols, y.rows
	kernels.Gemm(false, true, m, c, k, 1, x.val, k, y.val, k, 0, n.val, c)
	return v
}

// Affine returns a·w + b for an m×k a, a k×n w and a 1×n row b added to
// every row of the product: the affine map of a dense layer, in one node
// and without a copy of the product. Its values are those of
// Add(MatMul(a, w), b), bit for bit while the GEMM does not split the
// depth k into blocks (k ≤ 256 on the current tiers); beyond that the bias
// joins the sum before the last block and the last bits may differ.
func (t *Tape[T]) Affine(a, w, b Value[T]) Value[T] {
	na, nw, nb := t.node("Affine", a), t.node("Affine", w), t.node("Affine", b)
	m, k, c := na.rows, na.cols, nw.cols
	if k != nw.rows || nb.rows != 1 || nb.cols != c || !allocatable[T](m, c) {
		badAffine(na, nw, nb)
	}
	x, y, bias := na.val, nw.val, nb.val // the nodes move when the tape grows
	v, n := t.pushGrad(opAffine, a.id, w.id, b.id, m, c, na.grad != nil || nw.grad != nil || nb.grad != nil)
	// val = b in every row, then val += x·w: the product rounded, plus b,
	// rounded again, as MatMul then Add.
	broadcastRows(n.val, bias)
	kernels.Gemm(false, false, m, c, k, 1, x, k, y, c, 1, n.val, c)
	return v
}

// badAffine panics with the first reason Affine refuses its operands.
//
//go:noinline
func badAffine[T kernels.Float](na, nw, nb *node[T]) {
	if na.cols != nw.rows {
		panicInner("Affine", na.rows, na.cols, nw.rows, nw.cols, "a", "column", na.cols, "w", "row", nw.rows)
	}
	checkProduct[T]("Affine", na.rows, na.cols, nw.rows, nw.cols, na.rows, nw.cols)
	panic(fmt.Sprintf("autodiff.Affine: bias is %d×%d, need 1×%d for the %d×%d product", nb.rows, nb.cols, nw.cols, na.rows, nw.cols))
}

// Add returns a + b. b has the shape of a, or is a 1×cols row that is
// added to every row of a (a bias).
func (t *Tape[T]) Add(a, b Value[T]) Value[T] {
	na, nb := t.node("Add", a), t.node("Add", b)
	o := t.broadcast("Add", na, nb, opAdd, opAddBias)
	v, n := t.push(o, a.id, b.id, na.rows, na.cols)
	x, y := t.operands(n)
	if o == opAdd {
		kernels.Add(n.val, x.val, y.val)
		return v
	}
	// Broadcast as a rank-1 product, val = x + ones·y, so the whole bias
	// add is one kernel call (and exactly x[i,j] + y[j], as 1·y[j] is exact).
	copy(n.val, x.val)
	kernels.Gemm(false, false, n.rows, n.cols, 1, 1, t.ones(n.rows), 1, y.val, n.cols, 1, n.val, n.cols)
	return v
}

// Sub returns a − b; a and b have the same shape.
func (t *Tape[T]) Sub(a, b Value[T]) Value[T] {
	na, nb := t.node("Sub", a), t.node("Sub", b)
	if na.rows != nb.rows || na.cols != nb.cols {
		panicShapes("Sub", na.rows, na.cols, nb.rows, nb.cols)
	}
	v, n := t.push(opSub, a.id, b.id, na.rows, na.cols)
	x, y := t.operands(n)
	kernels.Sub(n.val, x.val, y.val)
	return v
}

// Mul returns the element-wise product a⊙b. b has the shape of a, or is a
// 1×cols row that multiplies every row of a (a per-column scale).
func (t *Tape[T]) Mul(a, b Value[T]) Value[T] {
	na, nb := t.node("Mul", a), t.node("Mul", b)
	o := t.broadcast("Mul", na, nb, opMul, opMulRow)
	v, n := t.push(o, a.id, b.id, na.rows, na.cols)
	x, y := t.operands(n)
	// aux: b in every row (opMulRow), then backward scratch of the same
	// size if there is a gradient.
	size := len(n.val)
	k := 0
	if o == opMulRow {
		k++
	}
	if n.grad != nil {
		k++
	}
	if k > 0 {
		n.aux = t.arena.get(k * size)
	}
	if o == opMulRow {
		broadcastRows(n.aux[:size], y.val)
		kernels.Mul(n.val, x.val, n.aux[:size])
	} else {
		kernels.Mul(n.val, x.val, y.val)
	}
	return v
}

// Div returns the element-wise quotient a/b, with IEEE semantics for
// division by zero. b has the shape of a, or is a 1×cols row that divides
// every row of a.
func (t *Tape[T]) Div(a, b Value[T]) Value[T] {
	na, nb := t.node("Div", a), t.node("Div", b)
	o := t.broadcast("Div", na, nb, opDiv, opDivRow)
	v, n := t.push(o, a.id, b.id, na.rows, na.cols)
	x, y := t.operands(n)
	val, xv, yv, c := n.val, x.val, y.val, n.cols
	for i := range val {
		j := i
		if o == opDivRow {
			j = i % c
		}
		val[i] = xv[i] / yv[j]
	}
	return v
}

// broadcast returns same if a and b have the same shape and row if b is a
// 1×a.cols row (and a has more than one row), panicking otherwise.
func (t *Tape[T]) broadcast(fn string, a, b *node[T], same, row op) op {
	switch {
	case a.rows == b.rows && a.cols == b.cols:
		return same
	case b.rows == 1 && b.cols == a.cols:
		return row
	}
	panicShapes(fn, a.rows, a.cols, b.rows, b.cols)
	return 0
}

// Scale returns alpha·a.
func (t *Tape[T]) Scale(alpha T, a Value[T]) Value[T] {
	na := t.node("Scale", a)
	v, n := t.push(opScale, a.id, -1, na.rows, na.cols)
	x, _ := t.operands(n)
	n.alpha = alpha
	kernels.Scale(n.val, alpha, x.val)
	return v
}

// ReLU returns max(a, 0), element-wise.
func (t *Tape[T]) ReLU(a Value[T]) Value[T] {
	na := t.node("ReLU", a)
	x := na.val
	v, n := t.pushGrad(opReLU, a.id, -1, -1, na.rows, na.cols, na.grad != nil)
	if n.grad != nil {
		n.aux = t.arena.get(len(n.val))
	}
	kernels.ReLU(n.val, x)
	return v
}

// SoftmaxCrossEntropy returns the cross-entropy loss, a 1×1 Value, of the
// rows of logits, unnormalised log-probabilities over logits.Cols()
// classes, against the classes in labels, one per row:
// −Σᵢ log softmax(logitsᵢ)[labelsᵢ], divided by the number of rows for
// ReduceMean. The loss is finite for any finite logits: it multiplies the
// label probabilities in float64 with the exponent kept apart, and takes
// a row whose probability underflows from its logits as
// (max − x_label) + log Σ exp(x − max); a row with NaN or +Inf gives NaN.
// The gradient is (softmax − onehot)·factor, from the softmax kept since
// the forward pass. labels is used in place and must not change before
// Backward.
func (t *Tape[T]) SoftmaxCrossEntropy(logits Value[T], labels []int, r Reduction) Value[T] {
	const fn = "SoftmaxCrossEntropy"
	na := t.node(fn, logits)
	rows, cols := na.rows, na.cols
	if len(labels) != rows {
		panic(fmt.Sprintf("autodiff.%s: %d×%d logits and %d labels do not match", fn, rows, cols, len(labels)))
	}
	for i, l := range labels {
		if l < 0 || l >= cols {
			panic(fmt.Sprintf("autodiff.%s: label %d of row %d is out of range [0, %d)", fn, l, i, cols))
		}
	}
	alpha := T(r.factor(fn, rows))
	v, n := t.push(opSoftmaxCE, logits.id, -1, 1, 1)
	x, _ := t.operands(n)
	n.alpha, n.labels = alpha, labels
	n.aux = t.arena.get(rows * cols)
	kernels.Softmax(n.aux, x.val, rows, cols) // kept for Backward
	n.val[0] = alpha * T(crossEntropy(n.aux, x.val, labels, cols))
	return v
}

// crossEntropy returns −Σᵢ log p[i, labels[i]] in float64, p the softmax of
// logits (rows of cols). It multiplies the probabilities, keeping the
// binary exponent of the product apart so that it cannot underflow, and
// takes one logarithm at the end instead of one per row. A probability
// below 2⁻⁶⁴ (or zero, or NaN) has lost relative accuracy to rounding or
// underflow, so its row's term is computed from the logits instead, as
// (max − x_label) + log Σ exp(x − max), which is exact for any finite row
// and NaN for a row with NaN or +Inf.
func crossEntropy[T kernels.Float](p, logits []T, labels []int, cols int) float64 {
	frac, exp2 := 1.0, 0 // the product is frac·2^exp2
	var direct float64
	for i, l := range labels {
		q := float64(p[i*cols+l])
		if !(q >= 0x1p-64) {
			direct += logSumExpMinus(logits[i*cols:(i+1)*cols], l)
			continue
		}
		frac *= q // ≥ 2⁻⁵⁶⁴ after the rescaling below: never subnormal
		if frac < 0x1p-500 {
			frac *= 0x1p500
			exp2 -= 500
		}
	}
	return direct - (math.Log(frac) + float64(exp2)*math.Ln2)
}

// logSumExpMinus returns log Σⱼ exp(row[j]) − row[l] = −log softmax(row)[l].
func logSumExpMinus[T kernels.Float](row []T, l int) float64 {
	m := math.Inf(-1)
	for _, v := range row {
		if float64(v) > m || v != v {
			m = float64(v)
		}
	}
	var s float64
	for _, v := range row {
		s += math.Exp(float64(v) - m)
	}
	return (m - float64(row[l])) + math.Log(s)
}

// MSE returns the squared error Σ (a − b)², a 1×1 Value, divided by the
// number of elements for ReduceMean. a and b have the same shape.
func (t *Tape[T]) MSE(a, b Value[T], r Reduction) Value[T] {
	na, nb := t.node("MSE", a), t.node("MSE", b)
	if na.rows != nb.rows || na.cols != nb.cols {
		panicShapes("MSE", na.rows, na.cols, nb.rows, nb.cols)
	}
	alpha := T(r.factor("MSE", na.rows*na.cols))
	v, n := t.push(opMSE, a.id, b.id, 1, 1)
	x, y := t.operands(n)
	n.alpha = alpha
	n.aux = t.arena.get(len(x.val))
	kernels.Sub(n.aux, x.val, y.val)
	n.val[0] = alpha * kernels.Dot(n.aux, n.aux)
	return v
}

// Sum returns the sum of the elements of a, a 1×1 Value.
func (t *Tape[T]) Sum(a Value[T]) Value[T] { return t.sum("Sum", a, ReduceSum) }

// Mean returns the mean of the elements of a, a 1×1 Value.
func (t *Tape[T]) Mean(a Value[T]) Value[T] { return t.sum("Mean", a, ReduceMean) }

func (t *Tape[T]) sum(fn string, a Value[T], r Reduction) Value[T] {
	na := t.node(fn, a)
	alpha := T(r.factor(fn, na.rows*na.cols))
	v, n := t.push(opSum, a.id, -1, 1, 1)
	x, _ := t.operands(n)
	n.alpha = alpha
	n.val[0] = alpha * kernels.Sum(x.val)
	return v
}

// backward adds n's contribution to the gradients of its operands, given
// n.grad, the complete gradient of the loss with respect to n.
func (t *Tape[T]) backward(n *node[T]) {
	if n.op == opLeaf || n.grad == nil {
		return
	}
	if n.fresh { // nothing downstream reached the loss: the gradient is zero
		clear(n.grad)
		n.fresh = false
		return
	}
	if n.op == opCustom {
		t.customBackward(n)
		return
	}
	a, b := t.operands(n)
	g := n.grad
	switch n.op {
	case opMatMul: // C = A·B, A m×k, B k×c: dA += G·Bᵀ, dB += Aᵀ·G.
		m, k, c := a.rows, a.cols, b.cols
		if a.grad != nil {
			kernels.Gemm(false, true, m, k, c, 1, g, c, b.val, c, a.beta(), a.grad, k)
		}
		if b.grad != nil {
			kernels.Gemm(true, false, k, c, m, 1, a.val, k, g, c, b.beta(), b.grad, c)
		}
	case opMatMulT: // C = A·Bᵀ, A m×k, B c×k: dA += G·B, dB += Gᵀ·A.
		m, k, c := a.rows, a.cols, b.rows
		if a.grad != nil {
			kernels.Gemm(false, false, m, k, c, 1, g, c, b.val, k, a.beta(), a.grad, k)
		}
		if b.grad != nil {
			kernels.Gemm(true, false, c, k, m, 1, g, c, a.val, k, b.beta(), b.grad, k)
		}
	case opAffine: // C = A·W + 1·b: dA += G·Wᵀ, dW += Aᵀ·G, db += the column sums of G.
		m, k, c := a.rows, a.cols, b.cols
		if a.grad != nil {
			kernels.Gemm(false, true, m, k, c, 1, g, c, b.val, c, a.beta(), a.grad, k)
		}
		if b.grad != nil {
			kernels.Gemm(true, false, k, c, m, 1, a.val, k, g, c, b.beta(), b.grad, c)
		}
		addColSums(&t.nodes[n.c], g, m, c)
	case opAdd:
		accumulate(1, g, a)
		accumulate(1, g, b)
	case opAddBias:
		accumulate(1, g, a)
		addColSums(b, g, n.rows, n.cols)
	case opSub:
		accumulate(1, g, a)
		accumulate(-1, g, b)
	case opScale:
		accumulate(n.alpha, g, a)
	case opReLU:
		if a.fresh {
			kernels.ReLUBackward(a.grad, g, a.val)
			a.fresh = false
		} else {
			kernels.ReLUBackward(n.aux, g, a.val)
			kernels.Axpy(1, n.aux, a.grad)
		}
	case opSoftmaxCE: // d logits = (softmax − onehot)·alpha·g; aux is the softmax
		f := n.alpha * g[0]
		accumulate(f, n.aux, a)
		for i, l := range n.labels {
			a.grad[i*a.cols+l] -= f
		}
	case opMSE: // aux = A − B: dA += 2·alpha·g·aux, dB −= the same.
		s := 2 * n.alpha * g[0]
		accumulate(s, n.aux, a)
		accumulate(-s, n.aux, b)
	case opMul: // aux is scratch
		addMul(a, g, b.val, n.aux)
		addMul(b, g, a.val, n.aux)
	case opMulRow: // aux is b in every row, then scratch
		bb, tmp := n.aux[:len(g)], n.aux[len(g):]
		addMul(a, g, bb, tmp)
		if b.grad != nil {
			kernels.Mul(tmp, g, a.val)
			addColSums(b, tmp, n.rows, n.cols)
		}
	case opDiv, opDivRow:
		divBackward(n, a, b, g)
	case opExp, opLog, opSigmoid, opTanh, opSoftmax, opLogSoftmax:
		t.elementwiseBackward(n, a, g)
	case opTranspose, opRowSums, opColSums, opRowMax:
		t.shapeBackward(n, a, g)
	case opSum:
		c := n.alpha * g[0]
		if a.fresh {
			for i := range a.grad {
				a.grad[i] = c
			}
			a.fresh = false
		} else {
			for i := range a.grad {
				a.grad[i] += c
			}
		}
	default:
		panic(fmt.Sprintf("autodiff: unknown op %d", n.op))
	}
}

// divBackward applies the rule of C = A/B, element-wise or with B a row:
// dA += G/B, dB −= G⊙C/B (summed down the columns for a row B).
func divBackward[T kernels.Float](n, a, b *node[T], g []T) {
	y, c, row := b.val, n.cols, n.op == opDivRow
	if a.grad != nil {
		if a.fresh {
			clear(a.grad)
			a.fresh = false
		}
		for i := range g {
			j := i
			if row {
				j = i % c
			}
			a.grad[i] += g[i] / y[j]
		}
	}
	if b.grad != nil {
		if b.fresh {
			clear(b.grad)
			b.fresh = false
		}
		for i := range g {
			j := i
			if row {
				j = i % c
			}
			b.grad[j] -= g[i] * n.val[i] / y[j]
		}
	}
}

// beta returns the factor a product gives n's gradient when it adds to
// it: 0 for the first contribution to a recorded operation's gradient in
// a Backward, which overwrites the stale contents, and 1 after that and
// for a leaf, whose gradient accumulates.
func (n *node[T]) beta() T {
	if n.fresh {
		n.fresh = false
		return 0
	}
	return 1
}

// operands returns n's operand nodes; b is nil for a unary operation.
func (t *Tape[T]) operands(n *node[T]) (a, b *node[T]) {
	a = &t.nodes[n.a]
	if n.b >= 0 {
		b = &t.nodes[n.b]
	}
	return a, b
}

// accumulate sets n.grad += alpha·x, or n.grad = alpha·x for its first
// contribution, unless n has no gradient.
func accumulate[T kernels.Float](alpha T, x []T, n *node[T]) {
	switch {
	case n == nil || n.grad == nil:
	case n.fresh:
		kernels.Scale(n.grad, alpha, x)
		n.fresh = false
	default:
		kernels.Axpy(alpha, x, n.grad)
	}
}

// addColSums adds the column sums of the rows×cols g to n's gradient,
// unless n has none.
func addColSums[T kernels.Float](n *node[T], g []T, rows, cols int) {
	if n.grad == nil {
		return
	}
	if n.fresh {
		clear(n.grad)
		n.fresh = false
	}
	kernels.AddColSums(n.grad, g, rows, cols, cols)
}

// broadcastRows copies row into each len(row)-long row of dst, doubling
// the filled prefix with each copy: a handful of memmoves instead of one
// per row.
func broadcastRows[T kernels.Float](dst, row []T) {
	for n := copy(dst, row); n < len(dst); {
		n += copy(dst[n:], dst[:n])
	}
}
