// Command mca models the throughput of the SIMD tiers' GEMM micro-kernels
// with llvm-mca, for CPUs we cannot run on:
//
//	go run ./mca -arm64 kernels-arm64.test -amd64 kernels-amd64.test
//
// (make mca builds the two test binaries and runs this). For each
// micro-kernel it disassembles the function from the test binary
// (aarch64-linux-gnu-objdump or objdump), takes its inner loop (from the
// target of the first backward branch to that branch, the unrolled k loop)
// and runs llvm-mca on it for each scheduling model, with
// -bottleneck-analysis. The loop's FMA instructions alone, run through the
// same model, give the model's own bound for the loop: the cycles its FMA
// pipes need per iteration (its block reciprocal throughput). The table
// reports cycles per iteration against that bound, the ratio, and what the
// model names as the bottleneck.
//
// LLVM gives several CPUs the scheduling model of another (in LLVM 15,
// neoverse-n1 that of the Cortex-A57, neoverse-v1 that of the Neoverse
// N2, apple-m1 that of Cyclone): the table names the model each CPU's
// resources come from, so a verdict is read as that model's.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

var (
	arm64Bin   = flag.String("arm64", "", "arm64 test binary of the kernels package")
	amd64Bin   = flag.String("amd64", "", "amd64 test binary of the kernels package")
	llvmMCA    = flag.String("llvm-mca", "llvm-mca-15", "llvm-mca command")
	objdumpA64 = flag.String("objdump-arm64", "aarch64-linux-gnu-objdump", "objdump for arm64")
	objdumpX86 = flag.String("objdump-amd64", "objdump", "objdump for amd64")
	iterations = flag.Int("iterations", 500, "iterations of the loop to simulate")
	details    = flag.String("details", "", "write each llvm-mca report to files in `directory`")
)

// arch describes one architecture's kernels and models.
type arch struct {
	name, bin, objdump, triple string
	abi                        string // symbol suffix of assembly functions
	fma                        *regexp.Regexp
	kernels                    []string
	cpus                       []string
}

