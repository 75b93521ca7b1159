package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/kernels"
)

// runQuick runs the whole report in -quick mode with one call per
// measurement into a new directory, once per test binary, and returns the
// directory and the output.
var quickRun struct {
	dir            string
	code           int
	stdout, stderr string
}

func runQuick(t *testing.T) (dir, stdout string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the end-to-end run takes seconds (minutes under emulation); skipped with -short")
	}
	if quickRun.dir == "" {
		dir, err := os.MkdirTemp("", "bench-test-")
		if err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		quickRun.code = run([]string{"-quick", "-benchtime", "1x", "-out", dir}, &out, &errs)
		quickRun.dir, quickRun.stdout, quickRun.stderr = dir, out.String(), errs.String()
	}
	if quickRun.code != 0 {
		t.Fatalf("run -quick: exit %d, stderr:\n%s", quickRun.code, quickRun.stderr)
	}
	return quickRun.dir, quickRun.stdout
}

// startISA is the tier in use when the tests start (SIMDGRAD_ISA may
// have chosen it); runs must leave it so.
var startISA, startProcs = kernels.ISA(), runtime.GOMAXPROCS(0)

func TestMain(m *testing.M) {
	code := m.Run()
	if quickRun.dir != "" {
		os.RemoveAll(quickRun.dir)
	}
	os.Exit(code)
}

func TestRunQuickTables(t *testing.T) {
	_, stdout := runQuick(t)
	if quickRun.stderr != "" {
		t.Errorf("stderr is not a terminal, yet the run wrote to it:\n%q", quickRun.stderr)
	}
	if strings.ContainsAny(stdout, "\r\x1b") {
		t.Error("the report contains carriage returns or escape sequences")
	}
	for _, want := range []string{
		"CPU ", "features ", "caches ", "tier      " + kernels.ISA(), "GOMAXPROCS",
		"FMA peak  1 thread:",
		"== GEMM C = A·B, n×n, float32, 1 thread: GFLOP/s",
		"== GEMM C = A·B, n×n, float64, 1 thread: GFLOP/s",
		"== GEMM, the MLP's and the factorisation's products, 1 thread: µs per call",
		"150×4·4×12", "12×150ᵀ·150×3",
		"== ReLU and softmax, 1 thread", "ReLU n=1048576", "Softmax 150×3",
		"simdgrad " + kernels.ISA(), "gonum", "copy", "vs gonum",
		"== Factorisation", "truncated SVD loss", "µs/epoch", "uncentred Iris, lr 0.01, sum loss: factorise: GD diverged",
		"== MLP: Iris 4-12-3", "digits 64-64-10", "confusion matrix", "recall",
		"results: ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if kernels.ISA() != "generic" && !strings.Contains(stdout, "vs generic") {
		t.Error("the report lacks the speed-up over the generic tier")
	}
	if runtime.GOMAXPROCS(0) > 1 && !strings.Contains(stdout, fmt.Sprintf("float32, %d threads", runtime.GOMAXPROCS(0))) {
		t.Error("the report lacks the GEMM table with all threads")
	}
}

