package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"text/tabwriter"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdgrad/simdgrad/kernels"
)

// A kernel benchmark: one named case measured on every tier (and, for GEMM,
// against gonum), with its work in flops or bytes for the table.
type kernelCase struct {
	name  string  // benchmark name without the impl and isa parts
	flops float64 // per operation, 0 if not a flop-bound kernel
	bytes int64   // per operation, read plus written
	gonum func()  // the same operation with gonum, if it has one
	run   func()
}

func kernelCases() []kernelCase {
	r := rand.New(rand.NewPCG(1, 1))
	var cases []kernelCase
	for _, n := range []int{64, 256, 512} {
		cases = append(cases, gemmCase32(r, n), gemmCase64(r, n))
	}
	for _, n := range []int{1024, 65536} {
		x, dst := randSlice[float32](r, n), make([]float32, n)
		cases = append(cases, kernelCase{
			name: fmt.Sprintf("BenchmarkReLU/dtype=f32/n=%d", n), bytes: int64(8 * n),
			run: func() { kernels.ReLU(dst, x) },
		})
	}
	for _, s := range [][2]int{{64, 1000}, {1024, 1024}} {
		x := randSlice[float32](r, s[0]*s[1])
		dst := make([]float32, len(x))
		cases = append(cases, kernelCase{
			name: fmt.Sprintf("BenchmarkSoftmax/dtype=f32/rows=%d/cols=%d", s[0], s[1]), bytes: int64(8 * len(x)),
			run: func() { kernels.Softmax(dst, x, s[0], s[1]) },
		})
	}
	return cases
}

func randSlice[T kernels.Float](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(r.Float64()*2 - 1)
	}
	return x
}

func gemmCase32(r *rand.Rand, n int) kernelCase {
	a, b, c := randSlice[float32](r, n*n), randSlice[float32](r, n*n), make([]float32, n*n)
	var g gonum.Implementation
	return kernelCase{
		name:  fmt.Sprintf("BenchmarkGemm/dtype=f32/n=%d", n),
		flops: 2 * float64(n) * float64(n) * float64(n),
		bytes: int64(12 * n * n),
		run:   func() { kernels.Gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) },
		gonum: func() { g.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) },
	}
}

func gemmCase64(r *rand.Rand, n int) kernelCase {
	a, b, c := randSlice[float64](r, n*n), randSlice[float64](r, n*n), make([]float64, n*n)
	var g gonum.Implementation
	return kernelCase{
		name:  fmt.Sprintf("BenchmarkGemm/dtype=f64/n=%d", n),
		flops: 2 * float64(n) * float64(n) * float64(n),
		bytes: int64(24 * n * n),
		run:   func() { kernels.Gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) },
		gonum: func() { g.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) },
	}
}

// withPart inserts a key=value part after the benchmark's top-level name.
func withPart(name, part string) string {
	for i := range name {
		if name[i] == '/' {
			return name[:i] + "/" + part + name[i:]
		}
	}
	return name + "/" + part
}

func measure(f func(), bytes int64) testing.BenchmarkResult {
	f() // warm caches, pools and worker goroutines
	return testing.Benchmark(func(b *testing.B) {
		b.SetBytes(bytes)
		b.ReportAllocs()
		for b.Loop() {
			f()
		}
	})
}

// runKernels measures every case on every tier and gonum, prints a table of
// throughput and speed-ups over the generic tier, and writes the raw results
// in the benchmark format to out/kernels.txt.
func runKernels(out string, count int) error {
	f, path, err := createIn(out, "kernels.txt")
	if err != nil {
		return err
	}
	defer f.Close()
	writeHeader(f)
	procs := runtime.GOMAXPROCS(0)

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kernel\timpl\tns/op\tthroughput\tvs generic\tallocs/op\t")
	for _, c := range kernelCases() {
		type row struct {
			impl string
			res  testing.BenchmarkResult
		}
		var rows []row
		for _, isa := range kernels.ISAs() {
			restore := kernels.UseISA(isa)
			for range count {
				res := measure(c.run, c.bytes)
				name := withPart(withPart(c.name, "isa="+isa), "impl=simdgrad")
				fmt.Fprintf(f, "%s-%d\t%s\t%s\n", name, procs, resultLine(res, c.flops), res.MemString())
				rows = append(rows, row{"simdgrad/" + isa, res})
			}
			restore()
		}
		if c.gonum != nil {
			for range count {
				res := measure(c.gonum, c.bytes)
				fmt.Fprintf(f, "%s-%d\t%s\t%s\n", withPart(c.name, "impl=gonum"), procs, resultLine(res, c.flops), res.MemString())
				rows = append(rows, row{"gonum", res})
			}
		}
		var generic float64
		for _, r := range rows {
			if r.impl == "simdgrad/generic" {
				generic = float64(r.res.NsPerOp())
			}
		}
		for _, r := range rows {
			ns := float64(r.res.T.Nanoseconds()) / float64(r.res.N)
			tput := fmt.Sprintf("%.2f GB/s", float64(c.bytes)/ns)
			if c.flops > 0 {
				tput = fmt.Sprintf("%.2f GFLOP/s", c.flops/ns)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%s\t%.2f×\t%d\t\n", c.name[len("Benchmark"):], r.impl, ns, tput, generic/ns, r.res.AllocsPerOp())
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Printf("\nraw results: %s (benchstat -col /isa %s)\n\n", path, path)
	return f.Close()
}

// resultLine formats a result as the benchmark format does, with GFLOP/s
// for flop-bound kernels.
func resultLine(r testing.BenchmarkResult, flops float64) string {
	ns := float64(r.T.Nanoseconds()) / float64(r.N)
	s := fmt.Sprintf("%d\t%.1f ns/op", r.N, ns)
	if r.Bytes > 0 {
		s += fmt.Sprintf("\t%.2f MB/s", float64(r.Bytes)/ns*1e3)
	}
	if flops > 0 {
		s += fmt.Sprintf("\t%.3f GFLOP/s", flops/ns)
	}
	return s
}
