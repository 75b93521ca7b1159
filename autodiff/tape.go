package autodiff

import (
	"fmt"

	"github.com/simdgrad/simdgrad/kernels"
)

// A Tape records operations on matrices as they run and computes
// gradients by walking the record backwards. The zero value is an empty
// tape ready to use. A Tape must not be copied after first use, and is not
// safe for concurrent use.
//
// Every value and gradient buffer comes from an arena owned by the tape.
// Reset forgets the recorded operations but keeps the buffers, and the
// next pass receives the same buffers in the same order, so a training
// step that records the same graph as the previous one allocates nothing.
// If the graph changes shape, buffers that are too small are replaced.
type Tape[T kernels.Float] struct {
	// NoGrad makes the tape an evaluator: operations recorded while it is
	// set keep no gradient, Param records a parameter as it would a
	// constant, and no scratch for a backward pass is kept, so a forward
	// pass (inference, or an evaluation between training steps) costs only
	// its values and allocates nothing in steady state. Backward through
	// such values does nothing. NoGrad may change between Resets.
	NoGrad bool

	nodes   []node[T]
	arena   arena[T]
	ints    arena[int]   // RowMax's column indices
	ids     arena[int32] // Custom's operand indices
	customs []custom[T]  // Custom's functions, indexed by node.c
	views   []Matrix[T]  // Custom's operand and gradient views, reused per call
	unit    []T          // a run of ones for broadcasting, grown as needed
	gen     uint32       // incremented by Reset; Values carry the one they were made in
}

// A Value is a handle to a matrix recorded on a Tape: a parameter, a
// constant, or the result of an operation. It is small and passed by value.
// A Value is valid until its tape's next Reset; using it after that panics.
type Value[T kernels.Float] struct {
	t   *Tape[T]
	id  int32
	gen uint32
}

// op identifies the operation that produced a node.
type op uint8

const (
	opLeaf op = iota // Const or Param
	opMatMul
	opMatMulT
	opAffine
	opAdd
	opAddBias
	opSub
	opScale
	opReLU
	opSoftmaxCE
	opMSE
	opSum
	opMul
	opMulRow
	opDiv
	opDivRow
	opExp
	opLog
	opSigmoid
	opTanh
	opSoftmax
	opLogSoftmax
	opTranspose
	opRowSums
	opColSums
	opRowMax
	opCustom
)

// node is one recorded operation and its result.
type node[T kernels.Float] struct {
	op         op
	fresh      bool  // grad holds no contribution yet in this Backward: its contents are stale
	a, b       int32 // operand node indices; -1 when absent
	c          int32 // Affine's bias operand, or Custom's index in Tape.customs; -1 otherwise
	rows, cols int
	val        []T   // the result, rows×cols row-major
	grad       []T   // ∂loss/∂val; nil when no parameter is upstream
	aux        []T   // scratch kept between forward and backward (see each operation)
	alpha      T     // Scale's factor; the 1/N of a mean
	labels     []int // SoftmaxCrossEntropy's class indices; RowMax's column of each row's maximum
}

// Reset forgets every recorded operation, keeping the buffers for reuse.
// Values recorded before Reset become invalid.
func (t *Tape[T]) Reset() {
	clear(t.nodes) // drop references to callers' data and labels; newNode relies on it
	t.nodes = t.nodes[:0]
	clear(t.customs)
	t.customs = t.customs[:0]
	t.arena.next, t.ints.next, t.ids.next = 0, 0, 0
	t.gen++
}

// Backward computes the gradient of loss, a 1×1 Value, with respect to
// every value recorded before it. Gradients of parameters are added to
// their Grad, so they accumulate over calls until Param.ZeroGrad; the
// gradients of other values are recomputed from zero on each call and read
// with Value.Grad. If no parameter is upstream of loss, Backward does
// nothing.
func (t *Tape[T]) Backward(loss Value[T]) {
	n := t.node("Backward", loss)
	if n.rows != 1 || n.cols != 1 {
		panic(fmt.Sprintf("autodiff.Backward: loss is %d×%d, not a 1×1 scalar", n.rows, n.cols))
	}
	if n.grad == nil {
		return
	}
	nodes := t.nodes[:loss.id+1]
	// The gradients of recorded operations are not cleared: the first
	// contribution to each overwrites it (see node.beta and accumulate),
	// and one that receives none is cleared when Backward reaches it.
	for i := range nodes {
		nodes[i].fresh = nodes[i].op != opLeaf && nodes[i].grad != nil
	}
	if n.fresh {
		n.grad[0], n.fresh = 1, false
	} else {
		n.grad[0]++ // a Param passed as its own loss
	}
	// Nodes are appended after their operands, so reverse creation order
	// is a topological order: each node's gradient is complete before it is
	// passed on.
	for i := len(nodes) - 1; i >= 0; i-- {
		t.backward(&nodes[i])
	}
}

// Rows returns the number of rows of v.
func (v Value[T]) Rows() int { return v.t.node("Value.Rows", v).rows }

// Cols returns the number of columns of v.
func (v Value[T]) Cols() int { return v.t.node("Value.Cols", v).cols }

// Data returns the elements of v, row-major. The slice belongs to the tape
// (or to the Param or caller that supplied it) and is reused after Reset.
func (v Value[T]) Data() []T { return v.t.node("Value.Data", v).val }

