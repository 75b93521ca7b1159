// Package harness holds the test helpers every kernel test shares: buffers
// that fault on any access past their ends (guard pages), output canaries,
// the lengths and offsets a parity test walks, inputs seeded with special
// values, and the tolerance policy written once as functions.
//
// The policy, per kernel family:
//   - bit-exact: ReLU, ReLUBackward, AddColSums (Identical);
//   - exact up to NaN payload: Scale, Add, Sub, Mul (SameValue);
//   - summation bound |got − want| ≤ c·ε·Σ|terms| against a float64 oracle:
//     Sum, Dot, Axpy, Gemm (WithinSum);
//   - ulp-bounded relative error against a float64 reference: exp, Softmax,
//     LogSoftmax (ULPs).
package harness
