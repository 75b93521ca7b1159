package main

import (
	"fmt"

	g "github.com/simdgrad/simdgrad/asm/internal/neongen"
)

// The element-wise and reduction kernels (ReLU, ReLUBackward, Axpy, Scale,
// Add, Sub, Mul, Sum, Dot and AddColSums). Every kernel makes one pass
// over its slices: a loop of unroll vectors per iteration, a one-vector
// loop, then one element at a time, so any length works and no byte
// outside the slices is touched. The single-element steps load the element
// into the low lane of a register (zeroing the others) and run the same
// vector instructions, so every element is computed alike.

// unroll is the number of vectors per iteration of the wide loops: four
// 16-byte vectors, one VLD1 of four registers.
const unroll = 4

func vectorKernels(f *g.File) func(string) error {
	for _, t := range g.Types {
		relu(f, t)
		reluBackward(f, t)
		axpy(f, t)
		scale(f, t)
		binary(f, t, "add", "x[i] + y[i]", (*g.Func).FADD)
		binary(f, t, "sub", "x[i] − y[i]", (*g.Func).FSUB)
		binary(f, t, "mul", "x[i]·y[i]", (*g.Func).FMUL)
		sum(f, t)
		dot(f, t)
		addColSums(f, t)
	}
	return nil
}

func name(t g.Type, kernel string) string { return kernel + "NEON" + t.Suffix }

// General registers of the streaming kernels.
const (
	r0, r1, r2, r3, r4, r5, r6, r7, r8 g.R = 0, 1, 2, 3, 4, 5, 6, 7, 8
)

func relu(f *g.File, t g.Type) {
	fn := f.Func(name(t, "relu"), t.Sig("func(dst, x []T)"),
		name(t, "relu")+" sets dst[i] = x[i] for i < len(x), +0 where x[i] < 0: NaN and −0",
		"pass through unchanged, bit for bit (a compare with zero and a bit clear).")
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	fn.Loop("relu", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		for k := 0; k < count; k++ {
			v, mask := g.V(k), g.V(4+k)
			fn.FCMLTZ(t, mask, v) // false for NaN and −0
			fn.BIC(v, v, mask)
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}

func reluBackward(f *g.File, t g.Type) {
	fn := f.Func(name(t, "reluBackward"), t.Sig("func(dx, dy, x []T)"),
		name(t, "reluBackward")+" sets dx[i] = dy[i] where x[i] > 0, else +0 (NaN x gives +0).")
	fn.Ptr("dx", r0)
	fn.Ptr("dy", r1)
	fn.Ptr("x", r2)
	fn.Len("x", r4)
	fn.Loop("relubw", t, r4, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		w.Load(fn, r2, 4, count)
		for k := 0; k < count; k++ {
			dy, x, mask := g.V(k), g.V(4+k), g.V(8+k)
			fn.FCMGTZ(t, mask, x) // false for NaN
			fn.AND(dy, dy, mask)
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}

// broadcastArg loads the float argument name into every lane of v.
func broadcastArg(fn *g.Func, t g.Type, arg string, v g.V) {
	fn.Float(t, arg, v)
	fn.Dup(t, v, v, 0)
}

func axpy(f *g.File, t g.Type) {
	fn := f.Func(name(t, "axpy"), t.Sig("func(alpha T, x, y []T)"),
		name(t, "axpy")+" sets y[i] = fma(alpha, x[i], y[i]) for i < len(x).")
	const alpha = 31
	broadcastArg(fn, t, "alpha", alpha)
	fn.Ptr("x", r0)
	fn.Ptr("y", r1)
	fn.Len("x", r2)
	fn.Loop("axpy", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r0, 0, count)
		if w.Scalar {
			fn.LoadElemAt(t, r1, 0, 4)
		} else {
			fn.LoadAt(t, r1, 4, count)
		}
		for k := 0; k < count; k++ {
			fn.VFMLA(t, g.V(4+k), g.V(k), alpha)
		}
		w.Store(fn, r1, 4, count)
	}, nil)
	fn.RET()
}

func scale(f *g.File, t g.Type) {
	fn := f.Func(name(t, "scale"), t.Sig("func(dst []T, alpha T, x []T)"),
		name(t, "scale")+" sets dst[i] = alpha·x[i] for i < len(x).")
	const alpha = 31
	broadcastArg(fn, t, "alpha", alpha)
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Len("x", r2)
	fn.Loop("scale", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		for k := 0; k < count; k++ {
			fn.FMUL(t, g.V(k), g.V(k), alpha)
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}

// binary emits dst[i] = x[i] op y[i].
func binary(f *g.File, t g.Type, kernel, what string, op func(fn *g.Func, t g.Type, d, n, m g.V)) {
	fn := f.Func(name(t, kernel), t.Sig("func(dst, x, y []T)"),
		fmt.Sprintf("%s sets dst[i] = %s for i < len(x).", name(t, kernel), what))
	fn.Ptr("dst", r0)
	fn.Ptr("x", r1)
	fn.Ptr("y", r2)
	fn.Len("x", r4)
	fn.Loop(kernel, t, r4, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r1, 0, count)
		w.Load(fn, r2, 4, count)
		for k := 0; k < count; k++ {
			op(fn, t, g.V(k), g.V(k), g.V(4+k))
		}
		w.Store(fn, r0, 0, count)
	}, nil)
	fn.RET()
}

// The reductions keep unroll partial sums in V16–V19 and add them
// pairwise, then across the lanes, before the single elements.
const acc0 = 16

func zeros(fn *g.Func, n int) {
	for k := 0; k < n; k++ {
		fn.Zero(g.V(acc0 + k))
	}
}

// reduceSum adds the unroll accumulators pairwise, ((a0 + a1) + (a2 +
// a3)), then the lanes of the result pairwise, into the low lane of V16.
func reduceSum(fn *g.Func, t g.Type) {
	fn.FADD(t, acc0, acc0, acc0+1)
	fn.FADD(t, acc0+2, acc0+2, acc0+3)
	fn.FADD(t, acc0, acc0, acc0+2)
	if t.Lanes == 4 {
		fn.FADDP(t, acc0, acc0, acc0) // (a0+a1, a2+a3, …)
	}
	fn.FADDPS(t, acc0, acc0)
}

func sum(f *g.File, t g.Type) {
	fn := f.Func(name(t, "sum"), t.Sig("func(x []T) T"),
		name(t, "sum")+" returns the sum of x, accumulated in unroll×lanes partial sums",
		"that are added pairwise at the end, then the single elements.")
	fn.Ptr("x", r0)
	fn.Len("x", r2)
	zeros(fn, unroll)
	fn.Loop("sum", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r0, 0, count)
		if w.Scalar {
			fn.SADD(t, acc0, acc0, 0)
			return
		}
		for k := 0; k < count; k++ {
			fn.FADD(t, g.V(acc0+k), g.V(acc0+k), g.V(k))
		}
	}, func() { reduceSum(fn, t) })
	fn.RetFloat(t, acc0, "ret")
	fn.RET()
}

