package kernels

import (
	"math"
	"testing"

	"github.com/simdgrad/simdgrad/internal/cpucache"
)

const kib, mib = 1 << 10, 1 << 20

// lvl is a cache level of 64-byte lines.
func lvl(size, ways, sharedBy int) cpucache.Level {
	return cpucache.Level{Size: size, Ways: ways, Line: 64, SharedBy: sharedBy}
}

// TestModelBlocking states what the analytical model picks for the CPUs
// simdgrad is measured on or aimed at, for the tiles of their tiers (6×16
// and 6×8 on amd64, 8×12 and 8×6 with NEON).
func TestModelBlocking(t *testing.T) {
	def32, def64 := blocking{256, 144, 4096}, blocking{256, 96, 1024}
	cases := []struct {
		cpu            string
		c              cpucache.Caches
		mr32, nr32     int
		mr64, nr64     int
		want32, want64 blocking
	}{
		// Zen 3: 32 KiB 8-way L1d and 512 KiB 8-way L2 per core (two
		// threads), 32 MiB 16-way L3 shared by the 16 threads of a CCX
		// (a 4 MiB share per core).
		{"Zen 3", cpucache.Caches{L1D: lvl(32*kib, 8, 2), L2: lvl(512*kib, 8, 2), L3: lvl(32*mib, 16, 16)},
			6, 16, 6, 8, blocking{320, 306, 2656}, blocking{256, 192, 1664}},
		// Zen 4: the same with a 1 MiB L2.
		{"Zen 4", cpucache.Caches{L1D: lvl(32*kib, 8, 2), L2: lvl(1*mib, 8, 2), L3: lvl(32*mib, 16, 16)},
			6, 16, 6, 8, blocking{320, 612, 2448}, blocking{256, 384, 1536}},
		// Zen 5 as its virtual machine here reports it: 48 KiB 12-way L1d,
		// 1 MiB 8-way L2, the L3 hidden (nc stays the default).
		{"Zen 5 VM", cpucache.Caches{L1D: lvl(48*kib, 12, 0), L2: lvl(1*mib, 8, 0)},
			6, 16, 6, 8, blocking{512, 384, 4096}, blocking{384, 252, 1024}},
		// Skylake-SP: 32 KiB 8-way, 1 MiB 16-way, 1.375 MiB 11-way of L3
		// per core.
		{"Skylake-SP", cpucache.Caches{L1D: lvl(32*kib, 8, 2), L2: lvl(1*mib, 16, 2), L3: lvl(1408*kib, 11, 1)},
			6, 16, 6, 8, blocking{320, 714, 304}, blocking{256, 444, 192}},
		// Sapphire Rapids (Xeon 8480+, 56 cores): 48 KiB 12-way L1d and
		// 2 MiB 16-way L2 per core (two threads), 105 MiB 15-way L3 shared
		// by the socket's 112 threads. The L3 share of a core (1.875 MiB)
		// is smaller than its L2, so the A block leaves no L3 way for B
		// and nc stays the default.
		{"Sapphire Rapids", cpucache.Caches{L1D: lvl(48*kib, 12, 2), L2: lvl(2*mib, 16, 2), L3: lvl(105*mib, 15, 112)},
			6, 16, 6, 8, blocking{512, 894, 4096}, blocking{384, 594, 1024}},
		// Neoverse N1: 64 KiB 4-way L1d, 1 MiB 8-way L2; the L3 depends on
		// the system (nc stays the default).
		{"Neoverse N1", cpucache.Caches{L1D: lvl(64*kib, 4, 1), L2: lvl(1*mib, 8, 1)},
			8, 12, 8, 6, blocking{512, 384, 4092}, blocking{336, 288, 1020}},
		// Apple M1 (Firestorm): 128 KiB 8-way L1d with 128-byte lines,
		// 12 MiB 12-way L2 shared by the four performance cores (a 3 MiB
		// share), no L3 (nc stays the default).
		{"Apple M1", cpucache.Caches{L1D: cpucache.Level{Size: 128 * kib, Ways: 8, Line: 128}, L2: cpucache.Level{Size: 12 * mib, Ways: 12, Line: 128, SharedBy: 4}},
			8, 12, 8, 6, blocking{1360, 480, 4092}, blocking{1024, 320, 1020}},
	}
	for _, c := range cases {
		// Defaults whose nc is a multiple of the tile, as every tier's is.
		d32, d64 := def32, def64
		d32.nc, d64.nc = d32.nc/c.nr32*c.nr32, d64.nc/c.nr64*c.nr64
		got32, ok32 := modelBlocking(c.c, c.mr32, c.nr32, 4, d32)
		got64, ok64 := modelBlocking(c.c, c.mr64, c.nr64, 8, d64)
		if !ok32 || !ok64 || got32 != c.want32 || got64 != c.want64 {
			t.Errorf("%s: float32 %+v (model %v), float64 %+v (model %v); want %+v and %+v",
				c.cpu, got32, ok32, got64, ok64, c.want32, c.want64)
		}
		for _, g := range []struct {
			b      blocking
			mr, nr int
		}{{got32, c.mr32, c.nr32}, {got64, c.mr64, c.nr64}} {
			if g.b.kc%blockingStep != 0 || g.b.mc%g.mr != 0 || g.b.nc%g.nr != 0 {
				t.Errorf("%s: %+v is not a multiple of the step and tile %d×%d", c.cpu, g.b, g.mr, g.nr)
			}
		}
	}
}

