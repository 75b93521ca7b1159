//go:build !purego

package peak

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestFMALoop checks the loops' arithmetic: n iterations of x·y added into
// every lane of twelve accumulators sum to 12·lanes·n·x·y, exact here.
func TestFMALoop(t *testing.T) {
	if !loops.available {
		t.Skip("CPU lacks AVX or FMA3")
	}
	for _, n := range []int{-3, 0, 1, 2, 7, 1000} {
		want := float64(max(n, 0))
		if got := fmaLoopF32(n, 2, 0.75); float64(got) != 96*1.5*want {
			t.Errorf("fmaLoopF32(%d, 2, 0.75) = %v, want %v", n, got, 96*1.5*want)
		}
		if got := fmaLoopF64(n, -2, 0.75); got != -48*1.5*want {
			t.Errorf("fmaLoopF64(%d, -2, 0.75) = %v, want %v", n, got, -48*1.5*want)
		}
	}
	if got := loops.run32(10); got != 960 {
		t.Errorf("run32(10) = %v, want 960", got)
	}
	if got := loops.run64(10); got != 480 {
		t.Errorf("run64(10) = %v, want 480", got)
	}
}

// TestRequiresCovered checks that the CPU features Avo lists for each
// generated function are among those the loops are gated on, and that every
// RET follows a VZEROUPPER (no AVX-SSE transition penalty for the caller).
func TestRequiresCovered(t *testing.T) {
	src, err := os.ReadFile("peak_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	var gate []string
	for _, f := range features {
		gate = append(gate, f.String())
	}
	text := regexp.MustCompile(`^TEXT\s+·(\w+)\(SB\)`)
	var funcs, prev, requires string
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if r, ok := strings.CutPrefix(line, "// Requires:"); ok {
			requires = r
			continue
		}
		if m := text.FindStringSubmatch(line); m != nil {
			funcs += m[1] + " "
			if requires == "" {
				t.Errorf("line %d: %s has no Requires comment", i+1, m[1])
			}
			for _, r := range strings.Split(requires, ",") {
				if r = strings.TrimSpace(r); !slices.Contains(gate, r) {
					t.Errorf("line %d: %s requires %s, which the gate %v does not check", i+1, m[1], r, gate)
				}
			}
			requires = ""
		}
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		if line == "RET" && prev != "VZEROUPPER" {
			t.Errorf("line %d: RET after %q, want VZEROUPPER", i+1, prev)
		}
		prev = line
	}
	if funcs != "fmaLoopF32 fmaLoopF64 " {
		t.Errorf("functions found: %q, want fmaLoopF32 and fmaLoopF64", funcs)
	}
}
