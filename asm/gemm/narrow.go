package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The narrow kernel computes float32 products with a row-major A, a C of
// at most narrowMaxN columns and a short k with the rows of C in the
// vector lanes: a block of eight rows of C is held as n accumulators, one
// per column of C, lane i of accumulator j holding C(i, j). Each k step
// then costs n FMAs for the whole block, where the direct kernel, which
// vectorises along the columns of C, spends a broadcast and an FMA per row
// with n of its eight lanes in use.
//
// The block's A comes in by half vectors: each of its rows supplies an XMM
// of narrowStep (4) consecutive k steps, rows i < 4 into the low halves of
// four YMM registers and rows 4 + i into the high halves, so that a 4×4
// transpose within the 128-bit halves gives the four columns of A for
// those k steps, lane i holding row i. B's k·n elements are broadcast once
// per call into a table in the stack frame, which the FMAs read as memory
// operands. At the end C's rows come back by the same transpose, applied to
// the accumulators.

// Only float32 has a narrow kernel. The same scheme for float64, blocks
// of four rows with two k steps per XMM, measured slower than the direct
// kernel (Zen 5): 150×4·4×2 by 7 %, and 150×12·12×4 by 40 % (the direct
// kernel's vector of four float64 columns is full there). A float64 C of
// one or two columns has the pairs kernel instead (pairs.go).

// narrowStep is the number of k steps of a chunk: an XMM of each row.
const narrowStep = 4

// narrowMaxN is the widest C of the narrow kernel: one 4×4 transpose of
// its accumulators gives four columns of each row.
const narrowMaxN = 4

// narrowMaxK is the deepest product of the narrow kernel, which bounds the
// table of broadcast B elements in its frame (narrowMaxK·narrowMaxN YMM
// vectors, 3 KiB). Beyond it the dot kernel (from k = 8 for n ≤ 2, 16 for
// n = 3, 24 for n = 4) takes over.
const narrowMaxK = 24

// narrowRegs are the general registers of the narrow kernel's blocks.
type narrowRegs struct {
	a, lda, lda3, ap, ap4 GPPhysical // A, its stride in bytes, 3·lda; the block's rows 0 and 4
	c, ldc, ldc3, cp4     GPPhysical // C likewise; cp4 = c + 4·ldc
	k, pt, kk, blocks     GPPhysical // k, the table pointer, chunk counter, blocks left
	table                 Mem
	// skip is the number of the block's first rows that are not stored:
	// 0, or 8 − m mod 8 in the tail block (rowBlocks.loop).
	skip Mem
}

