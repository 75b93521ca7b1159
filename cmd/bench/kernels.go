package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/internal/peak"
	"github.com/simdgrad/simdgrad/kernels"
)

// GEMM sizes of the report: n×n·n×n products.
var (
	gemmSizes      = []int{64, 128, 256, 512, 1024, 2048}
	quickGemmSizes = []int{64, 256}
)

// Peak measurement time per element type and thread count.
const (
	peakTime      = 100 * time.Millisecond
	quickPeakTime = 20 * time.Millisecond
)

// The tables of the kernel report.
const (
	tableGemm    = "gemm"    // square GEMM, GFLOP/s and % of peak
	tableTiny    = "tiny"    // the models' products, µs per call
	tableEltwise = "eltwise" // ReLU and softmax, GB/s and ns per element
)

// A kernelCase is one case of the kernel report, measured with several
// implementations at one or more thread counts.
type kernelCase struct {
	table   string
	bench   string // benchmark name without "Benchmark": "Gemm", "GemmTiny", "ReLU", "Softmax"
	dtype   string
	key     string // the name parts after dtype, as "n=512"
	label   string // the table's row label
	shape   *benchcases.GemmShape
	n       int // elements of an element-wise case
	rows    int // of a softmax case
	cols    int
	flops   float64 // per call; 0 if not a GEMM
	bytes   int64   // read and written per call
	elems   int     // elements per call of an element-wise case, for ns/elem
	threads []int
	peers   int // variants besides simdgrad's tiers
	// setup allocates the operands and returns the implementations in
	// table order: simdgrad on each tier measured, then the peers. It is
	// called when the case is measured, so only one case's operands are
	// live at a time.
	setup func() []variant
}

// A variant is one implementation of a case.
type variant struct {
	impl, isa string
	run       func()
}

// column is the variant's column heading: "simdgrad avx2", "gonum".
func (v variant) column() string {
	if v.impl == "simdgrad" {
		return "simdgrad " + v.isa
	}
	return v.impl
}

// name is the case's benchmark name (without "Benchmark") for variant v
// at threads threads, as go test would write it.
func (c *kernelCase) name(v variant, threads int) string {
	s := benchcases.Name(c.bench, v.impl, v.isa, "dtype="+c.dtype, c.key)
	if threads != 1 {
		s += fmt.Sprintf("-%d", threads)
	}
	return s
}

// threadCounts returns the thread counts of GEMM and of the other cases:
// with -threads 0, GEMM runs with one thread and GOMAXPROCS threads, the
// others (which never split their work) with one.
func threadCounts(o *options) (gemm, other []int) {
	if o.threads > 0 {
		return []int{o.threads}, []int{o.threads}
	}
	if p := runtime.GOMAXPROCS(0); p > 1 {
		return []int{1, p}, []int{1}
	}
	return []int{1}, []int{1}
}

// measuredTiers are the tiers the report measures: the one in use and,
// for the speed-up, the generic tier.
func measuredTiers() []string {
	if kernels.ISA() == "generic" {
		return []string{"generic"}
	}
	return []string{kernels.ISA(), "generic"}
}

// kernelCases are the cases of the kernel report: square GEMM (n = 64…2048,
// or 64 and 256 with -quick), the models' tiny products, ReLU and softmax,
// in float32 and float64.
func kernelCases(o *options) []*kernelCase {
	gemmThreads, other := threadCounts(o)
	sizes := gemmSizes
	if o.quick {
		sizes = quickGemmSizes
	}
	var cases []*kernelCase
	for _, n := range sizes {
		s := benchcases.Square(n)
		key, label := fmt.Sprintf("n=%d", n), fmt.Sprint(n)
		cases = append(cases,
			gemmCase[float32](tableGemm, "Gemm", s, key, label, gemmThreads, o.seed),
			gemmCase[float64](tableGemm, "Gemm", s, key, label, gemmThreads, o.seed))
	}
	for _, s := range benchcases.GemmTiny {
		cases = append(cases,
			gemmCase[float32](tableTiny, "GemmTiny", s, s.Key(), s.String(), other, o.seed),
			gemmCase[float64](tableTiny, "GemmTiny", s, s.Key(), s.String(), other, o.seed))
	}
	for _, n := range benchcases.ReLUSizes {
		cases = append(cases, reluCase[float32](n, other, o.seed), reluCase[float64](n, other, o.seed))
	}
	for _, s := range benchcases.SoftmaxShapes {
		cases = append(cases, softmaxCase[float32](s[0], s[1], other, o.seed), softmaxCase[float64](s[0], s[1], other, o.seed))
	}
	return cases
}

