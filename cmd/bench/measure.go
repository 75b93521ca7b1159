package main

import (
	"context"
	"runtime"
	"time"
)

// A sample is one measurement of a kernel: iters calls in elapsed time.
type sample struct {
	iters   int
	elapsed time.Duration
	allocs  int64 // heap allocations per call, rounded down as go test does
	bytes   int64 // heap bytes allocated per call
}

// nsPerOp is the mean time of one call in nanoseconds.
func (s sample) nsPerOp() float64 { return float64(s.elapsed.Nanoseconds()) / float64(s.iters) }

// timed calls f n times and measures the calls.
func timed(f func(), n int) sample {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for range n {
		f()
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return sample{
		iters:   n,
		elapsed: elapsed,
		allocs:  int64(after.Mallocs-before.Mallocs) / int64(n),
		bytes:   int64(after.TotalAlloc-before.TotalAlloc) / int64(n),
	}
}

// measure times f as go test times a benchmark, after one untimed call
// that warms up caches, page mappings, buffer pools and worker goroutines.
// With a fixed count it then times bt.n calls; with a duration, runs of
// growing length, each predicted from the last, until one lasts bt.d (a
// single call if that is enough). It returns the context's error, without
// a sample, if ctx is done before a run; a run in progress is not
// interrupted.
func measure(ctx context.Context, f func(), bt benchtime) (sample, error) {
	if err := ctx.Err(); err != nil {
		return sample{}, err
	}
	f()
	if err := ctx.Err(); err != nil {
		return sample{}, err
	}
	if bt.n > 0 {
		return timed(f, bt.n), nil
	}
	s := timed(f, 1)
	for s.elapsed < bt.d {
		if err := ctx.Err(); err != nil {
			return sample{}, err
		}
		s = timed(f, nextIters(s, bt.d))
	}
	return s, nil
}

// nextIters predicts the number of calls that last goal from the last run,
// with go test's margins: 20% more, at most 100 times as many, at least one
// more, and at most 10⁹.
func nextIters(last sample, goal time.Duration) int {
	prev := int64(last.iters)
	ns := max(last.elapsed.Nanoseconds(), 1)
	n := goal.Nanoseconds() * prev / ns
	n += n / 5
	n = min(n, 100*prev)
	n = max(n, prev+1)
	n = min(n, 1e9)
	return int(n)
}
