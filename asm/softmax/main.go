// Command softmax generates the avx2 tier's vectorised exponential and the
// row kernels of Softmax and LogSoftmax built on it, for float32 and
// float64:
//
//	go run ./softmax -out ../kernels/softmax_amd64.s -stubs ../kernels/softmax_stubs_amd64.go -shapes ../kernels/softmax_shapes_amd64.go -pkg kernels
//
// -shapes writes the narrow kernel's width and the softmax scale 2^−K as Go
// constants.
//
// The exponential is avxgen.Exp, shared with the activation generator.
// exp(x): clamp x to [lo, hi] (NaN passes the clamp unchanged), split
// x = n·ln2 + r with n = round(x·log2e) and r computed by a Cody–Waite
// reduction (two fused multiply-adds with ln2 = ln2hi + ln2lo), approximate
// e^r on |r| ≤ ln2/2 by a minimax polynomial 1 + r + c2·r² + … with
// coefficients rounded to the element type, and multiply by 2^n built in the
// exponent bits. n is read from the bits of the rounding sum
// t = x·log2e + magic, magic = 1.5·2^p + bias (p the mantissa width), whose
// low bits hold n + bias.
//
// Two ways to apply 2^n:
//   - the full-range exp (expAVX2*) splits it into 2^⌊u/2⌋·2^⌈u/2⌉ (biased),
//     so overflow gives +Inf and subnormal results are rounded once;
//   - the softmax kernels, whose arguments x − max are ≤ 0, compute
//     e^x·2^K in one step (K = 64 for float32, 512 for float64), which is
//     always a normal number; the scale factor cancels in e/Σe, and the
//     final multiply by 1/Σ rounds a subnormal result only once.
//
// Rows narrower than a vector go to softmaxNarrow, one row per vector;
// float32 rows of at most four elements, eight rows at a time, to
// softmaxLanes (lanes.go), which holds the rows in the vector lanes and
// gives the same results bit for bit.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
	"github.com/simdgrad/simdgrad/asm/internal/expconst"
	"github.com/simdgrad/simdgrad/asm/internal/shapes"
)

// unroll is the number of YMM vectors per iteration of the wide loops.
const unroll = 4

var consts = g.NewConsts("exp")

var shapesOut = flag.String("shapes", "", "write the kernels' shapes (Go constants) to `file`")

