package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/internal/cpucache"
	"github.com/simdgrad/simdgrad/kernels"
)

// tune sweeps the GEMM blocking around the one in use (the analytical
// model's, where the CPU describes its caches) and prints the measured best
// beside it, so that anyone can check the model on their CPU.
//
// For each element type and size it measures the blocking in use, then
// varies one of kc, mc and nc at a time over multiples of its value, the
// other two kept, and finally the combination of the three best values.
// Configurations alternate within each of -rounds rounds, and each keeps
// its best round: the machines are shared and noisy. The sweep's best is
// then measured again against the blocking in use, the two alternating,
// in twice as many fresh rounds, and the summary reports those: the
// highest of many noisy maxima is biased upwards (on a noisy host some
// configuration always beats the rest by a few per cent by luck), a
// second measurement of the two is not.
func tune(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, status, ok := parseTune(args, stderr)
	if !ok {
		return status
	}
	if o.isa != "" {
		defer kernels.UseISA(o.isa)()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(o.threads))
	fmt.Fprintf(stdout, "simdgrad bench tune: %s, tier %s, %d thread(s), %d round(s) of %v per configuration\n",
		machine().CPU, kernels.ISA(), o.threads, o.rounds, o.benchtime.String())
	fmt.Fprintf(stdout, "caches    %v\n\n", cpucache.Detect())
	var results []tuneResult
	for _, dt := range o.dtypes {
		var rs []tuneResult
		var err error
		if dt == "f32" {
			rs, err = tuneType[float32](ctx, o, stdout)
		} else {
			rs, err = tuneType[float64](ctx, o, stdout)
		}
		results = append(results, rs...)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				fmt.Fprintln(stderr, "bench tune: interrupted")
				return exitInterrupted
			}
			fmt.Fprintln(stderr, "bench tune:", err)
			return exitError
		}
	}
	fmt.Fprintln(stdout, "Summary: the blocking in use against the sweep's best, measured again beside it")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dtype\tn\tin use\tGFLOP/s\tbest\tGFLOP/s\tbest vs in use\tmedian ratio\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.1f\t%s\t%.1f\t%+.1f%%\t%+.1f%%\t\n", r.dtype, r.n, r.inUse, r.inUseRate, r.best, r.bestRate,
			100*(r.bestRate/r.inUseRate-1), 100*(r.medianRatio-1))
	}
	tw.Flush()
	return exitOK
}

// tuneOptions are the tune command's flags.
type tuneOptions struct {
	sizes     []int
	dtypes    []string
	rounds    int
	threads   int
	isa       string
	benchtime benchtime
}

