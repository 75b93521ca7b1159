package kernels

import "sync"

// gemmJob is one parallel product, split into slabs of C: bands of step
// rows when byRows, else bands of step columns. Slabs are independent
// products, each packing its own panels, so no two goroutines write the same
// memory.
type gemmJob[T Float] struct {
	g              *gemmKernel[T]
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int
	byRows         bool
	step           int
	direct         bool // slabs run g.small instead of the blocked path
	wg             sync.WaitGroup
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
	if j.direct {
		j.g.small(j.transA, j.transB, m, n, j.k, j.alpha, a, j.lda, b, j.ldb, j.beta, c, j.ldc)
		return
	}
	ws := j.g.workspace(m, n, j.k)
	gemmSerial(j.g, ws, j.transA, j.transB, m, n, j.k, j.alpha, a, j.lda, b, j.ldb, j.beta, c, j.ldc)
	j.g.workspaces.Put(ws)
}

// slabRunner is a parallel job seen by the worker pool, which serves both
// element types.
type slabRunner interface {
	runSlab(s int)
	done()
}

func (j *gemmJob[T]) done() { j.wg.Done() }

type slabTask struct {
	job  slabRunner
	slab int
}

var (
	slabTasks   = make(chan slabTask)
	workersMu   sync.Mutex
	workerCount int
)

// startWorkers makes sure at least n pool goroutines are running. They live
// for the rest of the program, blocked on a channel when idle.
func startWorkers(n int) {
	workersMu.Lock()
	for ; workerCount < n; workerCount++ {
		go func() {
			for t := range slabTasks {
				t.job.runSlab(t.slab)
				t.job.done()
			}
		}()
	}
	workersMu.Unlock()
}
