package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/simdgrad/simdgrad/asm/internal/expconst"
	g "github.com/simdgrad/simdgrad/asm/internal/neongen"
	"github.com/simdgrad/simdgrad/asm/internal/shapes"
)

// The vectorised exponential and the row kernels of Softmax and LogSoftmax
// built on it. The exp is the avx2 tier's (asm/softmax, constants in
// asm/internal/expconst) instruction for instruction: clamp, n =
// round(x·log2e) by the rounding constant magic, a Cody–Waite reduction
// with two fused multiply-subtracts, the polynomial by Horner's rule in
// fused multiply-adds, and 2^n built in the exponent bits, either split in
// two factors (the full-range exp) or with the softmax scale 2^K folded in
// (the scaled exp of the softmax kernels, for x ≤ 0). Both tiers therefore
// round every element alike.

// expUnroll is the number of vectors per iteration of the exp loops: each
// needs five registers besides the constants, which take up to 17 for
// float64.
const expUnroll = 2

// Registers of the exp: vector k of an iteration holds x in V(k), and
// uses V(2+k), V(4+k), V(6+k), V(8+k); the constants start at expConst.
const expConst = 13

func softmaxKernels(f *g.File) func(string) error {
	var sh shapes.File
	for _, t := range g.Types {
		expFull(f, t)
		expScaled(f, t)
		softmaxRow(f, t)
		softmaxNarrow(f, t)
		logSumExpRow(f, t)
		logSoftmaxRow(f, t)
		s := t.Suffix
		sh.Const("softmaxNarrowCols"+s, t.Lanes,
			fmt.Sprintf("softmaxNarrowCols%s is the widest row of softmaxNarrowNEON%s, which reads", s, s),
			"that many elements of x and dst from the start of every row.")
		sh.ConstExpr("expScale"+s, fmt.Sprintf("0x1p-%d", expconst.For(t.Size).K),
			fmt.Sprintf("expScale%s is 2^−K, K the scale exponent of the softmax kernels'", s),
			"exponential (expScaledNEON"+s+").")
		sh.Func(fmt.Sprintf("softmaxNarrowLen%s(rows, cols int) int", s),
			[]string{fmt.Sprintf("(rows-1)*cols + %d", t.Lanes)},
			fmt.Sprintf("softmaxNarrowLen%s returns the shortest x and dst softmaxNarrowNEON%s", s, s),
			"may be given (rows ≥ 1, 1 ≤ cols ≤ softmaxNarrowCols"+s+").")
	}
	return func(path string) error {
		return sh.Write(path, "kernels", "!purego", []string{"-dir", "../kernels"},
			"The shapes of the softmax kernels in softmax_arm64.s, written by their",
			"generator (asm/neon).")
	}
}

// expEmitter emits the vector exp of one element type and mode, its
// constants held in registers from expConst up.
type expEmitter struct {
	fn   *g.Func
	t    g.Type
	p    expconst.Params
	full bool // full range (two-step 2^n) or softmax-scaled (×2^K)

	lo, hi, one, magic, log2e, ln2hi, ln2lo g.V
	coef                                    []g.V // c2 … c_{d−1}
	top                                     g.V   // c_d
}

// newExp loads the constants of the exp into registers.
func newExp(fn *g.Func, t g.Type, full bool) *expEmitter {
	e := &expEmitter{fn: fn, t: t, p: expconst.For(t.Size), full: full}
	next := g.V(expConst)
	load := func(v float64) g.V {
		r := next
		next++
		bits := math.Float64bits(v)
		if t.Size == 4 {
			bits = uint64(math.Float32bits(float32(v)))
		}
		fn.Splat(t, r, bits)
		return r
	}
	e.lo = load(e.p.Lo)
	if full {
		e.hi = load(e.p.Hi)
	}
	e.one = load(1)
	base := 1.5 * math.Ldexp(1, t.MantBits())
	if full {
		e.magic = load(base + float64(2*t.Bias()))
	} else {
		e.magic = load(base + float64(t.Bias()+e.p.K))
	}
	e.log2e = load(math.Log2E)
	e.ln2hi = load(e.p.Ln2Hi)
	e.ln2lo = load(e.p.Ln2Lo)
	d := len(e.p.Poly) + 1 // degree
	for k := 2; k < d; k++ {
		e.coef = append(e.coef, load(e.p.Poly[k-2]))
	}
	e.top = load(e.p.Poly[d-2])
	if next > 31 {
		panic("neon: the exp constants do not fit the registers")
	}
	return e
}

