// Package benchcases defines the benchmark cases that the kernels
// package's benchmarks and cmd/bench both measure, so that both size,
// count and name them alike: the shapes and sizes, the work of each case in
// floating-point operations and bytes, the operands, the GEMM
// implementations compared (simdgrad, gonum and, with the openblas build
// tag, OpenBLAS through cgo) and the benchmark names.
//
// # Names
//
// A case's name is a Go benchmark name whose sub-benchmark parts are
// key=value pairs, so that benchstat can pivot on any of them, and every
// name starts with the same two keys, impl and isa:
//
//	Gemm/impl=simdgrad/isa=avx2/dtype=f32/n=512
//	Gemm/impl=simdgrad/isa=generic/dtype=f32/n=512
//	Gemm/impl=gonum/isa=avx2/dtype=f32/n=512
//
// impl is the implementation measured; isa is the simdgrad tier selected
// (kernels.ISA) while the case ran. A peer such as gonum does not depend on
// the tier, so it runs once, under the tier in use, and its name carries
// that tier: its rows then line up with simdgrad's, and
//
//	benchstat -col /impl results.txt
//
// compares simdgrad with each peer row by row ("vs base"), while
//
//	benchstat -col /isa results.txt
//
// compares simdgrad's tiers. The number of threads is the usual -N suffix
// of Go benchmark names (GOMAXPROCS, omitted when 1).
package benchcases
