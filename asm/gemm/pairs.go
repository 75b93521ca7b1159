package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The pairs kernel computes float64 products with a row-major A, a C of
// one or two columns and a short k, where the direct kernel fills only one
// or two of its four lanes. Each row of C gets one accumulator whose lanes
// hold two partial sums of each of its (at most two) columns: lanes 0–1
// the k steps p ≡ 0, 1 (mod 4), lanes 2–3 those with p ≡ 2, 3. A chunk of
// four k steps of a row, [x0 x1 x2 x3], enters as two load-and-shuffles,
// [x0 x0 x2 x2] (VMOVDDUP) and [x1 x1 x3 x3] (VPERMILPD), multiplied by
// two rows of a table of B built once per call, [B(0,0) B(0,1) B(2,0)
// B(2,1)] and [B(1,0) B(1,1) B(3,0) B(3,1)] for that chunk: two FMAs a row
// per chunk. At the end one cross-lane shuffle and a blend per pair of rows
// bring both rows' halves together, and one add gives the two rows of C,
// one in each half of the register.
//
// It replaces, for the factorisation's G·V (150×4·4×2), a direct kernel
// that spends four broadcasts and four FMAs on each row with two of its
// four lanes in use.

// pairsMaxN is the widest C of the pairs kernel: two columns in each half.
const pairsMaxN = 2

// pairsMaxK is the deepest product of the pairs kernel, which bounds its
// table of B (pairsMaxK/4 chunks of two vectors, 256 bytes).
const pairsMaxK = 16

// pairsRows is the height of the pairs kernel's blocks.
const pairsRows = blockRows

// pairsRegs are the general registers of the pairs kernel's blocks.
type pairsRegs struct {
	a, lda, lda3, ap, ap4 GPPhysical // A, its stride in bytes, 3·lda; the block's rows 0 and 4
	c, ldc, ldc3, cp4     GPPhysical // C likewise; cp4 = c + 4·ldc
	k, pt, kk, blocks     GPPhysical // k, the table pointer, chunk counter, blocks left
	table                 Mem
	// skip is the number of the block's first rows that are not stored:
	// 0, or 8 − m mod 8 in the tail block (rowBlocks.loop).
	skip Mem
}

// pairsSlot returns the byte offset in the table of B(p, j).
func pairsSlot(p, j int) int { return (p/4)*64 + (p%2)*32 + (p%4/2)*16 + 8*j }