// emit computes exp(x) (or exp(x)·2^K) of the count vectors V0…, which it
// clobbers with V2…V9, and returns the registers holding the results.
// The steps are interleaved across the vectors.
func (e *expEmitter) emit(count int) []g.V {
	fn, t := e.fn, e.t
	each := func(f func(k int, x, tb, nf, p, q g.V)) {
		for k := 0; k < count; k++ {
			f(k, g.V(k), g.V(2+k), g.V(4+k), g.V(6+k), g.V(8+k))
		}
	}
	// Clamp: FMAX and FMIN return NaN for a NaN x, which stays NaN.
	each(func(k int, x, tb, nf, p, q g.V) { fn.FMAX(t, x, x, e.lo) })
	if e.full {
		each(func(k int, x, tb, nf, p, q g.V) { fn.FMIN(t, x, x, e.hi) })
	}
	// tb = x·log2e + magic, rounded to an integer: its low bits are
	// n + bias, where magic = 1.5·2^p + bias (p the mantissa width).
	each(func(k int, x, tb, nf, p, q g.V) { fn.Mov(tb, e.magic) })
	each(func(k int, x, tb, nf, p, q g.V) { fn.VFMLA(t, tb, x, e.log2e) })
	each(func(k int, x, tb, nf, p, q g.V) { fn.FSUB(t, nf, tb, e.magic) }) // n, exactly
	// Cody–Waite: r = (x − n·ln2hi) − n·ln2lo; the first step is exact.
	each(func(k int, x, tb, nf, p, q g.V) { fn.VFMLS(t, x, nf, e.ln2hi) })
	each(func(k int, x, tb, nf, p, q g.V) { fn.VFMLS(t, x, nf, e.ln2lo) })
	// Horner: p = ((c_d·r + c_{d−1})·r + … + c2)·r + 1)·r + 1, each step
	// into the other of p and q.
	cur := make([]g.V, count)
	for k := range cur {
		cur[k] = e.top
	}
	order := append(reverse(e.coef), e.one, e.one) // c_{d−1} … c2, 1, 1
	for i, c := range order {
		each(func(k int, x, tb, nf, p, q g.V) {
			dst := p
			if i%2 == 1 {
				dst = q
			}
			fn.Mov(dst, c)
			fn.VFMLA(t, dst, cur[k], x)
			cur[k] = dst
		})
	}
	mb := t.MantBits()
	if e.full {
		// u = n + 2·bias; 2^n = 2^(⌊u/2⌋−bias)·2^(⌈u/2⌉−bias), both normal.
		// The high bits of magic vanish in the shifts.
		each(func(k int, x, tb, nf, p, q g.V) {
			half := nf
			fn.USHR(t, half, tb, 1)
			fn.ISUB(t, tb, tb, half)
			fn.SHL(t, half, half, mb)
			fn.SHL(t, tb, tb, mb)
		})
		each(func(k int, x, tb, nf, p, q g.V) { fn.FMUL(t, cur[k], cur[k], nf) })
		each(func(k int, x, tb, nf, p, q g.V) { fn.FMUL(t, cur[k], cur[k], tb) })
	} else {
		// u = n + bias + K ≥ 1 for every x ≥ lo: 2^(n+K) directly.
		each(func(k int, x, tb, nf, p, q g.V) { fn.SHL(t, tb, tb, mb) })
		each(func(k int, x, tb, nf, p, q g.V) { fn.FMUL(t, cur[k], cur[k], tb) })
	}
	return cur
}

func reverse(vs []g.V) []g.V {
	r := make([]g.V, len(vs))
	for i, v := range vs {
		r[len(vs)-1-i] = v
	}
	return r
}

