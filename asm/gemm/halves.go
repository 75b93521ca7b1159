package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The halves kernel computes float32 products of a very short k (k ≤ 2: a
// low-rank product such as the factorisation's U·Vᵀ, 150×2·2×4) with a C
// of three or four columns, when the rows of A are contiguous (lda = k):
// each 128-bit half of a YMM accumulator holds a row of C, so one
// accumulator holds two rows. Two consecutive rows of A are one run of 2k
// elements, broadcast to both halves by one load (VBROADCASTF128, or
// VBROADCASTSD for k = 1); an in-lane permute (VPERMILPS) then spreads the
// elements of k step p, [A(i,p) ×4 | A(i+1,p) ×4], and one FMA with the
// row of B repeated in both halves adds step p to both rows. A k step costs
// a permute and an FMA per two rows, and when C's rows are contiguous too
// (ldc = n = 4) two rows are one 32-byte store. The narrow kernel, which
// holds the rows in the lanes, spends a transpose on the way in and
// another on the way out, as much as its FMAs at k = 2.
//
// Cross-lane permutes (VPERMPS) of a masked load of the pair, which would
// serve any k ≤ 4, measured no faster than the narrow kernel at
// 150×2·2×4 (81 against 80 ns, Zen 5): one VPERMPS a row bounded the
// blocks.

// halvesMinN, halvesMaxN and halvesMaxK bound the halves kernel's
// products: three or four columns (a row of C in a half; with one or two
// the narrow kernel's stores of pairs of rows measured as fast or faster),
// and k ≤ 2, a pair of rows of A being at most one 16-byte broadcast.
const (
	halvesMinN = 3
	halvesMaxN = 4
	halvesMaxK = 2
)

// halvesRows is the height of the halves kernel's blocks: four pairs of
// rows, four accumulators.
const halvesRows = blockRows

// halvesRegs are the registers of the halves kernel.
type halvesRegs struct {
	a, c, ldc, ldc3, cp4 GPPhysical    // A, C, C's stride in bytes, 3·ldc, c + 4·ldc
	aStride, blocks      GPPhysical    // a row of A (k elements) in bytes; blocks left
	idx                  []VecPhysical // the permutes of each k step
	table                Mem           // B(p, ·) in both halves, p < k
	skip                 Mem           // rows of the block not stored: 0, or 8 − m mod 8 in the tail block
}

// halves emits
//
//	func gemmHalvesF32(m, n, k int, a *float32, b *float32, rsb, csb int, c *float32, ldc int, alpha, beta float32) (rows int)
//
// which computes c = alpha·A·B + beta·c with A(i,p) = a[i·k + p] and
// B(p,j) = b[p·rsb + j·csb], when m ≥ halvesRows (the last m mod 8 rows by
// a block that overlaps the one before), and returns the rows computed: m,
// or 0 when m < halvesRows; halvesMinN ≤ n ≤ halvesMaxN, 1 ≤ k ≤
// halvesMaxK.
func halves() {
	t := g.F32
	name := "gemmHalves" + t.Suffix
	TEXT(name, 0, t.Sig("func(m, n, k int, a *T, b *T, rsb, csb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c when m ≥ "+fmt.Sprint(halvesRows)+" and returns",
		fmt.Sprintf("rows = m, or does nothing and returns 0 (%d ≤ n ≤ %d, 1 ≤ k ≤ %d); two rows of", halvesMinN, halvesMaxN, halvesMaxK),
		"c are summed in one vector, a row in each half. A(i,p) = a[i·k + p] (A's rows",
		"contiguous); B(p,j) = b[p·rsb + j·csb]; row i of c starts at c[i·ldc]. Nothing",
		"outside the rows·n, rows·k and k×n elements is read or written; c is not read",
		"when beta is ±0.")
	r := halvesRegs{a: RSI, c: RDX, ldc: R10, ldc3: R11, cp4: R12, aStride: R9, blocks: R13,
		idx:   []VecPhysical{Y11, Y12},
		table: AllocLocal(halvesMaxK * 32), skip: AllocLocal(8)}

	rowsPrologue(name)
	Load(Param("a"), r.a)
	Load(Param("c"), r.c)
	Load(Param("ldc"), r.ldc)
	SHLQ(U8(2), r.ldc)
	LEAQ(Mem{Base: r.ldc, Index: r.ldc, Scale: 2}, r.ldc3)
	MOVQ(U32(0), r.skip)

	// A row of A is k elements.
	k := RDI
	Load(Param("k"), k)
	MOVQ(k, r.aStride)
	SHLQ(U8(2), r.aStride)

	// The permutes: step p takes element p of the low half's row and
	// element k + p (the second row's) into the high half.
	kv, hi := Y8, Y9
	VMOVD(k.As32(), kv.AsX())
	VPBROADCASTD(kv.AsX(), kv)
	VPXOR(hi, hi, hi)
	VPBLENDD(U8(0xf0), kv, hi, hi) // [0 ×4 | k ×4]
	for p := 0; p < halvesMaxK; p++ {
		if p == 0 {
			VMOVDQU(hi, r.idx[0])
			continue
		}
		MOVL(U32(p), EAX)
		VMOVD(EAX, r.idx[p].AsX())
		VPBROADCASTD(r.idx[p].AsX(), r.idx[p])
		VPADDD(hi, r.idx[p], r.idx[p])
	}

	for n := halvesMinN; n < halvesMaxN; n++ {
		CMPQ(g.Arg("n"), U8(n))
		JEQ(LabelRef(fmt.Sprintf("%s_n%d", name, n)))
	}
	for n := halvesMaxN; n >= halvesMinN; n-- {
		halvesColumns(t, fmt.Sprintf("%s_n%d", name, n), name+"_done", n, r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// halvesColumns emits the code for n columns: the table of B, then the
// loop over the blocks of rows.
func halvesColumns(t g.Type, pfx, done string, n int, r halvesRegs) {
	Label(pfx)
	// table[p] = [B(p, 0…n−1), 0… | the same], built in a register and
	// stored whole, so that the FMAs' loads of it are forwarded.
	bp, rsb, csb := RAX, RBX, R14
	Load(Param("b"), bp)
	Load(Param("rsb"), rsb)
	Load(Param("csb"), csb)
	SHLQ(U8(2), rsb)
	SHLQ(U8(2), csb)
	for p := 0; p < halvesMaxK; p++ {
		if p > 0 {
			CMPQ(g.Arg("k"), U8(p))
			JEQ(LabelRef(pfx + "_table"))
			ADDQ(rsb, bp)
		}
		MOVQ(bp, RCX)
		VMOVSS(Mem{Base: RCX}, X0)
		for j := 1; j < n; j++ {
			ADDQ(csb, RCX)
			VINSERTPS(U8(uint8(j<<4)), Mem{Base: RCX}, X0, X0)
		}
		VINSERTF128(U8(1), X0, Y0, Y0)
		VMOVUPS(Y0, r.table.Offset(32*p))
	}
	Label(pfx + "_table")
	b := rowBlocks{a: r.a, aStride: r.aStride, c: r.c, ldc: r.ldc, cp4: r.cp4, blocks: r.blocks, back: RAX, tmp: RBX, skip: r.skip}
	b.loop(t, pfx, done, func() { halvesSteps(pfx, r) }, []VecPhysical{Y0, Y1, Y2, Y3}, Y8,
		func(withBeta, tail bool) { halvesStore(t, pfx, n, r, withBeta, tail) })
}

// halvesSteps emits a block's products: each pair of rows q (rows 2q, 2q+1
// of the block) loaded at once, then for each k step p a permute and an
// FMA (a multiply for p = 0) into accumulator q (Y0–Y3). The k steps
// branch once per block on k.
func halvesSteps(pfx string, r halvesRegs) {
	pair := []VecPhysical{Y4, Y5, Y6, Y7}
	spread := []VecPhysical{Y8, Y9, Y10}
	ap := RCX
	for k := 1; k < halvesMaxK; k++ {
		CMPQ(g.Arg("k"), U8(k))
		JEQ(LabelRef(fmt.Sprintf("%s_k%d", pfx, k)))
	}
	for k := halvesMaxK; k >= 1; k-- {
		Label(fmt.Sprintf("%s_k%d", pfx, k))
		// A pair of rows is 2k consecutive elements, broadcast to both
		// halves (a load, no shuffle): [a0 a1 b0 b1] for k = 2, [a0 b0]
		// twice for k = 1.
		MOVQ(r.a, ap)
		for q := 0; q < halvesRows/2; q++ {
			if k == 2 {
				VBROADCASTF128(Mem{Base: ap, Disp: 16 * q}, pair[q])
			} else {
				VBROADCASTSD(Mem{Base: ap, Disp: 8 * q}, pair[q])
			}
		}
		for p := 0; p < k; p++ {
			for q := 0; q < halvesRows/2; q++ {
				s := spread[(p*halvesRows/2+q)%len(spread)]
				acc := []VecPhysical{Y0, Y1, Y2, Y3}[q]
				VPERMILPS(r.idx[p], pair[q], s)
				if p == 0 {
					VMULPS(r.table.Offset(32*p), s, acc)
				} else {
					VFMADD231PS(r.table.Offset(32*p), s, acc)
				}
			}
		}
		if k > 1 {
			JMP(LabelRef(pfx + "_steps"))
		}
	}
	Label(pfx + "_steps")
}

// halvesStore stores the n elements of each row of the block (row 2q in
// the low half of accumulator q, row 2q+1 in its high half), adding beta·C
// when withBeta; in the tail block (tail) the first skip rows are not
// stored. A C of four columns with contiguous rows (ldc = 4) takes a pair
// of rows in one 32-byte load and store, outside the tail block.
func halvesStore(t g.Type, pfx string, n int, r halvesRegs, withBeta, tail bool) {
	beta, lo, hi := Y9, X10, X8
	if withBeta {
		t.BROADCAST(g.Arg("beta"), beta)
	}
	rowC := func(i int) Mem { return g.Row8(r.c, r.cp4, r.ldc, r.ldc3, i, 0) }
	accs := []VecPhysical{Y0, Y1, Y2, Y3}
	sfx := fmt.Sprintf("%s_st%v%v", pfx, withBeta, tail)
	if n == halvesMaxN && !tail {
		CMPQ(r.ldc, U8(4*halvesMaxN))
		JNE(LabelRef(sfx + "_rows"))
		for q, x := range accs {
			if withBeta {
				VFMADD231PS(rowC(2*q), beta, x)
			}
			VMOVUPS(x, rowC(2*q))
		}
		JMP(LabelRef(sfx + "_end"))
		Label(sfx + "_rows")
	}
	store := skipStore(r.skip, tail, func(i int) string { return fmt.Sprintf("%s_row%d", sfx, i) })
	for q, x := range accs {
		i := 2 * q
		VEXTRACTF128(U8(1), x, hi)
		if withBeta {
			g.LoadExact32(rowC(i), lo, n)
			t.FMA231(lo, beta.AsX(), x.AsX())
			g.LoadExact32(rowC(i+1), lo, n)
			t.FMA231(lo, beta.AsX(), hi)
		}
		store(i, func() { g.StoreExact32(x.AsX(), rowC(i), n) })
		store(i+1, func() { g.StoreExact32(hi, rowC(i+1), n) })
	}
	Label(sfx + "_end")
}
