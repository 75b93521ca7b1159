package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// lanesMaxCols is the widest row of softmaxLanesAVX2F32.
const lanesMaxCols = 4

// softmaxLanes emits softmaxLanesAVX2F32, the softmax of float32 rows of
// at most four elements with the rows in the vector lanes: a block of
// eight rows is loaded row by row with exact widths (rows i < 4 into the
// low halves of four YMM, rows 4 + i into the high halves) and transposed
// within the halves into cols vectors, column j of the block in vector j.
// Then the maximum, the exp and the sum of each row are lane-wise
// operations on whole vectors, where softmaxNarrowAVX2F32 holds a row per
// vector (three of eight lanes used for three columns) and folds each
// across its lanes. The result is the same, bit for bit: the maximum is
// exact, the exp is the same per element, the sum is taken in the order of
// softmaxNarrow's fold ((e0 + e2) + (e1 + e3), where its fold adds zeros
// for the missing lanes, which changes nothing), and each element is
// divided by it.
func softmaxLanes(t g.Type) {
	TEXT(name(t, "softmaxLanes"), NOSPLIT, t.Sig("func(dst, x []T, blocks, cols int)"))
	Pragma("noescape")
	Doc(name(t, "softmaxLanes")+" sets the first 8·blocks rows of dst, rows of cols elements",
		fmt.Sprintf("(1 ≤ cols ≤ %d, blocks ≥ 1), to the softmax of the rows of x, bit for bit as", lanesMaxCols),
		name(t, "softmaxNarrow")+" does; it reads and writes nothing past those rows.",
		"dst must be x or not overlap it.")
	dst, x := g.Ptr("dst"), g.Ptr("x")
	blocks, cols := GP64(), GP64()
	Load(Param("blocks"), blocks)
	Load(Param("cols"), cols)
	st, st3 := GP64(), GP64() // the row stride in bytes, three of them
	MOVQ(cols, st)
	SHLQ(U8(2), st)
	LEAQ(Mem{Base: st, Index: st, Scale: 2}, st3)
	for c := 1; c < lanesMaxCols; c++ {
		CMPQ(cols, U8(c))
		JEQ(LabelRef(fmt.Sprintf("lanes_c%d", c)))
	}
	for c := lanesMaxCols; c >= 1; c-- {
		lanesBlocks(t, c, dst, x, blocks, st, st3)
	}
	Label("lanes_done")
	ret()
}

// lanesBlocks emits the loop over the blocks for rows of c elements.
func lanesBlocks(t g.Type, c int, dst, x, blocks, st, st3 GPVirtual) {
	pfx := fmt.Sprintf("lanes_c%d", c)
	Label(pfx)
	row := func(p0, p4 GPVirtual, i int) Mem { return g.Row8(p0, p4, st, st3, i, 0) }
	e := newExp(t, false, 4)
	x4, d4 := GP64(), GP64()
	Label(pfx + "_block")
	LEAQ(Mem{Base: x, Index: st, Scale: 4}, x4)
	v := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	tmp := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for i := 0; i < 4; i++ {
		g.LoadExact32(row(x, x4, i), v[i].AsX(), c)
		g.LoadExact32(row(x, x4, 4+i), tmp[i].AsX(), c)
		VINSERTF128(U8(1), tmp[i].AsX(), v[i], v[i])
	}
	col := g.TransposeHalves4(v, tmp, 0, c)[:c]
	m := YMM()
	t.MOVU(col[0], m)
	for j := 1; j < c; j++ {
		t.MAX(col[j], m, m)
	}
	ex := make([]VecVirtual, c)
	for j := range col {
		t.SUB(m, col[j], col[j]) // x − m
		ex[j] = e.Emit(t.Vec(), col[j])
	}
	// The sum in softmaxNarrow's order: (e0 + e2) + (e1 + e3).
	sum := YMM()
	t.MOVU(ex[0], sum)
	if c > 2 {
		t.ADD(ex[2], sum, sum)
	}
	if c > 1 {
		odd := ex[1]
		if c > 3 {
			odd = YMM()
			t.ADD(ex[3], ex[1], odd)
		}
		t.ADD(odd, sum, sum)
	}
	out := make([]VecVirtual, 4)
	for j := range out {
		if j < c {
			out[j] = ex[j]
			VDIVPS(sum, ex[j], ex[j]) // Intel: e / sum
		} else {
			out[j] = YMM() // a column past the row: never stored
			VXORPS(out[j], out[j], out[j])
		}
	}
	rows := g.TransposeHalves4(out, []VecVirtual{YMM(), YMM(), YMM(), YMM()}, 0, 4)
	LEAQ(Mem{Base: dst, Index: st, Scale: 4}, d4)
	for i, r := range rows {
		hi := XMM()
		VEXTRACTF128(U8(1), r, hi)
		g.StoreExact32(r.AsX(), row(dst, d4, i), c)
		g.StoreExact32(hi, row(dst, d4, 4+i), c)
	}
	LEAQ(Mem{Base: x, Index: st, Scale: 8}, x)
	LEAQ(Mem{Base: dst, Index: st, Scale: 8}, dst)
	DECQ(blocks)
	JNZ(LabelRef(pfx + "_block"))
	if c > 1 {
		JMP(LabelRef("lanes_done"))
	}
}