// expLoop emits the streaming loop dst[i] = e(x[i]) for the n elements
// counted by the register n, with x at the pointer src and dst at dst
// (both advanced), counter cnt.
func expLoop(e *expEmitter, dst, src, n, cnt g.R) {
	e.fn.Loop("exp", e.t, n, cnt, expUnroll, func(w g.Width, count int) {
		w.Load(e.fn, src, 0, count)
		r := e.emit(count)
		for k := 1; k < count; k++ {
			if r[k] != r[0]+g.V(k) {
				panic("neon: exp results not consecutive")
			}
		}
		w.Store(e.fn, dst, r[0], count)
	}, nil)
}

func expFull(f *g.File, t g.Type) {
	fn := f.Func(name(t, "exp"), t.Sig("func(dst, x []T)"),
		name(t, "exp")+" sets dst[i] = exp(x[i]) over the whole range: overflow gives +Inf,",
		"−Inf and large negatives 0, NaN stays NaN; results may be subnormal.")
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	expLoop(newExp(fn, t, true), r0, r1, r2, r3)
	fn.RET()
}

func expScaled(f *g.File, t g.Type) {
	fn := f.Func(name(t, "expScaled"), t.Sig("func(dst, x []T)"),
		name(t, "expScaled")+" sets dst[i] = exp(x[i])·2^K for x[i] ≤ 0 (K = "+strconv.Itoa(expconst.For(t.Size).K)+"), the",
		"exponential of the softmax kernels; exposed for tests.")
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	expLoop(newExp(fn, t, false), r0, r1, r2, r3)
	fn.RET()
}

// Registers of the row kernels besides the exp's: the row maximum,
// broadcast, and the sum.
const (
	rowM   = 10
	rowSum = 11
	rowInv = 12
)

// rowMax emits the first pass: the largest element of the n elements at
// the pointer p (NaN if one is NaN, as the generic tier's), broadcast to
// every lane of V10. It uses V0–V3 and V16–V19.
func rowMax(fn *g.Func, t g.Type, p, n, cnt g.R) {
	fn.Splat(t, acc0, negInf(t))
	for k := 1; k < unroll; k++ {
		fn.Mov(g.V(acc0+k), acc0)
	}
	fn.Loop("max", t, n, cnt, unroll, func(w g.Width, count int) {
		w.Load(fn, p, 0, count)
		if w.Scalar {
			fn.SMAX(t, acc0, acc0, 0)
			return
		}
		for k := 0; k < count; k++ {
			fn.FMAX(t, g.V(acc0+k), g.V(acc0+k), g.V(k))
		}
	}, func() {
		fn.FMAX(t, acc0, acc0, acc0+1)
		fn.FMAX(t, acc0+2, acc0+2, acc0+3)
		fn.FMAX(t, acc0, acc0, acc0+2)
		fn.FMAXV(t, acc0, acc0)
	})
	fn.Dup(t, rowM, acc0, 0)
}

// negInf is the bit pattern of −Inf in t.
func negInf(t g.Type) uint64 {
	if t.Size == 4 {
		return uint64(math.Float32bits(float32(math.Inf(-1))))
	}
	return math.Float64bits(math.Inf(-1))
}

// expSum emits the second pass: e[i] = exp(x[i] − m)·2^K, stored to dst
// when store is true (at the pointer dst), summed into the low lane of
// V11.
func expSum(fn *g.Func, t g.Type, dst, x, n, cnt g.R, store bool) {
	e := newExp(fn, t, false)
	fn.Zero(rowSum)
	fn.Loop("exp", t, n, cnt, expUnroll, func(w g.Width, count int) {
		w.Load(fn, x, 0, count)
		for k := 0; k < count; k++ {
			fn.FSUB(t, g.V(k), g.V(k), rowM) // x − m
		}
		r := e.emit(count)
		if store {
			w.Store(fn, dst, r[0], count)
		}
		for k := 0; k < count; k++ {
			if w.Scalar {
				fn.SADD(t, rowSum, rowSum, r[k])
			} else {
				fn.FADD(t, rowSum, rowSum, r[k])
			}
		}
	}, func() {
		if t.Lanes == 4 {
			fn.FADDP(t, rowSum, rowSum, rowSum)
		}
		fn.FADDPS(t, rowSum, rowSum)
	})
}

