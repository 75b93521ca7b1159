package kernels

import (
	"fmt"
	"unsafe"

	"github.com/simdgrad/simdgrad/internal/cpucache"
)

// blocking is the cache blocking of a GEMM kernel: the depth kc of the
// packed panels, the rows mc of A and the columns nc of B packed at once.
type blocking struct{ kc, mc, nc int }

// Where a kernel's blocking comes from, for GemmBlocking.
const (
	blockingModel   = "model"   // derived from this CPU's caches
	blockingDefault = "default" // the tier's measured constants: the caches are unknown
	blockingTuned   = "tuned"   // set through UseGemmBlocking
)

// blockingStep is the granularity of kc: the packing routines work in
// chunks of 8 (float32) or 4 (float64) k steps, the micro-kernels unroll
// k by 4.
const blockingStep = 8

// modelBlocking derives kc, mc and nc for an mr×nr micro-kernel on elements
// of size bytes from the caches c, with the analytical model of BLIS (Low,
// Igual, Smith and Quintana-Ortí, "Analytical Modeling Is Enough for
// High-Performance BLIS", ACM TOMS 43(2), 2016). Each packed block is sized
// to the cache it must stay in, counted in ways of that cache, so that
// least-recently-used replacement evicts the data streaming through and
// not the block:
//
//   - kc: the kc×nr micro-panel of B stays in L1 while mr×kc micro-panels
//     of A stream through. The A and the B micro-panel each take whole
//     ways of the W₁, and one way is left for C and the next A panel: kc
//     is the largest for which ⌈mr·kc·size/w⌉ + ⌈nr·kc·size/w⌉ ≤ W₁−1,
//     w = L1 size/W₁ being the bytes of a way, and at least the depth of
//     an A panel that fills one way. (The paper splits the ways in the
//     ratio mr:nr and rounds A's share down, which leaves ways unused when
//     nr is much larger than mr: for a 6×16 float32 tile in a 32 KiB 8-way
//     L1 it gives A one way and kc = 168, the panels then filling less
//     than four of the seven ways; kc = 320 fills them, and measured
//     faster on Zen 3: docs/gemm-tuning.md.)
//   - mc: the mc×kc block of A stays in this core's share of L2 while B
//     micro-panels stream through: of the W₂ ways, one is left free and
//     the B micro-panel takes ⌈nr·kc·size/(share/W₂)⌉; A gets the rest.
//   - nc: the kc×nc block of B stays in this core's share of L3 while
//     the A block streams: again one way free, A's ways taken out, B gets
//     the rest.
//
// A core's share of a level is its size over the cores sharing it: the
// logical processors that share it over those that share L1 (the hardware
// threads of one core), since each goroutine of a parallel product packs
// its own blocks.
//
// kc is rounded down to a multiple of blockingStep, mc to one of mr and nc
// to one of nr. Levels the CPU does not describe keep def's value: without
// L1 and L2 sizes the whole of def is returned, without an L3 (or when the
// A block leaves no way of it for B) nc is def's.
// A level whose associativity is unknown is taken as 8-way.
func modelBlocking(c cpucache.Caches, mr, nr, size int, def blocking) (b blocking, fromModel bool) {
	if !c.L1D.Known() || !c.L2.Known() {
		return def, false
	}
	b = def
	ways := func(l cpucache.Level) int {
		if l.Ways > 0 {
			return l.Ways
		}
		return 8
	}
	// The bytes one way of a level holds (sets × line).
	waySize := func(l cpucache.Level, share int) int {
		return l.Size / ways(l) / max(share, 1)
	}

	w1, way1 := ways(c.L1D), waySize(c.L1D, 1)
	panelsFit := func(kc int) bool {
		return ceilDiv(mr*kc*size, way1)+ceilDiv(nr*kc*size, way1) <= w1-1
	}
	b.kc = max(blockingStep, way1/(mr*size)/blockingStep*blockingStep)
	for kc := b.kc + blockingStep; panelsFit(kc); kc += blockingStep {
		b.kc = kc
	}

	w2, way2 := ways(c.L2), waySize(c.L2, coresSharing(c, c.L2))
	waysB2 := ceilDiv(nr*b.kc*size, way2)
	if waysA2 := w2 - 1 - waysB2; waysA2 >= 1 {
		b.mc = max(mr, waysA2*way2/(b.kc*size)/mr*mr)
	} else {
		b.mc = mr
	}

	if c.L3.Known() {
		w3, way3 := ways(c.L3), waySize(c.L3, coresSharing(c, c.L3))
		waysA3 := ceilDiv(b.mc*b.kc*size, way3)
		if waysB3 := w3 - 1 - waysA3; waysB3 >= 1 {
			b.nc = max(nr, waysB3*way3/(b.kc*size)/nr*nr)
		}
	}
	return b, true
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// defaultL2Share is the L2 a core is assumed to have when the CPU does not
// describe its caches: that of the Zen 4 the fallback blocking was
// measured on.
const defaultL2Share = 1 << 20

// coresSharing returns the cores sharing level l of c: the logical
// processors sharing it over those sharing L1 (the hardware threads of one
// core).
func coresSharing(c cpucache.Caches, l cpucache.Level) int {
	return max(1, l.SharedBy/max(1, c.L1D.SharedBy))
}

// l2Share returns the bytes of L2 one core has, or defaultL2Share when c
// does not give it.
func l2Share(c cpucache.Caches) int {
	if !c.L2.Known() {
		return defaultL2Share
	}
	return c.L2.Size / coresSharing(c, c.L2)
}

// setBlocking sets g's kc, mc and nc from the caches c with modelBlocking,
// keeping the tier's own constants as the defaults, and g's L1 geometry
// (defaultL1 where c does not give it). Calling it again (a
// kernel shared by several tiers) starts from the same defaults.
func (g *gemmKernel[T]) setBlocking(c cpucache.Caches) {
	if g.defaults == (blocking{}) {
		g.defaults = blocking{g.kc, g.mc, g.nc}
	}
	var z T
	b, fromModel := modelBlocking(c, g.mr, g.nr, int(unsafe.Sizeof(z)), g.defaults)
	g.kc, g.mc, g.nc = b.kc, b.mc, b.nc
	g.rowBlockMax = l2Share(c) / 2 / int(unsafe.Sizeof(z))
	g.l1 = defaultL1
	if l := c.L1D; l.Sets() > 0 {
		g.l1 = l1Geometry{way: l.Size / l.Ways, line: l.Line}
	}
	g.blockingSource = blockingDefault
	if fromModel {
		g.blockingSource = blockingModel
	}
}

// setTierBlocking applies setBlocking to every GEMM kernel of the tiers.
func setTierBlocking(ts []*tier, c cpucache.Caches) {
	for _, t := range ts {
		t.f32.gemm.setBlocking(c)
		t.f64.gemm.setBlocking(c)
	}
}

// Blocking describes the cache blocking of a tier's Gemm for one element
// type: the register tile of C one micro-kernel call computes, and the
// sizes of the packed blocks around it.
type Blocking struct {
	MR, NR int // rows and columns of the register tile
	KC     int // depth of the packed panels (a kc×NR panel of B stays in L1)
	MC     int // rows of A packed at once (an MC×KC block stays in L2)
	NC     int // columns of B packed at once (a KC×NC block stays in L3)
	// Source is "model" when KC, MC and NC were derived from this CPU's
	// caches at start-up, "default" when the CPU does not describe them
	// and the tier's measured constants are in use, "tuned" after
	// UseBlocking.
	Source string
}

func (b Blocking) String() string {
	return fmt.Sprintf("%d×%d tile, kc=%d mc=%d nc=%d (%s)", b.MR, b.NR, b.KC, b.MC, b.NC, b.Source)
}

// GemmBlocking returns the blocking of the active tier's Gemm for T.
func GemmBlocking[T Float]() Blocking {
	if is32[T]() {
		return active.f32.gemm.describe()
	}
	return active.f64.gemm.describe()
}

func (g *gemmKernel[T]) describe() Blocking {
	return Blocking{MR: g.mr, NR: g.nr, KC: g.kc, MC: g.mc, NC: g.nc, Source: g.blockingSource}
}

// UseBlocking makes the active tier's Gemm for T use the given kc, mc and
// nc (0 keeps a value) and returns a function that restores the previous
// blocking. It is a hook for tuning and benchmarks, such as the tune
// command of cmd/bench: it must not be called while products run on other
// goroutines. It panics if a value is negative, or if mc or nc is not a
// multiple of the tile (GemmBlocking's MR and NR).
func UseBlocking[T Float](kc, mc, nc int) (restore func()) {
	if is32[T]() {
		return active.f32.gemm.use(kc, mc, nc)
	}
	return active.f64.gemm.use(kc, mc, nc)
}

func (g *gemmKernel[T]) use(kc, mc, nc int) (restore func()) {
	if kc < 0 || mc < 0 || nc < 0 || mc%g.mr != 0 || nc%g.nr != 0 {
		panic(fmt.Sprintf("kernels.UseBlocking: kc=%d, mc=%d, nc=%d: need non-negative values, mc a multiple of %d and nc of %d", kc, mc, nc, g.mr, g.nr))
	}
	prev := blocking{g.kc, g.mc, g.nc}
	prevSource := g.blockingSource
	if kc > 0 {
		g.kc = kc
	}
	if mc > 0 {
		g.mc = mc
	}
	if nc > 0 {
		g.nc = nc
	}
	g.blockingSource = blockingTuned
	return func() {
		g.kc, g.mc, g.nc = prev.kc, prev.mc, prev.nc
		g.blockingSource = prevSource
	}
}