// TestModelBlockingFallback: without L1 and L2 sizes the tier's constants
// stay; a level of unknown associativity counts as 8-way.
func TestModelBlockingFallback(t *testing.T) {
	def := blocking{256, 144, 4096}
	for _, c := range []cpucache.Caches{{}, {L1D: lvl(32*kib, 8, 1)}, {L2: lvl(1*mib, 8, 1), L3: lvl(32*mib, 16, 16)}} {
		if got, ok := modelBlocking(c, 6, 16, 4, def); ok || got != def {
			t.Errorf("%v: %+v (model %v), want the defaults", c, got, ok)
		}
	}
	unknownWays := cpucache.Caches{L1D: cpucache.Level{Size: 32 * kib, Line: 64}, L2: cpucache.Level{Size: 1 * mib, Line: 64}}
	eight := cpucache.Caches{L1D: lvl(32*kib, 8, 0), L2: lvl(1*mib, 8, 0)}
	got, _ := modelBlocking(unknownWays, 6, 16, 4, def)
	want, _ := modelBlocking(eight, 6, 16, 4, def)
	if got != want {
		t.Errorf("unknown ways: %+v, want the 8-way result %+v", got, want)
	}
}

// TestUseBlocking: GemmBlocking reports the active tier's blocking, and
// UseBlocking changes and restores it.
func TestUseBlocking(t *testing.T) {
	for _, isa := range ISAs() {
		restoreISA := UseISA(isa)
		b := GemmBlocking[float32]()
		if b.MR != active.f32.gemm.mr || b.KC != active.f32.gemm.kc || (b.Source != blockingModel && b.Source != blockingDefault) {
			t.Errorf("isa=%s: GemmBlocking = %v", isa, b)
		}
		restore := UseBlocking[float32](40, 2*b.MR, 3*b.NR)
		if got := GemmBlocking[float32](); got.KC != 40 || got.MC != 2*b.MR || got.NC != 3*b.NR || got.Source != blockingTuned {
			t.Errorf("isa=%s: after UseBlocking, %v", isa, got)
		}
		if got := GemmBlocking[float64](); got != (Blocking{MR: active.f64.gemm.mr, NR: active.f64.gemm.nr, KC: active.f64.gemm.kc,
			MC: active.f64.gemm.mc, NC: active.f64.gemm.nc, Source: active.f64.gemm.blockingSource}) || got.Source == blockingTuned {
			t.Errorf("isa=%s: UseBlocking[float32] changed float64: %v", isa, got)
		}
		restore()
		if got := GemmBlocking[float32](); got != b {
			t.Errorf("isa=%s: restored %v, want %v", isa, got, b)
		}
		restore = UseBlocking[float64](0, 0, 0)
		if got := GemmBlocking[float64](); got.KC != active.f64.gemm.kc || got.Source != blockingTuned {
			t.Errorf("isa=%s: UseBlocking(0, 0, 0) = %v", isa, got)
		}
		restore()
		restoreISA()
	}
	defer func() {
		if r := recover(); r == nil {
			t.Error("UseBlocking with mc not a multiple of the tile did not panic")
		}
	}()
	UseBlocking[float32](8, GemmBlocking[float32]().MR+1, 0)
}

