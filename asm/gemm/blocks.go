package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// What the thin kernels that compute C in blocks of eight rows share (the
// narrow, halves, pairs and short kernels): they return at once when m is
// below a block, loop over the full blocks, and compute the m mod 8 rows
// left by one more block, the last eight rows of C, which overlaps the
// block before by skip = 8 − m mod 8 rows and stores only its rows from
// skip on, so that beta·C is added once and every row of C comes from the
// same code.

// blockRows is the height of the thin kernels' blocks.
const blockRows = 8

// rowsPrologue emits the start of such a kernel: the result rows = m, or 0
// and a jump to name_done before anything is read when m < blockRows.
func rowsPrologue(name string) {
	Load(Param("m"), RAX)
	XORL(RBX.As32(), RBX.As32())
	CMPQ(RAX, U8(blockRows))
	CMOVQLT(RBX, RAX)
	Store(RAX, ReturnIndex(0))
	TESTQ(RAX, RAX)
	JZ(LabelRef(name + "_done"))
}

// loadRowsArgs emits, after rowsPrologue, the loads of a, lda, c and ldc
// (the strides in bytes, with 3·lda and 3·ldc, for addressing a block's
// rows with g.Row8) and clears skip, for the kernels that read A(i,p) at
// a[i·lda + p].
func loadRowsArgs(t g.Type, a, lda, lda3, c, ldc, ldc3 GPPhysical, skip Mem) {
	Load(Param("a"), a)
	Load(Param("lda"), lda)
	Load(Param("c"), c)
	Load(Param("ldc"), ldc)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, lda)
	SHLQ(sh, ldc)
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	LEAQ(Mem{Base: ldc, Index: ldc, Scale: 2}, ldc3)
	MOVQ(U32(0), skip)
}

// rowBlocks are the registers of such a kernel's loop over its blocks.
type rowBlocks struct {
	a, aStride  GPPhysical // the block's first row of A; bytes from a row of A to the next
	c, ldc, cp4 GPPhysical // likewise for C; cp4 = c + 4·ldc, set for the store
	blocks      GPPhysical // full blocks left
	back, tmp   GPPhysical // scratch of the tail block's set-up
	skip        Mem        // the block's first rows not to store: 0, then skip in the tail block
}

// loop emits the loop over the blocks, labelled pfx_block: body computes
// a block into accs, which are scaled by alpha (through alphaTmp) and
// stored by store(withBeta, tail), with or without beta·C, in the tail
// block storing only its rows from skip on (skip is 0 before, as the
// prologue must set it). Then the tail block, and a jump to done.
func (b rowBlocks) loop(t g.Type, pfx, done string, body func(), accs []VecPhysical, alphaTmp VecPhysical, store func(withBeta, tail bool)) {
	Load(Param("m"), b.blocks)
	SHRQ(U8(g.Log2(blockRows)), b.blocks)

	Label(pfx + "_block")
	body()
	scaleByAlpha(t, pfx, RCX, alphaTmp, accs)
	LEAQ(Mem{Base: b.c, Index: b.ldc, Scale: 4}, b.cp4)
	CMPQ(b.skip, U8(0))
	JNE(LabelRef(pfx + "_tailstore"))
	betaIsZero(t, RCX)
	JZ(LabelRef(pfx + "_beta0"))
	store(true, false)
	JMP(LabelRef(pfx + "_next"))
	Label(pfx + "_beta0")
	store(false, false)

	Label(pfx + "_next")
	LEAQ(Mem{Base: b.a, Index: b.aStride, Scale: blockRows}, b.a)
	LEAQ(Mem{Base: b.c, Index: b.ldc, Scale: blockRows}, b.c)
	DECQ(b.blocks)
	JNZ(LabelRef(pfx + "_block"))

	// The m mod 8 rows left: one more block, the last eight rows of C
	// (m ≥ 8 here), skip rows back.
	Load(Param("m"), b.back)
	ANDQ(U8(blockRows-1), b.back)
	JZ(LabelRef(done))
	NEGQ(b.back)
	ADDQ(U8(blockRows), b.back)
	MOVQ(b.back, b.skip)
	MOVQ(b.back, b.tmp)
	IMULQ(b.aStride, b.back)
	SUBQ(b.back, b.a)
	IMULQ(b.ldc, b.tmp)
	SUBQ(b.tmp, b.c)
	MOVQ(U32(1), b.blocks)
	JMP(LabelRef(pfx + "_block"))

	// The tail block's store: only its rows from skip on are new.
	Label(pfx + "_tailstore")
	betaIsZero(t, RCX)
	JZ(LabelRef(pfx + "_tailbeta0"))
	store(true, true)
	JMP(LabelRef(done))
	Label(pfx + "_tailbeta0")
	store(false, true)
	JMP(LabelRef(done))
}

// skipStore returns the store of a block's row i for the thin kernels'
// stores: st itself, or in the tail block (tail) st behind a test of skip,
// so that rows i < skip are not stored (the loads of beta·C read such rows
// too, harmlessly: they are C's rows, already final). label names the
// branch target; it must be unique to the store and the row.
func skipStore(skip Mem, tail bool, label func(i int) string) func(i int, st func()) {
	return func(i int, st func()) {
		if !tail {
			st()
			return
		}
		lbl := label(i)
		CMPQ(skip, U8(i))
		JA(LabelRef(lbl))
		st()
		Label(lbl)
	}
}
