package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// Tests of the GEMM driver and of each tier's GEMM kernels through it, with
// blocking parameters shrunk so that every loop of the driver (nc, kc, mc,
// the micro-tile edges, the slab split) runs several times on small
// matrices. They complement the public parity tests (parity_gemm_test.go),
// which see only the tiers' real parameters.

// gemmVariant is a tier's kernel with some parameters overridden.
type gemmVariant struct {
	name                 string
	kc, mc, nc           int  // 0 keeps the tier's
	forceDirect, noSmall bool // route every product through small, or none
	parallel             bool // split every product that has two slabs' worth
	// packedB routes every product with a row-major B through
	// gemmPackedB, in blocks of kc×nc: its rows are made to share one L1
	// set whatever ldb is, and any number of rows counts as few.
	packedB bool
	// rowBlock, when positive, makes rowBlockMax rowBlock·nr elements, so
	// that the single k blocks of the test sizes are packed and walked a
	// row of tiles at a time in blocks narrower than C (colStep).
	rowBlock int
}

var gemmVariants = []gemmVariant{
	{name: "blocked", kc: 13, mc: 0, nc: 0, noSmall: true},
	{name: "tinyblocks", kc: 5, mc: -2, nc: -3, noSmall: true},
	{name: "direct", forceDirect: true},
	{name: "parallel", kc: 7, mc: -2, nc: -2, noSmall: true, parallel: true},
	{name: "paralleldirect", forceDirect: true, parallel: true},
	{name: "packedb", kc: 7, nc: -2, packedB: true},
	{name: "parallelpackedb", kc: 9, nc: -1, packedB: true, parallel: true},
	{name: "rowblocks", rowBlock: 24, noSmall: true},
	{name: "tier"},
}

// variant returns a copy of base with v applied. Negative mc or nc mean
// that many micro-tiles.
func variant[T Float](base *gemmKernel[T], v gemmVariant) *gemmKernel[T] {
	g := &gemmKernel[T]{mr: base.mr, nr: base.nr, kc: base.kc, mc: base.mc, nc: base.nc,
		micro: base.micro, micros: base.micros, microsRow: base.microsRow, rowBlockMax: base.rowBlockMax, edge: base.edge,
		small: base.small, smallMax: base.smallMax, smallM: base.smallM, smallN: base.smallN,
		directMinSets: base.directMinSets, l1: base.l1,
		packAN: base.packAN, packBT: base.packBT, packStep: base.packStep,
		packAT: base.packAT, packBN: base.packBN, packBNBlock: base.packBNBlock,
		parallelMin: base.parallelMin}
	if v.kc > 0 {
		g.kc = v.kc
	}
	if v.mc > 0 {
		g.mc = v.mc
	} else if v.mc < 0 {
		g.mc = -v.mc * g.mr
	}
	if v.nc > 0 {
		g.nc = v.nc
	} else if v.nc < 0 {
		g.nc = -v.nc * g.nr
	}
	if v.noSmall {
		g.small = nil
	}
	if v.forceDirect && g.small != nil {
		g.smallMax = math.MaxInt
	}
	if v.packedB && g.small != nil {
		g.smallMax, g.smallN, g.smallM = 0, 0, math.MaxInt
		g.l1 = l1Geometry{way: 64, line: 64}
	}
	if v.parallel {
		g.parallelMin = 1
	}
	if v.rowBlock > 0 {
		g.rowBlockMax = v.rowBlock * g.nr
	}
	return g
}

// gemmTestDims returns the sizes to test for a tier's tile: around the
// register tile's edges, two tiles of rows (a k that is a multiple of the
// micro-kernels' unrolling), twice the tile plus 3, and beyond the (shrunk)
// kc, mc and nc of the variants.
func gemmTestDims(mr, nr int) []int {
	seen := map[int]bool{}
	var d []int
	for _, n := range []int{0, 1, 2, mr - 1, mr, mr + 1, 2 * mr, nr - 1, nr, nr + 1, 2*max(mr, nr) + 3, 3*nr + 2} {
		if n >= 0 && !seen[n] {
			seen[n] = true
			d = append(d, n)
		}
	}
	return d
}

