package kernels

import (
	"math"
	"math/bits"
	"unsafe"
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

	// defaults are the tier's measured kc, mc and nc, used where the CPU
	// does not describe its caches; blockingSource says where kc, mc and
	// nc come from (see setBlocking).
	defaults       blocking
	blockingSource string

	// micro computes the full mr×nr tile c = alpha·Ap·Bp + beta·c, where
	// Ap[p*mr+i] and Bp[p*nr+j] for p < kc are the packed panels and c
	// holds the tile with leading dimension ldc. Each panel is followed by
	// at least gemmSlack more elements of its slice. It must not read c
	// when beta is 0.
	micro func(kc int, a, b, c []T, ldc int, alpha, beta T)

	// micros, if not nil, computes tiles full tiles one above the other,
	// as micro does for each: from consecutive A panels starting at a and
	// the one B panel b, into c, c[mr*ldc:], ….
	micros func(tiles, kc int, a, b, c []T, ldc int, alpha, beta T)

	// microsRow, if not nil, computes tiles full tiles side by side, as
	// micro does for each: from the one A panel a and consecutive B panels
	// starting at b, into c, c[nr:], …. The driver then computes products
	// of a single k block (k ≤ kc) whose packed B block has at most
	// rowBlockMax elements a row of tiles at a time (tilesByRow).
	microsRow func(tiles, kc int, a, b, c []T, ldc int, alpha, beta T)
	// rowBlockMax is half of this core's share of L2, in elements: a row
	// of tiles reads the whole packed B block, which must stay in L2.
	rowBlockMax int

	// edge, if not nil, computes the top-left mt×nt part of a tile (an
	// edge tile, mt ≤ mr, nt ≤ nr) from packed panels, as micro does,
	// touching nothing of c outside it.
	edge func(mt, nt, kc int, a, b, c []T, ldc int, alpha, beta T)

	// small, if not nil, computes products directly from the unpacked
	// operands: those of at most smallMax multiply-adds, and those with
	// m ≤ smallM or n ≤ smallN (see path).
	small          func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	smallMax       int
	smallM, smallN int
	// directMinSets is the fewest L1 sets the rows of a B read in place
	// must spread over for small to read it in place for a C of at most
	// smallM rows, rather than from B packed (see readsInPlaceWell); l1 is
	// the L1 geometry that decides it.
	directMinSets int
	l1            l1Geometry

	// packAN and packBT, if not nil, are the tier's packing routines for
	// the two packings that transpose: a full panel of mr rows of a
	// row-major A, and of nr rows of a transposed B (see packA and packB).
	// They pack the first chunks·packStep k steps and return that number;
	// packAN may write up to gemmSlack elements past its panel.
	packAN, packBT func(chunks int, src []T, ld int, dst []T) int
	packStep       int
	// packAT and packBN, if not nil, copy the kc contiguous runs of a full
	// panel of a transposed A or a row-major B (see copyRuns).
	packAT, packBN func(kc int, src []T, ld int, dst []T)
	// packBNBlock, if not nil, packs panels full panels of a row-major B
	// at once (see packB).
	packBNBlock func(kc, panels int, src []T, ld int, dst []T)

	// parallelMin is the number of multiply-adds from which a product is
	// split across goroutines: handing a slab to another goroutine costs a
	// few microseconds, so the threshold depends on the tier's speed.
	parallelMin int

	workspaces freeList[gemmWorkspace[T]]
	jobs       freeList[gemmJob[T]]
}

// gemmWorkspace holds the packing buffers of one goroutine.
type gemmWorkspace[T Float] struct {
	a, b, tile []T
}

