//go:build !purego

package kernels

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/cpuid/v2"
)

// Static checks of the generated assembly: every *_amd64.s file in this
// package (the Avo output of ../asm/...), whoever generated it. They run on
// any amd64 machine; nothing is executed.

// asmFunc is one TEXT function of an assembly file.
type asmFunc struct {
	file, name  string
	line        int      // of the TEXT directive
	requires    []string // from Avo's "// Requires: A, B" comment; nil if none
	hasRequires bool
	body        []asmLine // instructions and labels, in order
}

type asmLine struct {
	line     int
	label    string // "name" for a "name:" line, else ""
	mnemonic string
	operands string
}

var textName = regexp.MustCompile(`^TEXT\s+[^·]*·([A-Za-z0-9_]+)\(SB\)`)

// parseAsm splits Go assembly source into its TEXT functions.
func parseAsm(file, src string) []*asmFunc {
	var funcs []*asmFunc
	var cur *asmFunc
	var pending []string
	pendingSet := false
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		if req, ok := strings.CutPrefix(line, "// Requires:"); ok {
			pending, pendingSet = nil, true
			for _, f := range strings.Split(req, ",") {
				if f = strings.TrimSpace(f); f != "" {
					pending = append(pending, f)
				}
			}
			continue
		}
		if c := strings.Index(line, "//"); c >= 0 {
			line = strings.TrimSpace(line[:c])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := textName.FindStringSubmatch(line); m != nil {
			cur = &asmFunc{file: file, name: m[1], line: i + 1, requires: pending, hasRequires: pendingSet}
			funcs = append(funcs, cur)
			pending, pendingSet = nil, false
			continue
		}
		f := strings.Fields(line)
		if f[0] == "DATA" || f[0] == "GLOBL" {
			cur = nil
			continue
		}
		if cur == nil {
			continue
		}
		if strings.HasSuffix(line, ":") && len(f) == 1 {
			cur.body = append(cur.body, asmLine{line: i + 1, label: strings.TrimSuffix(line, ":")})
			continue
		}
		cur.body = append(cur.body, asmLine{line: i + 1, mnemonic: f[0], operands: strings.TrimSpace(strings.TrimPrefix(line, f[0]))})
	}
	return funcs
}

// generatedAsm parses every *_amd64.s file of the package.
func generatedAsm(t *testing.T) []*asmFunc {
	t.Helper()
	files, err := filepath.Glob("*_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no *_amd64.s files found")
	}
	var funcs []*asmFunc
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fs := parseAsm(f, string(src))
		if len(fs) == 0 {
			t.Errorf("%s: no TEXT functions found", f)
		}
		funcs = append(funcs, fs...)
	}
	return funcs
}

// isaFeatures maps the extension names Avo writes in "Requires:" comments
// to cpuid features. Extensions in amd64Baseline need no check: every
// amd64 CPU has them (GOAMD64=v1 includes SSE and SSE2, and Go itself
// needs them). Note that baseline does not mean allowed in a kernel: legacy
// SSE encodings are rejected by TestAVX2NoLegacySSE regardless.
var (
	isaFeatures = map[string]cpuid.FeatureID{
		"ADX": cpuid.ADX, "AES": cpuid.AESNI, "AVX": cpuid.AVX, "AVX2": cpuid.AVX2,
		"AVX512BW": cpuid.AVX512BW, "AVX512CD": cpuid.AVX512CD, "AVX512DQ": cpuid.AVX512DQ,
		"AVX512ER": cpuid.AVX512ER, "AVX512F": cpuid.AVX512F, "AVX512IFMA": cpuid.AVX512IFMA,
		"AVX512VBMI": cpuid.AVX512VBMI, "AVX512VL": cpuid.AVX512VL, "AVX512VPOPCNTDQ": cpuid.AVX512VPOPCNTDQ,
		"BMI": cpuid.BMI1, "BMI2": cpuid.BMI2, "F16C": cpuid.F16C,
		"FMA3": cpuid.FMA3, "LZCNT": cpuid.LZCNT, "MMX+": cpuid.MMXEXT, "MOVBE": cpuid.MOVBE,
		"PCLMULQDQ": cpuid.CLMUL, "POPCNT": cpuid.POPCNT, "RDRAND": cpuid.RDRAND, "RDSEED": cpuid.RDSEED,
		"RDTSCP": cpuid.RDTSCP, "SHA": cpuid.SHA, "SSE3": cpuid.SSE3, "SSE4.1": cpuid.SSE4,
		"SSE4.2": cpuid.SSE42, "SSSE3": cpuid.SSSE3,
	}
	amd64Baseline = []string{"SSE", "SSE2", "CMOV", "CPUID", "RDTSC", "CLFLUSH"}

	// Avo lists the prefetch hints PREFETCHT0…PREFETCHNTA (and SFENCE)
	// under "MMX+" (AMD's MMX extensions, cpuid.MMXEXT, which Intel CPUs do
	// not report), but they are also SSE instructions, so every amd64 CPU
	// has them. A function's "MMX+" is accepted as baseline when it
	// prefetches and no instruction names an MMX register: the MMX+
	// instructions that are not SSE (PAVGB, PSHUFW, MOVNTQ, … on MMX
	// registers) all name one.
	prefetchHints = []string{"PREFETCHT0", "PREFETCHT1", "PREFETCHT2", "PREFETCHNTA"}
	mmxReg        = regexp.MustCompile(`\bM[0-7]\b`)
)