func gemmCase[T kernels.Float](table, bench string, s benchcases.GemmShape, key, label string, threads []int, seed uint64) *kernelCase {
	return &kernelCase{
		table: table, bench: bench, dtype: benchcases.Dtype[T](), key: key, label: label,
		shape: &s, flops: s.Flops(), bytes: s.Elems() * benchcases.SizeOf[T](), threads: threads, peers: len(benchcases.Peers),
		setup: func() []variant {
			o := benchcases.NewGemmOperands[T](s, seed)
			var vs []variant
			for _, isa := range measuredTiers() {
				vs = append(vs, variant{"simdgrad", isa, func() { o.Run(benchcases.Simdgrad[T]) }})
			}
			for _, p := range benchcases.Peers {
				f := benchcases.PeerGemm[T](p)
				vs = append(vs, variant{p.Name, kernels.ISA(), func() { o.Run(f) }})
			}
			return vs
		},
	}
}

func reluCase[T kernels.Float](n int, threads []int, seed uint64) *kernelCase {
	return &kernelCase{
		table: tableEltwise, bench: "ReLU", dtype: benchcases.Dtype[T](), key: fmt.Sprintf("n=%d", n),
		label: fmt.Sprintf("ReLU n=%d", n), n: n, bytes: benchcases.UnaryBytes[T](n), elems: n, threads: threads, peers: 1,
		setup: func() []variant {
			x := benchcases.SoftmaxInput[T](1, n, seed)
			dst := make([]T, n)
			var vs []variant
			for _, isa := range measuredTiers() {
				vs = append(vs, variant{"simdgrad", isa, func() { kernels.ReLU(dst, x) }})
			}
			return append(vs, variant{"copy", kernels.ISA(), func() { benchcases.Copy(dst, x) }})
		},
	}
}

func softmaxCase[T kernels.Float](rows, cols int, threads []int, seed uint64) *kernelCase {
	return &kernelCase{
		table: tableEltwise, bench: "Softmax", dtype: benchcases.Dtype[T](), key: benchcases.SoftmaxKey(rows, cols),
		label: fmt.Sprintf("Softmax %d×%d", rows, cols), rows: rows, cols: cols,
		bytes: benchcases.UnaryBytes[T](rows * cols), elems: rows * cols, threads: threads,
		setup: func() []variant {
			x := benchcases.SoftmaxInput[T](rows, cols, seed)
			dst := make([]T, rows*cols)
			var vs []variant
			for _, isa := range measuredTiers() {
				vs = append(vs, variant{"simdgrad", isa, func() { kernels.Softmax(dst, x, rows, cols) }})
			}
			return vs
		},
	}
}

// A kernelResult is the samples of one case, variant and thread count.
type kernelResult struct {
	c       *kernelCase
	v       variant
	threads int
	samples []sample
}

// median is the median time per call in nanoseconds.
func (r *kernelResult) median() float64 {
	ns := make([]float64, len(r.samples))
	for i, s := range r.samples {
		ns[i] = s.nsPerOp()
	}
	slices.Sort(ns)
	if len(ns)%2 == 1 {
		return ns[len(ns)/2]
	}
	return (ns[len(ns)/2-1] + ns[len(ns)/2]) / 2
}

// kernelReport is the kernel part's state.
type kernelReport struct {
	cases   []*kernelCase
	peaks   map[int]peak.Peak
	results []*kernelResult
	lines   []resultLine // in measurement order
}

// resultLine is one sample of a result, a line of results.txt.
type resultLine struct {
	r *kernelResult
	s sample
}

// peakOf is the peak in GFLOP/s for dtype at threads, 0 if unknown.
func (k *kernelReport) peakOf(dtype string, threads int) float64 {
	p := k.peaks[threads]
	if dtype == "f32" {
		return p.F32
	}
	return p.F64
}

// values are the units of a sample, as go test reports them: ns/op, MB/s,
// the custom metrics in name order, B/op and allocs/op; the rates to six
// significant digits.
func (k *kernelReport) values(r *kernelResult, s sample) []Value {
	ns := s.nsPerOp()
	v := []Value{{sig6(ns), "ns/op"}}
	if r.c.bytes > 0 {
		v = append(v, Value{sig6(float64(r.c.bytes) / ns * 1e3), "MB/s"})
	}
	if r.c.flops > 0 {
		gflops := r.c.flops / ns
		if p := k.peakOf(r.c.dtype, r.threads); p > 0 {
			v = append(v, Value{sig6(100 * gflops / p), "%peak"})
		}
		v = append(v, Value{sig6(gflops), "GFLOP/s"})
	}
	if r.c.elems > 0 {
		v = append(v, Value{sig6(ns / float64(r.c.elems)), "ns/elem"})
	}
	return append(v, Value{float64(s.bytes), "B/op"}, Value{float64(s.allocs), "allocs/op"})
}

// sig6 rounds a measured value to six significant digits, more than any
// timing here resolves.
func sig6(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return v
}

