package gonumblas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// impls are the two BLAS the benchmarks compare, under their benchstat
// names.
var impls = []struct {
	name string
	impl blas.Float64
}{
	{"gonum", gonum.Implementation{}},
	{"simdgrad", Implementation{}},
}

// BenchmarkGonum measures gonum's mat operations with gonum's own BLAS and
// with Implementation installed, the two side by side for each size:
//
//	go test -run '^$' -bench Gonum -count 6 ./gonumblas > run.txt
//	benchstat -col /impl run.txt
//
// GFLOP/s counts the nominal flops of each operation: 2n³ for Mul, n³/3
// for Cholesky (and Dpotrf), 2n³/3 for LU (and Dgetrf) and 4n³/3 for QR.
func BenchmarkGonum(b *testing.B) {
	ops := []struct {
		name  string
		flops func(n float64) float64
		setup func(a *mat.Dense, s *mat.SymDense) func()
	}{
		{"mul", func(n float64) float64 { return 2 * n * n * n }, func(a *mat.Dense, _ *mat.SymDense) func() {
			bm := mat.DenseCopyOf(a.T())
			var c mat.Dense
			c.Mul(a, bm)
			return func() { c.Mul(a, bm) }
		}},
		{"cholesky", func(n float64) float64 { return n * n * n / 3 }, func(_ *mat.Dense, s *mat.SymDense) func() {
			var chol mat.Cholesky
			return func() {
				if !chol.Factorize(s) {
					panic("not positive definite")
				}
			}
		}},
		{"lu", func(n float64) float64 { return 2 * n * n * n / 3 }, func(a *mat.Dense, _ *mat.SymDense) func() {
			var lu mat.LU
			return func() { lu.Factorize(a) }
		}},
		// LAPACK's factorizations alone, without mat's condition
		// estimate (Dpocon, Dgecon: O(n²) work in strided Level 1 and 2
		// routines that the kernels do not cover), on a copy of the
		// matrix.
		{"potrf", func(n float64) float64 { return n * n * n / 3 }, func(_ *mat.Dense, s *mat.SymDense) func() {
			src := s.RawSymmetric()
			dst := blas64.Symmetric{N: src.N, Stride: src.Stride, Uplo: blas.Upper, Data: make([]float64, len(src.Data))}
			return func() {
				copy(dst.Data, src.Data)
				if _, ok := lapack64.Potrf(dst); !ok {
					panic("not positive definite")
				}
			}
		}},
		{"getrf", func(n float64) float64 { return 2 * n * n * n / 3 }, func(a *mat.Dense, _ *mat.SymDense) func() {
			src := a.RawMatrix()
			dst := src
			dst.Data = make([]float64, len(src.Data))
			ipiv := make([]int, src.Rows)
			return func() {
				copy(dst.Data, src.Data)
				lapack64.Getrf(dst, ipiv)
			}
		}},
		{"qr", func(n float64) float64 { return 4 * n * n * n / 3 }, func(a *mat.Dense, _ *mat.SymDense) func() {
			var qr mat.QR
			return func() { qr.Factorize(a) }
		}},
	}
	type inputs struct {
		a *mat.Dense
		s *mat.SymDense
	}
	in := map[int]inputs{}
	for _, op := range ops {
		for _, n := range []int{256, 512, 1024} {
			if _, ok := in[n]; !ok {
				// A is uniform in [−1, 1); S = AᵀA + n·I is symmetric
				// positive definite and well conditioned.
				a := randomDense(rand.New(rand.NewPCG(uint64(n), 7)), n, n)
				var ata mat.Dense
				ata.Mul(a.T(), a)
				s := mat.NewSymDense(n, nil)
				for i := 0; i < n; i++ {
					for j := i; j < n; j++ {
						v := ata.At(i, j)
						if i == j {
							v += float64(n)
						}
						s.SetSym(i, j, v)
					}
				}
				in[n] = inputs{a, s}
			}
			a, s := in[n].a, in[n].s
			for _, im := range impls {
				b.Run(fmt.Sprintf("op=%s/impl=%s/n=%d", op.name, im.name, n), func(b *testing.B) {
					prev := blas64.Implementation()
					blas64.Use(im.impl)
					defer blas64.Use(prev)
					run := op.setup(a, s)
					run()
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						run()
					}
					b.ReportMetric(op.flops(float64(n))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