// Grad returns the gradient of the last loss passed to Backward with
// respect to v, row-major, or nil if no parameter is upstream of v. For a
// parameter it is the Param's Grad.
func (v Value[T]) Grad() []T { return v.t.node("Value.Grad", v).grad }

// Scalar returns the only element of a 1×1 Value.
func (v Value[T]) Scalar() T {
	n := v.t.node("Value.Scalar", v)
	if n.rows != 1 || n.cols != 1 {
		panic(fmt.Sprintf("autodiff.Value.Scalar: value is %d×%d, not 1×1", n.rows, n.cols))
	}
	return n.val[0]
}

// node returns the node v refers to, panicking, with fn in the message,
// if v is the zero Value, belongs to another tape, or predates a Reset.
func (t *Tape[T]) node(fn string, v Value[T]) *node[T] {
	if v.t != t || v.gen != t.gen {
		t.badValue(fn, v)
	}
	return &t.nodes[v.id]
}

// badValue panics with the reason node refuses v. It is kept out of node
// so that node inlines.
//
//go:noinline
func (t *Tape[T]) badValue(fn string, v Value[T]) {
	if v.t == nil {
		panic("autodiff." + fn + ": zero Value")
	}
	if v.t != t {
		panic("autodiff." + fn + ": Value belongs to another Tape")
	}
	panic(fmt.Sprintf("autodiff.%s: stale Value used after Tape.Reset (recorded in generation %d, tape is at %d)", fn, v.gen, t.gen))
}

// push records a rows×cols result of o with operands a and b (-1 if
// absent). Its value buffer comes from the arena; it gets a gradient
// buffer if an operand has one. rows·cols must have been checked (see
// checkResult) by operations whose result can be larger than their
// operands.
func (t *Tape[T]) push(o op, a, b int32, rows, cols int) (Value[T], *node[T]) {
	return t.push3(o, a, b, -1, rows, cols)
}

// push3 is push for an operation with a third operand c.
func (t *Tape[T]) push3(o op, a, b, c int32, rows, cols int) (Value[T], *node[T]) {
	return t.pushGrad(o, a, b, c, rows, cols, t.hasGrad(a) || t.hasGrad(b) || t.hasGrad(c))
}

// pushGrad is push3 for a caller that knows whether the result needs a
// gradient.
func (t *Tape[T]) pushGrad(o op, a, b, c int32, rows, cols int, needGrad bool) (Value[T], *node[T]) {
	v, n := t.newNode(o, a, b, c, rows, cols)
	n.val = t.arena.get(rows * cols)
	if needGrad {
		n.grad = t.arena.get(rows * cols)
	}
	return v, n
}

// newNode appends a node with the given operation, operands and shape
// and returns it. The nodes past the end of t.nodes are always zero
// (Reset clears the ones it drops), so reslicing yields a zero node and
// only the fields set here are written, not a whole node.
func (t *Tape[T]) newNode(o op, a, b, c int32, rows, cols int) (Value[T], *node[T]) {
	i := len(t.nodes)
	if i == cap(t.nodes) {
		t.growNodes()
	}
	t.nodes = t.nodes[:i+1]
	n := &t.nodes[i]
	n.op, n.a, n.b, n.c, n.rows, n.cols = o, a, b, c, rows, cols
	return Value[T]{t: t, id: int32(i), gen: t.gen}, n
}

// hasGrad reports whether node i exists and has a gradient.
func (t *Tape[T]) hasGrad(i int32) bool { return i >= 0 && t.nodes[i].grad != nil }

// leaf records a matrix supplied from outside the tape.
func (t *Tape[T]) leaf(rows, cols int, val, grad []T) Value[T] {
	v, n := t.newNode(opLeaf, -1, -1, -1, rows, cols)
	n.val, n.grad = val, grad
	return v
}

// ones returns n ones. The buffer is kept across Reset.
func (t *Tape[T]) ones(n int) []T {
	if len(t.unit) < n {
		t.unit = make([]T, n)
		for i := range t.unit {
			t.unit[i] = 1
		}
	}
	return t.unit[:n]
}

// growNodes makes room for one more node; it is apart from newNode so
// that the common case inlines.
//
//go:noinline
func (t *Tape[T]) growNodes() {
	t.nodes = append(t.nodes, node[T]{})[:len(t.nodes)]
}

// arena hands out buffers in order; after reset it hands out the same
// buffers again, replacing only those too small for the new request.
type arena[E any] struct {
	bufs [][]E
	next int
}

// get returns a buffer of length n with unspecified contents.
func (a *arena[E]) get(n int) []E {
	if a.next == len(a.bufs) || cap(a.bufs[a.next]) < n {
		a.grow(n)
	}
	buf := a.bufs[a.next][:n]
	a.next++
	return buf
}

// grow makes buffer a.next at least n long; it is apart from get so that
// the common case inlines.
//
//go:noinline
func (a *arena[E]) grow(n int) {
	if a.next == len(a.bufs) {
		a.bufs = append(a.bufs, nil)
	}
	if cap(a.bufs[a.next]) < n {
		a.bufs[a.next] = make([]E, n)
	}
}
