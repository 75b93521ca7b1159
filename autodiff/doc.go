// Package autodiff computes gradients of scalar functions of matrices by
// reverse-mode automatic differentiation, using the kernels package for
// the arithmetic.
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
//	Affine(a, w, b)                 a·w + b, b a row added to every row (a dense layer)
//	Add(a, b)      a + b            Sub(a, b)      a − b
//	Mul(a, b)      a⊙b              Div(a, b)      a/b, element-wise
//	               (Add, Mul and Div also take a 1×cols row b, applied to every row of a)
//	Scale(α, a)    α·a              Transpose(a)   aᵀ
//	ReLU(a)        max(a, 0)        Sigmoid(a)     1/(1 + e^−a)
//	Tanh(a)        tanh(a)          Exp(a), Log(a) e^a, log a
//	Softmax(a), LogSoftmax(a)       the softmax of each row, or its logarithm
//	Sum(a), Mean(a)                 the sum or mean of the elements, 1×1
//	RowSums(a), RowMax(a)           the sum or maximum of each row, rows×1
//	ColSums(a)                      the sum of each column, 1×cols
//	MSE(a, b, r)                    Σ(a − b)², or its mean
//	SoftmaxCrossEntropy(logits, labels, r)
//	               −Σ log softmax(logits)[label] over rows, or its mean
//	Custom(f, rows, cols, operands…) an operation defined outside the package
//
// A training step resets the tape, records the loss, and calls Backward,
// which adds the loss's gradient to each Param's Grad; an optimizer from
// the optim package, or Param.Step for plain gradient descent, then
// updates the parameters:
//
//	t.Reset()
//	p.ZeroGrad()
//	loss := t.MSE(t.MatMul(t.Const(n, k, x), t.Param(p)), t.Const(n, 1, y), autodiff.ReduceMean)
//	t.Backward(loss)
//	p.Step(lr)
//
// XavierUniform, XavierNormal, HeUniform and HeNormal initialise weight
// matrices from a seeded generator.
//
// # Evaluation
//
// A tape with NoGrad set records no gradients: parameters enter as
// constants and no operation keeps scratch for a backward pass. It is the
// forward pass for inference and for evaluation between training steps,
// with the same operations, the same values and no extra memory.
//
// # Operations of your own
//
// Tape.Custom records an operation defined by a Func: a Forward method
// that computes the result from the operands and a Backward method that
// adds the gradients of the operands, both usually written with the
// kernels package. CheckGrad verifies the pair. Recorded with a Func made
// once (a pointer, or a type with no fields), a Custom operation keeps
// the steady state free of allocations, as the built-in ones do.
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
// naming the operation and both shapes (and, for a product, the inner
// dimensions that differ). The checks cannot be fooled by int overflow:
// dimensions whose product overflows, and results too large for the Go
// runtime to allocate, panic with a message too. Using a Value after its
// tape's Reset, or calling Backward on a value that is not 1×1, also
// panics.
//
// # Checking gradients
//
// CheckGrad compares the gradients from Backward with central differences
// computed in float64, for tests of new losses and Custom operations. In
// this package's tests every operation and three model losses (a matrix
// factorisation, a small multilayer perceptron and a graph of every
// operation) agree to a relative error of 1e-6 in float64.
package autodiff
