package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

// TestTune runs the sweep on a small product: every configuration is
// measured and printed, the summary names the blocking in use, and the
// blocking is restored afterwards.
func TestTune(t *testing.T) {
	before32, before64 := kernels.GemmBlocking[float32](), kernels.GemmBlocking[float64]()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"tune", "-n", "40", "-rounds", "1", "-benchtime", "2x"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"GEMM f32", "GEMM f64", "in use", "Summary", "n=40", "caches"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	b := kernels.GemmBlocking[float32]()
	inUse := fmt.Sprintf("kc=%d mc=%d nc=%d", b.KC, b.MC, b.NC)
	if !strings.Contains(out, inUse) {
		t.Errorf("output does not name the blocking in use, %s:\n%s", inUse, out)
	}
	// 16 configurations per type at most (the blocking in use, 5 kc, 6 mc,
	// 3 nc, one combination), each a table row.
	if rows := strings.Count(out, "\n"); rows < 2*10 {
		t.Errorf("only %d lines:\n%s", rows, out)
	}
	if kernels.GemmBlocking[float32]() != before32 || kernels.GemmBlocking[float64]() != before64 {
		t.Errorf("tune left the blocking changed: %v, %v", kernels.GemmBlocking[float32](), kernels.GemmBlocking[float64]())
	}
}

func TestTuneUsage(t *testing.T) {
	for _, args := range [][]string{
		{"tune", "-nosuchflag"},
		{"tune", "-n", "0"},
		{"tune", "-n", "x"},
		{"tune", "-dtype", "f16"},
		{"tune", "-rounds", "0"},
		{"tune", "-threads", "0"},
		{"tune", "-isa", "nosuchtier"},
		{"tune", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(stderr.String(), "Usage: bench tune") {
			t.Errorf("%q: stderr lacks the usage:\n%s", args, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"tune", "-h"}, &stdout, &stderr); code != exitOK || !strings.Contains(stderr.String(), "-rounds") {
		t.Errorf("tune -h: exit %d\n%s", code, stderr.String())
	}
}