// wantKernelNames lists the names results.txt must hold for a -quick run
// on this machine, built from the cases' definition rather than from the
// report's code.
func wantKernelNames() []string {
	tiers := []string{kernels.ISA()}
	if kernels.ISA() != "generic" {
		tiers = append(tiers, "generic")
	}
	impls := func(peers []string) [][2]string {
		var v [][2]string
		for _, t := range tiers {
			v = append(v, [2]string{"simdgrad", t})
		}
		for _, p := range peers {
			v = append(v, [2]string{p, kernels.ISA()})
		}
		return v
	}
	var gemmPeers []string
	for _, p := range benchcases.Peers {
		gemmPeers = append(gemmPeers, p.Name)
	}
	suffix := func(threads int) string {
		if threads == 1 {
			return ""
		}
		return fmt.Sprintf("-%d", threads)
	}
	threads := []int{1}
	if p := runtime.GOMAXPROCS(0); p > 1 {
		threads = append(threads, p)
	}
	var names []string
	for _, dt := range []string{"f32", "f64"} {
		for _, th := range threads {
			for _, n := range []int{64, 256} {
				for _, v := range impls(gemmPeers) {
					names = append(names, benchcases.Name("Gemm", v[0], v[1], "dtype="+dt, fmt.Sprintf("n=%d", n))+suffix(th))
				}
			}
		}
		for _, s := range benchcases.GemmTiny {
			for _, v := range impls(gemmPeers) {
				names = append(names, benchcases.Name("GemmTiny", v[0], v[1], "dtype="+dt, s.Key()))
			}
		}
		for _, n := range benchcases.ReLUSizes {
			for _, v := range impls([]string{"copy"}) {
				names = append(names, benchcases.Name("ReLU", v[0], v[1], "dtype="+dt, fmt.Sprintf("n=%d", n)))
			}
		}
		for _, s := range benchcases.SoftmaxShapes {
			for _, v := range impls(nil) {
				names = append(names, benchcases.Name("Softmax", v[0], v[1], "dtype="+dt, benchcases.SoftmaxKey(s[0], s[1])))
			}
		}
	}
	return names
}