// TestSetsOfRows checks how many L1 sets rows of a strip of B fall into,
// for 4 KiB ways of 64-byte lines and a 16 KiB way (64 KiB 4-way, as on
// Neoverse N1), against counting the sets of a way's worth of rows one by
// one, and for leading dimensions whose byte stride overflows an int.
func TestSetsOfRows(t *testing.T) {
	for _, l := range []l1Geometry{defaultL1, {way: 16 * kib, line: 64}} {
		for _, ld := range []int{0, 1, 16, 500, 512, 768, 1000, 1024, 1088, 1280, 1536, 2048, 2176, 3072, 1 << 40} {
			for _, size := range []int{4, 8} {
				seen := map[int]bool{}
				for r := 0; r < l.way; r++ {
					seen[r*ld*size%l.way/l.line] = true
				}
				if got, want := l.setsOfRows(ld, size), len(seen); got != want {
					t.Errorf("way %d: setsOfRows(%d, %d) = %d, counted %d", l.way, ld, size, got, want)
				}
			}
		}
	}
	for _, c := range []struct{ ld, size, want int }{
		{math.MaxInt, 8, 64},     // MaxInt·8 ≡ −8 (mod 4096): every set
		{1 << 61, 8, 1},          // 2⁶⁴ bytes: one set
		{1<<61 + 512, 8, 1},      // …plus 4 KiB
		{1<<61 + 256, 8, 2},      // …plus 2 KiB
		{math.MaxInt / 4, 4, 64}, // ≡ −4
	} {
		if got := defaultL1.setsOfRows(c.ld, c.size); got != c.want {
			t.Errorf("setsOfRows(%d, %d) = %d, want %d", c.ld, c.size, got, c.want)
		}
	}
}