// mmxExtIsPrefetch reports whether f's "MMX+" requirement comes from
// prefetch hints alone (see prefetchHints).
func mmxExtIsPrefetch(f *asmFunc) bool {
	prefetches := false
	for _, l := range f.body {
		if mmxReg.MatchString(l.operands) {
			return false
		}
		prefetches = prefetches || slices.Contains(prefetchHints, l.mnemonic)
	}
	return prefetches
}

// requiresProblems checks every function's Requires list against the
// features the tier's dispatch guard checks.
func requiresProblems(funcs []*asmFunc, guard []cpuid.FeatureID) []string {
	var bad []string
	for _, f := range funcs {
		usesVEX := slices.ContainsFunc(f.body, func(l asmLine) bool { return strings.HasPrefix(l.mnemonic, "V") })
		if usesVEX && !f.hasRequires {
			bad = append(bad, fmt.Sprintf("%s:%d %s: uses VEX instructions but has no \"// Requires:\" comment", f.file, f.line, f.name))
		}
		for _, isa := range f.requires {
			if slices.Contains(amd64Baseline, isa) || isa == "MMX+" && mmxExtIsPrefetch(f) {
				continue
			}
			id, ok := isaFeatures[isa]
			switch {
			case !ok:
				bad = append(bad, fmt.Sprintf("%s:%d %s: requires unknown extension %q (add it to isaFeatures, and to the guard if used)", f.file, f.line, f.name, isa))
			case !slices.Contains(guard, id):
				bad = append(bad, fmt.Sprintf("%s:%d %s: requires %s, which avx2Features does not check (SIGILL on CPUs without it)", f.file, f.line, f.name, isa))
			}
		}
	}
	return bad
}

var (
	wideReg   = regexp.MustCompile(`\b[YZ](1[0-9]|2[0-9]|3[01]|[0-9])\b`)
	vecReg    = regexp.MustCompile(`\b[XYZ](1[0-9]|2[0-9]|3[01]|[0-9])\b`)
	legacySSE = func() map[string]bool {
		m := map[string]bool{}
		for _, op := range []string{"ADD", "SUB", "MUL", "DIV", "MAX", "MIN", "SQRT", "RCP", "RSQRT", "CMP",
			"AND", "ANDN", "OR", "XOR", "MOVU", "MOVA", "UNPCKL", "UNPCKH", "SHUF", "HADD", "HSUB", "ADDSUB",
			"BLEND", "BLENDV", "ROUND", "DP", "MOVNT", "MOVH", "MOVL", "MOVMSK"} {
			for _, ty := range []string{"PS", "PD", "SS", "SD"} {
				m[op+ty] = true
			}
		}
		for _, s := range []string{"MOVHLPS", "MOVLHPS", "MOVSHDUP", "MOVSLDUP", "MOVDDUP", "MOVOU", "MOVO", "MOVOA",
			"MOVDQU", "MOVDQA", "PXOR", "PAND", "PANDN", "POR", "PADDB", "PADDW", "PADDD", "PADDL", "PADDQ",
			"PSUBB", "PSUBW", "PSUBD", "PSUBL", "PSUBQ", "PSLLW", "PSLLD", "PSLLL", "PSLLQ", "PSLLO", "PSRLW",
			"PSRLD", "PSRLL", "PSRLQ", "PSRLO", "PSRAW", "PSRAD", "PSRAL", "PSHUFD", "PSHUFL", "PSHUFB",
			"PCMPEQB", "PCMPEQW", "PCMPEQL", "PCMPEQQ", "PCMPGTB", "PCMPGTW", "PCMPGTL", "PMULLD", "PMULLW",
			"PMULULQ", "PUNPCKLLQ", "PUNPCKHLQ", "PUNPCKLQDQ", "PUNPCKHQDQ", "CVTSS2SD", "CVTSD2SS",
			"CVTSL2SS", "CVTSQ2SS", "CVTSL2SD", "CVTSQ2SD", "CVTTSS2SL", "CVTTSD2SL", "CVTTSS2SQ", "CVTTSD2SQ",
			"CVTPS2PD", "CVTPD2PS", "CVTPL2PS", "CVTPS2PL", "CVTTPS2PL", "CVTPL2PD", "COMISS", "COMISD",
			"UCOMISS", "UCOMISD", "PINSRD", "PINSRQ", "PEXTRD", "PEXTRQ", "INSERTPS", "EXTRACTPS"} {
			m[s] = true
		}
		return m
	}()
)

