// Package kernels provides the numerical kernels of simdgrad: matrix
// multiplication (Gemm), ReLU and its gradient, row-wise Softmax and
// LogSoftmax, the element-wise Exp, Sigmoid and Tanh (with the gradients
// of the last two), and the vector operations a reverse-mode autodiff needs (Axpy,
// Scale, Add, Sub, Mul, Sum, Dot, AddColSums), for float32 and float64.
//
// Matrices are row-major slices with an explicit leading dimension, as in
// BLAS and gonum: element (i, j) of a matrix with stride ld is x[i*ld+j], so
// the Data and Stride of a gonum blas32.General, blas64.General or
// mat.Dense.RawMatrix() pass straight through.
//
// # Tiers
//
// Every kernel has a generic tier in plain Go, which builds for every
// GOARCH, and SIMD tiers in assembly: AVX2+FMA on amd64 (avx2, chosen from
// CPUID when the CPU has it) and Advanced SIMD on arm64 (neon, part of
// every ARMv8-A core, so always chosen there). ISA reports the tier in use
// and ISAs lists the alternatives. The environment variable
// SIMDGRAD_ISA=generic forces the generic tier, the build tag purego
// compiles no assembly at all, and UseISA switches tiers from tests.
//
// # Semantics and accuracy
//
// Each function documents its behaviour on special values (NaN, ±Inf, −0)
// and the tolerance within which tiers agree. Element-wise kernels are
// exact (or bit-identical, where documented); reductions and Gemm depend on
// summation order and are bounded by the classical c·ε·Σ|terms|.
//
// # Errors
//
// Arguments of the wrong size are programming errors: the kernels panic with
// a message naming the function, the argument and the sizes, as gonum does.
//
// # Performance
//
// Kernels make one call into their tier per slice or matrix, allocate
// nothing in steady state, and Gemm splits large products across GOMAXPROCS
// goroutines. Benchmarks in this package carry key=value names for
// benchstat; see the repository README.
package kernels
