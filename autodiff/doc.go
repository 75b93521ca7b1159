// Package autodiff computes gradients of scalar functions of matrices by
// reverse-mode automatic differentiation, using the kernels package for
// all arithmetic.
//
// A Tape records operations as they run (define-by-run). Each operation
// computes its result at once and appends a node to the tape; since a node
// is appended after its operands, walking the nodes in reverse is a
// topological order, and Backward needs neither recursion nor a graph
// search. Gradients accumulate: a value used twice receives the sum of
// both contributions. The gradients of recorded operations are recomputed
// by each Backward: the first contribution overwrites the buffer, so no
// pass clears it.
//
// Matrices are row-major, with a number of rows and columns. A Param is a
// trainable matrix that lives outside the tape and carries its own
// gradient; Tape.Param records it, Tape.Const records data that needs no
// gradient, and the operations return Values, small handles that are valid
// until the tape's next Reset:
//
//	MatMul(a, b)   a·b              MatMulT(a, b)  a·bᵀ
//	Add(a, b)      a + b, or a plus a 1×cols row b added to every row
//	Affine(a, w, b)                 a·w + b, b a row added to every row (a dense layer)
//	Sub(a, b)      a − b            Scale(α, a)    α·a
//	ReLU(a)        max(a, 0)
//	Sum(a), Mean(a)                 the sum or mean of the elements
//	MSE(a, b, r)                    Σ(a − b)², or its mean
//	SoftmaxCrossEntropy(logits, labels, r)
//	               −Σ log softmax(logits)[label] over rows, or its mean
//
// A training step resets the tape, records the loss, and calls Backward,
// which adds the loss's gradient to each Param's Grad:
//
//	t.Reset()
//	p.ZeroGrad()
//	loss := t.MSE(t.MatMul(t.Const(n, k, x), t.Param(p)), t.Const(n, 1, y), autodiff.ReduceMean)
//	t.Backward(loss)
//	p.Step(lr)
//
// # Memory
//
// Value, gradient and scratch buffers come from an arena owned by the
// tape. Reset keeps them, and a step that records the same graph as the
// last one receives the same buffers in the same order, so steps after the
// first allocate nothing. A graph of another shape is handled too: buffers
// that are too small are replaced, and steady state resumes.
//
// # Errors
//
// Operations check shapes when they are recorded and panic with a message
// naming the operation and both shapes. Using a Value after its tape's
// Reset, or calling Backward on a value that is not 1×1, also panics.
//
// # Checking gradients
//
// CheckGrad compares the gradients from Backward with central differences
// computed in float64, for tests of new losses. In this package's tests
// every operation and both model losses (a matrix factorisation and a
// small multilayer perceptron) agree to a relative error of 1e-6 in
// float64.
package autodiff
