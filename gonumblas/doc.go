// Package gonumblas is a gonum BLAS implementation (blas.Float32 and
// blas.Float64) that runs on simdgrad's kernels, so that gonum's mat and
// lapack packages use them without a change to the code that calls them:
//
//	restore := gonumblas.Use() // blas64 and blas32 now run on simdgrad
//	defer restore()
//	c.Mul(a, b)                // mat.Dense.Mul, Cholesky, LU, QR, SVD, …
//
// Implementation embeds gonum's pure-Go blas/gonum.Implementation and
// overrides the routines where the kernels make a difference:
//
//   - Level 3: Dgemm and Sgemm call kernels.Gemm; the triangular and
//     symmetric routines (Dsyrk, Dsyr2k, Dsymm, Dtrmm, Dtrsm and their
//     float32 twins) are blocked algorithms that spend all but a small
//     diagonal share of their flops in kernels.Gemm, which is what makes
//     gonum's blocked LAPACK (Dpotrf, Dgetrf, Dgeqrf, …) faster too.
//   - Level 2: Dgemv/Sgemv and Dger/Sger with positive increments run as
//     one-column, one-row and rank-1 products in kernels.Gemm.
//   - Level 1: Ddot/Sdot, Daxpy/Saxpy and Dscal/Sscal with unit increments
//     call kernels.Dot, Axpy and Scale.
//
// Every other routine, and every call with negative increments, is gonum's
// own. Argument checks are gonum's: a call that gonum would reject (or
// return from without work) is passed to the embedded routine unchanged, so
// it panics with gonum's message, in gonum's order of checks.
//
// # Results
//
// Results agree with gonum's within rounding: the kernels sum in a
// different order and use fused multiply-add where the CPU has it, so
// elements differ by the bound of kernels.Gemm,
// 2·(k+2)·ε·(|alpha|·Σ|A_ip|·|B_pj| + |beta|·|C_ij|). Special values follow
// kernels.Gemm and the reference BLAS where gonum differs: when beta is 0, C
// is not read (as in gonum); when alpha is 0 in Dgemm, A and B are not read
// (gonum lets an Inf or NaN of A reach C); and a zero in A does not hide an
// Inf or NaN of B (gonum's Dgemm skips zero elements of A).
//
// # Aliasing
//
// As in BLAS, an output must not share elements with an input. Outputs
// that share only a range of memory with an input, as LAPACK's submatrices
// of one array do, are fine: before a product whose output range overlaps
// an input's, the smaller of the two is copied to a scratch buffer, so
// kernels.Gemm never sees overlapping operands.
package gonumblas
