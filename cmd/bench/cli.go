package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/simdgrad/simdgrad/kernels"
)

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1   // a part failed or a file could not be written
	exitUsage       = 2   // bad command line
	exitInterrupted = 130 // SIGINT or SIGTERM: 128 + SIGINT, as shells report it
)

// A command is one way of running bench, named by the first argument.
// Each parses its own flags, so that a command with other flags (a tuning
// sweep, say) is one more entry in commands.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// parts are the parts of the report, in the order they run.
var parts = []string{"kernels", "factorise", "mlp"}

// commands lists bench's commands; the report commands share one set of
// flags. It is set in init because the usage message lists it.
var commands []command

func init() {
	commands = []command{
		{"all", "the whole report: kernels, factorise and mlp (the default)", report},
		{"kernels", "the kernel report: FMA peak, GEMM, the models' products, ReLU and softmax", report},
		{"factorise", "rank-2 factorisation of centred Iris by gradient descent against the SVD", report},
		{"mlp", "the Iris MLP (standard and the write-up's variant) and a digits MLP", report},
		{"tune", "sweep the GEMM cache blocking around the one in use (bench tune -h)", tune},
	}
}

// runContext dispatches args to a command and returns the exit status.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name := "all"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name = args[0]
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, args, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "bench: unknown command %q\n", name)
	usage(stderr, newReportFlags(io.Discard, &options{}))
	return exitUsage
}

// options are the report's settings, from the command line.
type options struct {
	parts     []string // in run order
	quick     bool
	isa       string // "" keeps the tier in use
	threads   int    // 0: one thread and GOMAXPROCS threads
	out       string
	json      bool
	seed      uint64
	count     int
	benchtime benchtime
	run       string // -run, comma-separated parts
}

// Defaults of the timing flags, and their values with -quick.
const (
	defaultBenchtime = 100 * time.Millisecond
	quickBenchtime   = 10 * time.Millisecond
)

func newReportFlags(stderr io.Writer, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.quick, "quick", false, "smoke run: GEMM at n = 64 and 256 only, a 10ms benchtime and a shorter peak\nmeasurement; the whole report in a few seconds")
	fs.StringVar(&o.isa, "isa", "", "`tier` of the kernels for the whole run (available: "+strings.Join(kernels.ISAs(), ", ")+");\ndefault: the best this CPU supports, or $"+kernels.EnvISA)
	fs.IntVar(&o.threads, "threads", 0, "run the kernel report with GOMAXPROCS = `n`; 0 measures GEMM with one thread\nand with GOMAXPROCS threads, the other kernels with one")
	fs.StringVar(&o.out, "out", "out", "`directory` for results.txt, results.json and the PNG plots")
	fs.BoolVar(&o.json, "json", false, "write one JSON document (the contents of results.json) to standard output\ninstead of the tables")
	fs.Uint64Var(&o.seed, "seed", 0, "first `seed` of the experiments (each runs seed…seed+4) and the seed of the\nkernels' random operands")
	fs.IntVar(&o.count, "count", 1, "`rounds` of each kernel measurement, the implementations alternating within\na round (use 6 or more for benchstat)")
	o.benchtime = benchtime{d: defaultBenchtime}
	fs.Var(&o.benchtime, "benchtime", "minimum `time` of each kernel measurement, or a fixed count of calls as in\n100x; 10ms with -quick")
	fs.StringVar(&o.run, "run", "", "comma-separated `parts` to run, as an alternative to naming them:\nkernels, factorise, mlp")
	fs.Usage = func() { usage(stderr, fs) }
	return fs
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `Usage: bench [command] [flags] [part ...]

bench measures simdgrad's kernels on this CPU against the generic tier and
gonum (and OpenBLAS, built with -tags openblas), repeats the two experiments,
prints the report and writes the results to -out.

Commands (parts of the report: name one or several; default all):
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Files in -out, each written whole (a temporary file, then a rename):
  results.txt   the measurements in the Go benchmark format, for benchstat:
                benchstat -col /impl out/results.txt   (simdgrad against its peers)
                benchstat -col /isa out/results.txt    (simdgrad's tiers)
  results.json  the whole report (schema: go doc github.com/simdgrad/simdgrad/cmd/bench)
  gemm.png, factorise_loss.png, factorise_projection.png, mlp_loss.png,
  mlp_accuracy.png

Progress goes to standard error when it is a terminal. Exit status: 0 done,
1 a part or a file failed, 2 bad usage, 130 interrupted (Ctrl-C: the run
stops after the current measurement and writes no more files).
`)
}

// parseReport parses the report commands' arguments: an optional command
// word, then flags and part names in any order.
func parseReport(args []string, stderr io.Writer) (*options, int, bool) {
	o := &options{}
	fs := newReportFlags(stderr, o)
	var words []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		words, args = append(words, args[0]), args[1:]
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false // Parse printed the error and the usage
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
	bad := func(format string, a ...any) (*options, int, bool) {
		fmt.Fprintf(stderr, "bench: "+format+"\n", a...)
		usage(stderr, fs)
		return nil, exitUsage, false
	}
	if o.run != "" {
		words = append(words, strings.Split(o.run, ",")...)
	}
	want := map[string]bool{}
	for _, w := range words {
		switch {
		case w == "all":
			for _, p := range parts {
				want[p] = true
			}
		case slices.Contains(parts, w):
			want[w] = true
		default:
			return bad("unknown part %q (want %s or all)", w, strings.Join(parts, ", "))
		}
	}
	for _, p := range parts {
		if want[p] || len(want) == 0 {
			o.parts = append(o.parts, p)
		}
	}
	if o.isa != "" && !slices.Contains(kernels.ISAs(), o.isa) {
		return bad("-isa %s: not available on this CPU and build (available: %s)", o.isa, strings.Join(kernels.ISAs(), ", "))
	}
	if o.threads < 0 {
		return bad("-threads %d: need 0 (one and all) or a positive count", o.threads)
	}
	if o.count < 1 {
		return bad("-count %d: need at least 1", o.count)
	}
	if o.out == "" {
		return bad("-out: need a directory")
	}
	benchtimeSet := false
	fs.Visit(func(f *flag.Flag) { benchtimeSet = benchtimeSet || f.Name == "benchtime" })
	if o.quick && !benchtimeSet {
		o.benchtime = benchtime{d: quickBenchtime}
	}
	return o, exitOK, true
}

// benchtime is the value of -benchtime: a minimum duration, or a fixed
// number of calls ("100x"), as for go test.
type benchtime struct {
	d time.Duration
	n int
}

func (b *benchtime) String() string {
	if b.n > 0 {
		return strconv.Itoa(b.n) + "x"
	}
	return b.d.String()
}

func (b *benchtime) Set(s string) error {
	if c, ok := strings.CutSuffix(s, "x"); ok {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			return fmt.Errorf("%q: want a positive count of calls, as in 100x", s)
		}
		*b = benchtime{n: n}
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q: want a positive duration, as in 200ms, or a count, as in 100x", s)
	}
	*b = benchtime{d: d}
	return nil
}
