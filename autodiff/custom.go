package autodiff

import "github.com/simdgrad/simdgrad/kernels"

// A Matrix is a rows×cols row-major view of a buffer, as passed to a
// Func: Data has len Rows·Cols, or is nil for an operand that needs no
// gradient.
type Matrix[T kernels.Float] struct {
	Rows, Cols int
	Data       []T
}

// A Func defines an operation outside this package, for Tape.Custom: a
// forward rule that computes the result from the operands, and a backward
// rule that propagates the gradient of the result to the operands. Both
// are typically written with the kernels package.
//
// Neither method may use the tape, nor keep the matrices it is passed
// beyond the call: they are views of the tape's buffers, reused after
// Reset. Scratch space that the rules need is best kept in the Func value
// itself, grown on first use.
type Func[T kernels.Float] interface {
	// Forward sets y.Data to the operation's value at the operands x,
	// one Matrix per operand passed to Custom, in order. The contents of
	// y.Data on entry are unspecified.
	Forward(y Matrix[T], x []Matrix[T])

	// Backward adds to dx[k].Data the gradient of the loss with respect
	// to operand k, for every k whose dx[k].Data is not nil, given dy,
	// the gradient with respect to the result, the result y and the
	// operands x (as they were in Forward). It must add, not overwrite:
	// a value used more than once accumulates the gradients of all its
	// uses, and two operands that are the same Value share one buffer.
	Backward(dy, y Matrix[T], x, dx []Matrix[T])
}

// custom is a recorded Custom operation: its Func and operand indices.
type custom[T kernels.Float] struct {
	f    Func[T]
	args []int32
}

// Custom records an operation defined by f: its rows×cols result is
// computed at once by f.Forward from the operands, and Backward calls
// f.Backward. rows and cols must be positive; the operands may have any
// shapes, and there may be none (a constant).
//
// A Custom operation allocates nothing in steady state, as the built-in
// ones do, provided that converting f to a Func does not allocate: pass a
// pointer, or a value of a type with no fields, made once outside the
// training loop. The variadic operands do not escape.
func (t *Tape[T]) Custom(f Func[T], rows, cols int, operands ...Value[T]) Value[T] {
	const fn = "Custom"
	if f == nil {
		panic("autodiff.Custom: nil Func")
	}
	checkDims(fn, rows, cols)
	checkAlloc[T](fn, "result", rows, cols)
	needGrad := false
	for _, o := range operands {
		needGrad = t.node(fn, o).grad != nil || needGrad
	}
	args := t.ids.get(len(operands))
	for i, o := range operands {
		args[i] = o.id
	}
	t.customs = append(t.customs, custom[T]{f: f, args: args})
	v, n := t.newNode(opCustom, -1, -1, int32(len(t.customs)-1), rows, cols)
	n.val = t.arena.get(rows * cols)
	if needGrad {
		n.grad = t.arena.get(rows * cols)
	}
	x, _ := t.views2(args, false)
	f.Forward(Matrix[T]{Rows: rows, Cols: cols, Data: n.val}, x)
	clear(x) // drop the references to the tape's buffers
	return v
}

// views2 returns views of the values of the operands args and, if grads,
// of their gradients (nil Data for an operand without one), cleared where
// they hold no contribution yet in this Backward so that Func.Backward can
// add to them.
func (t *Tape[T]) views2(args []int32, grads bool) (x, dx []Matrix[T]) {
	k := len(args)
	if cap(t.views) < 2*k {
		t.views = make([]Matrix[T], 2*k)
	}
	x, dx = t.views[:k:k], t.views[k:2*k:2*k]
	for i, id := range args {
		n := &t.nodes[id]
		x[i] = Matrix[T]{Rows: n.rows, Cols: n.cols, Data: n.val}
		if !grads {
			continue
		}
		if n.fresh {
			clear(n.grad)
			n.fresh = false
		}
		dx[i] = Matrix[T]{Rows: n.rows, Cols: n.cols, Data: n.grad}
	}
	return x, dx
}

// customBackward calls the Backward of the Custom operation n.
func (t *Tape[T]) customBackward(n *node[T]) {
	c := t.customs[n.c]
	x, dx := t.views2(c.args, true)
	c.f.Backward(Matrix[T]{Rows: n.rows, Cols: n.cols, Data: n.grad}, Matrix[T]{Rows: n.rows, Cols: n.cols, Data: n.val}, x, dx)
	clear(x)
	clear(dx) // drop the references to the tape's buffers
}
