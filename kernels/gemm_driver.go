package kernels

import (
	"runtime"
	"sync"
)

// gemmKernel is one tier's matrix-multiply engine for one element type: a
// register-tile micro-kernel and the cache blocking around it, in the
// structure of BLIS (Van Zee and van de Geijn, 2015). The driver below packs
// B into kc×nr panels and A into mr×kc panels, so the micro-kernel reads
// both contiguously, and loops nc → kc → mc around it.
type gemmKernel[T Float] struct {
	mr, nr int // register tile of C computed by one micro call
	kc     int // depth of a packed panel; kc·nr elements of B stay in L1
	mc     int // rows of A packed at once; mc·kc elements stay in L2
	nc     int // columns of B packed at once; kc·nc elements stay in L3

	// micro computes the full mr×nr tile c = alpha·Ap·Bp + beta·c, where
	// Ap[p*mr+i] and Bp[p*nr+j] for p < kc are the packed panels and c
	// holds the tile with leading dimension ldc. It must not read c when
	// beta is 0.
	micro func(kc int, a, b, c []T, ldc int, alpha, beta T)

	// small, if not nil, computes products of at most smallMax
	// multiply-adds directly from the unpacked operands.
	small    func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	smallMax int

	workspaces sync.Pool // *gemmWorkspace[T]
	jobs       sync.Pool // *gemmJob[T]
}

// gemmWorkspace holds the packing buffers of one goroutine.
type gemmWorkspace[T Float] struct {
	a, b, tile []T
}

func (g *gemmKernel[T]) workspace() *gemmWorkspace[T] {
	if ws, ok := g.workspaces.Get().(*gemmWorkspace[T]); ok {
		return ws
	}
	return &gemmWorkspace[T]{
		a:    make([]T, roundUp(g.mc, g.mr)*g.kc),
		b:    make([]T, roundUp(g.nc, g.nr)*g.kc),
		tile: make([]T, g.mr*g.nr),
	}
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// parallelMinWork is the number of multiply-adds below which a product runs
// on one goroutine: handing work to another costs a few microseconds.
const parallelMinWork = 96 * 96 * 96

func gemm[T Float](g *gemmKernel[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleMatrix(beta, c, m, n, ldc)
		return
	}
	work := m * n * k
	if g.small != nil && work <= g.smallMax {
		g.small(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	slabs := min(runtime.GOMAXPROCS(0), work/parallelMinWork)
	byRows := m >= n
	var step int
	if byRows {
		slabs = min(slabs, (m+g.mr-1)/g.mr)
		step = roundUp((m+slabs-1)/max(slabs, 1), g.mr)
	} else {
		slabs = min(slabs, (n+g.nr-1)/g.nr)
		step = roundUp((n+slabs-1)/max(slabs, 1), g.nr)
	}
	if slabs <= 1 {
		ws := g.workspace()
		gemmSerial(g, ws, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		g.workspaces.Put(ws)
		return
	}
	j, _ := g.jobs.Get().(*gemmJob[T])
	if j == nil {
		j = new(gemmJob[T])
	}
	*j = gemmJob[T]{g: g, transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
		byRows: byRows, step: step}
	// The calling goroutine takes the first slab; the pool the others.
	n0 := (m + step - 1) / step
	if !byRows {
		n0 = (n + step - 1) / step
	}
	startWorkers(n0 - 1)
	j.wg.Add(n0 - 1)
	for s := 1; s < n0; s++ {
		slabTasks <- slabTask{job: j, slab: s}
	}
	j.runSlab(0)
	j.wg.Wait()
	*j = gemmJob[T]{} // drop references to the caller's slices
	g.jobs.Put(j)
}

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
	ws := j.g.workspace()
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

// gemmSerial runs the blocked product on the calling goroutine.
func gemmSerial[T Float](g *gemmKernel[T], ws *gemmWorkspace[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	mr, nr := g.mr, g.nr
	for jc := 0; jc < n; jc += g.nc {
		nc := min(g.nc, n-jc)
		for pc := 0; pc < k; pc += g.kc {
			kc := min(g.kc, k-pc)
			packB(ws.b, b, ldb, transB, pc, jc, kc, nc, nr)
			bet := beta
			if pc > 0 {
				bet = 1
			}
			for ic := 0; ic < m; ic += g.mc {
				mc := min(g.mc, m-ic)
				packA(ws.a, a, lda, transA, ic, pc, mc, kc, mr)
				for jr := 0; jr < nc; jr += nr {
					nt := min(nr, nc-jr)
					bp := ws.b[jr*kc : (jr+nr)*kc]
					for ir := 0; ir < mc; ir += mr {
						mt := min(mr, mc-ir)
						ap := ws.a[ir*kc : (ir+mr)*kc]
						ct := c[(ic+ir)*ldc+jc+jr:]
						if mt == mr && nt == nr {
							g.micro(kc, ap, bp, ct, ldc, alpha, bet)
							continue
						}
						// Edge tile: compute the whole padded tile aside
						// and store only the part inside C.
						g.micro(kc, ap, bp, ws.tile, nr, 1, 0)
						for i := 0; i < mt; i++ {
							crow := ct[i*ldc : i*ldc+nt]
							trow := ws.tile[i*nr : i*nr+nt]
							if bet == 0 {
								for j, v := range trow {
									crow[j] = alpha * v
								}
							} else {
								for j, v := range trow {
									crow[j] = alpha*v + bet*crow[j]
								}
							}
						}
					}
				}
			}
		}
	}
}

// packA copies the mc×kc block of op(A) at (ic, pc) into panels of mr rows:
// element (i, p) of panel q lands at dst[q*mr*kc + p*mr + i]. Rows past mc
// are zero.
func packA[T Float](dst, a []T, lda int, transA bool, ic, pc, mc, kc, mr int) {
	for ir := 0; ir < mc; ir += mr {
		mt := min(mr, mc-ir)
		panel := dst[ir*kc : (ir+mr)*kc]
		if transA {
			for p := 0; p < kc; p++ {
				src := a[(pc+p)*lda+ic+ir:]
				d := panel[p*mr : p*mr+mr]
				copy(d, src[:mt])
				clear(d[mt:])
			}
			continue
		}
		for i := 0; i < mt; i++ {
			src := a[(ic+ir+i)*lda+pc:]
			src = src[:kc]
			for p, v := range src {
				panel[p*mr+i] = v
			}
		}
		for i := mt; i < mr; i++ {
			for p := 0; p < kc; p++ {
				panel[p*mr+i] = 0
			}
		}
	}
}

// packB copies the kc×nc block of op(B) at (pc, jc) into panels of nr
// columns: element (p, j) of panel q lands at dst[q*nr*kc + p*nr + j].
// Columns past nc are zero.
func packB[T Float](dst, b []T, ldb int, transB bool, pc, jc, kc, nc, nr int) {
	for jr := 0; jr < nc; jr += nr {
		nt := min(nr, nc-jr)
		panel := dst[jr*kc : (jr+nr)*kc]
		if !transB {
			for p := 0; p < kc; p++ {
				src := b[(pc+p)*ldb+jc+jr:]
				d := panel[p*nr : p*nr+nr]
				copy(d, src[:nt])
				clear(d[nt:])
			}
			continue
		}
		for j := 0; j < nt; j++ {
			src := b[(jc+jr+j)*ldb+pc:]
			src = src[:kc]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
		for j := nt; j < nr; j++ {
			for p := 0; p < kc; p++ {
				panel[p*nr+j] = 0
			}
		}
	}
}

// scaleMatrix sets C = beta·C without reading C when beta is 0.
func scaleMatrix[T Float](beta T, c []T, m, n, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