// mustLen is matrixLen for sizes known to fit.
func mustLen(rows, cols, ld int) int {
	n, ok := matrixLen(rows, cols, ld)
	if !ok {
		panic("matrix too large")
	}
	return n
}

// gemmRef is the float64 oracle: want = alpha·op(A)·op(B) + beta·C and the
// scale |alpha|·Σ|a||b| + |beta|·|c| of its error bound, C not read when
// beta is 0.
func gemmRef[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (want, scale []float64) {
	want = make([]float64, m*n)
	scale = make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, abs float64
			for p := 0; p < k; p++ {
				var av, bv T
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
				abs += math.Abs(float64(av) * float64(bv))
			}
			w, sc := float64(alpha)*s, math.Abs(float64(alpha))*abs
			if beta != 0 {
				w += float64(beta) * float64(c[i*ldc+j])
				sc += math.Abs(float64(beta) * float64(c[i*ldc+j]))
			}
			want[i*n+j], scale[i*n+j] = w, sc
		}
	}
	return want, scale
}

const gemmCanaryPad = 9

// checkGemmKernel runs one product through g with A and B flush against a
// guard page, C surrounded by canaries (before, after and between rows),
// NaN in C when beta is 0, and compares with the oracle under the
// documented bound 2·(k+2)·ε·scale.
func checkGemmKernel[T Float](t *testing.T, g *gemmKernel[T], r *rand.Rand, transA, transB bool, m, n, k int, alpha, beta T, pad int, at harness.Placement) {
	t.Helper()
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	lda, ldb, ldc := max(ac+pad, 1), max(bc+pad, 1), max(n+pad, 1)
	a, freeA := harness.Guarded[T](mustLen(ar, ac, lda), at)
	defer freeA()
	b, freeB := harness.Guarded[T](mustLen(br, bc, ldb), at)
	defer freeB()
	harness.Fill(r, a, 1, 0)
	harness.Fill(r, b, 1, 0)
	cLen := mustLen(m, n, ldc)
	out, freeC := harness.Guarded[T](cLen+2*gemmCanaryPad, at)
	defer freeC()
	harness.FillCanary(out)
	c := out[gemmCanaryPad : gemmCanaryPad+cLen]
	for i := 0; i < m && n > 0; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			for j := range row {
				row[j] = T(math.NaN())
			}
		} else {
			harness.Fill(r, row, 1, 0)
		}
	}
	c0 := append([]T(nil), c...)

	gemm(g, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)

	want, scale := gemmRef(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc)
	desc := fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v pad=%d guard=%v", transA, transB, m, n, k, alpha, beta, pad, at)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if got := c[i*ldc+j]; !harness.WithinSum(got, want[i*n+j], scale[i*n+j], float64(2*(k+2))) {
				t.Fatalf("%s: C[%d,%d] = %v, want %v (scale %v)", desc, i, j, got, want[i*n+j], scale[i*n+j])
			}
		}
	}
	inside := func(i int) bool {
		i -= gemmCanaryPad
		return i >= 0 && i < cLen && i%ldc < n
	}
	if i := harness.CanaryIntact(out, inside); i >= 0 {
		t.Fatalf("%s: wrote outside C at index %d (len %d, ldc %d)", desc, i-gemmCanaryPad, cLen, ldc)
	}
}

func testGemmDriver[T Float](t *testing.T, base *gemmKernel[T]) {
	r := rand.New(rand.NewPCG(11, 12))
	dims := gemmTestDims(base.mr, base.nr)
	abs := [][2]T{{1, 0}, {1, 1}, {-0.75, 0}, {1.5, -2}, {1, 0.5}}
	for _, v := range gemmVariants {
		t.Run(v.name, func(t *testing.T) {
			g := variant(base, v)
			if (v.forceDirect || v.packedB) && base.small == nil {
				t.Skip("tier has no direct path")
			}
			idx := 0
			for _, ta := range []bool{false, true} {
				for _, tb := range []bool{false, true} {
					for _, m := range dims {
						for _, n := range dims {
							for _, k := range dims {
								// Shift by one pair per k so that every k
								// meets every alpha and beta.
								ab := abs[(idx+idx/len(dims))%len(abs)]
								idx++
								checkGemmKernel(t, g, r, ta, tb, m, n, k, ab[0], ab[1], idx%3, harness.Placements[idx%2])
							}
						}
					}
				}
			}
		})
	}
}

