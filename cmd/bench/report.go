package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/perf/benchfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/simdgrad/simdgrad/kernels"
)

// reporter is the state of one report.
type reporter struct {
	opts     *options
	text     io.Writer // the tables: standard output, or nothing with -json
	prog     *progress
	res      *Results
	kreport  *kernelReport
	expLines []expLine
}

// report runs the report commands: it parses args, checks -out, runs the
// parts and writes the results.
func report(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, code, ok := parseReport(args, stderr)
	if !ok {
		return code
	}
	if err := checkOut(o.out); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return exitError
	}
	if o.isa != "" {
		defer kernels.UseISA(o.isa)()
	}
	gemmThreads, _ := threadCounts(o)
	r := &reporter{
		opts: o,
		text: stdout,
		prog: newProgress(stderr),
		res: &Results{
			Schema:  SchemaVersion,
			Started: time.Now().UTC().Truncate(time.Second),
			Machine: machine(),
			Settings: Settings{
				Parts: o.parts, Quick: o.quick, Threads: gemmThreads, Count: o.count,
				Benchtime: o.benchtime.String(), Seed: o.seed, Out: o.out,
			},
			Peaks:   []Peak{},
			Kernels: []Measurement{},
			Files:   []string{},
		},
	}
	if o.json {
		r.text = io.Discard
	}
	printMachine(r.text, r.res.Machine)

	var failed bool
	for _, part := range o.parts {
		var err error
		switch part {
		case "kernels":
			err = r.runKernels(ctx)
		case "factorise":
			err = r.runFactorise(ctx)
		case "mlp":
			err = r.runMLP(ctx)
		}
		if ctx.Err() != nil {
			r.prog.abort()
			fmt.Fprintf(stderr, "bench: interrupted during %s; results.txt and results.json not written\n", part)
			return exitInterrupted
		}
		if err != nil {
			fmt.Fprintf(stderr, "bench: %s: %v\n", part, err)
			failed = true
		}
	}

	txt, js := filepath.Join(o.out, "results.txt"), filepath.Join(o.out, "results.json")
	r.res.Files = append(r.res.Files, txt, js)
	if err := writeFile(txt, func(f *os.File) error { return r.writeBenchfmt(f) }); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return exitError
	}
	doc, err := json.MarshalIndent(r.res, "", "  ")
	if err == nil {
		doc = append(doc, '\n')
		err = writeFile(js, func(f *os.File) error { _, err := f.Write(doc); return err })
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return exitError
	}
	if o.json {
		if _, err := stdout.Write(doc); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return exitError
		}
	} else {
		fmt.Fprintf(stdout, "\nresults: %s, %s (benchstat -col /impl %s)\n", txt, js, txt)
	}
	if failed {
		return exitError
	}
	return exitOK
}

// savePlot writes the plots make returns, side by side, to name in -out,
// and lists the file in the results. make may return no plots.
func (r *reporter) savePlot(name string, w, h vg.Length, make func() ([]*plot.Plot, error)) error {
	plots, err := make()
	if err != nil || len(plots) == 0 {
		return err
	}
	path := filepath.Join(r.opts.out, name)
	if err := savePNG(path, w, h, plots...); err != nil {
		return err
	}
	r.res.Files = append(r.res.Files, path)
	fmt.Fprintf(r.text, "plot: %s\n", path)
	return nil
}

// Unit metadata of results.txt: benchstat compares the experiments'
// deterministic numbers as exact values, and knows which way is better.
var unitMetadata = []struct{ unit, key, value string }{
	{"GFLOP/s", "better", "higher"},
	{"%peak", "better", "higher"},
	{"loss", "assume", "exact"},
	{"loss", "better", "lower"},
	{"train-acc", "assume", "exact"},
	{"train-acc", "better", "higher"},
	{"valid-acc", "assume", "exact"},
	{"valid-acc", "better", "higher"},
}

// writeBenchfmt writes results.txt: the kernel measurements, then the
// experiments' epoch times, each with the configuration it ran under.
func (r *reporter) writeBenchfmt(w io.Writer) error {
	bw := benchfmt.NewWriter(w)
	m := r.res.Machine
	config := func(gomaxprocs int) []benchfmt.Config {
		c := []benchfmt.Config{
			{Key: "goos", Value: []byte(m.GOOS), File: true},
			{Key: "goarch", Value: []byte(m.GOARCH), File: true},
			{Key: "cpu", Value: []byte(m.CPU), File: true},
			{Key: "isa", Value: []byte(kernels.ISA()), File: true},
			{Key: "gomaxprocs", Value: []byte(strconv.Itoa(gomaxprocs)), File: true},
			{Key: "go", Value: []byte(m.Go), File: true},
			{Key: "simdgrad", Value: []byte(m.Version), File: true},
		}
		if m.Commit != "" {
			c = append(c, benchfmt.Config{Key: "commit", Value: []byte(m.Commit), File: true})
		}
		return c
	}
	for _, u := range unitMetadata {
		md := &benchfmt.UnitMetadata{UnitMetadataKey: benchfmt.UnitMetadataKey{Unit: u.unit, Key: u.key}, OrigUnit: u.unit, Value: u.value}
		if err := bw.Write(md); err != nil {
			return err
		}
	}
	write := func(name string, iters, gomaxprocs int, values []Value) error {
		res := &benchfmt.Result{Config: config(gomaxprocs), Name: benchfmt.Name(name), Iters: iters}
		for _, v := range values {
			res.Values = append(res.Values, benchfmt.Value{Value: v.Value, Unit: v.Unit})
		}
		return bw.Write(res)
	}
	var errs []error
	if k := r.kreport; k != nil {
		for _, l := range k.lines {
			errs = append(errs, write(l.r.c.name(l.r.v, l.r.threads), l.s.iters, l.r.threads, k.values(l.r, l.s)))
		}
	}
	for _, l := range r.expLines {
		errs = append(errs, write(l.name, l.iters, runtime.GOMAXPROCS(0), l.values))
	}
	return errors.Join(errs...)
}
