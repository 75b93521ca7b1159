package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// Tests of the worker pool, the thread cap and the buffers that outlive
// garbage collections. Several run under the race detector in make test
// (test-race), with sizes that keep it short.

func TestSetMaxThreads(t *testing.T) {
	defer SetMaxThreads(SetMaxThreads(0))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	g := &gemmKernel[float32]{mr: 6, nr: 16, parallelMin: 1000}
	for _, c := range []struct{ limit, want int }{{0, 4}, {1, 1}, {2, 2}, {4, 4}, {9, 4}, {-3, 4}} {
		SetMaxThreads(c.limit)
		if got := threads(); got != c.want {
			t.Errorf("SetMaxThreads(%d): threads() = %d, want %d", c.limit, got, c.want)
		}
		// A product worth 100 slabs splits into at most threads() slabs
		// of whole tiles that cover C exactly.
		for _, mn := range [][2]int{{600, 20}, {20, 600}, {7, 7}, {601, 600}} {
			m, n := mn[0], mn[1]
			slabs, step, byRows := g.split(m, n, 100*g.parallelMin)
			extent, tile := m, g.mr
			if !byRows {
				extent, tile = n, g.nr
			}
			if slabs < 1 || slabs > c.want || step%tile != 0 || (slabs-1)*step >= extent || slabs*step < extent {
				t.Errorf("SetMaxThreads(%d), %d×%d: %d slabs of %d (byRows=%v)", c.limit, m, n, slabs, step, byRows)
			}
		}
	}
	if prev := SetMaxThreads(3); prev != 0 {
		t.Errorf("SetMaxThreads after SetMaxThreads(-3) returned %d, want 0 (the default)", prev)
	}
	if prev := SetMaxThreads(0); prev != 3 {
		t.Errorf("SetMaxThreads returned %d, want 3", prev)
	}
}

// blocker is a pool job that holds a worker until hold is closed.
type blocker struct {
	started chan<- struct{}
	hold    <-chan struct{}
}

func (b blocker) work()    { b.started <- struct{}{}; <-b.hold }
func (b blocker) release() {}

// busyPool keeps every pool worker busy until the returned function is
// called.
func busyPool(t *testing.T) (free func()) {
	t.Helper()
	startWorkers(runtime.GOMAXPROCS(0) - 1)
	workersMu.Lock()
	n := workerCount
	workersMu.Unlock()
	started := make(chan struct{})
	hold := make(chan struct{})
	for range n {
		helpWanted <- blocker{started: started, hold: hold}
	}
	for range n {
		<-started
	}
	return func() { close(hold) }
}

// TestGemmCallerDoesNotWaitForBusyPool runs products large enough to be
// split while every worker of the pool is held by another job: the caller
// computes all of them itself. (Waiting for a worker would hang here until
// the test binary's timeout.)
func TestGemmCallerDoesNotWaitForBusyPool(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	free := busyPool(t)
	defer free()
	r := rand.New(rand.NewPCG(31, 32))
	for _, tr := range tiers {
		g := variant(tr.f64.gemm, gemmVariant{parallel: true})
		if slabs, _, _ := g.split(70, 50, 70*50*40); slabs < 2 {
			t.Fatalf("isa=%s: the product is not split (%d slab)", tr.name, slabs)
		}
		checkGemmKernel(t, g, r, false, true, 70, 50, 40, 1, 0.5, 1, harness.End)
		checkGemmKernel(t, variant(tr.f32.gemm, gemmVariant{kc: 7, mc: -2, nc: -2, noSmall: true, parallel: true}),
			r, true, false, 33, 60, 20, -1, 0, 0, harness.Start)
	}
}

// TestGemmThreadCapIsSerial: with SetMaxThreads(1), products that would be
// split run on the calling goroutine alone and ask the pool for nothing.
func TestGemmThreadCapIsSerial(t *testing.T) {
	defer SetMaxThreads(SetMaxThreads(1))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	free := busyPool(t)
	defer free()
	r := rand.New(rand.NewPCG(33, 34))
	for _, tr := range tiers {
		g := variant(tr.f32.gemm, gemmVariant{parallel: true})
		if slabs, _, _ := g.split(300, 300, 300*300*300); slabs != 1 {
			t.Fatalf("isa=%s: %d slabs under SetMaxThreads(1)", tr.name, slabs)
		}
		checkGemmKernel(t, g, r, true, false, 90, 40, 30, 1, 0, 0, harness.Start)
	}
	if n := len(helpWanted); n != 0 {
		t.Errorf("%d calls for help were posted under SetMaxThreads(1)", n)
	}
}

