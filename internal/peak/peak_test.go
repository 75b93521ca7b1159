package peak

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestMeasure(t *testing.T) {
	for _, threads := range []int{1, 2} {
		p := Measure(threads, 2*time.Millisecond)
		if p.Threads != threads {
			t.Errorf("Measure(%d).Threads = %d", threads, p.Threads)
		}
		if p.Known != loops.available {
			t.Errorf("Measure(%d).Known = %v, want %v (loops available)", threads, p.Known, loops.available)
		}
		if !p.Known {
			if p.F32 != 0 || p.F64 != 0 || p.Loop != "" {
				t.Errorf("unknown peak %+v has rates or a loop name", p)
			}
			if !strings.Contains(p.String(), "peak unknown") {
				t.Errorf("String() = %q, want it to say the peak is unknown", p.String())
			}
			continue
		}
		for _, r := range []float64{p.F32, p.F64} {
			if !(r > 0) || math.IsInf(r, 0) {
				t.Errorf("Measure(%d) = %+v: rates must be positive and finite", threads, p)
			}
		}
		if p.Loop == "" || !strings.Contains(p.String(), p.Loop) {
			t.Errorf("Measure(%d) = %+v, String() = %q: want the loop named", threads, p, p.String())
		}
	}
}

func TestMeasurePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "threads = 0") {
			t.Errorf("Measure(0, …) recovered %v, want a panic naming threads", r)
		}
	}()
	Measure(0, time.Millisecond)
}

func TestString(t *testing.T) {
	p := Peak{Known: true, Loop: "256-bit FMA3", Threads: 1, F32: 124.25, F64: 62.125}
	if got, want := p.String(), "1 thread: 124.2 GFLOP/s float32, 62.1 GFLOP/s float64 (256-bit FMA3)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := (Peak{Threads: 2}).String(), "2 threads: peak unknown (no FMA loop for this CPU and build)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
