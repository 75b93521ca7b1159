package peak

import (
	"fmt"
	"runtime"
	"slices"
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
// its own OS thread, for about d per element type. Each goroutine runs
// chunks of about 50µs back to back and takes the 90th percentile of its
// chunks' rates: chunks that an interrupt or another process slowed fall
// below it, and so do the rare fast chunks of a hardware thread whose
// sibling on the same core (sharing its FMA units) was briefly idle. The
// peak is the sum over the goroutines.
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
	p.F32 = rate(threads, d, loops.run32, loops.flops32)
	p.F64 = rate(threads, d, loops.run64, loops.flops64)
	return p
}

// chunkTime is the target duration of one chunk of iterations.
const chunkTime = 50 * time.Microsecond

// rate returns the rate in GFLOP/s of run on threads goroutines for about
// d, as Measure describes.
func rate(threads int, d time.Duration, run func(n int) float64, flopsPerIter float64) float64 {
	// Calibrate: double n until a call takes a fifth of a chunk, then
	// scale.
	n := 1 << 6
	for {
		start := time.Now()
		run(n)
		if el := time.Since(start); el >= chunkTime/5 || n >= 1<<30 {
			n = max(1, int(float64(n)*float64(chunkTime)/float64(max(el, 1))))
			break
		}
		n *= 2
	}

	rates := make([][]float64, threads)
	start := make(chan struct{})
	var done sync.WaitGroup
	for t := range rates {
		done.Add(1)
		go func() {
			defer done.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			<-start
			deadline := time.Now().Add(d)
			for {
				t0 := time.Now()
				run(n)
				t1 := time.Now()
				rates[t] = append(rates[t], float64(n)*flopsPerIter/max(t1.Sub(t0), 1).Seconds())
				if t1.After(deadline) {
					return
				}
			}
		}()
	}
	close(start)
	done.Wait()
	var sum float64
	for _, r := range rates {
		slices.Sort(r)
		sum += r[len(r)*9/10]
	}
	return sum / 1e9
}
