package autodiff

import "github.com/simdgrad/simdgrad/kernels"

// Transpose and the reductions along one axis.

// Transpose returns the cols×rows transpose of the rows×cols a.
func (t *Tape[T]) Transpose(a Value[T]) Value[T] {
	na := t.node("Transpose", a)
	v, n := t.push(opTranspose, a.id, -1, na.cols, na.rows)
	x, _ := t.operands(n)
	transpose(n.val, x.val, x.rows, x.cols, false)
	return v
}

// transpose sets (or, if add, adds to) the cols×rows dst the transpose of
// the rows×cols src.
func transpose[T kernels.Float](dst, src []T, rows, cols int, add bool) {
	for i := range rows {
		row := src[i*cols : (i+1)*cols]
		for j, e := range row {
			if add {
				dst[j*rows+i] += e
			} else {
				dst[j*rows+i] = e
			}
		}
	}
}

// RowSums returns the rows×1 column of the sums of each row of a (the
// sum along the columns: Σⱼ a[i,j]).
func (t *Tape[T]) RowSums(a Value[T]) Value[T] {
	na := t.node("RowSums", a)
	v, n := t.push(opRowSums, a.id, -1, na.rows, 1)
	x, _ := t.operands(n)
	kernels.Gemm(false, false, x.rows, 1, x.cols, 1, x.val, x.cols, t.ones(x.cols), 1, 0, n.val, 1)
	return v
}

// ColSums returns the 1×cols row of the sums of each column of a (the sum
// along the rows: Σᵢ a[i,j]), added in row order (kernels.AddColSums).
func (t *Tape[T]) ColSums(a Value[T]) Value[T] {
	na := t.node("ColSums", a)
	v, n := t.push(opColSums, a.id, -1, 1, na.cols)
	x, _ := t.operands(n)
	clear(n.val)
	kernels.AddColSums(n.val, x.val, x.rows, x.cols, x.cols)
	return v
}

// RowMax returns the rows×1 column of the largest element of each row of
// a. The gradient flows to the first largest element of each row (the
// first NaN, if the row has one, which is then the result).
func (t *Tape[T]) RowMax(a Value[T]) Value[T] {
	na := t.node("RowMax", a)
	v, n := t.push(opRowMax, a.id, -1, na.rows, 1)
	x, _ := t.operands(n)
	n.labels = t.ints.get(x.rows)
	for i := range x.rows {
		row := x.val[i*x.cols : (i+1)*x.cols]
		best := 0
		for j, e := range row {
			if e != e {
				best = j
				break
			}
			if e > row[best] {
				best = j
			}
		}
		n.labels[i], n.val[i] = best, row[best]
	}
	return v
}

// shapeBackward applies the gradient rule of Transpose or a reduction n
// with operand a and output gradient g.
func (t *Tape[T]) shapeBackward(n, a *node[T], g []T) {
	if a.grad == nil {
		return
	}
	rows, cols := a.rows, a.cols
	switch n.op {
	case opTranspose:
		if a.fresh {
			transpose(a.grad, g, n.rows, n.cols, false)
			a.fresh = false
		} else {
			transpose(a.grad, g, n.rows, n.cols, true)
		}
	case opRowSums: // each element of row i gets g[i]: g·1ᵀ
		kernels.Gemm(false, false, rows, cols, 1, 1, g, 1, t.ones(cols), cols, a.beta(), a.grad, cols)
	case opColSums: // each element of column j gets g[j]: 1·g
		kernels.Gemm(false, false, rows, cols, 1, 1, t.ones(rows), 1, g, cols, a.beta(), a.grad, cols)
	case opRowMax:
		if a.fresh {
			clear(a.grad)
			a.fresh = false
		}
		for i, j := range n.labels {
			a.grad[i*cols+j] += g[i]
		}
	}
}