func softmaxRow(f *g.File, t g.Type) {
	fn := f.Func(name(t, "softmaxRow"), t.Sig("func(dst, x []T)"),
		name(t, "softmaxRow")+" sets dst to the softmax of the row x in three passes: the",
		"maximum m; e[i] = exp(x[i] − m)·2^K stored to dst and summed; dst[i] = e[i]·(1/Σe).",
		"A NaN or +Inf in x, or x all −Inf, makes the sum NaN and so every result NaN.")
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	rowMax(fn, t, r1, r2, r3)
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	expSum(fn, t, r0, r1, r2, r3, true)
	fn.Splat(t, rowInv, oneBits(t))
	fn.SDIV(t, rowInv, rowInv, rowSum) // 1/Σe
	fn.Dup(t, rowInv, rowInv, 0)
	fn.Ptr("dst", r0)
	fn.I("MOVD %s, %s", r0, r1)
	fn.Loop("scale", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		for k := 0; k < count; k++ {
			fn.FMUL(t, g.V(k), g.V(k), rowInv)
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}

func oneBits(t g.Type) uint64 {
	if t.Size == 4 {
		return uint64(math.Float32bits(1))
	}
	return math.Float64bits(1)
}

// softmaxNarrow emits the softmax of rows of at most one vector in three
// passes, so that the long dependency chain of the exp is not repeated row
// by row: (1) each row, one vector, loses its maximum, found across the
// lanes, and is stored shifted to dst; (2) one streaming loop takes the
// scaled exp of all of dst; (3) each row is summed across the lanes and
// divided by its sum. Lanes past the row read as −Inf for the maximum and
// are zeroed before the sum.
//
// Every row is read with a whole vector, which reaches into the following
// rows: the caller passes rows whose vector lies inside x and dst (and
// copies the last few to a padded buffer). Every row is stored with
// exactly its bytes: 16-, 8- and 4-byte stores by the bits of cols.
func softmaxNarrow(f *g.File, t g.Type) {
	fn := f.Func(name(t, "softmaxNarrow"), t.Sig("func(dst, x []T, rows, cols int)"),
		name(t, "softmaxNarrow")+" sets each row of dst, rows×cols with 1 ≤ cols ≤ "+strconv.Itoa(t.Lanes)+", to the",
		"softmax of the row of x: m = the row maximum; e[j] = exp(x[j] − m)·2^K; dst[j] = e[j]/Σe.",
		"A NaN or +Inf in a row, or a row all −Inf, makes that row NaN. Every row must have",
		strconv.Itoa(t.Lanes)+" elements of x and of dst from its start: they are read whole.",
		"dst must be x or not overlap it.")
	// r0 dst, r1 x, r2 rows, r3 cols, r4 the row stride in bytes; r5, r6
	// the row pointers of a pass, r7 rows left, r8 a store pointer, r9 and
	// r10 the exp loop's count and counter.
	const (
		mask  = 30 // lanes j < cols
		ninf  = 31 // −Inf
		index = 29 // lane numbers, for the mask (before the exp's constants)
	)
	const r9, r10 g.R = 9, 10
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Int("rows", r2)
	fn.Int("cols", r3)
	fn.I("LSL $%d, %s, %s", t.Shift(), r3, r4)
	if t.Size == 4 {
		fn.I("VMOVQ $0x0000000100000000, $0x0000000300000002, V%d", index)
	} else {
		fn.I("VMOVQ $0, $1, V%d", index)
	}
	fn.DupR(t, mask, r3)
	fn.CMGT(t, mask, mask, index) // cols > j
	fn.Splat(t, ninf, negInf(t))

	// storeRow stores the low cols lanes of v, which it clobbers, at the
	// pointer d.
	storeRow := func(label string, v g.V, d g.R) {
		fn.I("CMP $%d, %s", t.Lanes, r3)
		fn.I("BNE %s_part", label)
		fn.StoreAt(t, d, v, 1)
		fn.I("B %s_stored", label)
		fn.Label(label + "_part")
		if t.Size == 8 {
			fn.StoreElemAt(t, d, 0, v) // cols = 1
		} else {
			fn.I("MOVD %s, %s", d, r8)
			fn.I("TBZ $1, %s, %s_st4", r3, label)
			fn.I("FMOVD %s, (%s)", v.F(), r8)
			fn.I("ADD $8, %s, %s", r8, r8)
			fn.EXT(v, v, v, 8) // lanes 2, 3 down
			fn.Label(label + "_st4")
			fn.I("TBZ $0, %s, %s_stored", r3, label)
			fn.StoreElemAt(t, r8, 0, v)
		}
		fn.Label(label + "_stored")
	}
	// perRow emits a loop over the rows, calling body with each row's
	// vector, loaded from src, and storing the vector body returns to dst.
	perRow := func(pass string, src g.R, body func(v g.V) g.V) {
		fn.I("MOVD %s, %s", r0, r5)
		fn.I("MOVD %s, %s", src, r6)
		fn.I("MOVD %s, %s", r2, r7)
		fn.Label(pass)
		fn.LoadAt(t, r6, 0, 1)
		storeRow(pass, body(0), r5)
		fn.I("ADD %s, %s, %s", r4, r6, r6)
		fn.I("ADD %s, %s, %s", r4, r5, r5)
		fn.I("SUB $1, %s, %s", r7, r7)
		fn.I("CBNZ %s, %s", r7, pass)
	}

	perRow("max", r1, func(v g.V) g.V {
		m := g.V(1)
		fn.Mov(m, ninf)
		fn.BIT(m, v, mask) // x where j < cols, −Inf past the row
		// A NaN makes m NaN, and so x − m and the row's sum NaN.
		fn.FMAXV(t, m, m)
		fn.Dup(t, m, m, 0)
		fn.FSUB(t, v, v, m) // x − m
		return v
	})

	fn.I("MUL %s, %s, %s", r2, r3, r9)
	fn.I("MOVD %s, %s", r0, r5)
	fn.I("MOVD %s, %s", r0, r6)
	expLoop(newExp(fn, t, false), r5, r6, r9, r10)

	perRow("sum", r0, func(v g.V) g.V {
		s := g.V(1)
		fn.AND(v, v, mask) // lanes past the row out of the sum
		if t.Lanes == 4 {
			fn.FADDP(t, s, v, v)
			fn.FADDPS(t, s, s)
		} else {
			fn.FADDPS(t, s, v)
		}
		fn.Dup(t, s, s, 0)
		fn.FDIV(t, v, v, s)
		return v
	})
	fn.RET()
}

func logSumExpRow(f *g.File, t g.Type) {
	fn := f.Func(name(t, "logSumExpRow"), t.Sig("func(x []T) (m, s T)"),
		name(t, "logSumExpRow")+" returns the largest element m of x (NaN if one is NaN, −Inf",
		"if x is empty) and s = Σ exp(x[i] − m)·2^K, so log Σ exp(x[i]) = m + log(s·2^−K).")
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	rowMax(fn, t, r1, r2, r3)
	fn.Ptr("x", r1)
	expSum(fn, t, r0, r1, r2, r3, false)
	fn.RetFloat(t, rowM, "m")
	fn.RetFloat(t, rowSum, "s")
	fn.RET()
}

func logSoftmaxRow(f *g.File, t g.Type) {
	fn := f.Func(name(t, "logSoftmaxRow"), t.Sig("func(dst, x []T, m, l T)"),
		name(t, "logSoftmaxRow")+" sets dst[i] = (x[i] − m) − l.")
	const m, l = 30, 31
	broadcastArg(fn, t, "m", m)
	broadcastArg(fn, t, "l", l)
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	fn.Loop("lsm", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		for k := 0; k < count; k++ {
			fn.FSUB(t, g.V(k), g.V(k), m)
			fn.FSUB(t, g.V(k), g.V(k), l)
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}