// FuzzGemmDriver fuzzes every path of the GEMM driver on every tier: the
// blocked path with shrunken blocks, the direct kernel, B packed for the
// direct kernel, serially and split across goroutines (gemmVariants), on
// shapes of up to 47 rows, columns and depth, where the tiers' own
// thresholds (and so FuzzGemm) would send every product to the direct
// kernel. Input: the variant, m, n, k, the transposes, alpha, beta and the
// padding of the leading dimensions, and a seed for the values.
func FuzzGemmDriver(f *testing.F) {
	f.Add([]byte{0, 3, 5, 7, 0, 1, 2, 3})
	f.Add([]byte{6, 17, 33, 9, 3, 0x46, 1, 0})
	f.Add([]byte{7, 2, 40, 13, 1, 0xc3, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 8 {
			return
		}
		v := gemmVariants[int(data[0])%len(gemmVariants)]
		m, n, k := int(data[1])%48, int(data[2])%48, int(data[3])%48
		ta, tb := data[4]&1 != 0, data[4]&2 != 0
		alphas := []float64{1, 0, -0.5, 2.5}
		betas := []float64{0, 1, -1, 0.5}
		alpha, beta, pad := alphas[data[5]%4], betas[data[5]>>2%4], int(data[5]>>6)
		seed := uint64(binary.LittleEndian.Uint16(data[6:]))
		for _, tr := range tiers {
			r := rand.New(rand.NewPCG(seed, 3))
			checkGemmKernel(t, variant(tr.f32.gemm, v), r, ta, tb, m, n, k, float32(alpha), float32(beta), pad, harness.End)
			checkGemmKernel(t, variant(tr.f64.gemm, v), r, ta, tb, m, n, k, alpha, beta, pad, harness.Start)
		}
	})
}

// TestGemmDriver runs every tier's GEMM through the driver variants on
// every combination of the edge sizes and transposes.
func TestGemmDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive sizes")
	}
	for _, tr := range tiers {
		t.Run("isa="+tr.name+"/dtype=f32", func(t *testing.T) { testGemmDriver(t, tr.f32.gemm) })
		t.Run("isa="+tr.name+"/dtype=f64", func(t *testing.T) { testGemmDriver(t, tr.f64.gemm) })
	}
}

// TestGemmLargeK covers depths beyond the tiers' own kc (several k blocks
// with beta applied once) and beyond the direct path's k chunk of a
// transposed B, with the real blocking parameters, on every tier.
func TestGemmLargeK(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, tr := range tiers {
		for _, v := range []gemmVariant{{name: "tier"}, {name: "direct", forceDirect: true}} {
			g32, g64 := variant(tr.f32.gemm, v), variant(tr.f64.gemm, v)
			t.Run("isa="+tr.name+"/"+v.name, func(t *testing.T) {
				for _, s := range [][3]int{{7, 17, 600}, {13, 5, 257}, {2, 33, 513}, {150, 12, 300}} {
					for _, ta := range []bool{false, true} {
						for _, tb := range []bool{false, true} {
							checkGemmKernel(t, g32, r, ta, tb, s[0], s[1], s[2], 1, 0.5, 1, harness.End)
							checkGemmKernel(t, g64, r, ta, tb, s[0], s[1], s[2], -1, 0, 2, harness.Start)
						}
					}
				}
			})
		}
	}
}

