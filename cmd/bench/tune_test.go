package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
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

// TestConfirm: confirm alternates the two blockings, keeps each one's best
// round and the median of the rounds' ratios, and stops at an error.
func TestConfirm(t *testing.T) {
	inUse, best := tuneConfig{kc: 8, mc: 6, nc: 16}, tuneConfig{kc: 16, mc: 6, nc: 16}
	rates := map[tuneConfig][]float64{inUse: {10, 12, 11, 9}, best: {11, 12, 14, 9}}
	var order []tuneConfig
	rate := func(c tuneConfig) (float64, error) {
		order = append(order, c)
		r := rates[c][0]
		rates[c] = rates[c][1:]
		return r, nil
	}
	r, err := confirm(tuneResult{inUse: inUse, best: best, inUseRate: 99, bestRate: 99}, 4, rate)
	if err != nil {
		t.Fatal(err)
	}
	// The rounds' ratios are 1.1, 1, 14/11 and 1: the median is 1.05.
	if r.inUseRate != 12 || r.bestRate != 14 || math.Abs(r.medianRatio-1.05) > 1e-12 {
		t.Errorf("confirm: in use %v, best %v, median ratio %v; want 12, 14, 1.05", r.inUseRate, r.bestRate, r.medianRatio)
	}
	for i, c := range order {
		if want := []tuneConfig{inUse, best}[i%2]; c != want {
			t.Errorf("measurement %d: %v, want %v (the two alternating)", i, c, want)
		}
	}
	if len(order) != 8 {
		t.Errorf("%d measurements, want 8", len(order))
	}
	calls := 0
	_, err = confirm(r, 4, func(tuneConfig) (float64, error) {
		if calls++; calls == 3 {
			return 0, context.Canceled
		}
		return 1, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 3 {
		t.Errorf("after an error: %v after %d calls, want context.Canceled after 3", err, calls)
	}
}