// estimate is the expected duration of measuring one variant of c, in
// seconds, for the progress line: the warm-up call and the benchtime (at
// least one call), with a call's time guessed from the flops at a modest
// rate.
func estimate(c *kernelCase, bt benchtime, threads int) float64 {
	call := c.flops / (10e9 * float64(threads))
	if bt.n > 0 {
		return float64(bt.n+1) * (call + 1e-6)
	}
	return max(bt.d.Seconds(), call) + call
}

// runKernels measures the FMA peak and every case, prints the tables and
// writes gemm.png.
func (r *reporter) runKernels(ctx context.Context) error {
	o := r.opts
	k := &kernelReport{cases: kernelCases(o), peaks: map[int]peak.Peak{}}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	var threads []int
	var total float64
	for _, c := range k.cases {
		for _, t := range c.threads {
			if !slices.Contains(threads, t) {
				threads = append(threads, t)
			}
			total += estimate(c, o.benchtime, t) * float64(o.count*(len(measuredTiers())+c.peers))
		}
	}
	slices.Sort(threads)
	pt := peakTime
	if o.quick {
		pt = quickPeakTime
	}
	r.prog.begin("kernels", total+float64(len(threads))*2*pt.Seconds())
	for _, t := range threads {
		runtime.GOMAXPROCS(t)
		p := peak.Measure(t, pt)
		k.peaks[t] = p
		r.res.Peaks = append(r.res.Peaks, Peak{Threads: t, Known: p.Known, Loop: p.Loop, F32: p.F32, F64: p.F64})
		r.prog.add(2 * pt.Seconds())
	}
	fmt.Fprintln(r.text)
	for _, t := range threads {
		fmt.Fprintf(r.text, "FMA peak  %s\n", k.peaks[t])
	}

	for _, t := range threads {
		runtime.GOMAXPROCS(t)
		for _, c := range k.cases {
			if !slices.Contains(c.threads, t) {
				continue
			}
			vs := c.setup()
			res := make([]*kernelResult, len(vs))
			for i, v := range vs {
				res[i] = &kernelResult{c: c, v: v, threads: t}
				k.results = append(k.results, res[i])
			}
			est := estimate(c, o.benchtime, t)
			for range o.count {
				for i, v := range vs {
					restore := kernels.UseISA(v.isa)
					s, err := measure(ctx, v.run, o.benchtime)
					restore()
					if err != nil {
						return err
					}
					res[i].samples = append(res[i].samples, s)
					k.lines = append(k.lines, resultLine{res[i], s})
					r.prog.add(est)
				}
			}
		}
	}
	r.prog.end()

	k.printTables(r.text)
	for _, kr := range k.results {
		m := Measurement{
			Name: kr.c.name(kr.v, kr.threads), Kernel: kr.c.bench, Impl: kr.v.impl, ISA: kr.v.isa,
			Dtype: kr.c.dtype, Threads: kr.threads, N: kr.c.n, Rows: kr.c.rows, Cols: kr.c.cols,
			Flops: kr.c.flops, Bytes: kr.c.bytes,
		}
		if s := kr.c.shape; s != nil {
			m.Shape = &Shape{M: s.M, N: s.N, K: s.K, Trans: s.Trans()}
		}
		for _, s := range kr.samples {
			m.Runs = append(m.Runs, Run{Iters: s.iters, Values: k.values(kr, s)})
		}
		r.res.Kernels = append(r.res.Kernels, m)
	}
	r.kreport = k
	return r.savePlot("gemm.png", wideWidth, wideHeight, k.gemmPlots)
}

// find returns the result of case c for the variant with column col at
// threads, or nil.
func (k *kernelReport) find(c *kernelCase, col string, threads int) *kernelResult {
	for _, r := range k.results {
		if r.c == c && r.threads == threads && r.v.column() == col {
			return r
		}
	}
	return nil
}

// columns are the variant columns of the results of table at threads, in
// first-seen order, and the column of the tier in use, the base of the
// speed-ups.
func (k *kernelReport) columns(table string, threads int) (cols []string, base string) {
	base = "simdgrad " + kernels.ISA()
	for _, r := range k.results {
		if r.c.table == table && r.threads == threads && !slices.Contains(cols, r.v.column()) {
			cols = append(cols, r.v.column())
		}
	}
	return cols, base
}

// speedup formats how many times faster the base is than other.
func speedup(base, other *kernelResult) string {
	if base == nil || other == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f×", other.median()/base.median())
}

func percent(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f%%", x)
	}
	return fmt.Sprintf("%.1f%%", x)
}

