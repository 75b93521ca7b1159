// Command vector generates the avx2 tier's element-wise and reduction
// kernels (ReLU, ReLUBackward, Axpy, Scale, Add, Sub, Mul, Sum, Dot and
// AddColSums) for float32 and float64:
//
//	go run ./vector -out ../kernels/vector_amd64.s -stubs ../kernels/vector_stubs_amd64.go -pkg kernels
//
// Every kernel makes one pass over its slices: a loop of unroll YMM vectors
// per iteration, a one-vector loop, then a scalar tail, so any length works
// and no byte outside the slices is touched.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// unroll is the number of YMM vectors per iteration of the wide loops.
const unroll = 4

func main() {
	ConstraintExpr("!purego")
	for _, t := range g.Types {
		relu(t)
		reluBackward(t)
		axpy(t)
		scale(t)
		binary(t, "add", "x[i] + y[i]", t.ADD)
		binary(t, "sub", "x[i] − y[i]", t.SUB)
		binary(t, "mul", "x[i]·y[i]", t.MUL)
		sum(t)
		dot(t)
		addColSums(t)
	}
	Generate()
}

func name(t g.Type, kernel string) string { return kernel + "AVX2" + t.Suffix }

func ret() {
	VZEROUPPER()
	RET()
}

func relu(t g.Type) {
	TEXT(name(t, "relu"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "relu")+" sets dst[i] = max(x[i], +0) for i < len(x): negative x gives +0,",
		"NaN and −0 pass through unchanged (VMAXP returns its second source on NaN).")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	zero := YMM()
	VXORPS(zero, zero, zero)
	g.Loop("relu", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			// Intel: r = 0 > x ? 0 : x, and x when either is NaN.
			t.MAX(w.Src(at(x, k)), w.Of(zero), r)
			w.Store(r, at(dst, k))
		}
	}, nil)
	ret()
}

func reluBackward(t g.Type) {
	TEXT(name(t, "reluBackward"), NOSPLIT, t.Sig("func(dx, dy, x []T)"))
	Pragma("noescape")
	Doc(name(t, "reluBackward") + " sets dx[i] = dy[i] where x[i] > 0, else +0 (NaN x gives +0).")
	dx, dy, x, n := g.Ptr("dx"), g.Ptr("dy"), g.Ptr("x"), g.Len("x")
	zero := YMM()
	VXORPS(zero, zero, zero)
	g.Loop("relubw", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			mask := w.Reg()
			t.CMP(g.LT_OQ, w.Src(at(x, k)), w.Of(zero), mask) // 0 < x, false for NaN
			t.AND(w.Src(at(dy, k)), mask, mask)
			w.Store(mask, at(dx, k))
		}
	}, nil)
	ret()
}

func axpy(t g.Type) {
	TEXT(name(t, "axpy"), NOSPLIT, t.Sig("func(alpha T, x, y []T)"))
	Pragma("noescape")
	Doc(name(t, "axpy") + " sets y[i] = fma(alpha, x[i], y[i]) for i < len(x).")
	x, y, n := g.Ptr("x"), g.Ptr("y"), g.Len("x")
	alpha := YMM()
	t.BROADCAST(g.Arg("alpha"), alpha)
	g.Loop("axpy", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			w.Load(at(y, k), r)
			t.FMA231(w.Src(at(x, k)), w.Of(alpha), r)
			w.Store(r, at(y, k))
		}
	}, nil)
	ret()
}

func scale(t g.Type) {
	TEXT(name(t, "scale"), NOSPLIT, t.Sig("func(dst []T, alpha T, x []T)"))
	Pragma("noescape")
	Doc(name(t, "scale") + " sets dst[i] = alpha·x[i] for i < len(x).")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	alpha := YMM()
	t.BROADCAST(g.Arg("alpha"), alpha)
	g.Loop("scale", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			t.MUL(w.Src(at(x, k)), w.Of(alpha), r) // Intel: r = alpha·x
			w.Store(r, at(dst, k))
		}
	}, nil)
	ret()
}

