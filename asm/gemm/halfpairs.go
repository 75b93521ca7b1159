package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// gemmPairsF32 is the float64 pairs kernel's scheme (pairs.go) at half the
// width: a row of C of two columns per 128-bit half of an accumulator,
// its 64-bit quarters holding two partial sums of the row,
// the k steps p ≡ 0, 1 and p ≡ 2, 3 (mod 4). A chunk of four k steps of
// two rows, [x0 x1 x2 x3 | y0 y1 y2 y3] (an XMM load and an insert), enters
// as [x0 x0 x2 x2 | y0 y0 y2 y2] (VMOVSLDUP) and [x1 x1 x3 x3 | …]
// (VMOVSHDUP), multiplied by the chunk's two rows of a table of B: two
// FMAs per two rows per chunk. At the end two unpacks, an add and a
// 64-bit permute give four rows of C in one register, one 32-byte store
// when C's rows are contiguous (ldc = 2). It takes k a multiple of four:
// the narrow kernel, which transposes blocks of A in and its sums out,
// keeps the rest.

// pairs32N is the width of the float32 pairs kernel's C, two columns per
// quarter of a vector (with one, half the lanes idle, it measured no
// faster than the narrow kernel: 150×4·4×1 73 against 70 ns, Zen 5), and
// pairs32MaxK its deepest k, four chunks of four k steps (a 256-byte
// table).
const (
	pairs32N    = 2
	pairs32MaxK = 16
)

// pairs32Rows is the height of the float32 pairs kernel's blocks: four
// accumulators of two rows.
const pairs32Rows = blockRows

// pairs32Regs are the general registers of the float32 pairs kernel.
type pairs32Regs struct {
	a, lda, lda3, ap, ap4 GPPhysical // A, its stride in bytes, 3·lda; the block's rows 0 and 4
	c, ldc, ldc3, cp4     GPPhysical // C likewise; cp4 = c + 4·ldc
	pt, kk, blocks        GPPhysical // the table pointer, chunk counter, blocks left
	table                 Mem
	// skip is the number of the block's first rows that are not stored:
	// 0, or 8 − m mod 8 in the tail block.
	skip Mem
}