func main() {
	flag.Parse()
	archs := []arch{
		{
			name: "arm64", bin: *arm64Bin, objdump: *objdumpA64, triple: "aarch64", abi: ".abi0",
			fma:     regexp.MustCompile(`^fmla\b`),
			kernels: []string{"gemmMicroF32", "gemmMicroF64"},
			cpus: []string{"neoverse-n1", "neoverse-n2", "neoverse-v1", "apple-m1", "cortex-a57", "cortex-a72",
				"cortex-a55", "cortex-a53", "a64fx", "thunderx2t99", "tsv110", "ampere1"},
		},
		{
			name: "amd64", bin: *amd64Bin, objdump: *objdumpX86, triple: "x86_64", abi: ".abi0",
			fma:     regexp.MustCompile(`^vfmadd`),
			kernels: []string{"gemmMicroF32", "gemmMicroF64"},
			cpus:    []string{"znver3", "znver2", "skylake"},
		},
	}
	fmt.Println("| arch | kernel | -mcpu | scheduling model | FMAs/iter | cycles/iter | FMA bound | ratio | bottleneck (llvm-mca) |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	failed := false
	for _, a := range archs {
		if a.bin == "" {
			continue
		}
		for _, k := range a.kernels {
			loop, err := innerLoop(a, k)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				failed = true
				continue
			}
			var fmas []string
			for _, ins := range loop {
				if a.fma.MatchString(ins) {
					fmas = append(fmas, ins)
				}
			}
			for _, cpu := range a.cpus {
				r, err := model(a, cpu, loop, true)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					failed = true
					continue
				}
				bound, err := model(a, cpu, fmas, false)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					failed = true
					continue
				}
				if *details != "" {
					name := fmt.Sprintf("%s/%s-%s-%s.txt", *details, a.name, k, cpu)
					if err := os.WriteFile(name, []byte(r.report), 0o644); err != nil {
						fmt.Fprintln(os.Stderr, err)
						failed = true
					}
				}
				fmt.Printf("| %s | %s | %s | %s | %d | %.1f | %.1f | %.2f | %s |\n", a.name, k, cpu, r.model,
					len(fmas), r.cycles, bound.rthroughput, r.cycles/bound.rthroughput, r.bottleneck)
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

var insnLine = regexp.MustCompile(`^\s*([0-9a-f]+):\s+(.*)$`)
var target = regexp.MustCompile(`\b([0-9a-f]+) <[^>]*>`)

// innerLoop returns the instructions of kernel's first loop: from the
// target of its first backward branch to that branch, the branch's target
// replaced by the label "loop".
func innerLoop(a arch, kernel string) ([]string, error) {
	sym := "github.com/simdgrad/simdgrad/kernels." + kernel + a.abi
	out, err := exec.Command(a.objdump, "-d", "--no-show-raw-insn", "--disassemble="+sym, a.bin).Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", a.objdump, sym, err)
	}
	type insn struct {
		addr uint64
		text string
	}
	var code []insn
	for _, l := range strings.Split(string(out), "\n") {
		m := insnLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		addr, _ := strconv.ParseUint(m[1], 16, 64)
		text := strings.Join(strings.Fields(m[2]), " ")
		code = append(code, insn{addr, text})
	}
	if len(code) == 0 {
		return nil, fmt.Errorf("%s: no instructions in %s", sym, a.bin)
	}
	for i, c := range code {
		m := target.FindStringSubmatch(c.text)
		if m == nil {
			continue
		}
		t, _ := strconv.ParseUint(m[1], 16, 64)
		if t >= c.addr {
			continue
		}
		for j := i; j >= 0; j-- {
			if code[j].addr == t {
				var loop []string
				for _, d := range code[j : i+1] {
					loop = append(loop, d.text)
				}
				loop[len(loop)-1] = target.ReplaceAllString(loop[len(loop)-1], "loop")
				return loop, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: no backward branch", sym)
}

// result is what one llvm-mca run reports.
type result struct {
	cycles      float64 // per iteration
	rthroughput float64 // Block RThroughput
	model       string  // the scheduling model the CPU's resources belong to
	bottleneck  string
	report      string
}

var (
	totalCycles = regexp.MustCompile(`Total Cycles:\s+(\d+)`)
	blockRT     = regexp.MustCompile(`Block RThroughput:\s+([0-9.]+)`)
	resource    = regexp.MustCompile(`(?m)^\[\d+\]\s+-\s+(\S+)`)
	pressure    = regexp.MustCompile(`(?m)^\s+(Resource Pressure|Data Dependencies):?\s+\[\s*([0-9.]+)%\s*\]`)
	unitShare   = regexp.MustCompile(`(?m)^\s+-\s+(\S+)\s+\[\s*([0-9.]+)%\s*\]`)
)

// model runs llvm-mca for cpu on the instructions.
func model(a arch, cpu string, insns []string, analyse bool) (result, error) {
	src := "loop:\n\t" + strings.Join(insns, "\n\t") + "\n"
	args := []string{"-mtriple=" + a.triple, "-mcpu=" + cpu, fmt.Sprintf("-iterations=%d", *iterations)}
	if analyse {
		args = append(args, "-bottleneck-analysis")
	}
	cmd := exec.Command(*llvmMCA, args...)
	cmd.Stdin = strings.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s %s: %v\n%s", *llvmMCA, strings.Join(args, " "), err, stderr.String())
	}
	rep := stdout.String()
	var r result
	r.report = stderr.String() + rep
	if m := totalCycles.FindStringSubmatch(rep); m != nil {
		c, _ := strconv.ParseFloat(m[1], 64)
		r.cycles = c / float64(*iterations)
	}
	if m := blockRT.FindStringSubmatch(rep); m != nil {
		r.rthroughput, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := resource.FindStringSubmatch(rep); m != nil {
		r.model = modelOf(m[1])
	}
	if !analyse {
		return r, nil
	}
	switch {
	case strings.Contains(stderr.String(), "not supported for in-order"):
		r.bottleneck = "in-order model: no analysis"
	case strings.Contains(rep, "No resource or data dependency bottlenecks discovered"):
		r.bottleneck = "none found"
	default:
		var parts []string
		for _, m := range pressure.FindAllStringSubmatch(rep, -1) {
			if v, _ := strconv.ParseFloat(m[2], 64); v >= 1 {
				parts = append(parts, fmt.Sprintf("%s %s%%", strings.ToLower(m[1]), m[2]))
			}
		}
		var units []string
		for _, m := range unitShare.FindAllStringSubmatch(rep, -1) {
			if v, _ := strconv.ParseFloat(m[2], 64); v >= 5 && !strings.Contains(m[1], "Dependencies") {
				units = append(units, m[1])
			}
		}
		r.bottleneck = strings.Join(parts, ", ")
		if len(units) > 0 {
			r.bottleneck += " (" + strings.Join(units, ", ") + ")"
		}
	}
	return r, nil
}

// modelOf names the scheduling model a resource name belongs to.
func modelOf(res string) string {
	for _, p := range []struct{ prefix, model string }{
		{"A57Unit", "Cortex-A57"}, {"A53Unit", "Cortex-A53"}, {"CortexA55Unit", "Cortex-A55"},
		{"N2Unit", "Neoverse N2"}, {"CyUnit", "Cyclone"}, {"A64FX", "A64FX"}, {"THX2T99", "ThunderX2"},
		{"TSV110", "TSV110"}, {"Ampere1", "Ampere1"}, {"M5Pipe", "Exynos M5"},
		{"Zn3", "Zen 3"}, {"Zn", "Zen 2"}, {"SKL", "Skylake"},
	} {
		if strings.HasPrefix(res, p.prefix) {
			return p.model
		}
	}
	return res
}