// TestGemmPath checks which products go to the direct kernel: tiny ones,
// those of at most 16 columns, and those of at most 16 rows except where
// B's rows share one L1 set (float32) or at most two (float64), which get
// B packed for the direct kernel; a transposed B is always read by the
// direct kernel (which copies it itself). Without a direct kernel (the
// generic tier) every product is blocked.
func TestGemmPath(t *testing.T) {
	g32 := &gemmKernel[float32]{small: func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int) {},
		smallMax: 64 * 64 * 64, smallM: 16, smallN: 16, directMinSets: 2, l1: l1Geometry{way: 48 * kib / 12, line: 64}}
	g64 := &gemmKernel[float64]{small: func(bool, bool, int, int, int, float64, []float64, int, []float64, int, float64, []float64, int) {},
		smallMax: 48 * 48 * 48, smallM: 16, smallN: 16, directMinSets: 4}
	generic := &gemmKernel[float32]{smallMax: 64 * 64 * 64, smallM: 16, smallN: 16}
	const D, P, B = pathDirect, pathPackedB, pathBlocked
	for _, c := range []struct {
		m, n, k, ldb   int
		transB         bool
		want32, want64 gemmPath
	}{
		{16, 1000, 1000, 1000, false, D, D},
		{16, 1024, 1024, 1024, false, P, P},
		{16, 2048, 2048, 2048, false, P, P},
		{16, 512, 1024, 512, false, D, P},   // float32 2 sets, float64 1
		{16, 1536, 1024, 1536, false, D, P}, // float32 2 sets, float64 1
		{16, 1280, 1024, 1280, false, D, P}, // float32 4 sets, float64 2
		{16, 1152, 1024, 1152, false, D, D}, // float32 8 sets, float64 4
		{16, 1024, 1024, 1024, true, D, D},
		{8, 8, 8, 1024, false, D, D},        // tiny
		{1024, 16, 1024, 16, false, D, D},   // n ≤ 16
		{1024, 16, 1024, 4096, false, D, D}, // n ≤ 16, even with B rows in one set
		{32, 1024, 1024, 1000, false, B, B},
		{32, 1024, 1024, 1024, false, B, B},
	} {
		work := c.m * c.n * c.k
		if got := g32.path(c.transB, c.m, c.n, work, c.ldb); got != c.want32 {
			t.Errorf("float32 %d×%d·%d×%d ldb=%d transB=%v: path %d, want %d", c.m, c.k, c.k, c.n, c.ldb, c.transB, got, c.want32)
		}
		if got := g64.path(c.transB, c.m, c.n, work, c.ldb); got != c.want64 {
			t.Errorf("float64 %d×%d·%d×%d ldb=%d transB=%v: path %d, want %d", c.m, c.k, c.k, c.n, c.ldb, c.transB, got, c.want64)
		}
		if got := generic.path(c.transB, c.m, c.n, work, c.ldb); got != B {
			t.Errorf("generic %d×%d·%d×%d ldb=%d: path %d, want %d (blocked)", c.m, c.k, c.k, c.n, c.ldb, got, B)
		}
	}
}

// TestL2Share: a core's share of L2 is the L2 over the cores (not the
// hardware threads) sharing it, and the Zen 4 fallback's 1 MiB when the CPU
// does not describe it.
func TestL2Share(t *testing.T) {
	for _, c := range []struct {
		name string
		c    cpucache.Caches
		want int
	}{
		{"unknown", cpucache.Caches{}, 1 * mib},
		{"Zen 3 (two threads)", cpucache.Caches{L1D: lvl(32*kib, 8, 2), L2: lvl(512*kib, 8, 2)}, 512 * kib},
		{"Zen 5 VM (sharing not reported)", cpucache.Caches{L1D: lvl(48*kib, 12, 0), L2: lvl(1*mib, 8, 0)}, 1 * mib},
		{"Apple M1 (four cores)", cpucache.Caches{L1D: lvl(128*kib, 8, 1), L2: lvl(12*mib, 12, 4)}, 3 * mib},
	} {
		if got := l2Share(c.c); got != c.want {
			t.Errorf("%s: l2Share %d, want %d", c.name, got, c.want)
		}
	}
}