func (k *kernelReport) printTables(w io.Writer) {
	var threads []int
	for _, r := range k.results {
		if !slices.Contains(threads, r.threads) {
			threads = append(threads, r.threads)
		}
	}
	for _, dtype := range []string{"f32", "f64"} {
		for _, t := range threads {
			k.printTable(w, tableGemm, dtype, t)
		}
	}
	for _, t := range threads {
		k.printTable(w, tableTiny, "", t)
		k.printTable(w, tableEltwise, "", t)
	}
}

var dtypeNames = map[string]string{"f32": "float32", "f64": "float64"}

// printTable prints one table: the cases of table (of dtype, if not
// empty) at threads, a row per case and a column per implementation, then
// the speed-ups of the tier in use over each other implementation.
func (k *kernelReport) printTable(w io.Writer, table, dtype string, threads int) {
	var cases []*kernelCase
	for _, c := range k.cases {
		if c.table == table && (dtype == "" || c.dtype == dtype) && k.find(c, "simdgrad "+kernels.ISA(), threads) != nil {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return
	}
	cols, base := k.columns(table, threads)
	fmt.Fprintln(w)
	switch table {
	case tableGemm:
		p := k.peakOf(dtype, threads)
		peakNote := "the FMA peak is unknown"
		if p > 0 {
			peakNote = fmt.Sprintf("%% of the %.1f GFLOP/s FMA peak", p)
		}
		fmt.Fprintf(w, "== GEMM C = A·B, n×n, %s, %s: GFLOP/s (%s)\n", dtypeNames[dtype], threadsString(threads), peakNote)
	case tableTiny:
		fmt.Fprintf(w, "== GEMM, the MLP's and the factorisation's products, %s: µs per call\n", threadsString(threads))
	case tableEltwise:
		fmt.Fprintf(w, "== ReLU and softmax, %s: GB/s (read + written), ns per element (gonum has neither; copy is the memory yardstick)\n", threadsString(threads))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"n"}
	if table != tableGemm {
		head = []string{"case", "dtype"}
	}
	head = append(head, cols...)
	for _, c := range cols {
		if c != base {
			head = append(head, "vs "+strings.TrimPrefix(c, "simdgrad "))
		}
	}
	head = append(head, "allocs")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, c := range cases {
		row := []string{c.label}
		if table != tableGemm {
			row = append(row, c.dtype)
		}
		b := k.find(c, base, threads)
		for _, col := range cols {
			r := k.find(c, col, threads)
			if r == nil {
				row = append(row, "—")
				continue
			}
			ns := r.median()
			switch table {
			case tableGemm:
				cell := fmt.Sprintf("%.1f", c.flops/ns)
				if p := k.peakOf(c.dtype, threads); p > 0 {
					cell += fmt.Sprintf(" (%s)", percent(100*c.flops/ns/p))
				}
				row = append(row, cell)
			case tableTiny:
				row = append(row, fmt.Sprintf("%.2f", ns/1e3))
			case tableEltwise:
				row = append(row, fmt.Sprintf("%.1f GB/s %.3f ns", float64(c.bytes)/ns, ns/float64(c.elems)))
			}
		}
		for _, col := range cols {
			if col != base {
				row = append(row, speedup(b, k.find(c, col, threads)))
			}
		}
		row = append(row, fmt.Sprint(b.samples[len(b.samples)-1].allocs))
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

// gemmPlots are the GEMM figure's panels: GFLOP/s against n for float32
// and float64, a line per implementation and thread count.
func (k *kernelReport) gemmPlots() ([]*plot.Plot, error) {
	var threads []int
	colour := map[string]int{}
	for _, r := range k.results {
		if r.c.table != tableGemm {
			continue
		}
		if !slices.Contains(threads, r.threads) {
			threads = append(threads, r.threads)
		}
		if _, ok := colour[r.v.column()]; !ok {
			colour[r.v.column()] = len(colour)
		}
	}
	if len(threads) == 0 {
		return nil, nil
	}
	var plots []*plot.Plot
	for _, dtype := range []string{"f32", "f64"} {
		var lines []gemmLine
		var peaks []float64
		for _, t := range threads {
			peaks = append(peaks, k.peakOf(dtype, t))
			byCol := map[string]*gemmLine{}
			var order []string
			for _, r := range k.results {
				if r.c.table != tableGemm || r.c.dtype != dtype || r.threads != t {
					continue
				}
				col := r.v.column()
				l := byCol[col]
				if l == nil {
					l = &gemmLine{name: col, threads: t}
					byCol[col] = l
					order = append(order, col)
				}
				l.n = append(l.n, float64(r.c.shape.N))
				l.y = append(l.y, r.c.flops/r.median())
			}
			for _, col := range order {
				lines = append(lines, *byCol[col])
			}
		}
		p, err := gemmPlot(fmt.Sprintf("GEMM, %s", dtypeNames[dtype]), lines, threads, peaks, colour)
		if err != nil {
			return nil, err
		}
		plots = append(plots, p)
	}
	return plots, nil
}