// TestGemmNarrow covers the tiers' paths for a C of at most four columns
// (the avx2 dot, narrow, halves, pairs and short kernels): every depth from
// 1 to 40 (whole vectors of k, an odd one, a partial one; for the narrow
// and pairs kernels every depth they take, with every number of k steps
// left after their chunks), row counts around the dot kernel's blocks of 3,
// 4 and 6 and the others' of 8 (16 to 47 rows: two to five blocks, and
// rows left for a last, overlapping block), alpha and beta, both layouts of
// B, with the real parameters; and the products of a transposed A with a C
// of at most 5×3 (the avx2 outer-product kernel takes up to 4×2 from k =
// 16) at depths around its eight accumulator sets, both layouts of B.
func TestGemmNarrow(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	abs := [][2]float64{{1, 0}, {1, 1}, {-0.75, 0}, {1.5, -2}, {1, 0.5}, {2, math.Copysign(0, -1)}}
	// Depths 1…40, then deep ones whose packed Bᵀ no longer fits the
	// stack buffer.
	var depths []int
	for k := 1; k <= 40; k++ {
		depths = append(depths, k)
	}
	depths = append(depths, 65, 129, 257, 300)
	for _, tr := range tiers {
		g32, g64 := tr.f32.gemm, tr.f64.gemm
		t.Run("isa="+tr.name, func(t *testing.T) {
			idx := 0
			for _, tb := range []bool{false, true} {
				for _, m := range []int{6, 7, 11, 12, 13, 16, 19, 23, 33, 40, 47} {
					for n := 1; n <= 4; n++ {
						for _, k := range depths {
							ab := abs[idx%len(abs)]
							at := harness.Placements[idx%2]
							// The padding changes every len(abs) cases, so that
							// each (alpha, beta) meets every padding.
							pad := idx / len(abs)
							checkGemmKernel(t, g32, r, false, tb, m, n, k, float32(ab[0]), float32(ab[1]), pad%3, at)
							checkGemmKernel(t, g64, r, false, tb, m, n, k, ab[0], ab[1], (pad+1)%3, at)
							idx++
						}
					}
				}
				for m := 1; m <= 5; m++ {
					for n := 1; n <= 3; n++ {
						for _, k := range []int{1, 15, 16, 17, 23, 24, 25, 31, 40, 65, 150, 300} {
							ab := abs[idx%len(abs)]
							at := harness.Placements[idx%2]
							pad := idx / len(abs)
							checkGemmKernel(t, g32, r, true, tb, m, n, k, float32(ab[0]), float32(ab[1]), pad%3, at)
							checkGemmKernel(t, g64, r, true, tb, m, n, k, ab[0], ab[1], (pad+1)%3, at)
							idx++
						}
					}
				}
			}
		})
	}
}

// TestGemmNarrowReusedBuffer runs a narrow product whose B is all +Inf, then
// a shallower one on the same goroutine: the packed Bᵀ buffer the second
// reuses must be zero past its k, or the masked-out lanes of A (0) times a
// stale Inf would make NaN.
func TestGemmNarrowReusedBuffer(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, tr := range tiers {
		for _, n := range []int{1, 2} {
			const m, k1, k2 = 12, 1000, 300 // k2 mod 8 = 4: a partial chunk
			a := make([]float64, m*k1)
			b := make([]float64, k1*n)
			for i := range b {
				b[i] = math.Inf(1)
			}
			c := make([]float64, m*n)
			gemm(tr.f64.gemm, false, false, m, n, k1, 1, a, k1, b, n, 0, c, n)
			a32, b32, c32 := make([]float32, m*k1), make([]float32, k1*n), make([]float32, m*n)
			for i := range b32 {
				b32[i] = float32(math.Inf(1))
			}
			gemm(tr.f32.gemm, false, false, m, n, k1, 1, a32, k1, b32, n, 0, c32, n)
			checkGemmKernel(t, tr.f64.gemm, r, false, false, m, n, k2, 1, 0, 0, harness.End)
			checkGemmKernel(t, tr.f32.gemm, r, false, false, m, n, k2, 1, 0, 0, harness.End)
		}
	}
}

