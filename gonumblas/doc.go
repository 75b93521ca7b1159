// Package gonumblas is a gonum BLAS implementation (blas.Float32 and
// blas.Float64) that runs on simdgrad's kernels, so that gonum's mat and
// lapack packages use them without a change to the code that calls them:
//
//	restore := gonumblas.Use() // blas32 and blas64 now run on simdgrad
//	defer restore()
//	c.Mul(a, b)                // mat.Dense.Mul, Cholesky, LU, QR, SVD, …
//
// Implementation embeds gonum's pure-Go blas/gonum.Implementation and
// overrides the routines where the kernels make a difference:
//
//   - Level 3: Dgemm and Sgemm call kernels.Gemm. Dsyrk, Dsyr2k, Dsymm,
//     Dtrmm and Dtrsm (and their float32 twins) are blocked algorithms that
//     spend all but a small diagonal share of their flops in kernels.Gemm:
//     the triangular routines recurse down to diagonal blocks of order 8,
//     which gonum's routine computes; the symmetric rank-k updates compute
//     diagonal blocks of up to 64 as full products into scratch; Dsymm
//     expands bands of rows of the symmetric matrix. This is what makes
//     gonum's blocked LAPACK (Dpotrf, Dgetrf, Dgeqrf, …) faster too.
//   - Level 2: Dgemv and Dger run as one product in kernels.Gemm (a column
//     of dot products, a row, or a rank-1 update), or, for wide matrices,
//     as one kernels.Axpy per row; narrow transposed products and rank-1
//     updates whose leading dimension is a multiple of 1 KiB, on which
//     Gemm's direct kernel thrashes the cache, stay with gonum.
//   - Level 1: Ddot, Daxpy and Dscal with unit increments and at least 64
//     elements call kernels.Dot, Axpy and Scale.
//
// Every other routine is gonum's, and so are the Level 1 calls with other
// increments or fewer elements.
//
// # Argument checks
//
// A call that gonum would reject, or return from before doing any work, is
// passed to the embedded routine unchanged, so that it panics with gonum's
// message after gonum's order of checks; only calls that pass every check
// run on the kernels.
//
// # Results
//
// Results agree with gonum's within rounding: the kernels sum in a
// different order and use fused multiply-add where the CPU has it, so
// elements differ within the bound of kernels.Gemm,
// 2·(k+2)·ε·(|alpha|·Σ_p|A_ip|·|B_pj| + |beta|·|C_ij|). Special values
// follow kernels.Gemm and the reference BLAS where gonum differs:
//
//   - when beta is 0, C (or y) is not read, so NaN there does not survive
//     (gonum's Dsyrk with blas.Lower and blas.Trans multiplies it by 0);
//   - when alpha is 0 in Dgemm, A and B are not read (gonum lets an Inf or
//     NaN of A reach C), and a zero in A does not hide an Inf or NaN of B;
//   - Dger and Dgemv handle negative increments themselves: gonum's amd64
//     assembly for Dger and Sger (v0.17.0) skips the update for a negative
//     incY and misplaces x for a negative incX (gonum/gonum#2105);
//   - Sgemv writes only the elements of y (gonum's clears all of y when tA
//     is blas.Trans, beta is 0 and incY is 1).
//
// # Aliasing
//
// As in BLAS, an output must not share elements with an input. Outputs
// that share only a range of memory with an input, as LAPACK's submatrices
// of one array do, are fine: before a product whose output range overlaps
// an input's, the smaller of the two is copied to a scratch buffer, so
// kernels.Gemm never sees overlapping operands.
//
// # Performance
//
// BenchmarkGonum in this package measures mat's operations with gonum's
// BLAS and with this one in the same run; the repository README has the
// figures. Scratch buffers come from a pool, so steady-state calls do not
// allocate.
package gonumblas