// pairs32 emits
//
//	func gemmPairsF32(m, n, k int, a *float32, lda int, b *float32, rsb, csb int, c *float32, ldc int, alpha, beta float32) (rows int)
//
// which computes c = alpha·A·B + beta·c, with A(i,p) = a[i·lda + p] and
// B(p,j) = b[p·rsb + j·csb], when m ≥ pairs32Rows (the last m mod 8 rows
// by a block that overlaps the one before), and returns the rows
// computed: m, or 0 when m < pairs32Rows; n = pairs32N, k a multiple of
// 4 from 4 to pairs32MaxK.
func pairs32() {
	t := g.F32
	name := "gemmPairs" + t.Suffix
	TEXT(name, 0, t.Sig("func(m, n, k int, a *T, lda int, b *T, rsb, csb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c when m ≥ "+fmt.Sprint(pairs32Rows)+" and returns",
		fmt.Sprintf("rows = m, or does nothing and returns 0 (n = %d, k a multiple of 4 from 4 to %d);", pairs32N, pairs32MaxK),
		"a row of c is summed in each half of a vector, two k steps of a chunk of four in",
		"each quarter. A(i,p) = a[i·lda + p]; B(p,j) = b[p·rsb + j·csb]; row i of c",
		"starts at c[i·ldc]. Nothing outside the rows·n, rows·k and k×n elements is",
		"read or written; c is not read when beta is ±0.")
	r := pairs32Regs{a: RSI, lda: R8, lda3: R9, ap: RAX, ap4: RBX,
		c: RDX, ldc: R10, ldc3: R11, cp4: R12,
		pt: RCX, kk: R14, blocks: R13,
		table: AllocLocal(pairs32MaxK / 4 * 64), skip: AllocLocal(8)}

	rowsPrologue(name)
	loadRowsArgs(t, r.a, r.lda, r.lda3, r.c, r.ldc, r.ldc3, r.skip)

	pairs32Columns(t, name+"_n2", name+"_done", pairs32N, r)
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// pairs32Columns emits the code for n (= pairs32N) columns: the table of
// B, then the loop over the blocks of rows.
func pairs32Columns(t g.Type, pfx, done string, n int, r pairs32Regs) {
	Label(pfx)
	// Chunk q's two rows of the table, built in a register and stored
	// whole (so that the blocks' loads of them are forwarded):
	// [B(4q,0) B(4q,1) B(4q+2,0) B(4q+2,1)] and the same for 4q+1, 4q+3,
	// each repeated in both halves.
	bp, rsb, csb := RDI, RBX, R14
	Load(Param("b"), bp)
	Load(Param("rsb"), rsb)
	Load(Param("csb"), csb)
	SHLQ(U8(2), rsb)
	SHLQ(U8(2), csb)
	for q := 0; q < pairs32MaxK/4; q++ {
		if q > 0 {
			CMPQ(g.Arg("k"), U8(4*q))
			JEQ(LabelRef(pfx + "_table"))
		}
		for parity := 0; parity < 2; parity++ {
			x := []VecPhysical{Y0, Y1}[parity]
			for half := 0; half < 2; half++ {
				// Row p = 4q + 2·half + parity, at bp + (2·half + parity)·rsb.
				off := 2*half + parity
				src := RCX
				MOVQ(bp, src)
				for s := 0; s < off; s++ {
					ADDQ(rsb, src)
				}
				for j := 0; j < n; j++ {
					lane := 2*half + j
					if j == 1 {
						ADDQ(csb, src)
					}
					if lane == 0 {
						VMOVSS(Mem{Base: src}, x.AsX())
					} else {
						VINSERTPS(U8(uint8(lane<<4)), Mem{Base: src}, x.AsX(), x.AsX())
					}
				}
			}
			VINSERTF128(U8(1), x.AsX(), x, x)
			VMOVUPS(x, r.table.Offset(64*q+32*parity))
		}
		LEAQ(Mem{Base: bp, Index: rsb, Scale: 4}, bp)
	}
	Label(pfx + "_table")
	b := rowBlocks{a: r.a, aStride: r.lda, c: r.c, ldc: r.ldc, cp4: r.cp4, blocks: r.blocks, back: RAX, tmp: R14, skip: r.skip}
	b.loop(t, pfx, done, func() { pairs32Steps(pfx, r); pairs32Combine() }, []VecPhysical{Y0, Y2}, Y8,
		func(withBeta, tail bool) { pairs32Store(t, pfx, r, withBeta, tail) })
}

// pairs32Steps emits a block's chunks: accumulator q (Y0–Y3) takes rows
// 2q (low half) and 2q + 1 (high half) of the block.
func pairs32Steps(pfx string, r pairs32Regs) {
	rowA := func(i int) Mem { return g.Row8(r.ap, r.ap4, r.lda, r.lda3, i, 0) }
	MOVQ(r.a, r.ap)
	LEAQ(Mem{Base: r.a, Index: r.lda, Scale: 4}, r.ap4)
	LEAQ(r.table, r.pt)
	for q := 0; q < pairs32Rows/2; q++ {
		x := []VecPhysical{Y0, Y1, Y2, Y3}[q]
		VXORPS(x, x, x)
	}
	t0, t1 := Y12, Y13
	sets := [][3]VecPhysical{{Y4, Y5, Y6}, {Y7, Y8, Y9}}
	MOVQ(g.Arg("k"), r.kk)
	SHRQ(U8(2), r.kk)
	Label(pfx + "_chunk")
	VMOVUPS(Mem{Base: r.pt}, t0)
	VMOVUPS(Mem{Base: r.pt, Disp: 32}, t1)
	for q := 0; q < pairs32Rows/2; q++ {
		s := sets[q%2]
		pair, even, odd := s[0], s[1], s[2]
		acc := []VecPhysical{Y0, Y1, Y2, Y3}[q]
		VMOVUPS(rowA(2*q), pair.AsX())
		VINSERTF128(U8(1), rowA(2*q+1), pair, pair)
		VMOVSLDUP(pair, even)
		VMOVSHDUP(pair, odd)
		VFMADD231PS(t0, even, acc)
		VFMADD231PS(t1, odd, acc)
	}
	ADDQ(U8(16), r.ap)
	ADDQ(U8(16), r.ap4)
	ADDQ(U8(64), r.pt)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_chunk"))
}

// pairs32Combine adds each row's two partial sums and gathers the block's
// rows 0–3 into Y0 and rows 4–7 into Y2, a row of C per 64-bit quarter,
// in row order.
func pairs32Combine() {
	for _, p := range [][2]VecPhysical{{Y0, Y1}, {Y2, Y3}} {
		a, b := p[0], p[1]
		g.F64.UNPCKLO(Y10, a, b) // the first partial sums of rows 0, 2 | 1, 3
		g.F64.UNPCKHI(Y11, a, b) // the second ones
		VADDPS(Y11, Y10, a)
		VPERMPD(U8(0xd8), a, a) // rows 0, 2, 1, 3 → 0, 1, 2, 3
	}
}

// pairs32Store stores the two elements of each row of the block, adding
// beta·C when withBeta; in the tail block (tail) the first skip rows are
// not stored. With contiguous rows (ldc = 2), outside the tail block, four
// rows are one 32-byte load and store.
func pairs32Store(t g.Type, pfx string, r pairs32Regs, withBeta, tail bool) {
	beta, ld, hi := Y9, X10, X11
	if withBeta {
		t.BROADCAST(g.Arg("beta"), beta)
	}
	rowC := func(i int) Mem { return g.Row8(r.c, r.cp4, r.ldc, r.ldc3, i, 0) }
	sfx := fmt.Sprintf("%s_st%v%v", pfx, withBeta, tail)
	if !tail {
		CMPQ(r.ldc, U8(2*t.Size))
		JNE(LabelRef(sfx + "_rows"))
		for h, x := range []VecPhysical{Y0, Y2} {
			if withBeta {
				VFMADD231PS(rowC(4*h), beta, x)
			}
			VMOVUPS(x, rowC(4*h))
		}
		JMP(LabelRef(sfx + "_end"))
		Label(sfx + "_rows")
	}
	store := skipStore(r.skip, tail, func(i int) string { return fmt.Sprintf("%s_row%d", sfx, i) })
	for h, y := range []VecPhysical{Y0, Y2} {
		VEXTRACTF128(U8(1), y, hi)
		for part, x := range []Register{y.AsX(), hi} {
			i := 4*h + 2*part // the first of the pair of rows in x
			if withBeta {
				VMOVSD(rowC(i), ld)
				VMOVHPS(rowC(i+1), ld, ld)
				VFMADD231PS(ld, beta.AsX(), x)
			}
			store(i, func() { VMOVQ(x, rowC(i)) })
			store(i+1, func() { VMOVHPS(x, rowC(i+1)) })
		}
	}
	Label(sfx + "_end")
}