// TestGemmWorkspacesSurviveGC: the packing workspaces, parallel jobs and
// the direct and dot kernels' buffers are kept across garbage collections,
// so a product after a collection allocates nothing.
func TestGemmWorkspacesSurviveGC(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are unreliable with -short's reduced work")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	shapes := []struct {
		m, n, k        int
		transA, transB bool
		what           string
	}{
		{300, 300, 300, false, false, "blocked, parallel"},
		{100, 80, 90, true, true, "blocked"},
		{150, 12, 400, false, true, "direct, transposed B in chunks"},
		{300, 2, 1000, false, false, "dot kernel, pooled Bᵀ"},
	}
	for _, tr := range tiers {
		for _, s := range shapes {
			g := variant(tr.f64.gemm, gemmVariant{})
			if s.what == "blocked" {
				g.small = nil
			}
			a, b, c := make([]float64, s.m*s.k), make([]float64, s.k*s.n), make([]float64, s.m*s.n)
			lda, ldb := s.k, s.n
			if s.transA {
				lda = s.m
			}
			if s.transB {
				ldb = s.k
			}
			f := func() {
				runtime.GC()
				gemm(g, s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, s.n)
			}
			f()
			if allocs := testing.AllocsPerRun(5, f); allocs != 0 {
				t.Errorf("isa=%s %s %d×%d·%d×%d: %v allocations per product after a GC", tr.name, s.what, s.m, s.k, s.k, s.n, allocs)
			}
		}
	}
}

// TestGemmConcurrentCapChanges runs parallel products from several
// goroutines while another changes the thread cap (for -race).
func TestGemmConcurrentCapChanges(t *testing.T) {
	defer SetMaxThreads(SetMaxThreads(0))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	stop := make(chan struct{})
	capDone := make(chan struct{})
	go func() {
		defer close(capDone)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				SetMaxThreads(i % 5)
				runtime.Gosched()
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 35))
			for _, tr := range tiers {
				g := variant(tr.f32.gemm, gemmVariant{kc: 17, mc: -2, nc: -2, noSmall: w == 0, forceDirect: w == 2, parallel: true})
				for it := range 3 {
					m, n, k := 40+7*w+it, 33+w, 29
					if w == 1 {
						m, n = n, m
					}
					if err := gemmError(g, r, w == 2, it == 1, m, n, k); err != nil {
						errs <- fmt.Errorf("isa=%s goroutine %d: %v", tr.name, w, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-capDone
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// gemmError runs one random product through g and compares it with the
// oracle, for goroutines other than the test's.
func gemmError[T Float](g *gemmKernel[T], r *rand.Rand, transA, transB bool, m, n, k int) error {
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	a, b, c := make([]T, m*k), make([]T, k*n), make([]T, m*n)
	harness.Fill(r, a, 1, 0)
	harness.Fill(r, b, 1, 0)
	harness.Fill(r, c, 1, 0)
	want, scale := gemmRef(transA, transB, m, n, k, 1, a, lda, b, ldb, 0.5, c, n)
	gemm(g, transA, transB, m, n, k, 1, a, lda, b, ldb, 0.5, c, n)
	for i := range want {
		if !harness.WithinSum(c[i], want[i], scale[i], float64(2*(k+2))) {
			return fmt.Errorf("%d×%d·%d×%d transA=%v transB=%v: C[%d] = %v, want %v", m, k, k, n, transA, transB, i, c[i], want[i])
		}
	}
	return nil
}

// TestParityShapesSplit checks that the parallel shapes of
// TestGemmParity really take the parallel path on every SIMD tier with two
// threads: the first in bands of rows, the second in bands of columns.
func TestParityShapesSplit(t *testing.T) {
	defer SetMaxThreads(SetMaxThreads(0))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, tr := range tiers {
		if tr.f32.gemm.parallelMin == 0 {
			continue // a tier that never splits
		}
		check := func(dtype string, split func(m, n, work int) (int, int, bool)) {
			for i, s := range [][3]int{{270, 250, 260}, {70, 700, 350}} {
				slabs, _, byRows := split(s[0], s[1], s[0]*s[1]*s[2])
				if slabs < 2 || byRows != (i == 0) {
					t.Errorf("isa=%s dtype=%s: %d×%d·%d×%d: %d slabs, by rows %v; TestGemmParity's comment says it splits by %s",
						tr.name, dtype, s[0], s[2], s[2], s[1], slabs, byRows, []string{"rows", "columns"}[i])
				}
			}
		}
		check("f32", tr.f32.gemm.split)
		check("f64", tr.f64.gemm.split)
	}
}
