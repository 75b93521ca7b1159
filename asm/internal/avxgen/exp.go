package avxgen

import (
	"fmt"
	"math"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdgrad/simdgrad/asm/internal/expconst"
)

// The vector exponential shared by the generators (softmax, activation).
//
// exp(x): clamp x to [lo, hi] (NaN passes the clamp unchanged), split
// x = n·ln2 + r with n = round(x·log2e) and r computed by a Cody–Waite
// reduction (two fused multiply-adds with ln2 = ln2hi + ln2lo), approximate
// e^r on |r| ≤ ln2/2 by a minimax polynomial 1 + r + c2·r² + … with
// coefficients rounded to the element type, and multiply by 2^n built in
// the exponent bits. n is read from the bits of the rounding sum
// t = x·log2e + magic, magic = 1.5·2^p + bias (p the mantissa width), whose
// low bits hold n + bias.

// ExpMode selects what an Exp emitter computes and how it applies 2^n.
type ExpMode int

const (
	// ExpFull is exp over the whole range: 2^n is split into
	// 2^⌊u/2⌋·2^⌈u/2⌉ (biased), so overflow gives +Inf and subnormal
	// results are rounded once.
	ExpFull ExpMode = iota
	// ExpScaled is exp(x)·2^K for x ≤ 0, in one step: always a normal
	// number (the exponential of the softmax kernels).
	ExpScaled
	// ExpM1 computes the parts s = 2^n and q = e^r − 1 of
	// expm1(x) = e^x − 1 = s·q + (s − 1) for x ≤ 0 (EmitM1), where
	// q = r·(1 + c2·r + …) keeps its relative accuracy as x → 0 (n = 0,
	// r = x). x is clamped below at LoM1 and must not be positive.
	ExpM1
)

// Exp emits the vector exp for one element type and mode. As many of its
// constants as the register budget allows live in registers for the whole
// loop; the rest are memory operands. (With every constant in memory the
// loads, two 256-bit per cycle, would bound the throughput; with too many
// in registers Avo would allocate X16–X31, which need AVX-512.)
type Exp struct {
	t    Type
	p    expconst.Params
	mode ExpMode

	// Clamp bounds: registers, since the first source of VMAXP/VMINP must be.
	lo, hi reg.VecVirtual
	// Registers or 32-byte memory constants.
	magic, log2e, ln2hi, ln2lo, one operand.Op
	coef                            []operand.Op // c2 … c_{d−1}
	// c_d, loaded to start the Horner sum.
	top operand.Mem
}

// NewExp loads the constants of mode from the pool c, at most budget of
// them (the clamp bounds included) into registers.
func NewExp(t Type, c *Consts, mode ExpMode, budget int) *Exp {
	e := &Exp{t: t, p: expconst.For(t.Size), mode: mode}
	load := func(name string, v float64) reg.VecVirtual {
		r := build.YMM()
		t.MOVU(c.Float(t, name, v), r)
		budget--
		return r
	}
	get := func(name string, v float64) operand.Op {
		if budget > 0 {
			return load(name, v)
		}
		return c.Float(t, name, v)
	}
	if mode == ExpM1 {
		e.lo = load("lo_m1", e.p.LoM1)
	} else {
		e.lo = load("lo", e.p.Lo)
	}
	if mode == ExpFull {
		e.hi = load("hi", e.p.Hi)
	}
	e.one = get("one", 1)
	base := 1.5 * math.Ldexp(1, t.MantBits())
	switch mode {
	case ExpFull:
		e.magic = get("magic_full", base+float64(2*t.Bias()))
	case ExpScaled:
		e.magic = get("magic_scaled", base+float64(t.Bias()+e.p.K))
	case ExpM1:
		e.magic = get("magic_m1", base+float64(t.Bias()))
	}
	e.log2e = get("log2e", math.Log2E)
	e.ln2hi = get("ln2hi", e.p.Ln2Hi)
	e.ln2lo = get("ln2lo", e.p.Ln2Lo)
	d := len(e.p.Poly) + 1 // degree
	for k := 2; k < d; k++ {
		e.coef = append(e.coef, get(polyName(k), e.p.Poly[k-2]))
	}
	e.top = c.Float(t, polyName(d), e.p.Poly[d-2])
	return e
}

// One returns the constant 1 of the emitter, a register or a memory
// operand, for use by the code around it.
func (e *Exp) One() operand.Op { return e.one }

