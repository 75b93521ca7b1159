// Command bench is simdgrad's main job: it measures the kernel suite on this
// machine (every tier, both element types, against gonum) and runs the two
// experiments, low-rank factorisation by gradient descent against the SVD
// and the Iris MLP, printing tables and writing benchstat-ready results.
//
// Usage:
//
//	go run ./cmd/bench [-out dir] [-benchtime 200ms] [-count 1] [-run kernels,factorise,mlp]
//
// Results go to standard output and to dir (default "out"):
// kernels.txt is in the Go benchmark format, so
//
//	benchstat -col /isa out/kernels.txt
//
// compares tiers, and two machines' files compare with benchstat a.txt b.txt.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/cpuid/v2"

	"github.com/simdgrad/simdgrad/kernels"
)

func main() {
	testing.Init()
	var (
		out       = flag.String("out", "out", "directory for result files")
		benchtime = flag.Duration("benchtime", 200*time.Millisecond, "minimum time per benchmark")
		count     = flag.Int("count", 1, "runs of each benchmark (use ≥ 6 for benchstat)")
		run       = flag.String("run", "kernels,factorise,mlp", "comma-separated parts to run: kernels, factorise, mlp")
	)
	flag.Parse()
	if err := mainErr(*out, *benchtime, *count, *run); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func mainErr(out string, benchtime time.Duration, count int, run string) error {
	parts := strings.Split(run, ",")
	for _, p := range parts {
		if !slices.Contains([]string{"kernels", "factorise", "mlp"}, p) {
			return fmt.Errorf("-run: unknown part %q (want kernels, factorise or mlp)", p)
		}
	}
	if count < 1 {
		return fmt.Errorf("-count=%d: need at least 1", count)
	}
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	fmt.Printf("simdgrad bench: %s, %d logical CPUs, GOMAXPROCS=%d, %s/%s, %s\n",
		cpuid.CPU.BrandName, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Printf("kernel tiers: %s (in use: %s)\n\n", strings.Join(kernels.ISAs(), ", "), kernels.ISA())

	var errs []error
	for _, p := range parts {
		var err error
		switch p {
		case "kernels":
			err = runKernels(out, count)
		case "factorise":
			err = runFactorise(out)
		case "mlp":
			err = runMLP(out)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// createIn creates file name in dir, for a result file.
func createIn(dir, name string) (*os.File, string, error) {
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	return f, path, err
}

// writeHeader writes the benchmark-format configuration lines benchstat
// uses to label and group results.
func writeHeader(w io.Writer) {
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/simdgrad/simdgrad/cmd/bench\ncpu: %s\n",
		runtime.GOOS, runtime.GOARCH, cpuid.CPU.BrandName)
}