func main() {
	flag.Parse()
	ConstraintExpr("!purego")
	var sh shapes.File
	for _, t := range g.Types {
		expFull(t)
		expScaled(t)
		softmaxRow(t)
		softmaxNarrow(t)
		if t == g.F32 {
			softmaxLanes(t)
			sh.Const("softmaxLanesColsF32", lanesMaxCols,
				"softmaxLanesColsF32 is the widest row of softmaxLanesAVX2F32, which takes",
				"rows eight at a time.")
		}
		logSumExpRow(t)
		logSoftmaxRow(t)
		s := t.Suffix
		sh.Const("softmaxNarrowCols"+s, t.Lanes,
			fmt.Sprintf("softmaxNarrowCols%s is the widest row of softmaxNarrowAVX2%s, which reads", s, s),
			"that many elements from the start of each of its full rows.")
		sh.ConstExpr("expScale"+s, fmt.Sprintf("0x1p-%d", expconst.For(t.Size).K),
			fmt.Sprintf("expScale%s is 2^−K, K the scale exponent of the softmax kernels'", s),
			"exponential (expScaledAVX2"+s+").")
	}
	Generate()
	if *shapesOut != "" {
		err := sh.Write(*shapesOut, "kernels", "!purego", os.Args[1:],
			"The shapes of the softmax kernels in softmax_amd64.s, written by their",
			"generator (asm/softmax).")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func name(t g.Type, kernel string) string { return kernel + "AVX2" + t.Suffix }

func ret() {
	VZEROUPPER()
	RET()
}

// expLoop emits the streaming loop dst[i] = e(x[i]) for i < n.
func expLoop(e *g.Exp, dst, x, n Register) { g.ExpLoop(e, dst, x, n, unroll) }

// newExp returns the full-range or the softmax-scaled exp emitter.
func newExp(t g.Type, full bool, budget int) *g.Exp {
	mode := g.ExpScaled
	if full {
		mode = g.ExpFull
	}
	return g.NewExp(t, consts, mode, budget)
}

func expFull(t g.Type) {
	TEXT(name(t, "exp"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "exp")+" sets dst[i] = exp(x[i]) over the whole range: overflow gives +Inf,",
		"−Inf and large negatives 0, NaN stays NaN; results may be subnormal.")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	expLoop(newExp(t, true, 12), dst, x, n)
	ret()
}

func expScaled(t g.Type) {
	p := expconst.For(t.Size)
	TEXT(name(t, "expScaled"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "expScaled")+" sets dst[i] = exp(x[i])·2^K for x[i] ≤ 0 (K = "+strconv.Itoa(p.K)+"), the",
		"exponential of the softmax kernels; exposed for tests.")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	expLoop(newExp(t, false, 12), dst, x, n)
	ret()
}

// rowMax emits the first pass: the largest non-NaN element of x[:n]
// (−Inf when there is none), broadcast to every lane of the returned YMM,
// and the scalar in the low lane of the returned XMM.
func rowMax(t g.Type, x, n Register) (VecVirtual, Register) {
	acc := make([]VecVirtual, unroll)
	for k := range acc {
		acc[k] = YMM()
		t.MOVU(consts.Float(t, "neginf", math.Inf(-1)), acc[k])
	}
	g.Loop("max", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			v := YMM()
			if w.Scalar {
				t.BROADCAST(at(x, 0), v)
			} else {
				t.MOVU(at(x, k), v)
			}
			t.MAX(acc[k], v, acc[k]) // Intel: v > acc ? v : acc, so a NaN v is ignored
		}
	}, nil)
	for step := 1; step < unroll; step *= 2 {
		for k := 0; k+step < unroll; k += 2 * step {
			t.MAX(acc[k+step], acc[k], acc[k])
		}
	}
	s := t.Reduce(acc[0], t.MAX)
	m := YMM()
	t.BROADCAST(s, m)
	return m, s
}

// expSum emits the second pass: e[i] = exp(x[i] − m)·2^K, stored to dst
// when dst is not nil, and returns their sum in the low lane of an XMM.
// Registers: m, the accumulator and three temporaries; the exp constants
// get 10 of the other 11 (with all 11, Avo's allocator reaches into Y16,
// which only EVEX can encode).
func expSum(t g.Type, dst, x, n Register, m VecVirtual) Register {
	e := newExp(t, false, 10)
	acc := YMM()
	VXORPS(acc, acc, acc)
	var s Register
	g.Loop("exp", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			v := w.Reg()
			w.Load(at(x, k), v)
			t.SUB(w.Of(m), v, v) // x − m
			r := e.Emit(w, v)
			if dst != nil {
				w.Store(r, at(dst, k))
			}
			if w.Scalar {
				t.ADDS(r, s, s)
			} else {
				t.ADD(r, acc, acc)
			}
		}
	}, func() { s = t.Reduce(acc, t.ADD) })
	return s
}

func softmaxRow(t g.Type) {
	TEXT(name(t, "softmaxRow"), NOSPLIT, t.Sig("func(dst, x []T)"))
	Pragma("noescape")
	Doc(name(t, "softmaxRow")+" sets dst to the softmax of the row x in three passes: the",
		"maximum m; e[i] = exp(x[i] − m)·2^K stored to dst and summed; dst[i] = e[i]·(1/Σe).",
		"A NaN or +Inf in x, or x all −Inf, makes the sum NaN and so every result NaN.")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	m, _ := rowMax(t, x, n)
	s := expSum(t, dst, x, n, m)
	inv := XMM()
	t.MOVS(consts.Float(t, "one", 1), inv)
	t.DIVS(s, inv, inv) // 1/Σe
	invY := YMM()
	t.BROADCAST(inv, invY)
	g.Loop("scale", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			w.Load(at(dst, k), r)
			t.MUL(w.Of(invY), r, r)
			w.Store(r, at(dst, k))
		}
	}, nil)
	ret()
}