// pairs emits
//
//	func gemmPairsF64(m, n, k int, a *float64, lda int, b *float64, rsb, csb int, c *float64, ldc int, alpha, beta float64) (rows int)
//
// which computes c = alpha·A·B + beta·c, with A(i,p) = a[i·lda + p] and
// B(p,j) = b[p·rsb + j·csb], when m ≥ pairsRows (the last m mod pairsRows
// rows by a block that overlaps the one before, rowBlocks.loop), and returns
// the rows computed: m, or 0 when m < pairsRows; 1 ≤ n ≤ pairsMaxN,
// 1 ≤ k ≤ pairsMaxK.
func pairs(lanes Mem) {
	t := g.F64
	name := "gemmPairs" + t.Suffix
	TEXT(name, 0, t.Sig("func(m, n, k int, a *T, lda int, b *T, rsb, csb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c when m ≥ "+fmt.Sprint(pairsRows)+" and returns",
		fmt.Sprintf("rows = m, or does nothing and returns 0 (1 ≤ n ≤ %d, 1 ≤ k ≤ %d); each row of", pairsMaxN, pairsMaxK),
		"c is summed in one vector, two k steps of a chunk of four in each half.",
		"A(i,p) = a[i·lda + p]; B(p,j) = b[p·rsb + j·csb]; row i of c starts at",
		"c[i·ldc]. Nothing outside the rows·n, rows·k and k×n elements is read or",
		"written; c is not read when beta is ±0.")
	r := pairsRegs{a: RSI, lda: R8, lda3: R9, ap: RAX, ap4: RBX,
		c: RDX, ldc: R10, ldc3: R11, cp4: R12,
		k: RDI, pt: RCX, kk: R14, blocks: R13,
		table: AllocLocal(pairsMaxK / 4 * 64), skip: AllocLocal(8)}

	rowsPrologue(name)
	loadRowsArgs(t, r.a, r.lda, r.lda3, r.c, r.ldc, r.ldc3, r.skip)
	Load(Param("k"), r.k)

	// The mask of the k mod 4 steps of the last, partial chunk (none
	// when k is a multiple of 4): the first 2·(k mod 4) dwords.
	w := RAX
	MOVQ(r.k, w)
	ANDQ(U8(3), w)
	ADDQ(w, w)
	g.DwordMask(lanes, w, Y15)

	// The table: zero, then B(p, j) in its slot for p < k, j < n.
	VXORPD(Y0, Y0, Y0)
	for i := 0; i < pairsMaxK/2; i++ {
		VMOVUPD(Y0, r.table.Offset(32*i))
	}
	CMPQ(g.Arg("n"), U8(1))
	JEQ(LabelRef(name + "_n1"))
	for n := pairsMaxN; n >= 1; n-- {
		pairsColumns(t, fmt.Sprintf("%s_n%d", name, n), name+"_done", n, r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// pairsColumns emits the code for n columns: the table of B, then the
// loop over the blocks of rows.
func pairsColumns(t g.Type, pfx, done string, n int, r pairsRegs) {
	Label(pfx)
	bp, rsb, csb := RAX, RBX, R12
	Load(Param("b"), bp)
	Load(Param("rsb"), rsb)
	Load(Param("csb"), csb)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, rsb)
	SHLQ(sh, csb)
	for p := 0; p < pairsMaxK; p++ {
		if p > 0 {
			CMPQ(r.k, U8(p))
			JEQ(LabelRef(pfx + "_table"))
			ADDQ(rsb, bp)
		}
		for j := 0; j < n; j++ {
			src := Mem{Base: bp}
			if j == 1 {
				src = Mem{Base: bp, Index: csb, Scale: 1}
			}
			VMOVSD(src, X0)
			VMOVSD(X0, r.table.Offset(pairsSlot(p, j)))
		}
	}
	Label(pfx + "_table")
	b := rowBlocks{a: r.a, aStride: r.lda, c: r.c, ldc: r.ldc, cp4: r.cp4, blocks: r.blocks, back: RAX, tmp: R14, skip: r.skip}
	b.loop(t, pfx, done, func() { pairsSteps(pfx, r); pairsCombine() }, []VecPhysical{Y0, Y2, Y4, Y6}, Y8,
		func(withBeta, tail bool) { pairsStore(t, pfx, n, r, withBeta, tail) })
}

// pairsAcc returns the accumulator of row i of a block.
func pairsAcc(i int) VecPhysical {
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}[i]
}

// pairsSteps emits a block's k loop: the full chunks of four k steps, the
// rows read by load-and-shuffles, then the k mod 4 steps left, the rows'
// last elements read by a masked load (Y15), the lanes past k zero as the
// table's are.
func pairsSteps(pfx string, r pairsRegs) {
	rowA := func(i int) Mem { return g.Row8(r.ap, r.ap4, r.lda, r.lda3, i, 0) }
	even := []VecPhysical{Y8, Y10}
	odd := []VecPhysical{Y9, Y11}
	MOVQ(r.a, r.ap)
	LEAQ(Mem{Base: r.a, Index: r.lda, Scale: 4}, r.ap4)
	LEAQ(r.table, r.pt)
	for i := 0; i < pairsRows; i++ {
		x := pairsAcc(i)
		VXORPD(x, x, x)
	}
	// The chunk's two rows of the table, in Y12 and Y13 for the block's
	// rows.
	t0, t1 := Y12, Y13
	table := func() {
		VMOVUPD(Mem{Base: r.pt}, t0)
		VMOVUPD(Mem{Base: r.pt, Disp: 32}, t1)
	}
	fmas := func(i int, e, o VecPhysical) {
		VFMADD231PD(t0, e, pairsAcc(i))
		VFMADD231PD(t1, o, pairsAcc(i))
	}
	MOVQ(r.k, r.kk)
	SHRQ(U8(2), r.kk)
	JZ(LabelRef(pfx + "_part"))
	Label(pfx + "_chunk")
	table()
	for i := 0; i < pairsRows; i++ {
		// Two pairs of registers in rotation for the rows' shuffles.
		e, o := even[i%2], odd[i%2]
		VMOVDDUP(rowA(i), e)
		VPERMILPD(U8(0xf), rowA(i), o)
		fmas(i, e, o)
	}
	ADDQ(U8(32), r.ap)
	ADDQ(U8(32), r.ap4)
	ADDQ(U8(64), r.pt)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_chunk"))
	Label(pfx + "_part")
	TESTQ(U32(3), r.k)
	JZ(LabelRef(pfx + "_sum"))
	table()
	for i := 0; i < pairsRows; i++ {
		e, o := even[i%2], odd[i%2]
		VMASKMOVPD(rowA(i), Y15, o)
		VMOVDDUP(o, e)
		VPERMILPD(U8(0xf), o, o)
		fmas(i, e, o)
	}
	Label(pfx + "_sum")
}

// pairsCombine adds the two halves of each row's accumulator, two rows at
// a time: rows 2q and 2q+1 of the block end in the low and the high half
// of the accumulator of row 2q (Y0, Y2, Y4, Y6).
func pairsCombine() {
	for q := 0; q < pairsRows/2; q++ {
		x, y := pairsAcc(2*q), pairsAcc(2*q+1)
		g.PERM2F128(Y8, x, y, 0x21)   // [x.hi, y.lo]
		VBLENDPD(U8(0b1100), y, x, x) // [x.lo, y.hi]
		VADDPD(Y8, x, x)
	}
}

// pairsStore stores the n elements of each row of the block, adding
// beta·C when withBeta; in the tail block (tail) the first skip rows are
// not stored. When C has two columns and contiguous rows (ldc = 2), outside
// the tail block, each pair of rows is one 32-byte load and store.
func pairsStore(t g.Type, pfx string, n int, r pairsRegs, withBeta, tail bool) {
	beta, lo, hi := Y9, Y10, X11
	if withBeta {
		t.BROADCAST(g.Arg("beta"), beta)
	}
	rowC := func(i int) Mem { return g.Row8(r.c, r.cp4, r.ldc, r.ldc3, i, 0) }
	store := skipStore(r.skip, tail, func(i int) string { return fmt.Sprintf("%s_tail%v_row%d", pfx, withBeta, i) })
	sfx := fmt.Sprintf("%s_st%v%v", pfx, withBeta, tail)
	if n == 2 && !tail {
		// C's rows contiguous (ldc = 2): a pair of rows is one 32-byte
		// load and store.
		CMPQ(r.ldc, U8(2*t.Size))
		JNE(LabelRef(sfx + "_rows"))
		for q := 0; q < pairsRows/2; q++ {
			x := pairsAcc(2 * q)
			if withBeta {
				VFMADD231PD(rowC(2*q), beta, x)
			}
			VMOVUPD(x, rowC(2*q))
		}
		JMP(LabelRef(sfx + "_end"))
		Label(sfx + "_rows")
	}
	for q := 0; q < pairsRows/2; q++ {
		x := pairsAcc(2 * q)
		i := 2 * q
		if withBeta {
			if n == 2 {
				VMOVUPD(rowC(i), lo.AsX())
				VINSERTF128(U8(1), rowC(i+1), lo, lo)
			} else {
				VMOVSD(rowC(i), lo.AsX())
				VMOVSD(rowC(i+1), hi)
				VINSERTF128(U8(1), hi, lo, lo)
			}
			VFMADD231PD(lo, beta, x)
		}
		if n == 2 {
			store(i, func() { VMOVUPD(x.AsX(), rowC(i)) })
			store(i+1, func() { VEXTRACTF128(U8(1), x, rowC(i+1)) })
		} else {
			store(i, func() { VMOVSD(x.AsX(), rowC(i)) })
			VEXTRACTF128(U8(1), x, hi)
			store(i+1, func() { VMOVSD(hi, rowC(i+1)) })
		}
	}
	Label(sfx + "_end")
}