// narrow emits
//
//	func gemmNarrowF32(m, n, k int, a *float32, lda int, b *float32, rsb, csb int, c *float32, ldc int, alpha, beta float32) (rows int)
//
// which computes c = alpha·A·B + beta·c, with A(i,p) = a[i·lda + p] and
// B(p,j) = b[p·rsb + j·csb] (so B and Bᵀ are both read in place), when
// m ≥ 8 (the last m mod 8 rows by a block that overlaps the one before,
// rowBlocks.loop), and returns the rows computed: m, or 0 when m < 8;
// 1 ≤ n ≤ narrowMaxN, 1 ≤ k ≤ narrowMaxK.
func narrow() {
	t := g.F32
	name := "gemmNarrow" + t.Suffix
	// Not NOSPLIT: the frame holds the B table.
	TEXT(name, 0, t.Sig("func(m, n, k int, a *T, lda int, b *T, rsb, csb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c when m ≥ "+fmt.Sprint(t.Lanes)+" and returns",
		fmt.Sprintf("rows = m, or does nothing and returns 0 (1 ≤ n ≤ %d, 1 ≤ k ≤ %d); the rows of c", narrowMaxN, narrowMaxK),
		"are in the vector lanes. A(i,p) = a[i·lda + p]; B(p,j) = b[p·rsb + j·csb]; row i of c",
		"starts at c[i·ldc]. Nothing outside the rows·n, rows·k and k×n elements is",
		"read or written; c is not read when beta is ±0.")
	r := narrowRegs{a: RSI, lda: R8, lda3: R9, ap: RAX, ap4: RBX,
		c: RDX, ldc: R10, ldc3: R11, cp4: R12,
		k: RDI, pt: RCX, kk: R14, blocks: R13,
		table: AllocLocal(narrowMaxK * narrowMaxN * 32), skip: AllocLocal(8)}

	rowsPrologue(name)
	loadRowsArgs(t, r.a, r.lda, r.lda3, r.c, r.ldc, r.ldc3, r.skip)
	Load(Param("k"), r.k)

	for n := 1; n < narrowMaxN; n++ {
		CMPQ(g.Arg("n"), U8(n))
		JEQ(LabelRef(fmt.Sprintf("%s_n%d", name, n)))
	}
	JMP(LabelRef(fmt.Sprintf("%s_n%d", name, narrowMaxN)))
	for n := 1; n <= narrowMaxN; n++ {
		narrowColumns(t, fmt.Sprintf("%s_n%d", name, n), name+"_done", n, r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// narrowColumns emits the code for n columns: the B table, then the loop
// over the blocks of rows. A block branches on k (the same branch for every
// block) to its k loop: one for each k below narrowStep, the rows' elements
// loaded exactly, and one for k ≥ narrowStep; all of them then share the
// store of C.
func narrowColumns(t g.Type, pfx, done string, n int, r narrowRegs) {
	const s = narrowStep
	Label(pfx)
	// table[p·n + j] = B(p, j) in all lanes, p < k.
	bp, rsb, csb, csb3 := RAX, RBX, R12, R13
	Load(Param("b"), bp)
	Load(Param("rsb"), rsb)
	Load(Param("csb"), csb)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, rsb)
	SHLQ(sh, csb)
	LEAQ(Mem{Base: csb, Index: csb, Scale: 2}, csb3)
	LEAQ(r.table, r.pt)
	MOVQ(r.k, r.kk)
	Label(pfx + "_table")
	for j := 0; j < n; j++ {
		src := []Mem{{Base: bp}, {Base: bp, Index: csb, Scale: 1}, {Base: bp, Index: csb, Scale: 2}, {Base: bp, Index: csb3, Scale: 1}}[j]
		y := []VecPhysical{Y0, Y1, Y2, Y3}[j]
		t.BROADCAST(src, y)
		t.MOVU(y, Mem{Base: r.pt, Disp: 32 * j})
	}
	ADDQ(rsb, bp)
	ADDQ(U8(32*n), r.pt)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_table"))
	body := func() {
		MOVQ(r.a, r.ap)
		LEAQ(Mem{Base: r.a, Index: r.lda, Scale: 4}, r.ap4)
		LEAQ(r.table, r.pt)
		for k := 1; k < s; k++ {
			CMPQ(r.k, U8(k))
			JEQ(LabelRef(fmt.Sprintf("%s_k%d", pfx, k)))
		}
		narrowSteps(t, pfx+"_long", n, 0, r)
		for k := 1; k < s; k++ {
			JMP(LabelRef(pfx + "_store"))
			narrowSteps(t, fmt.Sprintf("%s_k%d", pfx, k), n, k, r)
		}
		Label(pfx + "_store")
	}
	var accs []VecPhysical
	for j := 0; j < n; j++ {
		accs = append(accs, narrowAcc(0, j))
	}
	b := rowBlocks{a: r.a, aStride: r.lda, c: r.c, ldc: r.ldc, cp4: r.cp4, blocks: r.blocks, back: RAX, tmp: R14, skip: r.skip}
	b.loop(t, pfx, done, body, accs, Y8, func(withBeta, tail bool) { narrowStore(t, pfx, n, r, withBeta, tail) })
}

// narrowAcc returns the accumulator of column j in set: Y0–Y3 and Y4–Y7.
func narrowAcc(set, j int) VecPhysical {
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}[4*set+j]
}

// narrowSteps emits a block's k loop for n columns, leaving its sums in
// the accumulators of set 0: for depth shortK when shortK > 0 (shortK <
// narrowStep: the rows' elements loaded exactly, one accumulator set), or
// for any k ≥ narrowStep when shortK is 0: chunks of narrowStep k steps
// into two accumulator sets (the first half of a chunk's steps to one, the
// second to the other, halving the FMA chains), then the k mod narrowStep
// steps left, from a chunk that ends at the row's last element (the load
// overlaps the previous chunk; only its last steps are used), so nothing
// past a row is read.
func narrowSteps(t g.Type, pfx string, n, shortK int, r narrowRegs) {
	const s = narrowStep
	sets := 2
	if shortK > 0 {
		sets = 1
	}
	v := []VecPhysical{Y8, Y9, Y10, Y11}
	tmp := []VecPhysical{Y12, Y13, Y14, Y15}
	setOf := func(q int) int { return q * sets / s }
	rowA := func(i, disp int) Mem { return g.Row8(r.ap, r.ap4, r.lda, r.lda3, i, disp) }
	// fmas emits the FMAs of the chunk's steps q in [from, to), cols[q]
	// holding step q, whose B row is the table's (q − from)-th from pt.
	fmas := func(cols []VecPhysical, from, to int) {
		for q := from; q < to; q++ {
			for j := 0; j < n; j++ {
				t.FMA231(Mem{Base: r.pt, Disp: 32 * ((q-from)*n + j)}, cols[q], narrowAcc(setOf(q), j))
			}
		}
	}
	Label(pfx)
	for set := 0; set < sets; set++ {
		for j := 0; j < n; j++ {
			x := narrowAcc(set, j)
			VXORPS(x, x, x)
		}
	}
	if shortK > 0 {
		narrowLoad(rowA, v, tmp, shortK, 0)
		cols := g.TransposeHalves4(v, tmp, 0, shortK)
		fmas(cols, 0, shortK)
		return
	}
	MOVQ(r.k, r.kk)
	SHRQ(U8(g.Log2(s)), r.kk)
	Label(pfx + "_chunk")
	narrowLoad(rowA, v, tmp, s, 0)
	cols := g.TransposeHalves4(v, tmp, 0, s)
	fmas(cols, 0, s)
	ADDQ(U8(s*t.Size), r.ap)
	ADDQ(U8(s*t.Size), r.ap4)
	ADDQ(U32(32*s*n), r.pt)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_chunk"))
	// The k mod s steps left: the last s elements of each row, of which
	// the last left are new.
	MOVQ(r.k, r.kk)
	ANDQ(U8(s-1), r.kk)
	JZ(LabelRef(pfx + "_sum"))
	for left := 1; left < s-1; left++ {
		CMPQ(r.kk, U8(left))
		JEQ(LabelRef(fmt.Sprintf("%s_left%d", pfx, left)))
	}
	for left := s - 1; left >= 1; left-- {
		Label(fmt.Sprintf("%s_left%d", pfx, left))
		narrowLoad(rowA, v, tmp, s, -(s-left)*t.Size)
		cols := g.TransposeHalves4(v, tmp, s-left, s)
		fmas(cols, s-left, s)
		if left > 1 {
			JMP(LabelRef(pfx + "_sum"))
		}
	}
	Label(pfx + "_sum")
	for j := 0; j < n; j++ {
		t.ADD(narrowAcc(1, j), narrowAcc(0, j), narrowAcc(0, j))
	}
}

// narrowLoad loads w (1 ≤ w ≤ 4) consecutive elements of each of the
// block's eight rows, from row + disp: rows i < 4 into the low half of
// v[i], rows 4 + i into its high half (through tmp[i] when w < 4).
func narrowLoad(row func(i, disp int) Mem, v, tmp []VecPhysical, w, disp int) {
	s := len(v)
	for i := 0; i < s; i++ {
		if w == s {
			VMOVUPS(row(i, disp), v[i].AsX())
			VINSERTF128(U8(1), row(s+i, disp), v[i], v[i])
			continue
		}
		g.LoadExact32(row(i, disp), v[i].AsX(), w)
		g.LoadExact32(row(s+i, disp), tmp[i].AsX(), w)
		VINSERTF128(U8(1), tmp[i].AsX(), v[i], v[i])
	}
}

// narrowStore transposes the block's accumulators (set 0) back into rows
// and stores the n elements of each row of C, adding beta·C when withBeta:
// after one transpose of the four accumulators (those past n hold anything
// and are never stored), row i is in the low half of the i-th, row 4 + i in
// its high half. In the tail block (tail) the first skip rows are not
// stored.
func narrowStore(t g.Type, pfx string, n int, r narrowRegs, withBeta, tail bool) {
	beta, lo, hi := Y9, X10, X11
	if withBeta {
		t.BROADCAST(g.Arg("beta"), beta)
	}
	rowC := func(i int) Mem { return g.Row8(r.c, r.cp4, r.ldc, r.ldc3, i, 0) }
	store := skipStore(r.skip, tail, func(i int) string { return fmt.Sprintf("%s_tail%v_row%d", pfx, withBeta, i) })
	if n == 2 {
		sfx := fmt.Sprintf("%s_pairs%v%v", pfx, withBeta, tail)
		narrowStorePairs(t, sfx, r, rowC, store, withBeta, tail, beta.AsX())
		return
	}
	rows := g.TransposeHalves4([]VecPhysical{Y0, Y1, Y2, Y3}, []VecPhysical{Y12, Y13, Y14, Y15}, 0, 4)
	for i, x := range rows {
		// The high half (row 4 + i) first: an XMM operation on the low
		// half clears it.
		VEXTRACTF128(U8(1), x, hi)
		if withBeta {
			g.LoadExact32(rowC(i), lo, n)
			t.FMA231(lo, beta.AsX(), x.AsX())
			g.LoadExact32(rowC(4+i), lo, n)
			t.FMA231(lo, beta.AsX(), hi)
		}
		store(i, func() { g.StoreExact32(x.AsX(), rowC(i), n) })
		store(4+i, func() { g.StoreExact32(hi, rowC(4+i), n) })
	}
}

// narrowStorePairs stores a C of two columns: interleaving the two
// accumulators gives rows 0–1 and 4–5 in one register, 2–3 and 6–7 in the
// other, a row in each 64-bit lane, so two shuffles and two extracts of the
// high halves replace the four-column transpose's eight and four: 8 % less
// time for 150×4·4×2 to 2400×4·4×2 on Zen 5 (a block of eight rows at k = 4
// takes ~65 µops, ~13 cycles). When C's rows are contiguous (ldc = 2),
// outside the tail block, each pair of rows is one 16-byte load and store.
func narrowStorePairs(t g.Type, sfx string, r narrowRegs, rowC func(i int) Mem, store func(i int, st func()), withBeta, tail bool, beta Register) {
	g.F32.UNPCKLO(Y12, Y0, Y1) // rows 0, 1 | 4, 5
	g.F32.UNPCKHI(Y13, Y0, Y1) // rows 2, 3 | 6, 7
	VEXTRACTF128(U8(1), Y12, X14)
	VEXTRACTF128(U8(1), Y13, X15)
	pairs := []Register{X12, X13, X14, X15}
	first := []int{0, 2, 4, 6} // the first of each pair's rows
	if !tail {
		CMPQ(r.ldc, U8(2*t.Size))
		JNE(LabelRef(sfx + "_rows"))
		for q, x := range pairs {
			if withBeta {
				t.FMA231(rowC(first[q]), beta, x)
			}
			VMOVUPS(x, rowC(first[q]))
		}
		JMP(LabelRef(sfx + "_end"))
		Label(sfx + "_rows")
	}
	for q, x := range pairs {
		i := first[q]
		if withBeta {
			VMOVSD(rowC(i), X10)
			VMOVHPS(rowC(i+1), X10, X10)
			t.FMA231(X10, beta, x)
		}
		store(i, func() { VMOVQ(x, rowC(i)) })
		store(i+1, func() { VMOVHPS(x, rowC(i+1)) })
	}
	Label(sfx + "_end")
}