func dot(f *g.File, t g.Type) {
	fn := f.Func(name(t, "dot"), t.Sig("func(x, y []T) T"),
		name(t, "dot")+" returns Σ x[i]·y[i] with fused multiply-adds into unroll×lanes partial sums.")
	fn.Ptr("x", r0)
	fn.Ptr("y", r1)
	fn.Len("x", r2)
	zeros(fn, unroll)
	fn.Loop("dot", t, r2, r3, unroll, func(w g.Width, count int) {
		w.Load(fn, r0, 0, count)
		w.Load(fn, r1, 4, count)
		if w.Scalar {
			fn.SMADD(t, acc0, 0, 4, acc0)
			return
		}
		for k := 0; k < count; k++ {
			fn.VFMLA(t, g.V(acc0+k), g.V(k), g.V(4+k))
		}
	}, func() { reduceSum(fn, t) })
	fn.RetFloat(t, acc0, "ret")
	fn.RET()
}

// addColSums: dst[j] += Σ_i a[i*lda+j], each column summed in row order
// (dst[j] + a[0][j] + a[1][j] + …), so the result is identical to the
// generic tier's row-by-row Add. Columns go unroll vectors at a time with
// the running sums in registers, then one vector, then one column at a
// time.
func addColSums(f *g.File, t g.Type) {
	fn := f.Func(name(t, "addColSums"), t.Sig("func(dst, a []T, rows, cols, lda int)"),
		name(t, "addColSums")+" sets dst[j] += a[0*lda+j] + a[1*lda+j] + … + a[(rows−1)*lda+j],",
		"adding in row order, for j < cols.")
	// r0 the columns' dst, r1 their first row of a, r2 rows, r3 columns
	// left, r4 lda in bytes; r5 the row pointer, r6 rows left.
	fn.Ptr("dst", r0)
	fn.Ptr("a", r1)
	fn.Int("rows", r2)
	fn.Int("cols", r3)
	fn.Int("lda", r4)
	fn.I("LSL $%d, %s, %s", t.Shift(), r4, r4)
	pass := func(label string, nv int) {
		// One pass over the rows for nv vectors (0: one element) of
		// columns.
		if nv == 0 {
			fn.LoadElemAt(t, r0, 0, acc0)
		} else {
			fn.LoadAt(t, r0, acc0, nv)
		}
		fn.I("MOVD %s, %s", r1, r5)
		fn.I("MOVD %s, %s", r2, r6)
		fn.I("CBZ %s, %s_store", r6, label)
		fn.Label(label + "_rows")
		if nv == 0 {
			fn.LoadElemAt(t, r5, 0, 0)
			fn.SADD(t, acc0, acc0, 0)
		} else {
			fn.LoadAt(t, r5, 0, nv)
			for k := 0; k < nv; k++ {
				fn.FADD(t, g.V(acc0+k), g.V(acc0+k), g.V(k))
			}
		}
		fn.I("ADD %s, %s, %s", r4, r5, r5)
		fn.I("SUB $1, %s, %s", r6, r6)
		fn.I("CBNZ %s, %s_rows", r6, label)
		fn.Label(label + "_store")
		if nv == 0 {
			fn.StoreElemAt(t, r0, 0, acc0)
		} else {
			fn.StoreAt(t, r0, acc0, nv)
		}
	}
	for _, s := range []struct {
		label string
		nv    int
	}{{"wide", unroll}, {"vec", 1}, {"elem", 0}} {
		cols := max(s.nv*t.Lanes, 1)
		next := map[string]string{"wide": "vec", "vec": "elem", "elem": "done"}[s.label]
		fn.Label(s.label)
		fn.I("CMP $%d, %s", cols, r3)
		fn.I("BLT %s", next)
		pass(s.label, s.nv)
		fn.I("ADD $%d, %s, %s", cols*t.Size, r0, r0)
		fn.I("ADD $%d, %s, %s", cols*t.Size, r1, r1)
		fn.I("SUB $%d, %s, %s", cols, r3, r3)
		fn.I("B %s", s.label)
	}
	fn.Label("done")
	fn.RET()
}