func TestRunQuickResultsTxt(t *testing.T) {
	dir, _ := runQuick(t)
	f, err := os.Open(filepath.Join(dir, "results.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	units := map[string][]string{}
	r := benchfmt.NewReader(f, "results.txt")
	var experiments, unitLines int
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("results.txt: %v", rec)
		case *benchfmt.UnitMetadata:
			unitLines++
		case *benchfmt.Result:
			for _, key := range []string{"goos", "goarch", "cpu", "isa", "gomaxprocs", "go", "simdgrad"} {
				if rec.GetConfig(key) == "" {
					t.Errorf("%s: no %s configuration", rec.Name, key)
				}
			}
			name := rec.Name.String()
			var u []string
			for _, v := range rec.Values {
				if v.OrigUnit != "" { // the reader tidies ns/op into sec/op
					u = append(u, v.OrigUnit)
				} else {
					u = append(u, v.Unit)
				}
			}
			if strings.HasPrefix(name, "Factorise/") || strings.HasPrefix(name, "MLP/") {
				experiments++
				if u[0] != "ns/epoch" || !slices.Contains(u, "loss") {
					t.Errorf("%s: units %v, want ns/epoch and loss", name, u)
				}
				continue
			}
			if _, dup := units[name]; dup {
				t.Errorf("%s appears twice with -count 1", name)
			}
			units[name] = u
			if p := rec.GetConfig("gomaxprocs"); p != "1" && !strings.HasSuffix(name, "-"+p) || p == "1" && strings.HasSuffix(name, "-2") {
				t.Errorf("%s: gomaxprocs %s does not match the name's suffix", name, p)
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if unitLines == 0 {
		t.Error("no unit metadata lines")
	}
	res := readResults(t, filepath.Join(dir, "results.json"))
	peakKnown := len(res.Peaks) > 0 && res.Peaks[0].Known
	for _, name := range wantKernelNames() {
		u, ok := units[name]
		if !ok {
			t.Errorf("results.txt lacks %s", name)
			continue
		}
		want := []string{"ns/op", "MB/s"}
		switch {
		case strings.HasPrefix(name, "Gemm"):
			if peakKnown {
				want = append(want, "%peak")
			}
			want = append(want, "GFLOP/s")
		default:
			want = append(want, "ns/elem")
		}
		want = append(want, "B/op", "allocs/op")
		if !slices.Equal(u, want) {
			t.Errorf("%s: units %v, want %v", name, u, want)
		}
		delete(units, name)
	}
	for name := range units {
		t.Errorf("results.txt has an unexpected %s", name)
	}
	// Factorisation: 2 reductions × 2 epoch counts × 5 seeds + 5 float32
	// runs; MLP: 2 variants × 2 learning rates × 5 seeds + the digits.
	if experiments != 25+21 {
		t.Errorf("%d experiment lines, want 46", experiments)
	}
}

func readResults(t *testing.T, path string) *Results {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var res Results
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if dec.More() {
		t.Fatalf("%s: more than one JSON value", path)
	}
	return &res
}

func TestRunQuickResultsJSON(t *testing.T) {
	dir, _ := runQuick(t)
	res := readResults(t, filepath.Join(dir, "results.json"))
	if res.Schema != SchemaVersion || res.Started.IsZero() || time.Since(res.Started) > time.Hour {
		t.Errorf("schema %q, started %v", res.Schema, res.Started)
	}
	m := res.Machine
	if m.GOOS != runtime.GOOS || m.GOARCH != runtime.GOARCH || m.Go != runtime.Version() || m.ISA != kernels.ISA() ||
		!slices.Equal(m.ISAs, kernels.ISAs()) || m.LogicalCPUs != runtime.NumCPU() || m.CPU == "" || m.Version == "" {
		t.Errorf("machine: %+v", m)
	}
	if s := res.Settings; !s.Quick || s.Count != 1 || s.Benchtime != "1x" || !slices.Equal(s.Parts, parts) || s.Out != dir {
		t.Errorf("settings: %+v", s)
	}
	if len(res.Peaks) == 0 || res.Peaks[0].Threads != 1 {
		t.Fatalf("peaks: %+v", res.Peaks)
	}
	for _, p := range res.Peaks {
		if p.Known != (p.F32 > 0 && p.F64 > 0 && p.Loop != "") {
			t.Errorf("peak %+v: known and the rates disagree", p)
		}
	}
	names := wantKernelNames()
	if len(res.Kernels) != len(names) {
		t.Errorf("%d kernel measurements, want %d", len(res.Kernels), len(names))
	}
	for _, k := range res.Kernels {
		if !slices.Contains(names, k.Name) {
			t.Errorf("unexpected measurement %s", k.Name)
		}
		if len(k.Runs) != 1 || k.Runs[0].Iters != 1 || len(k.Runs[0].Values) < 4 {
			t.Errorf("%s: runs %+v, want one run of one call with its values", k.Name, k.Runs)
			continue
		}
		if v := k.Runs[0].Values[0]; v.Unit != "ns/op" || !(v.Value > 0) {
			t.Errorf("%s: first value %+v, want a positive ns/op", k.Name, v)
		}
		if (k.Shape != nil) != strings.HasPrefix(k.Kernel, "Gemm") || (k.Flops > 0) != (k.Shape != nil) || k.Bytes <= 0 {
			t.Errorf("%s: shape %v, flops %v, bytes %v", k.Name, k.Shape, k.Flops, k.Bytes)
		}
		if !strings.HasPrefix(k.Name, k.Kernel+"/impl="+k.Impl+"/isa="+k.ISA+"/dtype="+k.Dtype+"/") {
			t.Errorf("%s: fields kernel %s, impl %s, isa %s, dtype %s do not match the name", k.Name, k.Kernel, k.Impl, k.ISA, k.Dtype)
		}
	}
	f := res.Factorise
	if f == nil || len(f.Runs) != 25 || len(f.SingularValues) != 4 || f.Rank != 2 || len(f.Curves) != 2 || len(f.Curves[0].Y) != 2000 ||
		!strings.Contains(f.Divergence, "diverged") {
		t.Fatalf("factorise: %+v", f)
	}
	// The reference numbers of the design: σ = 25.09996, 6.013147, …; the
	// rank-2 optimum 15.204644, which sum-loss GD reaches by 2000 epochs.
	if d := f.SingularValues[0] - 25.09996; d*d > 1e-10 || f.SVDLoss < 15.2046435 || f.SVDLoss > 15.2046445 {
		t.Errorf("factorise: σ %v, SVD loss %v", f.SingularValues, f.SVDLoss)
	}
	for _, r := range f.Runs {
		if r.Reduction == "sum" && r.Epochs == 2000 && r.RelGap > 1e-6 || !(r.NsPerEpoch > 0) {
			t.Errorf("factorise run %+v", r)
		}
	}
	ml := res.MLP
	if ml == nil || len(ml.Iris) != 20 || len(ml.IrisMeans) != 4 || len(ml.Curves) != 6 {
		t.Fatalf("mlp: %+v", ml)
	}
	d := ml.Digits
	if len(d.Classes) != 10 || len(d.Confusion) != 10 || d.Run.Dtype != "f32" || !(d.Run.ValidAccuracy > 0.9) {
		t.Fatalf("digits: %+v", d)
	}
	total, correct := 0, 0
	for i, row := range d.Confusion {
		for j, n := range row {
			total += n
			if i == j {
				correct += n
			}
		}
	}
	if total != 360 || float64(correct)/360 != d.Run.ValidAccuracy {
		t.Errorf("confusion matrix holds %d rows, %d correct; want 360 and accuracy %v", total, correct, d.Run.ValidAccuracy)
	}
	for _, name := range []string{"results.txt", "results.json", "gemm.png", "factorise_loss.png", "factorise_projection.png", "mlp_loss.png", "mlp_accuracy.png"} {
		if !slices.Contains(res.Files, filepath.Join(dir, name)) {
			t.Errorf("files %v lack %s", res.Files, name)
		}
	}
}

func TestRunQuickPlots(t *testing.T) {
	dir, _ := runQuick(t)
	for name, size := range map[string][2]int{
		"gemm.png":                 {960, 400},
		"factorise_loss.png":       {672, 384},
		"factorise_projection.png": {960, 400},
		"mlp_loss.png":             {672, 384},
		"mlp_accuracy.png":         {672, 384},
	} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("%s is %d×%d, want %d×%d", name, b.Dx(), b.Dy(), size[0], size[1])
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in -out", e.Name())
		}
	}
}

// TestRunJSON checks that -json prints the document alone, the same as
// results.json, and that a part can be run on its own under a forced tier.
func TestRunJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the factorisation; skipped with -short")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"factorise", "-json", "-isa", "generic", "-out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if kernels.ISA() != startISA {
		t.Errorf("-isa generic was not undone: tier %s", kernels.ISA())
	}
	file, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), file) {
		t.Error("-json printed something other than results.json")
	}
	res := readResults(t, filepath.Join(dir, "results.json"))
	if res.Machine.ISA != "generic" || res.MLP != nil || len(res.Kernels) != 0 || res.Factorise == nil || !slices.Equal(res.Settings.Parts, []string{"factorise"}) {
		t.Errorf("factorise -isa generic: isa %s, parts %v, mlp %v, %d kernels", res.Machine.ISA, res.Settings.Parts, res.MLP, len(res.Kernels))
	}
	txt, err := os.ReadFile(filepath.Join(dir, "results.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(txt, []byte("isa: generic")) || !bytes.Contains(txt, []byte("BenchmarkFactorise/impl=simdgrad/isa=generic/dtype=f64/reduction=sum/epochs=1000/seed=0")) ||
		bytes.Contains(txt, []byte("BenchmarkMLP")) || bytes.Contains(txt, []byte("BenchmarkGemm")) {
		t.Errorf("results.txt of factorise -isa generic:\n%s", txt)
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-nosuchflag"},
		{"-run", "kernel"},
		{"-count", "0"},
		{"-count", "x"},
		{"-threads", "-1"},
		{"-isa", "nosuchtier"},
		{"-benchtime", "0s"},
		{"-benchtime", "0x"},
		{"-benchtime", "fast"},
		{"-out", ""},
		{"kernels", "nosuchpart"},
		{"nosuchcommand"},
		{"-quick", "-", "mlp"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if stdout.Len() != 0 {
			t.Errorf("%q: wrote to stdout: %q", args, stdout.String())
		}
		if !strings.Contains(stderr.String(), "Usage: bench") || !strings.Contains(stderr.String(), "-benchtime") {
			t.Errorf("%q: stderr lacks the usage:\n%s", args, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr); code != exitOK {
		t.Errorf("-h: exit %d", code)
	}
	for _, flag := range []string{"-quick", "-isa", "-threads", "-out", "-json", "-seed", "-count", "-benchtime", "-run"} {
		if !strings.Contains(stderr.String(), "\n  "+flag+" ") && !strings.Contains(stderr.String(), "\n  "+flag+"\n") {
			t.Errorf("-h does not document %s:\n%s", flag, stderr.String())
		}
	}
	for _, c := range commands {
		if !strings.Contains(stderr.String(), "  "+c.name+" ") {
			t.Errorf("-h does not list the command %s", c.name)
		}
	}
}

func TestParseReport(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		parts []string
	}{
		{nil, parts},
		{[]string{"all"}, parts},
		{[]string{"mlp", "kernels"}, []string{"kernels", "mlp"}},
		{[]string{"-quick", "factorise"}, []string{"factorise"}},
		{[]string{"kernels", "-quick", "mlp", "-count", "2"}, []string{"kernels", "mlp"}},
		{[]string{"-run", "mlp,factorise"}, []string{"factorise", "mlp"}},
	} {
		o, code, ok := parseReport(tc.args, &bytes.Buffer{})
		if !ok || code != exitOK || !slices.Equal(o.parts, tc.parts) {
			t.Errorf("%q: parts %v (ok %v, code %d), want %v", tc.args, o, ok, code, tc.parts)
		}
	}
	o, _, _ := parseReport([]string{"-quick"}, &bytes.Buffer{})
	if o.benchtime != (benchtime{d: quickBenchtime}) {
		t.Errorf("-quick: benchtime %v, want %v", o.benchtime.String(), quickBenchtime)
	}
	o, _, _ = parseReport([]string{"-quick", "-benchtime", "3x"}, &bytes.Buffer{})
	if o.benchtime != (benchtime{n: 3}) {
		t.Errorf("-quick -benchtime 3x: benchtime %v", o.benchtime.String())
	}
	o, _, _ = parseReport([]string{"kernels", "-count", "2"}, &bytes.Buffer{})
	if o.benchtime != (benchtime{d: defaultBenchtime}) || o.count != 2 || o.out != "out" {
		t.Errorf("defaults: %+v", o)
	}
}

// TestRunUnwritableOut checks that an -out that cannot be created is
// reported, naming it, before anything runs.
func TestRunUnwritableOut(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{file, filepath.Join(file, "sub")} {
		var stdout, stderr bytes.Buffer
		start := time.Now()
		if code := run([]string{"-out", out}, &stdout, &stderr); code != exitError {
			t.Errorf("-out %s: exit %d, want %d", out, code, exitError)
		}
		if stdout.Len() != 0 || !strings.Contains(stderr.String(), out) || strings.Contains(stderr.String(), "Usage") {
			t.Errorf("-out %s: stdout %q, stderr %q: want only an error naming the path", out, stdout.String(), stderr.String())
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("-out %s: the error took %v: was work done first?", out, time.Since(start))
		}
	}
}

// TestRunInterrupted cancels a run during the kernel part, as Ctrl-C
// does: it must stop with status 130 and leave no file in -out.
func TestRunInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	go func() { done <- runContext(ctx, []string{"-quick", "-out", dir}, &stdout, &stderr) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d; stderr %q", code, exitInterrupted, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("the run did not stop within a minute of the interrupt")
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say the run was interrupted", stderr.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("interrupted run left %s in -out", e.Name())
	}
	if kernels.ISA() != startISA || runtime.GOMAXPROCS(0) != startProcs {
		t.Errorf("tier %s, GOMAXPROCS %d not restored", kernels.ISA(), runtime.GOMAXPROCS(0))
	}
}

// TestProgress draws a part's line into a buffer as on a terminal, and
// checks that a non-terminal stderr gets none.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := &progress{w: &buf, now: func() time.Time { return now }}
	p.begin("kernels", 100)
	now = now.Add(time.Second)
	p.add(25)
	if got := buf.String(); !strings.Contains(got, "\r\x1b[Kkernels    [######..................]  25%  about 3s left") {
		t.Errorf("progress line %q", got)
	}
	now = now.Add(50 * time.Millisecond)
	buf.Reset()
	p.add(25)
	if buf.Len() != 0 {
		t.Errorf("redrawn within 100ms: %q", buf.String())
	}
	now = now.Add(3 * time.Second)
	p.end()
	if got := buf.String(); !strings.HasSuffix(got, "100%  done in 4.05s\n") {
		t.Errorf("final line %q", got)
	}

	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	q := newProgress(f)
	q.begin("kernels", 1)
	q.add(1)
	q.end()
	q.abort()
	if st, err := f.Stat(); err != nil || st.Size() != 0 {
		t.Errorf("progress wrote %d bytes to a file (err %v)", st.Size(), err)
	}
}

func TestBenchtime(t *testing.T) {
	for s, want := range map[string]benchtime{"100ms": {d: 100 * time.Millisecond}, "2s": {d: 2 * time.Second}, "7x": {n: 7}} {
		var b benchtime
		if err := b.Set(s); err != nil || b != want || b.String() != s {
			t.Errorf("Set(%q): %v, %v, String %q", s, b, err, b.String())
		}
	}
	for _, s := range []string{"", "0", "0s", "-1s", "0x", "-3x", "x", "fast"} {
		var b benchtime
		if err := b.Set(s); err == nil {
			t.Errorf("Set(%q) accepted: %v", s, b)
		}
	}
}

func TestMeasure(t *testing.T) {
	calls := 0
	s, err := measure(context.Background(), func() { calls++ }, benchtime{n: 5})
	if err != nil || s.iters != 5 || calls != 6 {
		t.Errorf("5x: %+v, %v, %d calls; want 5 timed calls after one warm-up", s, err, calls)
	}
	calls = 0
	s, err = measure(context.Background(), func() { calls++ }, benchtime{d: time.Millisecond})
	if err != nil || s.iters < 1 || calls <= s.iters || s.elapsed < time.Millisecond || s.allocs != 0 {
		t.Errorf("1ms: %+v, %v, %d calls", s, err, calls)
	}
	var sink []byte
	s, _ = measure(context.Background(), func() { sink = make([]byte, 64<<10) }, benchtime{n: 10})
	if s.allocs != 1 || s.bytes < 64<<10 {
		t.Errorf("allocations: %+v, want 1 of at least 64 KiB per call", s)
	}
	_ = sink
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls = 0
	if _, err := measure(ctx, func() { calls++ }, benchtime{n: 1}); err == nil || calls != 0 {
		t.Errorf("cancelled: %v, %d calls", err, calls)
	}
	for _, tc := range []struct {
		iters   int
		elapsed time.Duration
		want    int
	}{
		{1, time.Millisecond, 100},      // at most 100 times as many
		{10, 50 * time.Millisecond, 24}, // 20% over the prediction
		{1000, time.Second, 1001},       // at least one more
	} {
		if got := nextIters(sample{iters: tc.iters, elapsed: tc.elapsed}, 100*time.Millisecond); got != tc.want {
			t.Errorf("nextIters(%d in %v) = %d, want %d", tc.iters, tc.elapsed, got, tc.want)
		}
	}
}

// TestSchemaDocumented checks that the package documentation lists every
// field of results.json.
func TestSchemaDocumented(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[Results]().PkgPath() {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !strings.Contains(doc, name) {
				t.Errorf("%s.%s (json %q) is not in the package documentation", typ.Name(), f.Name, name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Results]())
	if !strings.Contains(doc, SchemaVersion) {
		t.Errorf("the documentation does not name the schema %s", SchemaVersion)
	}
}