// binary emits dst[i] = x[i] op y[i] with x as the first (Intel) source.
func binary(t g.Type, kernel, what string, op func(a, b, dst Op)) {
	TEXT(name(t, kernel), NOSPLIT, t.Sig("func(dst, x, y []T)"))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] = %s for i < len(x).", name(t, kernel), what))
	dst, x, y, n := g.Ptr("dst"), g.Ptr("x"), g.Ptr("y"), g.Len("x")
	g.Loop(kernel, t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			w.Load(at(x, k), r)
			op(w.Src(at(y, k)), r, r)
			w.Store(r, at(dst, k))
		}
	}, nil)
	ret()
}

func sum(t g.Type) {
	TEXT(name(t, "sum"), NOSPLIT, t.Sig("func(x []T) T"))
	Pragma("noescape")
	Doc(name(t, "sum")+" returns the sum of x, accumulated in unroll×lanes partial sums",
		"that are added pairwise at the end, then the scalar tail.")
	x, n := g.Ptr("x"), g.Len("x")
	acc := zeros(unroll)
	var s Register
	g.Loop("sum", t, n, unroll, func(w g.Width, count int, at g.At) {
		if w.Scalar {
			t.ADDS(at(x, 0), s, s)
			return
		}
		for k := 0; k < count; k++ {
			t.ADD(at(x, k), acc[k], acc[k])
		}
	}, func() { s = t.Reduce(tree(t.ADD, acc), t.ADD) })
	t.MOVS(s, g.Ret(0))
	ret()
}

func dot(t g.Type) {
	TEXT(name(t, "dot"), NOSPLIT, t.Sig("func(x, y []T) T"))
	Pragma("noescape")
	Doc(name(t, "dot") + " returns Σ x[i]·y[i] with fused multiply-adds into unroll×lanes partial sums.")
	x, y, n := g.Ptr("x"), g.Ptr("y"), g.Len("x")
	acc := zeros(unroll)
	var s Register
	g.Loop("dot", t, n, unroll, func(w g.Width, count int, at g.At) {
		if w.Scalar {
			v := XMM()
			t.MOVS(at(x, 0), v)
			t.FMA231S(at(y, 0), v, s)
			return
		}
		for k := 0; k < count; k++ {
			v := YMM()
			t.MOVU(at(x, k), v)
			t.FMA231(at(y, k), v, acc[k])
		}
	}, func() { s = t.Reduce(tree(t.ADD, acc), t.ADD) })
	t.MOVS(s, g.Ret(0))
	ret()
}

// addColSums: dst[j] += Σ_i a[i*lda+j], each column summed in row order
// (dst[j] + a[0][j] + a[1][j] + …), so the result is identical to the
// generic tier's row-by-row Add. Columns are processed unroll vectors at a
// time with the running sums in registers, then one vector, then one
// column at a time.
func addColSums(t g.Type) {
	TEXT(name(t, "addColSums"), NOSPLIT, t.Sig("func(dst, a []T, rows, cols, lda int)"))
	Pragma("noescape")
	Doc(name(t, "addColSums")+" sets dst[j] += a[0*lda+j] + a[1*lda+j] + … + a[(rows−1)*lda+j],",
		"adding in row order, for j < cols.")
	dst, a := g.Ptr("dst"), g.Ptr("a")
	rows, cols, lda := Load(Param("rows"), GP64()), Load(Param("cols"), GP64()), Load(Param("lda"), GP64())
	shift := 2
	if t.Size == 8 {
		shift = 3
	}
	SHLQ(U8(shift), lda) // row stride in bytes
	w := t.Vec()
	lanes, per := w.Elems(), unroll*w.Elems()
	pre := "colsums_" + t.Suffix
	// Each column's sum is a chain of dependent additions, one per row,
	// so the row loop keeps as many columns in flight as it can: unroll
	// vectors per pass over the rows, then the last cols mod per columns
	// in one more pass of 1 … unroll vectors, the last of them masked.
	j, end := GP64(), GP64()
	XORQ(j, j)
	MOVQ(cols, end)
	ANDQ(I32(-per), end)
	Label(pre + "_wide")
	CMPQ(j, end)
	JAE(LabelRef(pre + "_tail"))
	colSumsPass(t, pre+"_wide", unroll, nil, dst, a, j, rows, lda)
	ADDQ(U32(per), j)
	JMP(LabelRef(pre + "_wide"))

	Label(pre + "_tail")
	rem := GP64()
	MOVQ(cols, rem)
	SUBQ(j, rem)
	JZ(LabelRef(pre + "_done"))
	// nv = ⌈rem/lanes⌉ vectors, the last holding last = rem − (nv−1)·lanes
	// columns: mask lane i is set iff index[i] < last.
	DECQ(rem)
	last := GP64()
	MOVQ(rem, last)
	ANDQ(U8(lanes-1), last)
	INCQ(last)
	mask := t.LaneMask("colsums", last)
	SHRQ(U8(g.Log2(lanes)), rem) // nv − 1
	for nv := 1; nv <= unroll; nv++ {
		label := fmt.Sprintf("%s_tail%d", pre, nv)
		if nv < unroll {
			CMPQ(rem, U8(nv-1))
			JNE(LabelRef(label + "_next"))
		}
		colSumsPass(t, label, nv, mask, dst, a, j, rows, lda)
		JMP(LabelRef(pre + "_done"))
		if nv < unroll {
			Label(label + "_next")
		}
	}
	Label(pre + "_done")
	ret()
}

