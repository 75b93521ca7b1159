package kernels

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkGemmTune measures one tier's GEMM with blocking parameters taken
// from flags, to choose the constants in the tier's gemmKernel:
//
//	go test -run '^$' -bench GemmTune ./kernels -args -tune.isa=avx2 -tune.n=256,512 -tune.kc=192,256,384
//
// Each list flag is a comma-separated set of values to try (0 keeps the
// tier's own). Sub-benchmark names carry every parameter, so benchstat can
// pivot on any of them.
var (
	tuneISA    = flag.String("tune.isa", "generic", "tier whose GEMM kernel BenchmarkGemmTune measures")
	tuneDtype  = flag.String("tune.dtype", "f32,f64", "element types for BenchmarkGemmTune")
	tuneN      = flag.String("tune.n", "64,256", "sizes for BenchmarkGemmTune: n for n×n·n×n, or m×k×n with an optional suffix NN, TN, NT or TT for the transposes, as in 150x4x12NT")
	tuneKC     = flag.String("tune.kc", "0", "kc values for BenchmarkGemmTune")
	tuneMC     = flag.String("tune.mc", "0", "mc values for BenchmarkGemmTune")
	tuneNC     = flag.String("tune.nc", "0", "nc values for BenchmarkGemmTune")
	tuneSmall  = flag.String("tune.small", "-1", "smallMax values for BenchmarkGemmTune (-1 keeps the tier's)")
	tunePar    = flag.String("tune.par", "0", "parallelMin values for BenchmarkGemmTune")
	tuneSmallM = flag.Int("tune.smallm", -1, "smallM for BenchmarkGemmTune (-1 keeps the tier's)")
	tuneSmallN = flag.Int("tune.smalln", -1, "smallN for BenchmarkGemmTune (-1 keeps the tier's)")
)

func tuneInts(b *testing.B, s string) []int {
	var v []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatalf("bad tuning flag value %q: %v", s, err)
		}
		v = append(v, n)
	}
	return v
}

func BenchmarkGemmTune(b *testing.B) {
	t := findTier(*tuneISA)
	if t == nil {
		b.Skipf("tier %q not available", *tuneISA)
	}
	for _, dt := range strings.Split(*tuneDtype, ",") {
		switch dt {
		case "f32":
			tuneGemm(b, dt, t.f32.gemm)
		case "f64":
			tuneGemm(b, dt, t.f64.gemm)
		}
	}
}

func tuneGemm[T Float](b *testing.B, dt string, base *gemmKernel[T]) {
	for _, n := range strings.Split(*tuneN, ",") {
		for _, kc := range tuneInts(b, *tuneKC) {
			for _, mc := range tuneInts(b, *tuneMC) {
				for _, nc := range tuneInts(b, *tuneNC) {
					for _, sm := range tuneInts(b, *tuneSmall) {
						for _, par := range tuneInts(b, *tunePar) {
							g := variant(base, gemmVariant{})
							if kc > 0 {
								g.kc = kc
							}
							if mc > 0 {
								g.mc = mc
							}
							if nc > 0 {
								g.nc = nc
							}
							if sm >= 0 {
								g.smallMax = sm
							}
							if par > 0 {
								g.parallelMin = par
							}
							if *tuneSmallM >= 0 {
								g.smallM = *tuneSmallM
							}
							if *tuneSmallN >= 0 {
								g.smallN = *tuneSmallN
							}
							name := fmt.Sprintf("dtype=%s/n=%s/kc=%d/mc=%d/nc=%d/small=%d/par=%d", dt, n, g.kc, g.mc, g.nc, g.smallMax, g.parallelMin)
							b.Run(name, func(b *testing.B) { runTune(b, g, n) })
						}
					}
				}
			}
		}
	}
}

func runTune[T Float](b *testing.B, g *gemmKernel[T], shape string) {
	var m, k, n int
	var tr string
	if _, err := fmt.Sscanf(shape, "%dx%dx%d%s", &m, &k, &n, &tr); err != nil {
		if _, err := fmt.Sscanf(shape, "%dx%dx%d", &m, &k, &n); err != nil {
			if _, err := fmt.Sscanf(shape, "%d", &n); err != nil {
				b.Fatalf("bad -tune.n entry %q", shape)
			}
			m, k = n, n
		}
	}
	transA, transB := strings.HasPrefix(tr, "T"), strings.HasSuffix(tr, "T")
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	r := rand.New(rand.NewPCG(1, 2))
	a := make([]T, m*k)
	bm := make([]T, k*n)
	c := make([]T, m*n)
	for i := range a {
		a[i] = T(r.Float64()*2 - 1)
	}
	for i := range bm {
		bm[i] = T(r.Float64()*2 - 1)
	}
	gemm(g, transA, transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n)
	b.ResetTimer()
	for b.Loop() {
		gemm(g, transA, transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n)
	}
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGemmMicro measures each tier's micro-kernel alone on one pair of
// packed panels that stay in L1 (kc = -tune.kc, or the tier's), the ceiling
// the blocked driver can approach.
func BenchmarkGemmMicro(b *testing.B) {
	for _, t := range tiers {
		b.Run("isa="+t.name+"/dtype=f32", func(b *testing.B) { benchMicro(b, t.f32.gemm) })
		b.Run("isa="+t.name+"/dtype=f64", func(b *testing.B) { benchMicro(b, t.f64.gemm) })
	}
}

func benchMicro[T Float](b *testing.B, g *gemmKernel[T]) {
	kc := g.kc
	if v := tuneInts(b, *tuneKC)[0]; v > 0 {
		kc = v
	}
	a := make([]T, g.mr*kc+gemmSlack)
	bp := make([]T, g.nr*kc+gemmSlack)
	c := make([]T, g.mr*g.nr)
	for i := range a {
		a[i] = 1
	}
	for i := range bp {
		bp[i] = 1
	}
	for b.Loop() {
		g.micro(kc, a, bp, c, g.nr, 1, 0)
	}
	b.ReportMetric(2*float64(g.mr*g.nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGemmPackA measures each tier's packing of the A blocks of the
// blocked path (mc×kc, the tier's blocking) from a row-major A of
// 4096×1024 elements, larger than L2, taken block after block as the
// driver takes them, so that A comes from beyond L2 as in a large product.
func BenchmarkGemmPackA(b *testing.B) {
	for _, t := range tiers {
		b.Run("isa="+t.name+"/dtype=f32", func(b *testing.B) { benchPackA(b, t.f32.gemm) })
		b.Run("isa="+t.name+"/dtype=f64", func(b *testing.B) { benchPackA(b, t.f64.gemm) })
	}
}

func benchPackA[T Float](b *testing.B, g *gemmKernel[T]) {
	const rows, cols = 4096, 1024
	a := make([]T, rows*cols)
	for i := range a {
		a[i] = T(i % 7)
	}
	kc, mc := min(g.kc, cols), min(g.mc, rows)
	ws := g.workspace(mc, g.nr, kc)
	defer g.workspaces.put(ws)
	ic, pc := 0, 0
	for b.Loop() {
		g.packA(ws.a, a, cols, false, ic, pc, mc, kc)
		if ic += mc; ic+mc > rows {
			ic = 0
			if pc += kc; pc+kc > cols {
				pc = 0
			}
		}
	}
	b.ReportMetric(float64(mc*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
}