// Of views a constant at width w: the XMM half of a register for a scalar
// step; a memory constant is 32 bytes, so any width may read it.
func Of(w Width, c operand.Op) operand.Op {
	if r, ok := c.(reg.VecVirtual); ok {
		return w.Of(r)
	}
	return c
}

// Emit computes exp(x) (ExpFull) or exp(x)·2^K (ExpScaled) of the
// width-w register xr, which it clobbers, and returns the register
// holding the result.
func (e *Exp) Emit(w Width, xr reg.VecVirtual) reg.VecVirtual {
	if e.mode == ExpM1 {
		panic("avxgen.Exp.Emit: an ExpM1 emitter has EmitM1")
	}
	p, _ := e.emit(w, xr)
	return p
}

// EmitM1 computes, for an ExpM1 emitter, the parts s = 2^n and
// q = e^r − 1 of expm1(x) = s·q + (s − 1) for the width-w register xr,
// which it clobbers.
func (e *Exp) EmitM1(w Width, xr reg.VecVirtual) (s, q reg.VecVirtual) {
	if e.mode != ExpM1 {
		panic("avxgen.Exp.EmitM1: not an ExpM1 emitter")
	}
	q, s = e.emit(w, xr)
	return s, q
}

// emit emits the mode's computation and returns its result: e^x or
// e^x·2^K for ExpFull and ExpScaled, q and s = 2^n for ExpM1.
func (e *Exp) emit(w Width, xr reg.VecVirtual) (p, s reg.VecVirtual) {
	t := e.t
	x := w.Of(xr)
	// Clamp: Intel VMAXP(lo, x) returns x when x is NaN, likewise VMINP.
	t.MAX(x, w.Of(e.lo), x)
	if e.mode == ExpFull {
		t.MIN(x, w.Of(e.hi), x)
	}
	// tb = x·log2e + magic, rounded to an integer: its low bits are
	// n + bias, where magic = 1.5·2^p + bias (p the mantissa width).
	tb := w.Reg()
	t.MOVU(Of(w, e.magic), tb)
	t.FMA231(Of(w, e.log2e), x, tb)
	nf := w.Reg()
	t.SUB(Of(w, e.magic), tb, nf) // n, exactly
	// Cody–Waite: r = (x − n·ln2hi) − n·ln2lo; the first step is exact.
	t.FNMA231(Of(w, e.ln2hi), nf, x)
	t.FNMA231(Of(w, e.ln2lo), nf, x)
	// Horner: p = ((c_d·r + c_{d−1})·r + … + c2)·r + 1)·r + 1.
	p = w.Reg()
	t.MOVU(e.top, p)
	for d := len(e.coef) - 1; d >= 0; d-- {
		t.FMA213(Of(w, e.coef[d]), x, p)
	}
	t.FMA213(Of(w, e.one), x, p)
	mb := t.MantBits()
	switch e.mode {
	case ExpFull:
		t.FMA213(Of(w, e.one), x, p)
		// u = n + 2·bias; 2^n = 2^(⌊u/2⌋−bias)·2^(⌈u/2⌉−bias), both normal.
		// The high bits of magic vanish in the shifts.
		half := w.Reg()
		t.PSRL(1, tb, half)
		t.PSUB(half, tb, tb)
		t.PSLL(mb, half, half)
		t.PSLL(mb, tb, tb)
		t.MUL(half, p, p)
		t.MUL(tb, p, p)
	case ExpScaled:
		t.FMA213(Of(w, e.one), x, p)
		// u = n + bias + K ≥ 1 for every x ≥ lo: 2^(n+K) directly.
		t.PSLL(mb, tb, tb)
		t.MUL(tb, p, p)
	case ExpM1:
		// q = r·(1 + c2·r + …); u = n + bias ≥ 1 for x ≥ LoM1: 2^n directly.
		t.MUL(x, p, p)
		t.PSLL(mb, tb, tb)
		return p, tb
	}
	return p, nil
}

// ExpLoop emits the streaming loop dst[i] = e(x[i]) for i < n, unroll
// vectors per iteration of the wide loop.
func ExpLoop(e *Exp, dst, x, n reg.Register, unroll int) {
	Loop("exp", e.t, n, unroll, func(w Width, count int, at At) {
		for k := 0; k < count; k++ {
			v := w.Reg()
			w.Load(at(x, k), v)
			w.Store(e.Emit(w, v), at(dst, k))
		}
	}, nil)
}

func polyName(k int) string { return fmt.Sprintf("c%02d", k) }