// TestGemmLoopOrder checks which blocks the driver walks a row of tiles at
// a time: those of a single k block whose packed B block fits half of L2
// (Zen 5 VM: 512 KiB, 128 Ki float32 or 64 Ki float64 elements), and no
// others; without a row micro-kernel, none.
func TestGemmLoopOrder(t *testing.T) {
	zen5 := cpucache.Caches{L1D: lvl(48*kib, 12, 0), L2: lvl(1*mib, 8, 0)}
	row32 := func(int, int, []float32, []float32, []float32, int, float32, float32) {}
	row64 := func(int, int, []float64, []float64, []float64, int, float64, float64) {}
	g32 := &gemmKernel[float32]{mr: 6, nr: 16, kc: 256, mc: 144, nc: 4096, microsRow: row32}
	g64 := &gemmKernel[float64]{mr: 6, nr: 8, kc: 256, mc: 96, nc: 1024, microsRow: row64}
	g32.setBlocking(zen5)
	g64.setBlocking(zen5)
	if g32.rowBlockMax != 128*kib || g64.rowBlockMax != 64*kib {
		t.Fatalf("rowBlockMax %d (float32), %d (float64); want %d and %d", g32.rowBlockMax, g64.rowBlockMax, 128*kib, 64*kib)
	}
	for _, c := range []struct {
		k, kc, nc      int
		want32, want64 bool
	}{
		{16, 16, 4096, true, true},     // 4096×16·16×4096
		{64, 64, 1000, true, true},     // 1000×64·64×1000
		{256, 256, 256, true, true},    // 256³: 256 KiB float32, 512 KiB float64
		{256, 256, 512, true, false},   // float64 1 MiB
		{400, 400, 400, false, false},  // float32 625 KiB
		{512, 512, 512, false, false},  // 1 MiB float32
		{1024, 512, 128, false, false}, // several k blocks
	} {
		if got := g32.byRow(c.k, c.kc, c.nc); got != c.want32 {
			t.Errorf("float32 k=%d kc=%d nc=%d: byRow %v, want %v", c.k, c.kc, c.nc, got, c.want32)
		}
		if got := g64.byRow(c.k, c.kc, c.nc); got != c.want64 {
			t.Errorf("float64 k=%d kc=%d nc=%d: byRow %v, want %v", c.k, c.kc, c.nc, got, c.want64)
		}
	}
	// colStep: a single k block with k·nr ≤ rowWalkMaxWork is packed in
	// blocks of at most rowBlockMax elements, so that byRow holds; deeper
	// products keep nc. The Zen 3 of TestModelBlocking has half the L2 of
	// this Zen 5, a rowBlockMax of 64 Ki and 32 Ki elements.
	zen3 := cpucache.Caches{L1D: lvl(32*kib, 8, 2), L2: lvl(512*kib, 8, 2), L3: lvl(32*mib, 16, 16)}
	for _, c := range []struct {
		caches         cpucache.Caches
		k              int
		step32, step64 int
	}{
		{zen5, 16, 4096, 1024}, // nc: 4096 and 1024 columns fit
		{zen5, 64, 2048, 1024},
		{zen5, 96, 1360, 680},
		{zen5, 97, 4096, 672}, // float32 past rowWalkMaxWork
		{zen5, 192, 4096, 336},
		{zen5, 200, 4096, 1024},
		{zen5, 1000, 4096, 1024}, // several k blocks
		{zen3, 16, 2656, 1664},   // nc: the L3 share is 4 MiB
		{zen3, 32, 2048, 1024},
		{zen3, 100, 2656, 320},
	} {
		g32.setBlocking(c.caches)
		g64.setBlocking(c.caches)
		s32, s64 := g32.colStep(c.k), g64.colStep(c.k)
		if s32 != c.step32 || s64 != c.step64 {
			t.Errorf("%v, k=%d: colStep %d (float32), %d (float64); want %d and %d", c.caches.L2, c.k, s32, s64, c.step32, c.step64)
		}
		for _, x := range []struct{ step, nr, nc, kc int }{{s32, g32.nr, g32.nc, g32.kc}, {s64, g64.nr, g64.nc, g64.kc}} {
			if x.step%x.nr != 0 || x.step > x.nc {
				t.Errorf("k=%d: colStep %d is not a multiple of %d at most nc = %d", c.k, x.step, x.nr, x.nc)
			}
		}
		if c.k <= g32.kc && c.k*g32.nr <= rowWalkMaxWork && !g32.byRow(c.k, c.k, s32) {
			t.Errorf("k=%d: float32 blocks of colStep %d are not walked by rows", c.k, s32)
		}
		if c.k <= g64.kc && c.k*g64.nr <= rowWalkMaxWork && !g64.byRow(c.k, c.k, s64) {
			t.Errorf("k=%d: float64 blocks of colStep %d are not walked by rows", c.k, s64)
		}
	}
	g32.microsRow = nil
	if g32.byRow(16, 16, 64) {
		t.Error("byRow without a row micro-kernel")
	}
	if g32.colStep(16) != g32.nc || g64.colStep(0) != g64.nc {
		t.Error("colStep narrowed the blocks without a row micro-kernel")
	}
}