// workspace returns packing buffers large enough for an m×n×k product:
// at most mc·kc and nc·kc elements, less for smaller products, so that a
// small product does not hold the megabytes a large one needs. Buffers
// only grow, and return to g.workspaces after use.
func (g *gemmKernel[T]) workspace(m, n, k int) *gemmWorkspace[T] {
	ws := g.workspaces.get()
	if ws == nil {
		ws = &gemmWorkspace[T]{tile: make([]T, g.mr*g.nr)}
	}
	kc := min(g.kc, k)
	if need := roundUp(min(g.mc, m), g.mr)*kc + gemmSlack; len(ws.a) < need {
		ws.a = make([]T, need)
	}
	if need := roundUp(min(g.nc, n), g.nr)*kc + gemmSlack; len(ws.b) < need {
		ws.b = make([]T, need)
	}
	return ws
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

func gemm[T Float](g *gemmKernel[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleMatrix(beta, c, m, n, ldc)
		return
	}
	work := mulSat(mulSat(m, n), k)
	path := g.path(transB, m, n, work, ldb)
	if !g.splits(work) {
		// The tiny products of the models come here a few times a step:
		// straight to the direct kernel, without run's dispatch.
		if path == pathDirect {
			g.small(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			return
		}
		g.run(path, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	slabs, step, byRows := g.split(m, n, work)
	if slabs <= 1 {
		g.run(path, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	j := g.jobs.get()
	if j == nil {
		j = new(gemmJob[T])
	}
	j.g, j.transA, j.transB, j.m, j.n, j.k = g, transA, transB, m, n, k
	j.alpha, j.a, j.lda, j.b, j.ldb, j.beta, j.c, j.ldc = alpha, a, lda, b, ldb, beta, c, ldc
	j.byRows, j.step, j.path, j.slabs = byRows, step, path, slabs
	j.run()
}

// gemmPath is the way a product, or each slab of a parallel one, is
// computed.
type gemmPath uint8

const (
	// pathBlocked packs A and B in cache blocks for the micro-kernel
	// (gemmSerial).
	pathBlocked gemmPath = iota
	// pathDirect runs the small kernel, which reads A and B in place.
	pathDirect
	// pathPackedB runs the small kernel on A in place and on B packed a
	// narrow block at a time (gemmPackedB).
	pathPackedB
)

// path chooses how a product of work multiply-adds is computed. The small
// kernel wins for tiny products (packing would cost more than the product)
// and for a single strip of columns or rows, where the packed operand would
// be used only a few times; but a C of few rows whose B rows fall into too
// few L1 sets (readsInPlaceWell) has B packed for it (pathPackedB).
func (g *gemmKernel[T]) path(transB bool, m, n, work, ldb int) gemmPath {
	switch {
	case g.small == nil:
		return pathBlocked
	case work <= g.smallMax || n <= g.smallN:
		return pathDirect
	case m <= g.smallM && g.readsInPlaceWell(transB, ldb):
		return pathDirect
	case m <= g.smallM:
		return pathPackedB
	}
	return pathBlocked
}

// run computes a product on the calling goroutine along path.
func (g *gemmKernel[T]) run(path gemmPath, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if path == pathDirect {
		g.small(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ws := g.workspace(m, n, k)
	if path == pathPackedB {
		gemmPackedB(g, ws, transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	} else {
		gemmSerial(g, ws, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
	g.workspaces.put(ws)
}

// readsInPlaceWell reports whether the direct kernel reads op(B), ldb
// elements from one row to the next, well: it reads a row-major B a strip
// of columns at a time, a line of each row, so rows whose distance is a
// multiple of the L1 way size all fall into one set and evict one another
// (and the A rows) before the next row tile comes back to them; a
// transposed B is copied first. Measured for a C of 16 rows (Zen 5,
// docs/gemm-tuning.md): float32 rows in one set run at 0.4–0.8× the speed
// of B packed for them, in two or more sets about as fast or faster;
// float64 rows in two sets are already slower than packing.
func (g *gemmKernel[T]) readsInPlaceWell(transB bool, ldb int) bool {
	if transB {
		return true
	}
	l1 := g.l1
	if l1.way == 0 {
		l1 = defaultL1
	}
	var z T
	return l1.setsOfRows(ldb, int(unsafe.Sizeof(z))) >= g.directMinSets
}

// l1Geometry is the shape of an L1 data cache that decides how rows of a
// matrix read a line at a time share its sets: the bytes of one way (sets
// × line) and of a line.
type l1Geometry struct{ way, line int }

// defaultL1 is the geometry assumed when the CPU does not describe its
// L1d: 4 KiB ways (32 KiB 8-way, 48 KiB 12-way, 64 KiB 16-way) of 64-byte
// lines.
var defaultL1 = l1Geometry{way: 4096, line: 64}

// setsOfRows returns how many sets the lines of rows ld elements of size
// bytes apart fall into: a way holds way/line sets, and rows s = ld·size
// bytes apart repeat their set every way/gcd(s, way) rows. ld ≥ 0; ld·size
// may exceed an int, as only s mod way counts.
func (l l1Geometry) setsOfRows(ld, size int) int {
	r := ld % l.way * size % l.way
	g := l.way
	for r != 0 {
		g, r = r, g%r
	}
	return min(l.way/l.line, l.way/g)
}

// splits reports whether a product of work multiply-adds is large enough
// to be split among goroutines: from 2·parallelMin multiply-adds.
func (g *gemmKernel[T]) splits(work int) bool {
	return g.parallelMin > 0 && work >= 2*g.parallelMin
}

// split decides how a product of work multiply-adds is divided among
// goroutines: into slabs bands of step rows of C (byRows) or of step
// columns, each a whole number of register tiles, at most threads() of
// them. A product too small to split (splits) is one slab of all m rows
// (step = m).
func (g *gemmKernel[T]) split(m, n, work int) (slabs, step int, byRows bool) {
	if !g.splits(work) {
		return 1, m, true
	}
	slabs = min(threads(), work/g.parallelMin)
	byRows = m >= n
	if byRows {
		step = roundUp((m+slabs-1)/slabs, g.mr)
		slabs = (m + step - 1) / step
	} else {
		step = roundUp((n+slabs-1)/slabs, g.nr)
		slabs = (n + step - 1) / step
	}
	return slabs, step, byRows
}

// mulSat returns a·b for a, b ≥ 0, or MaxInt if that overflows.
func mulSat(a, b int) int {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt {
		return math.MaxInt
	}
	return int(lo)
}

// gemmSerial runs the blocked product on the calling goroutine.
func gemmSerial[T Float](g *gemmKernel[T], ws *gemmWorkspace[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	step := g.colStep(k)
	for jc := 0; jc < n; jc += step {
		nc := min(step, n-jc)
		for pc := 0; pc < k; pc += g.kc {
			kc := min(g.kc, k-pc)
			g.packB(ws.b, b, ldb, transB, pc, jc, kc, nc)
			bet := beta
			if pc > 0 {
				bet = 1
			}
			byRow := g.byRow(k, kc, nc)
			for ic := 0; ic < m; ic += g.mc {
				mc := min(g.mc, m-ic)
				g.packA(ws.a, a, lda, transA, ic, pc, mc, kc)
				if byRow {
					g.tilesByRow(ws, mc, nc, kc, c[ic*ldc+jc:], ldc, alpha, bet)
				} else {
					g.tilesByColumn(ws, mc, nc, kc, c[ic*ldc+jc:], ldc, alpha, bet)
				}
			}
		}
	}
}

// byRow reports whether the driver walks a kc×nc block of a product of
// depth k a row of tiles at a time (tilesByRow) rather than a column at a
// time (tilesByColumn). It does for a single k block (kc = k) whose packed
// B block stays in L2: with few k steps each tile is a short computation
// and such products are bound by writing C, which a row of tiles writes
// row by row; but each row of tiles reads the whole B block, from L3 when
// it does not fit L2, where a column of tiles reads its B panel from L1.
func (g *gemmKernel[T]) byRow(k, kc, nc int) bool {
	return g.microsRow != nil && kc == k && kc*nc <= g.rowBlockMax
}

// rowWalkMaxWork bounds k·nr for the products of a single k block that
// are bound by writing C (k ≤ 96 for the float32 6×16 tile, 192 for the
// float64 6×8 one): colStep narrows their B blocks so that they are walked
// a row of tiles at a time. Deeper products measured no faster narrowed,
// or slower (docs/gemm-tuning.md, "Loop order of a single k block").
const rowWalkMaxWork = 1536

// colStep returns the columns of B the blocked driver packs at once for a
// product of depth k: nc, or, for a single k block with k·nr at most
// rowWalkMaxWork, the most (a multiple of nr, at most nc) whose kc×nc
// block fits rowBlockMax, so that byRow holds. Where nc columns of such a
// block would not fit (512 KiB of L2 and a float64 4096×16·16×4096, say),
// walking their tiles a column at a time writes C a line per row of each
// tile, up to three times slower; the cost is packing A once per block,
// k·m elements.
func (g *gemmKernel[T]) colStep(k int) int {
	if g.microsRow != nil && k > 0 && k <= g.kc && k*g.nr <= rowWalkMaxWork {
		return min(g.nc, max(g.nr, g.rowBlockMax/k/g.nr*g.nr))
	}
	return g.nc
}

// packedBCols is the width of the blocks of B that gemmPackedB packs: a
// block of kc rows (256–336 KiB at the model's kc on Zen 5) stays in L2
// while the small kernel reads each of its panels once per row tile of C.
// Packing 32 or 64 columns at a time measured up to 10 % slower there, the
// blocked path's whole nc 20 % slower (docs/gemm-tuning.md).
const packedBCols = 128

// gemmPackedB computes C = alpha·op(A)·B + beta·C, for a C of few rows
// (m ≤ smallM) and a row-major B, with the small kernel: A is read in
// place, B is packed kc rows by packedBCols columns at a time, reading
// each row of the block contiguously, into panels of nr columns (packB)
// that the small kernel reads contiguously, one panel at a time.
func gemmPackedB[T Float](g *gemmKernel[T], ws *gemmWorkspace[T], transA bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	width := max(g.nr, min(g.nc, packedBCols)/g.nr*g.nr)
	for jc := 0; jc < n; jc += width {
		nc := min(width, n-jc)
		for pc := 0; pc < k; pc += g.kc {
			kc := min(g.kc, k-pc)
			g.packB(ws.b, b, ldb, false, pc, jc, kc, nc)
			bet := beta
			if pc > 0 {
				bet = 1
			}
			ap := a[pc:] // op(A)(0, pc)
			if transA {
				ap = a[pc*lda:]
			}
			for jr := 0; jr < nc; jr += g.nr {
				g.small(transA, false, m, min(g.nr, nc-jr), kc, alpha, ap, lda, ws.b[jr*kc:], g.nr, bet, c[jc+jr:], ldc)
			}
		}
	}
}

// tilesByColumn computes the mc×nc block of C at c from the packed A and B
// blocks in ws, a column of tiles at a time (the BLIS order: each B panel
// stays in L1 while the A block streams from L2).
func (g *gemmKernel[T]) tilesByColumn(ws *gemmWorkspace[T], mc, nc, kc int, c []T, ldc int, alpha, beta T) {
	mr, nr := g.mr, g.nr
	for jr := 0; jr < nc; jr += nr {
		nt := min(nr, nc-jr)
		bp := ws.b[jr*kc:]
		ir := 0
		if full := mc / mr; nt == nr && full > 0 && g.micros != nil {
			g.micros(full, kc, ws.a, bp, c[jr:], ldc, alpha, beta)
			ir = full * mr
		}
		for ; ir < mc; ir += mr {
			g.tile(ws, min(mr, mc-ir), nt, kc, ws.a[ir*kc:], bp, c[ir*ldc+jr:], ldc, alpha, beta)
		}
	}
}

// tilesByRow computes the block as tilesByColumn does, a row of tiles at a
// time: each A panel stays in L1 while the B block streams from L2 or L3.
// The driver uses it for products of a single k block. With small k each
// tile is a short computation, and such products are bound by writing C:
// a row of tiles writes C rows sequentially, where a column of tiles
// writes a line of each of mc rows. Products of several k blocks measured
// the same in either order, so they keep the column order (figures in
// docs/gemm-tuning.md).
func (g *gemmKernel[T]) tilesByRow(ws *gemmWorkspace[T], mc, nc, kc int, c []T, ldc int, alpha, beta T) {
	mr, nr := g.mr, g.nr
	for ir := 0; ir < mc; ir += mr {
		mt := min(mr, mc-ir)
		ap := ws.a[ir*kc:]
		ct := c[ir*ldc:]
		jr := 0
		if full := nc / nr; mt == mr && full > 0 {
			g.microsRow(full, kc, ap, ws.b, ct, ldc, alpha, beta)
			jr = full * nr
		}
		for ; jr < nc; jr += nr {
			g.tile(ws, mt, min(nr, nc-jr), kc, ap, ws.b[jr*kc:], ct[jr:], ldc, alpha, beta)
		}
	}
}

// tile computes the top-left mt×nt part of one tile from the packed
// panels ap and bp into ct.
func (g *gemmKernel[T]) tile(ws *gemmWorkspace[T], mt, nt, kc int, ap, bp, ct []T, ldc int, alpha, beta T) {
	mr, nr := g.mr, g.nr
	if mt == mr && nt == nr {
		g.micro(kc, ap, bp, ct, ldc, alpha, beta)
		return
	}
	if g.edge != nil {
		g.edge(mt, nt, kc, ap, bp, ct, ldc, alpha, beta)
		return
	}
	// Edge tile: compute the whole padded tile aside and store only the
	// part inside C.
	g.micro(kc, ap, bp, ws.tile, nr, 1, 0)
	for i := 0; i < mt; i++ {
		crow := ct[i*ldc : i*ldc+nt]
		trow := ws.tile[i*nr : i*nr+nt]
		if beta == 0 {
			for j, v := range trow {
				crow[j] = alpha * v
			}
		} else {
			for j, v := range trow {
				crow[j] = alpha*v + beta*crow[j]
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