// softmaxNarrow emits the softmax of rows narrower than a vector in three
// passes, so that the long dependency chain of the exp is not repeated row
// by row: (1) each row, one vector, loses its maximum, found across the
// lanes by permutes, and is stored shifted to dst; (2) one streaming loop
// takes the scaled exp of all of dst, full vectors; (3) each row is summed
// across the lanes and divided by its sum. Lanes past the row read as −Inf
// for the maximum and are zeroed before the sum.
//
// The first full rows are read with whole vectors, which reach into the
// following rows; the others, whose vector would reach past the end, with
// masked loads. Every row is stored with exactly its bytes (16-, 8- and
// 4-byte stores by the bits of cols): a whole-vector store would overlap
// the next row, whose load could then not be forwarded from the store
// buffer, and AVX2 masked stores are microcoded and slow on AMD cores.
func softmaxNarrow(t g.Type) {
	TEXT(name(t, "softmaxNarrow"), NOSPLIT, t.Sig("func(dst, x []T, rows, cols, full int)"))
	Pragma("noescape")
	Doc(name(t, "softmaxNarrow")+" sets each row of dst, rows×cols with 1 ≤ cols ≤ "+strconv.Itoa(t.Lanes)+", to the",
		"softmax of the row of x: m = the row maximum; e[j] = exp(x[j] − m)·2^K; dst[j] = e[j]/Σe.",
		"A NaN or +Inf in a row, or a row all −Inf, makes that row NaN. The first full rows",
		"must have "+strconv.Itoa(t.Lanes)+" elements of x from their start: they are read whole.",
		"dst must be x or not overlap it.")
	dst0, x0 := g.Ptr("dst"), g.Ptr("x")
	rows, cols := Load(Param("rows"), GP64()), Load(Param("cols"), GP64())
	full := Load(Param("full"), GP64())
	mask := t.LaneMask("softmax", cols)
	stride := GP64()
	MOVQ(cols, stride)
	shift := 2
	if t.Size == 8 {
		shift = 3
	}
	SHLQ(U8(shift), stride)
	// across folds the lanes of v with op so that every lane holds the
	// result: swap the 128-bit halves, then neighbours within each half.
	across := func(v VecVirtual, op func(a, b, dst Op)) {
		tmp := YMM()
		VPERM2F128(U8(1), v, v, tmp)
		op(tmp, v, v)
		if t.Size == 4 {
			VPERMILPS(U8(0x4e), v, tmp) // swap 64-bit pairs
			op(tmp, v, v)
			VPERMILPS(U8(0xb1), v, tmp) // swap neighbours
			op(tmp, v, v)
		} else {
			VPERMILPD(U8(0x5), v, tmp) // swap neighbours
			op(tmp, v, v)
		}
	}
	blend := func(mask, a, b, dst VecVirtual) { // Intel: dst = mask ? a : b
		if t.Size == 4 {
			VBLENDVPS(mask, a, b, dst)
		} else {
			VBLENDVPD(mask, a, b, dst)
		}
	}
	// storeRow stores the low cols lanes of r, which it clobbers, to d.
	storeRow := func(label string, r VecVirtual, d GPVirtual) {
		p := GP64()
		CMPQ(cols, U8(t.Lanes))
		JNE(LabelRef(label + "_part"))
		t.MOVU(r, Mem{Base: d})
		JMP(LabelRef(label + "_stored"))
		Label(label + "_part")
		MOVQ(d, p)
		x := r.AsX()
		for bytes := 16; bytes >= t.Size; bytes /= 2 {
			skip := fmt.Sprintf("%s_st%d", label, bytes)
			TESTQ(U32(bytes/t.Size), cols)
			JZ(LabelRef(skip))
			switch bytes {
			case 16:
				VMOVUPS(x, Mem{Base: p})
				VEXTRACTF128(U8(1), r, x)
			case 8:
				VMOVSD(x, Mem{Base: p})
				VMOVHLPS(x, x, x)
			case 4:
				VMOVSS(x, Mem{Base: p})
			}
			if bytes > t.Size {
				ADDQ(U8(bytes), p)
			}
			Label(skip)
		}
		Label(label + "_stored")
	}
	// perRow emits a loop over the rows: the full ones, then the rest,
	// calling body with each row's vector, loaded from src, and storing
	// the vector body returns to dst.
	perRow := func(pass string, src GPVirtual, body func(v VecVirtual) VecVirtual) {
		d, x, n := GP64(), GP64(), GP64()
		MOVQ(dst0, d)
		MOVQ(src, x)
		for _, masked := range []bool{false, true} {
			label := pass + "_full"
			if masked {
				label = pass + "_tail"
				MOVQ(rows, n)
				SUBQ(full, n)
			} else {
				MOVQ(full, n)
			}
			Label(label)
			TESTQ(n, n)
			JZ(LabelRef(label + "_done"))
			v := YMM()
			if masked {
				t.MaskLoad(Mem{Base: x}, mask, v)
			} else {
				t.MOVU(Mem{Base: x}, v)
			}
			storeRow(label, body(v), d)
			ADDQ(stride, x)
			ADDQ(stride, d)
			DECQ(n)
			JMP(LabelRef(label))
			Label(label + "_done")
		}
	}

	negInf := YMM()
	t.MOVU(consts.Float(t, "neginf", math.Inf(-1)), negInf)
	perRow("max", x0, func(v VecVirtual) VecVirtual {
		m := YMM()
		blend(mask, v, negInf, m)
		// A NaN may or may not survive the maximum; either way x − m or
		// the exp of the NaN lane makes the sum, and so the row, NaN.
		across(m, t.MAX)
		t.SUB(m, v, v) // x − m
		return v
	})

	n := GP64()
	MOVQ(rows, n)
	IMULQ(cols, n)
	expLoop(newExp(t, false, 12), dst0, dst0, n)

	perRow("sum", dst0, func(v VecVirtual) VecVirtual {
		t.AND(mask, v, v) // lanes past the row out of the sum
		sum := YMM()
		t.MOVU(v, sum)
		across(sum, t.ADD)
		if t.Size == 4 {
			VDIVPS(sum, v, v) // Intel: v = v / sum
		} else {
			VDIVPD(sum, v, v)
		}
		return v
	})
	ret()
}