// TestGemmBigParallel runs products beyond one mc and nc block with the
// tiers' real parameters through the slab-parallel path (meaningful under
// -race with GOMAXPROCS ≥ 2), again with GOMAXPROCS=1 and with 5. With
// -short (the race detector's run in make test) the products are smaller
// but still split, into slabs of uneven heights.
func TestGemmBigParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	shapes := [][3]int{{300, 200, 70}, {37, 530, 90}, {400, 9, 260}, {11, 300, 200}}
	if testing.Short() {
		shapes = [][3]int{{100, 70, 30}, {23, 130, 40}, {160, 9, 50}}
	}
	run := func(t *testing.T) {
		for _, tr := range tiers {
			for _, s := range shapes {
				for _, ta := range []bool{false, true} {
					tb := !ta
					g32 := variant(tr.f32.gemm, gemmVariant{parallel: true})
					g64 := variant(tr.f64.gemm, gemmVariant{parallel: true})
					checkGemmKernel(t, g32, r, ta, tb, s[0], s[1], s[2], 1, 0, 1, harness.End)
					checkGemmKernel(t, g64, r, ta, tb, s[0], s[1], s[2], 0.5, 2, 0, harness.End)
				}
			}
		}
	}
	t.Run("procs=default", run)
	t.Run("procs=1", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		run(t)
	})
	// More slabs than this machine may have cores, of uneven heights.
	t.Run("procs=5", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
		run(t)
	})
}

// TestGemmConcurrent runs products from several goroutines at once on the
// shared worker pool and packing-buffer lists (for -race), with the tiers'
// real thresholds: each product is split.
func TestGemmConcurrent(t *testing.T) {
	// Four slabs per product for four products at once, on the pool's
	// three workers: bands of rows (even w) and of columns (odd w).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	iterations := 5
	if testing.Short() {
		iterations = 2
	}
	done := make(chan error)
	for w := 0; w < 4; w++ {
		go func(w int) {
			r := rand.New(rand.NewPCG(uint64(w), 17))
			m, n, k := 300+w, 250, 290
			if w%2 == 1 {
				m, n = n, m
			}
			a, b := make([]float64, m*k), make([]float64, k*n)
			harness.Fill(r, a, 1, 0)
			harness.Fill(r, b, 1, 0)
			c := make([]float64, m*n)
			want, scale := gemmRef(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
			for it := 0; it < iterations; it++ {
				Gemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
				for i := range want {
					if !harness.WithinSum(c[i], want[i], scale[i], float64(2*(k+2))) {
						done <- fmt.Errorf("goroutine %d: C[%d] = %v, want %v", w, i, c[i], want[i])
						return
					}
				}
			}
			done <- nil
		}(w)
	}
	for w := 0; w < 4; w++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestGemmNoAllocs checks that the blocked, direct, packed-B and parallel
// paths of every tier allocate nothing once warm, transposed or not.
func TestGemmNoAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are unreliable with -short's reduced work")
	}
	shapes := [][3]int{{150, 12, 4}, {150, 3, 12}, {4, 12, 150}, {12, 3, 150}, {200, 200, 200}, {1000, 16, 300}, {16, 500, 300}, {16, 1024, 300}, {150, 1, 40}, {300, 2, 1000}}
	for _, tr := range tiers {
		for _, v := range []gemmVariant{{name: "tier"}, {name: "parallel", parallel: true}} {
			g := variant(tr.f32.gemm, v)
			for _, s := range shapes {
				for _, ta := range []bool{false, true} {
					for _, tb := range []bool{false, true} {
						m, n, k := s[0], s[1], s[2]
						a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
						lda, ldb := k, n
						if ta {
							lda = m
						}
						if tb {
							ldb = k
						}
						f := func() { gemm(g, ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, n) }
						f()
						if allocs := testing.AllocsPerRun(10, f); allocs != 0 {
							t.Errorf("isa=%s %s %d×%d·%d×%d transA=%v transB=%v: %v allocations per call", tr.name, v.name, m, k, k, n, ta, tb, allocs)
						}
					}
				}
			}
		}
	}
}
