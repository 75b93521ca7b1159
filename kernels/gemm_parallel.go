package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// maxThreads is the cap set by SetMaxThreads; 0 means GOMAXPROCS.
var maxThreads atomic.Int64

// SetMaxThreads caps at n the goroutines one Gemm call uses, the calling
// goroutine included, and returns the previous cap. n = 1 makes every
// product run on its caller, for programs that parallelise at a higher
// level (a server running one product per request, say); n ≤ 0 restores
// the default, GOMAXPROCS at the time of each call, which is also the
// upper bound of any cap. The previous cap is returned as set (0 for the
// default). It is safe to call concurrently with products; a product
// already running keeps the split it started with.
func SetMaxThreads(n int) (previous int) {
	return int(maxThreads.Swap(int64(max(n, 0))))
}

// threads returns how many goroutines a product may use now.
func threads() int {
	n := runtime.GOMAXPROCS(0)
	if c := int(maxThreads.Load()); c > 0 && c < n {
		n = c
	}
	return n
}

// gemmJob is one parallel product, split into slabs of C: bands of step
// rows when byRows, else bands of step columns. Slabs are independent
// products, each packing its own panels, so no two goroutines write the same
// memory.
//
// Slabs are claimed one at a time from next by the calling goroutine and by
// any pool workers that answer its call for help. The caller never waits
// for a worker to become free: it claims whatever slabs no one else has,
// and then waits only for the slabs others are running. A worker that
// answers late finds nothing left to claim. The job goes back to its free
// list when the caller and every worker it asked have let go of it (refs).
type gemmJob[T Float] struct {
	g              *gemmKernel[T]
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int
	byRows         bool
	step           int
	path           gemmPath // how each slab is computed
	slabs          int

	next    atomic.Int64   // the next slab to claim
	running sync.WaitGroup // slabs claimed and not yet finished
	refs    atomic.Int64   // the caller and the workers asked to help
}

// work claims and runs slabs until none is left.
func (j *gemmJob[T]) work() {
	for {
		s := int(j.next.Add(1)) - 1
		if s >= j.slabs {
			return
		}
		j.runSlab(s)
		j.running.Done()
	}
}

// release drops one reference; the last one returns the job to its free
// list, without the caller's slices.
func (j *gemmJob[T]) release() {
	if j.refs.Add(-1) != 0 {
		return
	}
	g := j.g
	j.a, j.b, j.c, j.g = nil, nil, nil, nil
	g.jobs.put(j)
}

// run computes the product on the calling goroutine and as many pool
// workers as are idle, up to slabs goroutines in all.
func (j *gemmJob[T]) run() {
	j.next.Store(0)
	j.running.Add(j.slabs)
	j.refs.Store(1)
	startWorkers(j.slabs - 1)
	for range j.slabs - 1 {
		j.refs.Add(1)
		select {
		case helpWanted <- j:
			continue
		default:
		}
		j.refs.Add(-1) // every worker is busy: the caller does the rest
		break
	}
	j.work()
	j.running.Wait()
	j.release()
}

func (j *gemmJob[T]) runSlab(s int) {
	m, n := j.m, j.n
	a, b, c := j.a, j.b, j.c
	if j.byRows {
		r0 := s * j.step
		m = min(j.step, m-r0)
		if j.transA {
			a = a[r0:]
		} else {
			a = a[r0*j.lda:]
		}
		c = c[r0*j.ldc:]
	} else {
		c0 := s * j.step
		n = min(j.step, n-c0)
		if j.transB {
			b = b[c0*j.ldb:]
		} else {
			b = b[c0:]
		}
		c = c[c0:]
	}
	j.g.run(j.path, j.transA, j.transB, m, n, j.k, j.alpha, a, j.lda, b, j.ldb, j.beta, c, j.ldc)
}

// helper is a parallel job seen by the worker pool, which serves both
// element types.
type helper interface {
	work()
	release()
}

// helpWanted carries calls for help from callers to the pool's workers.
// Callers send without blocking: when it is full, they do the work
// themselves. A call that a worker takes after its product is done costs
// that worker a look at the job's slab counter.
var helpWanted = make(chan helper, 64)

var (
	workersMu   sync.Mutex
	workerCount int
)

// startWorkers makes sure at least n pool goroutines are running. They live
// for the rest of the program, blocked on a channel when idle.
func startWorkers(n int) {
	workersMu.Lock()
	for ; workerCount < n; workerCount++ {
		go func() {
			for j := range helpWanted {
				j.work()
				j.release()
			}
		}()
	}
	workersMu.Unlock()
}

// freeList is a bounded stack of reusable objects. Unlike a sync.Pool it
// keeps them across garbage collections, so that packing buffers of
// megabytes are not allocated again after every collection.
type freeList[E any] struct {
	mu    sync.Mutex
	items []*E
}

// get returns an object from the list, or nil if it is empty.
func (f *freeList[E]) get() *E {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.items)
	if n == 0 {
		return nil
	}
	x := f.items[n-1]
	f.items[n-1] = nil
	f.items = f.items[:n-1]
	return x
}

// put returns x to the list. The list keeps at most GOMAXPROCS + 4
// objects, enough for every goroutine that can run a product at once and
// a few callers more; the rest are left to the garbage collector.
func (f *freeList[E]) put(x *E) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.items) < runtime.GOMAXPROCS(0)+4 {
		f.items = append(f.items, x)
	}
}