func logSumExpRow(t g.Type) {
	TEXT(name(t, "logSumExpRow"), NOSPLIT, t.Sig("func(x []T) (m, s T)"))
	Pragma("noescape")
	Doc(name(t, "logSumExpRow")+" returns the largest non-NaN element m of x (−Inf if none)",
		"and s = Σ exp(x[i] − m)·2^K, so log Σ exp(x[i]) = m + log(s·2^−K).")
	x, n := g.Ptr("x"), g.Len("x")
	m, ms := rowMax(t, x, n)
	s := expSum(t, nil, x, n, m)
	t.MOVS(ms, g.Ret(0))
	t.MOVS(s, g.Ret(1))
	ret()
}

func logSoftmaxRow(t g.Type) {
	TEXT(name(t, "logSoftmaxRow"), NOSPLIT, t.Sig("func(dst, x []T, m, l T)"))
	Pragma("noescape")
	Doc(name(t, "logSoftmaxRow") + " sets dst[i] = (x[i] − m) − l.")
	dst, x, n := g.Ptr("dst"), g.Ptr("x"), g.Len("x")
	m, l := YMM(), YMM()
	t.BROADCAST(g.Arg("m"), m)
	t.BROADCAST(g.Arg("l"), l)
	g.Loop("lsm", t, n, unroll, func(w g.Width, count int, at g.At) {
		for k := 0; k < count; k++ {
			r := w.Reg()
			w.Load(at(x, k), r)
			t.SUB(w.Of(m), r, r)
			t.SUB(w.Of(l), r, r)
			w.Store(r, at(dst, k))
		}
	}, nil)
	ret()
}
