package peak

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Peak is a measured FMA peak.
type Peak struct {
	// Known reports whether this build has an FMA loop for this CPU. If
	// not, F32 and F64 are 0.
	Known bool
	// Loop describes the instructions measured, such as "256-bit FMA3".
	Loop string
	// Threads is the number of threads that ran the loop at once.
	Threads int
	// F32 and F64 are the float32 and float64 peaks in GFLOP/s (10⁹
	// floating-point operations per second, a fused multiply-add counting
	// two), summed over the threads.
	F32, F64 float64
}

// String formats p for a report, as in "1 thread: 124.3 GFLOP/s float32,
// 62.1 GFLOP/s float64 (256-bit FMA3)".
func (p Peak) String() string {
	threads := fmt.Sprintf("%d threads", p.Threads)
	if p.Threads == 1 {
		threads = "1 thread"
	}
	if !p.Known {
		return threads + ": peak unknown (no FMA loop for this CPU and build)"
	}
	return fmt.Sprintf("%s: %.1f GFLOP/s float32, %.1f GFLOP/s float64 (%s)", threads, p.F32, p.F64, p.Loop)
}

// loopSet is one architecture's FMA loops. run32 and run64 run n
// iterations and return the loop's result.
type loopSet struct {
	available        bool
	name             string
	run32, run64     func(n int) float64
	flops32, flops64 float64 // per iteration
}

// Measure runs the FMA loop on threads goroutines at once, each locked to
// its own OS thread, for about d per element type, and returns the best
// rate of all rounds: in each round every goroutine runs the same number of
// iterations (about a millisecond's worth), and the round's rate is their
// total work over the round's wall time. The best round is the peak, since
// interruptions by other processes only ever slow a round down.
//
// threads should not exceed GOMAXPROCS, or the goroutines take turns and
// the result is the peak of GOMAXPROCS threads. Measure panics if threads
// is less than 1.
func Measure(threads int, d time.Duration) Peak {
	if threads < 1 {
		panic(fmt.Sprintf("peak.Measure: threads = %d, need at least 1", threads))
	}
	p := Peak{Threads: threads}
	if !loops.available {
		return p
	}
	p.Known = true
	p.Loop = loops.name
	p.F32 = best(threads, d, loops.run32, loops.flops32)
	p.F64 = best(threads, d, loops.run64, loops.flops64)
	return p
}

// roundTime is the target duration of one round.
const roundTime = time.Millisecond

// best returns the best rate in GFLOP/s of rounds of run on threads
// goroutines for about d.
func best(threads int, d time.Duration, run func(n int) float64, flopsPerIter float64) float64 {
	// Calibrate on this goroutine: double n until a call takes a tenth
	// of a round, then scale.
	n := 1 << 8
	for {
		start := time.Now()
		run(n)
		if el := time.Since(start); el >= roundTime/10 || n >= 1<<30 {
			n = max(1, int(float64(n)*float64(roundTime)/float64(max(el, 1))))
			break
		}
		n *= 2
	}

	start := make([]chan struct{}, threads)
	var done sync.WaitGroup
	for t := range start {
		start[t] = make(chan struct{})
		go func(c chan struct{}) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for range c {
				run(n)
				done.Done()
			}
		}(start[t])
	}
	defer func() {
		for _, c := range start {
			close(c)
		}
	}()

	var bestRound time.Duration
	for began := time.Now(); bestRound == 0 || time.Since(began) < d; {
		done.Add(threads)
		t0 := time.Now()
		for _, c := range start {
			c <- struct{}{}
		}
		done.Wait()
		if el := time.Since(t0); bestRound == 0 || el < bestRound {
			bestRound = el
		}
	}
	return float64(threads) * float64(n) * flopsPerIter / bestRound.Seconds() / 1e9
}