// colSumsPass emits one pass over the rows for nv vectors of columns from
// column j: the last vector is masked with mask unless mask is nil.
func colSumsPass(t g.Type, label string, nv int, mask VecVirtual, dst, a, j GPVirtual, rows, lda Register) {
	w := t.Vec()
	at := func(base GPVirtual, k int) Mem { return Mem{Base: base, Disp: k * w.Bytes()} }
	d, p, r := GP64(), GP64(), GP64()
	LEAQ(Mem{Base: dst, Index: j, Scale: uint8(t.Size)}, d)
	LEAQ(Mem{Base: a, Index: j, Scale: uint8(t.Size)}, p)
	masked := func(k int) bool { return mask != nil && k == nv-1 }
	acc := make([]VecVirtual, nv)
	for k := range acc {
		acc[k] = w.Reg()
		if masked(k) {
			t.MaskLoad(at(d, k), mask, acc[k])
		} else {
			w.Load(at(d, k), acc[k])
		}
	}
	var tmp VecVirtual
	if mask != nil {
		tmp = w.Reg()
	}
	MOVQ(rows, r)
	Label(label + "_rows")
	TESTQ(r, r)
	JZ(LabelRef(label + "_store"))
	for k := range acc {
		if masked(k) {
			// Masked-off lanes load as zero and stay zero.
			t.MaskLoad(at(p, k), mask, tmp)
			t.ADD(tmp, acc[k], acc[k]) // Intel: acc = acc + a
		} else {
			t.ADD(w.Src(at(p, k)), acc[k], acc[k])
		}
	}
	ADDQ(lda, p)
	DECQ(r)
	JMP(LabelRef(label + "_rows"))
	Label(label + "_store")
	for k := range acc {
		if masked(k) {
			t.MaskStore(acc[k], mask, at(d, k))
		} else {
			w.Store(acc[k], at(d, k))
		}
	}
}

// zeros allocates n zeroed YMM accumulators.
func zeros(n int) []VecVirtual {
	acc := make([]VecVirtual, n)
	for k := range acc {
		acc[k] = YMM()
		VXORPS(acc[k], acc[k], acc[k])
	}
	return acc
}

// tree folds the accumulators pairwise ((a0 op a1) op (a2 op a3)) into
// acc[0] and returns it.
func tree(op func(a, b, dst Op), acc []VecVirtual) VecVirtual {
	for step := 1; step < len(acc); step *= 2 {
		for k := 0; k+step < len(acc); k += 2 * step {
			op(acc[k+step], acc[k], acc[k])
		}
	}
	return acc[0]
}
