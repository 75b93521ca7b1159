package autodiff

import (
	"fmt"

	"github.com/simdgrad/simdgrad/kernels"
)

// A Param is a trainable rows×cols matrix that lives outside any tape and
// carries its own gradient. Data and Grad are row-major with len
// Rows·Cols. Tape.Param records it; Tape.Backward adds to Grad.
type Param[T kernels.Float] struct {
	Rows, Cols int
	Data, Grad []T
}

// NewParam returns a rows×cols parameter with a zero gradient. If data is
// nil, the values are zero; otherwise data is used as the backing slice,
// not copied, and must have len rows·cols. rows and cols must be positive.
func NewParam[T kernels.Float](rows, cols int, data []T) *Param[T] {
	size := checkDims("NewParam", rows, cols)
	checkAlloc[T]("NewParam", "parameter", rows, cols)
	if data == nil {
		data = make([]T, size)
	}
	if len(data) != size {
		panic(fmt.Sprintf("autodiff.NewParam: len(data)=%d, need %d×%d = %d", len(data), rows, cols, rows*cols))
	}
	return &Param[T]{Rows: rows, Cols: cols, Data: data, Grad: make([]T, rows*cols)}
}

// ZeroGrad sets every element of p.Grad to zero.
func (p *Param[T]) ZeroGrad() { clear(p.Grad) }

// Step takes a gradient-descent step: p.Data -= lr·p.Grad.
func (p *Param[T]) Step(lr T) { kernels.Axpy(-lr, p.Grad, p.Data) }

// Param records p on the tape. The Value shares p.Data, and Backward adds
// the gradient of the loss with respect to it to p.Grad. A parameter may be
// recorded more than once; the gradients add up. On a NoGrad tape p is
// recorded as a constant, and p.Grad is neither used nor checked.
func (t *Tape[T]) Param(p *Param[T]) Value[T] {
	size, ok := dims(p.Rows, p.Cols)
	grad := p.Grad
	if t.NoGrad {
		grad = nil
	}
	if !ok || len(p.Data) != size || !t.NoGrad && len(grad) != size {
		t.badParam(p)
	}
	return t.leaf(p.Rows, p.Cols, p.Data, grad)
}

// badParam panics with the lengths of p that Param refuses.
//
//go:noinline
func (t *Tape[T]) badParam(p *Param[T]) {
	size := checkDims("Param", p.Rows, p.Cols)
	if t.NoGrad {
		panic(fmt.Sprintf("autodiff.Param: len(Data)=%d, need %d×%d = %d", len(p.Data), p.Rows, p.Cols, size))
	}
	panic(fmt.Sprintf("autodiff.Param: len(Data)=%d, len(Grad)=%d, need %d×%d = %d",
		len(p.Data), len(p.Grad), p.Rows, p.Cols, size))
}

// Const records a rows×cols matrix, such as input data or targets, through
// which no gradient is computed. data is used in place, not copied, and
// must have len rows·cols; it must not change before Backward. rows and
// cols must be positive.
func (t *Tape[T]) Const(rows, cols int, data []T) Value[T] {
	if size, ok := dims(rows, cols); !ok || len(data) != size {
		panicConst(len(data), rows, cols)
	}
	return t.leaf(rows, cols, data, nil)
}

//go:noinline
func panicConst(n, rows, cols int) {
	size := checkDims("Const", rows, cols)
	panic(fmt.Sprintf("autodiff.Const: len(data)=%d, need %d×%d = %d", n, rows, cols, size))
}