// vzeroupperProblems checks that every function touching YMM (or ZMM)
// registers executes VZEROUPPER right before each RET, with no label in
// between that a jump could enter by.
func vzeroupperProblems(funcs []*asmFunc) []string {
	var bad []string
	for _, f := range funcs {
		wide := slices.ContainsFunc(f.body, func(l asmLine) bool { return wideReg.MatchString(l.operands) })
		if !wide {
			continue
		}
		rets := 0
		for i, l := range f.body {
			if l.mnemonic != "RET" {
				continue
			}
			rets++
			if i == 0 || f.body[i-1].mnemonic != "VZEROUPPER" {
				bad = append(bad, fmt.Sprintf("%s:%d %s: RET not directly preceded by VZEROUPPER, but the function uses YMM registers", f.file, l.line, f.name))
			}
		}
		if rets == 0 {
			bad = append(bad, fmt.Sprintf("%s:%d %s: no RET found", f.file, f.line, f.name))
		}
	}
	return bad
}

// legacySSEProblems rejects legacy SSE encodings: a known SSE mnemonic, or
// any instruction without the V (VEX) prefix that names an XMM/YMM
// register (MOVQ X0, AX is SSE2, for example).
func legacySSEProblems(funcs []*asmFunc) []string {
	var bad []string
	for _, f := range funcs {
		for _, l := range f.body {
			if l.mnemonic == "" {
				continue
			}
			if legacySSE[l.mnemonic] || !strings.HasPrefix(l.mnemonic, "V") && vecReg.MatchString(l.operands) {
				bad = append(bad, fmt.Sprintf("%s:%d %s: legacy SSE instruction %s %s (use the VEX form)", f.file, l.line, f.name, l.mnemonic, l.operands))
			}
		}
	}
	return bad
}

var evexReg = regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z(1[0-9]|2[0-9]|3[01]|[0-9])|K[0-7])\b`)

// evexProblems rejects registers only AVX-512 (EVEX) encodings can name:
// X16–X31, Y16–Y31, ZMM and mask registers. Avo's allocator hands out
// X16–X31 when more than 16 vector registers are live.
func evexProblems(funcs []*asmFunc) []string {
	var bad []string
	for _, f := range funcs {
		for _, l := range f.body {
			if r := evexReg.FindString(l.operands); r != "" {
				bad = append(bad, fmt.Sprintf("%s:%d %s: %s %s uses %s, which needs AVX-512", f.file, l.line, f.name, l.mnemonic, l.operands, r))
			}
		}
	}
	return bad
}

func reportProblems(t *testing.T, bad []string) {
	t.Helper()
	for _, b := range bad {
		t.Error(b)
	}
}

// TestAVX2RequiresCovered checks that every extension an avx2-tier
// assembly function needs is checked by the tier's dispatch guard.
func TestAVX2RequiresCovered(t *testing.T) {
	funcs := generatedAsm(t)
	reportProblems(t, requiresProblems(funcs, avx2Features))
	seen := map[string]bool{}
	for _, f := range funcs {
		for _, r := range f.requires {
			seen[r] = true
		}
	}
	if len(seen) == 0 {
		t.Fatal("no Requires comments found: is the parser broken?")
	}
	t.Logf("%d functions; extensions required: %v; guard: %v", len(funcs), slices.Sorted(func(yield func(string) bool) {
		for k := range seen {
			if !yield(k) {
				return
			}
		}
	}), avx2Features)
}

func TestAVX2VZEROUPPERBeforeRET(t *testing.T) {
	reportProblems(t, vzeroupperProblems(generatedAsm(t)))
}

func TestAVX2NoLegacySSE(t *testing.T) {
	reportProblems(t, legacySSEProblems(generatedAsm(t)))
}

func TestAVX2NoEVEXRegisters(t *testing.T) {
	reportProblems(t, evexProblems(generatedAsm(t)))
}

// TestAsmCheckersCatchMistakes feeds the checkers the mistakes they exist
// to catch, so that a parser change cannot make them pass vacuously.
func TestAsmCheckersCatchMistakes(t *testing.T) {
	const src = `// func bad1(x []float32)
