// Command activation generates the avx2 tier's element-wise activation
// kernels and their gradients (Sigmoid, Tanh, SigmoidBackward,
// TanhBackward) for float32 and float64:
//
//	go run ./activation -out ../kernels/activation_amd64.s -stubs ../kernels/activation_stubs_amd64.go -pkg kernels
//
// Both activations are built on the vector exponential of avxgen.Exp (the
// one of the softmax kernels), evaluated at −|x| so that it never
// overflows:
//
//   - sigmoid(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, with
//     e = exp(−|x|) over the full range (subnormal for x < −87 in float32);
//     a selection by the sign bit of x, an add and a divide;
//   - tanh(x) = sign(x)·(1 − E)/(1 + E) with E = e^−2|x| = 2^n·(1 + q)
//     and q = e^r − 1 (avxgen.ExpM1): 1 − E = (1 − 2^n) − 2^n·q and
//     1 + E = (1 + 2^n) + 2^n·q, each one fused multiply-add after an
//     exact sum, keep their relative accuracy as x → 0 (n = 0, where
//     1 − exp(−2|x|) would cancel); 1 − E is never −0, so the sign of x
//     is simply or-ed in and ±0 gives ±0.
//
// The gradients use the activation's output y, as the autodiff keeps it:
// dx = dy·(y·(1 − y)) and dx = dy·((1 − y)·(1 + y)), rounded after each
// operation in that order, without fused multiply-adds, so that the
// generic tier computes the same bits.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// unroll is the number of YMM vectors per iteration of the wide loops.
const unroll = 4

var consts = g.NewConsts("act")

func main() {
	ConstraintExpr("!purego")
	for _, t := range g.Types {
		sigmoid(t)
		tanh(t)
		sigmoidBackward(t)
		tanhBackward(t)
	}
	Generate()
}

func name(t g.Type, kernel string) string { return kernel + "AVX2" + t.Suffix }

func ret() {
	VZEROUPPER()
	RET()
}

// signBit and absMask are the sign bit and its complement in each lane.
func signBit(t g.Type) Mem {
	if t.Size == 4 {
		return consts.Bits(t, "sign", 1<<31)
	}
	return consts.Bits(t, "sign", 1<<63)
}

func absMask(t g.Type) Mem {
	if t.Size == 4 {
		return consts.Bits(t, "abs", 1<<31-1)
	}
	return consts.Bits(t, "abs", 1<<63-1)
}

// register returns c in a YMM register, loading it if it is a memory
// constant.
func register(t g.Type, c Op) VecVirtual {
	if r, ok := c.(VecVirtual); ok {
		return r
	}
	r := YMM()
	t.MOVU(c, r)
	return r
}

func sigmoid(t g.Type) {
	TEXT(name(t, "sigmoid"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "sigmoid")+" sets dst[i] = 1/(1 + exp(−x[i])), as 1/(1 + e) for x[i] ≥ 0",
		"and e/(1 + e) otherwise, e = exp(−|x[i]|); −0 counts as negative (e = 1).")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	e := g.NewExp(t, consts, g.ExpFull, 8)
	one := register(t, e.One())
	sign := signBit(t)
	g.Loop("sigmoid", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			v, y := w.Reg(), w.Reg()
			w.Load(at(x, k), v)
			t.OR(sign, w.Of(v), w.Of(y)) // −|x|
			ex := e.Emit(w, y)
			den := w.Reg()
			t.ADD(w.Of(one), w.Of(ex), w.Of(den))            // 1 + e
			t.BLENDV(w.Of(v), w.Of(ex), w.Of(one), w.Of(ex)) // x < 0 ? e : 1
			t.DIV(w.Of(den), w.Of(ex), w.Of(ex))
			w.Store(w.Of(ex), at(dst, k))
		}
	}, nil)
	ret()
}

func tanh(t g.Type) {
	TEXT(name(t, "tanh"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "tanh")+" sets dst[i] = tanh(x[i]) = sign(x[i])·(1 − E)/(1 + E), E = e^−2|x[i]| = s·(1 + q)",
		"with s = 2^n and q = e^r − 1; ±0 gives ±0, ±Inf ±1, NaN NaN.")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	e := g.NewExp(t, consts, g.ExpM1, 8)
	one := register(t, e.One())
	sign := signBit(t)
	g.Loop("tanh", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			v, y := w.Reg(), w.Reg()
			w.Load(at(x, k), v)
			t.OR(sign, w.Of(v), w.Of(y)) // −|x|
			t.ADD(w.Of(y), w.Of(y), w.Of(y))
			s, q := e.EmitM1(w, y)
			num, den := w.Reg(), w.Reg()
			t.SUB(w.Of(s), w.Of(one), w.Of(num))   // 1 − s, exact
			t.ADD(w.Of(one), w.Of(s), w.Of(den))   // 1 + s, exact
			t.FNMA231(w.Of(q), w.Of(s), w.Of(num)) // 1 − E = (1 − s) − s·q ≥ +0
			t.FMA231(w.Of(q), w.Of(s), w.Of(den))  // 1 + E
			t.DIV(w.Of(den), w.Of(num), w.Of(num))
			t.AND(sign, w.Of(v), w.Of(v))
			t.OR(w.Of(v), w.Of(num), w.Of(num))
			w.Store(w.Of(num), at(dst, k))
		}
	}, nil)
	ret()
}

// src returns the memory operand m for a packed instruction of width w,
// loading it first for a scalar step.
func src(w g.Width, m Mem) Op { return w.Src(m) }

func sigmoidBackward(t g.Type) {
	TEXT(name(t, "sigmoidBackward"), NOSPLIT, t.Sig("func(dx, dy, y []T)"))
	Pragma("noescape")
	Doc(name(t, "sigmoidBackward") + " sets dx[i] = dy[i]·(y[i]·(1 − y[i])) for i < len(y).")
	dx, dy, y, n := g.Ptr("dx"), g.Ptr("dy"), g.Ptr("y"), g.Len("y")
	one := YMM()
	t.MOVU(consts.Float(t, "one", 1), one)
	g.Loop("dsigmoid", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			yv, r := w.Reg(), w.Reg()
			w.Load(at(y, k), yv)
			t.SUB(w.Of(yv), w.Of(one), w.Of(r)) // 1 − y
			t.MUL(w.Of(yv), w.Of(r), w.Of(r))
			t.MUL(src(w, at(dy, k)), w.Of(r), w.Of(r))
			w.Store(w.Of(r), at(dx, k))
		}
	}, nil)
	ret()
}

func tanhBackward(t g.Type) {
	TEXT(name(t, "tanhBackward"), NOSPLIT, t.Sig("func(dx, dy, y []T)"))
	Pragma("noescape")
	Doc(name(t, "tanhBackward") + " sets dx[i] = dy[i]·((1 − y[i])·(1 + y[i])) for i < len(y).")
	dx, dy, y, n := g.Ptr("dx"), g.Ptr("dy"), g.Ptr("y"), g.Len("y")
	one := YMM()
	t.MOVU(consts.Float(t, "one", 1), one)
	g.Loop("dtanh", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			yv, r := w.Reg(), w.Reg()
			w.Load(at(y, k), yv)
			t.SUB(w.Of(yv), w.Of(one), w.Of(r))  // 1 − y
			t.ADD(w.Of(one), w.Of(yv), w.Of(yv)) // 1 + y
			t.MUL(w.Of(yv), w.Of(r), w.Of(r))
			t.MUL(src(w, at(dy, k)), w.Of(r), w.Of(r))
			w.Store(w.Of(r), at(dx, k))
		}
	}, nil)
	ret()
}
