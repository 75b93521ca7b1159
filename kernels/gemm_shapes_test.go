//go:build !purego && (amd64 || arm64)

package kernels

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// The Go wrappers around the GEMM assembly against the shapes its
// generator declares (gemm_shapes_*.go): called with every slice exactly as
// long as declared, each flush against a guard page, a wrapper runs without
// faulting; with any one slice one element shorter, it panics with Go's
// index-out-of-range error before the assembly runs. A wrapper that checked
// less than the generator declares would let the assembly fault here (and
// corrupt memory elsewhere); one that checked more would panic on the exact
// lengths; an assembly kernel that reached further than its generator
// declares would fault on the exact lengths.

// boundsCase is one call of a wrapper: the slice lengths the generator
// declares for it, and the call on slices of those lengths.
type boundsCase[T Float] struct {
	name string
	lens []int
	call func(s [][]T)
}

// outcome runs f and classifies how it ended: "ok", "bounds" (a Go index
// or slice bounds panic), "fault" (a memory fault, which
// debug.SetPanicOnFault turns into a panic carrying the address) or
// "panic: …" for anything else.
func outcome(f func()) (result string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(interface{ Addr() uintptr }); ok {
			result = "fault"
			return
		}
		if err, ok := r.(runtime.Error); ok && strings.Contains(err.Error(), "out of range") {
			result = "bounds"
			return
		}
		result = fmt.Sprintf("panic: %v", r)
	}()
	f()
	return "ok"
}

// simdGemmKernel returns the SIMD tier's GEMM for T, or skips the test when
// this CPU has none.
func simdGemmKernel[T Float](t *testing.T) *gemmKernel[T] {
	t.Helper()
	tr := tiers[0]
	if tr.name == "generic" {
		t.Skip("no SIMD tier on this CPU")
	}
	if is32[T]() {
		return any(tr.f32.gemm).(*gemmKernel[T])
	}
	return any(tr.f64.gemm).(*gemmKernel[T])
}

func ints(vs ...int) []int { return vs }

// Each type's length functions, by T.

func microLen[T Float](tiles, kc, ldc int) []int {
	if is32[T]() {
		return ints(gemmMicroLenF32(tiles, kc, ldc))
	}
	return ints(gemmMicroLenF64(tiles, kc, ldc))
}

func microRowLen[T Float](tiles, kc, ldc int) []int {
	if is32[T]() {
		return ints(gemmMicroRowLenF32(tiles, kc, ldc))
	}
	return ints(gemmMicroRowLenF64(tiles, kc, ldc))
}

func directLen[T Float](m, n, k, rsa, csa, ldb, ldc int) []int {
	if is32[T]() {
		return ints(gemmDirectLenF32(m, n, k, rsa, csa, ldb, ldc))
	}
	return ints(gemmDirectLenF64(m, n, k, rsa, csa, ldb, ldc))
}

func dotLen[T Float](m, n, k, lda, ldb, ldc int) []int {
	if is32[T]() {
		return ints(gemmDotLenF32(m, n, k, lda, ldb, ldc))
	}
	return ints(gemmDotLenF64(m, n, k, lda, ldb, ldc))
}

func packANLen[T Float](chunks, lda int) []int {
	if is32[T]() {
		return ints(gemmPackANLenF32(chunks, lda))
	}
	return ints(gemmPackANLenF64(chunks, lda))
}

func packBTLen[T Float](chunks, ldb int) []int {
	if is32[T]() {
		return ints(gemmPackBTLenF32(chunks, ldb))
	}
	return ints(gemmPackBTLenF64(chunks, ldb))
}

func packATLen[T Float](kc, ld int) []int {
	if is32[T]() {
		return ints(gemmPackATLenF32(kc, ld))
	}
	return ints(gemmPackATLenF64(kc, ld))
}

func packBNLen[T Float](kc, ld int) []int {
	if is32[T]() {
		return ints(gemmPackBNLenF32(kc, ld))
	}
	return ints(gemmPackBNLenF64(kc, ld))
}

func packBNBlockLen[T Float](kc, panels, ld int) []int {
	if is32[T]() {
		return ints(gemmPackBNBlockLenF32(kc, panels, ld))
	}
	return ints(gemmPackBNBlockLenF64(kc, panels, ld))
}