// Requires: AVX, AVX512F
TEXT ·bad1(SB), NOSPLIT, $0-24
	VMOVUPS (AX), Y0
	MOVSS   (AX), X1
	MOVQ    X1, BX
done:
	RET

// func bad2()
// Requires: AVX, FANCY9
TEXT ·bad2(SB), NOSPLIT, $0
	VXORPS Y0, Y0, Y0
	VADDPS Y16, Y1, Y1
	VZEROUPPER
done:
	RET

// func good()
// Requires: AVX, FMA3
TEXT ·good(SB), NOSPLIT, $0
	VFMADD231PS Y1, Y2, Y3
	VMOVSS      (AX), X1
	MOVQ        AX, BX
	VZEROUPPER
	RET

// func bad3()
TEXT ·bad3(SB), NOSPLIT, $0
	VADDSS X0, X1, X1
	RET

// func prefetch()
// Requires: AVX, MMX+
TEXT ·prefetch(SB), NOSPLIT, $0
	PREFETCHT0 (AX)
	VXORPS     Y0, Y0, Y0
	VZEROUPPER
	RET

// func mmxext()
// Requires: MMX+
TEXT ·mmxext(SB), NOSPLIT, $0
	PREFETCHT0 (AX)
	PAVGB      M0, M1
	RET

// func mmxext2()
// Requires: MMX+
TEXT ·mmxext2(SB), NOSPLIT, $0
	PSHUFW $0, (AX), M1
	RET

DATA c<>+0(SB)/4, $0x3f800000
GLOBL c<>(SB), RODATA|NOPTR, $4
`
	funcs := parseAsm("test.s", src)
	if len(funcs) != 7 {
		t.Fatalf("parsed %d functions, want 7", len(funcs))
	}
	count := func(bad []string, fn string) int {
		n := 0
		for _, b := range bad {
			if strings.Contains(b, " "+fn+":") {
				n++
			}
		}
		return n
	}
	req := requiresProblems(funcs, avx2Features)
	vz := vzeroupperProblems(funcs)
	sse := legacySSEProblems(funcs)
	evex := evexProblems(funcs)
	for _, c := range []struct {
		what string
		bad  []string
		fn   string
		want int
	}{
		{"Requires", req, "bad1", 1}, {"Requires", req, "bad2", 1}, {"Requires", req, "bad3", 1}, {"Requires", req, "good", 0},
		{"Requires", req, "prefetch", 0}, {"Requires", req, "mmxext", 1}, {"Requires", req, "mmxext2", 1},
		{"VZEROUPPER", vz, "bad1", 1}, {"VZEROUPPER", vz, "bad2", 1}, {"VZEROUPPER", vz, "good", 0}, {"VZEROUPPER", vz, "bad3", 0},
		{"legacy SSE", sse, "bad1", 2}, {"legacy SSE", sse, "good", 0}, {"legacy SSE", sse, "bad2", 0},
		{"EVEX", evex, "bad2", 1}, {"EVEX", evex, "good", 0}, {"EVEX", evex, "bad1", 0},
	} {
		if got := count(c.bad, c.fn); got != c.want {
			t.Errorf("%s check on %s: %d problems, want %d: %q", c.what, c.fn, got, c.want, c.bad)
		}
	}
}