func parseTune(args []string, stderr io.Writer) (*tuneOptions, int, bool) {
	o := &tuneOptions{rounds: 3, threads: 1, benchtime: benchtime{d: 200 * time.Millisecond}}
	fs := flag.NewFlagSet("bench tune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "smoke run: n = 256, one round of 10ms")
	sizes := fs.String("n", "512,1024,2048", "comma-separated `sizes` n of the n×n·n×n products")
	dtypes := fs.String("dtype", "f32,f64", "comma-separated element `types`: f32, f64")
	fs.IntVar(&o.rounds, "rounds", o.rounds, "`rounds` of every configuration; each keeps its best")
	fs.IntVar(&o.threads, "threads", o.threads, "GOMAXPROCS during the sweep (the blocking is per core)")
	fs.StringVar(&o.isa, "isa", "", "`tier` to tune (default: the one in use; available: "+strings.Join(kernels.ISAs(), ", ")+")")
	fs.Var(&o.benchtime, "benchtime", "minimum `time` of each measurement, or a count of calls as in 10x")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: bench tune [flags]

tune measures Gemm with the cache blocking in use (kc, mc and nc from the
analytical model of BLIS when the CPU describes its caches, the tier's
measured constants otherwise) and with kc, mc and nc varied around it, one
at a time, and prints the best it measured beside the blocking in use.

Flags:
`)
		fs.PrintDefaults()
	}
	args = args[1:] // the command's name
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK, false
		}
		return nil, exitUsage, false
	}
	bad := func(format string, a ...any) (*tuneOptions, int, bool) {
		fmt.Fprintf(stderr, "bench tune: "+format+"\n", a...)
		fs.Usage()
		return nil, exitUsage, false
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return bad("-n %q: want positive sizes, as in 512,1024", *sizes)
		}
		o.sizes = append(o.sizes, n)
	}
	for _, d := range strings.Split(*dtypes, ",") {
		if d != "f32" && d != "f64" {
			return bad("-dtype %q: want f32, f64 or both", *dtypes)
		}
		o.dtypes = append(o.dtypes, d)
	}
	if o.rounds < 1 {
		return bad("-rounds %d: need at least 1", o.rounds)
	}
	if o.threads < 1 {
		return bad("-threads %d: need at least 1", o.threads)
	}
	if o.isa != "" && !slices.Contains(kernels.ISAs(), o.isa) {
		return bad("-isa %s: not available (available: %s)", o.isa, strings.Join(kernels.ISAs(), ", "))
	}
	benchtimeSet := false
	fs.Visit(func(f *flag.Flag) {
		benchtimeSet = benchtimeSet || f.Name == "benchtime" || f.Name == "n" || f.Name == "rounds"
	})
	if *quick && !benchtimeSet {
		o.sizes, o.rounds, o.benchtime = []int{256}, 1, benchtime{d: 10 * time.Millisecond}
	}
	return o, exitOK, true
}

// A tuneConfig is one blocking of the sweep.
type tuneConfig struct{ kc, mc, nc int }

func (c tuneConfig) String() string { return fmt.Sprintf("kc=%d mc=%d nc=%d", c.kc, c.mc, c.nc) }

// tuneResult is the outcome of one size.
type tuneResult struct {
	dtype       string
	n           int
	inUse, best tuneConfig
	// GFLOP/s, each configuration's best round: of the confirming rounds
	// when best is not the blocking in use, else of the sweep.
	inUseRate, bestRate float64
	// medianRatio is the median over the confirming rounds of best's rate
	// over the in-use one's in the same round (1 when best is in use).
	medianRatio float64
}

// candidates returns v times each factor, rounded down to a multiple of
// step (at least step), without repeats, v first.
func candidates(v, step int, factors []float64) []int {
	out := []int{v}
	for _, f := range factors {
		c := max(step, int(float64(v)*f)/step*step)
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func tuneType[T kernels.Float](ctx context.Context, o *tuneOptions, w io.Writer) ([]tuneResult, error) {
	b := kernels.GemmBlocking[T]()
	dt := benchcases.Dtype[T]()
	inUse := tuneConfig{b.KC, b.MC, b.NC}
	fmt.Fprintf(w, "GEMM %s, %d×%d tile, in use: %v (%s)\n", dt, b.MR, b.NR, inUse, b.Source)
	factors := []float64{0.5, 0.75, 1.25, 1.5, 2}
	var configs []tuneConfig
	add := func(c tuneConfig) int {
		if i := slices.Index(configs, c); i >= 0 {
			return i
		}
		configs = append(configs, c)
		return len(configs) - 1
	}
	add(inUse)
	for _, kc := range candidates(b.KC, 8, factors) {
		add(tuneConfig{kc, b.MC, b.NC})
	}
	for _, mc := range candidates(b.MC, b.MR, append([]float64{0.25}, factors...)) {
		add(tuneConfig{b.KC, mc, b.NC})
	}
	for _, nc := range candidates(b.NC, b.NR, []float64{0.25, 0.5, 2}) {
		add(tuneConfig{b.KC, b.MC, nc})
	}
	var results []tuneResult
	for _, n := range o.sizes {
		s := benchcases.Square(n)
		ops := benchcases.NewGemmOperands[T](s, uint64(n))
		run := func() { ops.Run(benchcases.Simdgrad[T]) }
		rate := func(c tuneConfig) (float64, error) {
			restore := kernels.UseBlocking[T](c.kc, c.mc, c.nc)
			defer restore()
			smp, err := measure(ctx, run, o.benchtime)
			return s.Flops() / smp.nsPerOp(), err
		}
		best := make([]float64, len(configs))
		measureAll := func(from int) error {
			for range o.rounds {
				for i := from; i < len(configs); i++ {
					r, err := rate(configs[i])
					if err != nil {
						return err
					}
					best[i] = max(best[i], r)
				}
			}
			return nil
		}
		if err := measureAll(0); err != nil {
			return results, err
		}
		// The best of each parameter's sweep, combined.
		bestOf := func(pick func(tuneConfig) int, keep func(tuneConfig) bool) int {
			v, rate := pick(inUse), best[0]
			for i, c := range configs {
				if keep(c) && best[i] > rate {
					v, rate = pick(c), best[i]
				}
			}
			return v
		}
		combo := tuneConfig{
			kc: bestOf(func(c tuneConfig) int { return c.kc }, func(c tuneConfig) bool { return c.mc == b.MC && c.nc == b.NC }),
			mc: bestOf(func(c tuneConfig) int { return c.mc }, func(c tuneConfig) bool { return c.kc == b.KC && c.nc == b.NC }),
			nc: bestOf(func(c tuneConfig) int { return c.nc }, func(c tuneConfig) bool { return c.kc == b.KC && c.mc == b.MC }),
		}
		if !slices.Contains(configs, combo) {
			configs = append(configs, combo)
			best = append(best, 0)
			if err := measureAll(len(configs) - 1); err != nil {
				return results, err
			}
		}
		bi := 0
		for i := range configs {
			if best[i] > best[bi] {
				bi = i
			}
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "n=%d\tkc\tmc\tnc\tGFLOP/s\tvs in use\t\n", n)
		for i, c := range configs {
			mark := ""
			switch {
			case i == 0:
				mark = "in use"
			case i == bi:
				mark = "best"
			}
			if i == 0 && bi == 0 {
				mark = "in use, best"
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%+.1f%%\t\n", mark, c.kc, c.mc, c.nc, best[i], 100*(best[i]/best[0]-1))
		}
		tw.Flush()
		res := tuneResult{dtype: dt, n: n, inUse: inUse, best: configs[bi], inUseRate: best[0], bestRate: best[bi], medianRatio: 1}
		if bi != 0 {
			var err error
			if res, err = confirm(res, 2*o.rounds, rate); err != nil {
				return results, err
			}
			fmt.Fprintf(w, "again, %d alternating rounds: in use %.1f GFLOP/s, best %.1f (%+.1f%%; median of the rounds' ratios %+.1f%%)\n",
				2*o.rounds, res.inUseRate, res.bestRate, 100*(res.bestRate/res.inUseRate-1), 100*(res.medianRatio-1))
		}
		fmt.Fprintln(w)
		results = append(results, res)
	}
	return results, nil
}

// confirm measures r.inUse and r.best again, alternating, for the given
// rounds, and returns r with their best rates and the median ratio of
// those rounds.
func confirm(r tuneResult, rounds int, rate func(tuneConfig) (float64, error)) (tuneResult, error) {
	r.inUseRate, r.bestRate = 0, 0
	ratios := make([]float64, 0, rounds)
	for range rounds {
		in, err := rate(r.inUse)
		if err != nil {
			return r, err
		}
		b, err := rate(r.best)
		if err != nil {
			return r, err
		}
		r.inUseRate, r.bestRate = max(r.inUseRate, in), max(r.bestRate, b)
		ratios = append(ratios, b/in)
	}
	slices.Sort(ratios)
	if h := len(ratios) / 2; len(ratios)%2 == 1 {
		r.medianRatio = ratios[h]
	} else {
		r.medianRatio = (ratios[h-1] + ratios[h]) / 2
	}
	return r, nil
}