// boundsCases lists calls of every wrapper of the SIMD GEMM g across the
// shapes its loops distinguish.
func boundsCases[T Float](g *gemmKernel[T]) []boundsCase[T] {
	s := shapeOf[T]()
	mr, nr, L := s.mr, s.nr, s.lanes
	var cs []boundsCase[T]
	add := func(name string, lens []int, call func(s [][]T)) {
		cs = append(cs, boundsCase[T]{name: name, lens: lens, call: call})
	}
	for _, kc := range []int{1, 3, 4, 9} {
		for _, ldc := range []int{nr, nr + 5} {
			add(fmt.Sprintf("micro kc=%d ldc=%d", kc, ldc), microLen[T](1, kc, ldc),
				func(s [][]T) { g.micro(kc, s[0], s[1], s[2], ldc, 1.5, 0.5) })
			for _, tiles := range []int{1, 3} {
				add(fmt.Sprintf("micros tiles=%d kc=%d ldc=%d", tiles, kc, ldc), microLen[T](tiles, kc, ldc),
					func(s [][]T) { g.micros(tiles, kc, s[0], s[1], s[2], ldc, 1, 1) })
				add(fmt.Sprintf("microsRow tiles=%d kc=%d ldc=%d", tiles, kc, ldc), microRowLen[T](tiles, kc, ldc*tiles),
					func(s [][]T) { g.microsRow(tiles, kc, s[0], s[1], s[2], ldc*tiles, 1, 0) })
			}
		}
	}
	for _, kc := range []int{1, 5} {
		for _, mt := range []int{1, mr - 1} {
			for _, nt := range []int{1, L - 1, L + 1, nr - 1} {
				if nt < 1 || nt >= nr {
					continue
				}
				ldc := nr + 2
				add(fmt.Sprintf("edge %d×%d kc=%d", mt, nt, kc), directLen[T](mt, nt, kc, 1, mr, nr, ldc),
					func(s [][]T) { g.edge(mt, nt, kc, s[0], s[1], s[2], ldc, 2, 1) })
			}
		}
	}
	for _, m := range []int{1, 7, 13} {
		for _, n := range []int{1, L - 1, L, L + 1, s.directNR} {
			if n < 1 || n > s.directNR {
				continue
			}
			// k = 19 and 34 reach the kernel's several accumulator sets
			// (from k = 16), with k mod 4 = 3 and 2 steps left over.
			for _, k := range []int{1, 6, 19, 34} {
				for _, st := range [][2]int{{k + 1, 1}, {1, m + 2}} {
					rsa, csa, ldb, ldc := st[0], st[1], n+1, n+3
					add(fmt.Sprintf("direct m=%d n=%d k=%d rsa=%d csa=%d", m, n, k, rsa, csa), directLen[T](m, n, k, rsa, csa, ldb, ldc),
						func(s [][]T) { callDirect(m, n, k, s[0], rsa, csa, s[1], ldb, s[2], ldc, 1, 0.5) })
				}
			}
		}
	}
	for _, m := range []int{6, 13} {
		for n := 1; n <= s.dotMaxN; n++ {
			for _, k := range []int{1, L + 3} {
				lda, ldb, ldc := k+1, roundUp(k, L), n+1
				add(fmt.Sprintf("dot m=%d n=%d k=%d", m, n, k), dotLen[T](m, n, k, lda, ldb, ldc),
					func(s [][]T) { callDot(m, n, k, s[0], lda, s[1], ldb, s[2], ldc, 1, 1) })
			}
		}
	}
	cs = append(cs, thinBoundsCases[T]()...)
	for _, chunks := range []int{1, 3} {
		for _, pad := range []int{0, 3} {
			ld := s.packStep*chunks + pad
			add(fmt.Sprintf("packAN chunks=%d lda=%d", chunks, ld), packANLen[T](chunks, ld),
				func(s [][]T) { g.packAN(chunks, s[0], ld, s[1]) })
			add(fmt.Sprintf("packBT chunks=%d ldb=%d", chunks, ld), packBTLen[T](chunks, ld),
				func(s [][]T) { g.packBT(chunks, s[0], ld, s[1]) })
		}
	}
	for _, kc := range []int{1, 5} {
		for _, pad := range []int{0, 2} {
			add(fmt.Sprintf("packAT kc=%d", kc), packATLen[T](kc, mr+pad),
				func(s [][]T) { g.packAT(kc, s[0], mr+pad, s[1]) })
			add(fmt.Sprintf("packBN kc=%d", kc), packBNLen[T](kc, nr+pad),
				func(s [][]T) { g.packBN(kc, s[0], nr+pad, s[1]) })
			for _, panels := range []int{1, 3} {
				ld := nr*panels + pad
				add(fmt.Sprintf("packBNBlock kc=%d panels=%d", kc, panels), packBNBlockLen[T](kc, panels, ld),
					func(s [][]T) { g.packBNBlock(kc, panels, s[0], ld, s[1]) })
			}
		}
	}
	return cs
}

func testGemmWrapperBounds[T Float](t *testing.T) {
	g := simdGemmKernel[T](t)
	if !harness.GuardPagesAvailable {
		t.Log("no guard pages: only the bounds checks are tested")
	}
	run := func(c boundsCase[T], short int) string {
		s := make([][]T, len(c.lens))
		for i, n := range c.lens {
			if i == short {
				n--
			}
			buf, free := harness.Guarded[T](n, harness.End)
			defer free()
			for j := range buf {
				buf[j] = 1
			}
			s[i] = buf
		}
		return outcome(func() { c.call(s) })
	}
	for _, c := range boundsCases(g) {
		if got := run(c, -1); got != "ok" {
			t.Errorf("%s with the declared lengths %v: %s", c.name, c.lens, got)
		}
		for i := range c.lens {
			if got := run(c, i); got != "bounds" {
				t.Errorf("%s with slice %d one shorter than the declared %v: %s, want a bounds panic", c.name, i, c.lens, got)
			}
		}
	}
}

func TestGemmWrapperBounds(t *testing.T) {
	t.Run("dtype=f32", testGemmWrapperBounds[float32])
	t.Run("dtype=f64", testGemmWrapperBounds[float64])
}

// TestGemmPackSlack checks that the driver's slack after each packed panel
// (gemmSlack) covers what the A packing writes past its chunks, as its
// generator declares.
func TestGemmPackSlack(t *testing.T) {
	for _, chunks := range []int{1, 7} {
		s := shapeOf[float32]()
		if over := packANLen[float32](chunks, 1)[1] - s.mr*s.packStep*chunks; over > gemmSlack {
			t.Errorf("float32 packAN writes %d elements past its panel, gemmSlack is %d", over, gemmSlack)
		}
		s = shapeOf[float64]()
		if over := packANLen[float64](chunks, 1)[1] - s.mr*s.packStep*chunks; over > gemmSlack {
			t.Errorf("float64 packAN writes %d elements past its panel, gemmSlack is %d", over, gemmSlack)
		}
	}
}
