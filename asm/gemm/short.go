package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The short kernel computes float64 products of a very short k (k ≤ 4: a
// low-rank product such as the factorisation's U·Vᵀ, 150×2·2×4) with a C of
// at most four columns, a row of C per vector. B's k rows are loaded once
// per call into registers (read through its strides, so B and Bᵀ alike
// are read in place), and a row of C then costs k broadcasts of A's
// elements and k FMAs, the k steps unrolled for each k, eight rows a
// block. The direct kernel spends the same broadcasts and FMAs, but reloads
// B's row at every k step of every block of six rows (through a mask below
// four columns), and a transposed B is copied for it first.

// shortMaxN and shortMaxK bound the short kernel's products: a row of C in
// one vector, B's rows in four registers.
const (
	shortMaxN = 4
	shortMaxK = 4
)

// shortRows is the height of the short kernel's blocks: eight
// accumulators.
const shortRows = blockRows

// shortRegs are the general registers of the short kernel.
type shortRegs struct {
	a, lda, lda3, ap4 GPPhysical // A, its stride in bytes, 3·lda, a + 4·lda
	c, ldc, ldc3, cp4 GPPhysical // C likewise
	blocks            GPPhysical
	// skip is the number of the block's first rows that are not stored:
	// 0, or 8 − m mod 8 in the tail block (rowBlocks.loop).
	skip Mem
}

// short emits
//
//	func gemmShortF64(m, n, k int, a *float64, lda int, b *float64, rsb, csb int, c *float64, ldc int, alpha, beta float64) (rows int)
//
// which computes c = alpha·A·B + beta·c, with A(i,p) = a[i·lda + p] and
// B(p,j) = b[p·rsb + j·csb], when m ≥ shortRows (the last m mod 8 rows by
// a block that overlaps the one before), and returns the rows computed: m,
// or 0 when m < shortRows; 1 ≤ n ≤ shortMaxN, 1 ≤ k ≤ shortMaxK.
func short() {
	t := g.F64
	name := "gemmShort" + t.Suffix
	TEXT(name, 0, t.Sig("func(m, n, k int, a *T, lda int, b *T, rsb, csb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c when m ≥ "+fmt.Sprint(shortRows)+" and returns",
		fmt.Sprintf("rows = m, or does nothing and returns 0 (1 ≤ n ≤ %d, 1 ≤ k ≤ %d); B's rows are", shortMaxN, shortMaxK),
		"held in registers, a row of c per vector. A(i,p) = a[i·lda + p]; B(p,j) =",
		"b[p·rsb + j·csb]; row i of c starts at c[i·ldc]. Nothing outside the rows·n,",
		"rows·k and k×n elements is read or written; c is not read when beta is ±0.")
	r := shortRegs{a: RSI, lda: R8, lda3: R9, ap4: RAX, c: RDX, ldc: R10, ldc3: R11, cp4: R12,
		blocks: R13, skip: AllocLocal(8)}

	rowsPrologue(name)
	loadRowsArgs(t, r.a, r.lda, r.lda3, r.c, r.ldc, r.ldc3, r.skip)

	// The rows of B: row p in Y8+p, [B(p,0) … B(p,n−1), 0 …]. Columns
	// past n are zero, and never stored.
	bp, rsb, csb, col := RBX, RCX, RDI, R14
	Load(Param("b"), bp)
	Load(Param("rsb"), rsb)
	Load(Param("csb"), csb)
	SHLQ(U8(3), rsb)
	SHLQ(U8(3), csb)
	for n := 1; n < shortMaxN; n++ {
		CMPQ(g.Arg("n"), U8(n))
		JEQ(LabelRef(fmt.Sprintf("%s_b%d", name, n)))
	}
	for n := shortMaxN; n >= 1; n-- {
		Label(fmt.Sprintf("%s_b%d", name, n))
		MOVQ(bp, col)
		for p := 0; p < shortMaxK; p++ {
			if p > 0 {
				CMPQ(g.Arg("k"), U8(p))
				JEQ(LabelRef(name + "_brows"))
				ADDQ(rsb, bp)
				MOVQ(bp, col)
			}
			y := shortB(p)
			lo, hi := y.AsX(), X12
			VMOVSD(Mem{Base: col}, lo)
			if n >= 2 {
				VMOVHPD(Mem{Base: col, Index: csb, Scale: 1}, lo, lo)
			}
			if n >= 3 {
				LEAQ(Mem{Base: col, Index: csb, Scale: 2}, col)
				VMOVSD(Mem{Base: col}, hi)
				if n == 4 {
					VMOVHPD(Mem{Base: col, Index: csb, Scale: 1}, hi, hi)
				}
				VINSERTF128(U8(1), hi, y, y)
			}
		}
		JMP(LabelRef(name + "_brows"))
	}
	Label(name + "_brows")

	// Dispatch on k once; each k has its own loop over the blocks.
	for k := 1; k < shortMaxK; k++ {
		CMPQ(g.Arg("k"), U8(k))
		JEQ(LabelRef(fmt.Sprintf("%s_k%d", name, k)))
	}
	for k := shortMaxK; k >= 1; k-- {
		shortBlocks(t, fmt.Sprintf("%s_k%d", name, k), name+"_done", k, r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// shortB returns the register of row p of B.
func shortB(p int) VecPhysical { return []VecPhysical{Y8, Y9, Y10, Y11}[p] }

// shortAcc returns the accumulator of row i of a block.
func shortAcc(i int) VecPhysical { return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}[i] }

// shortBlocks emits the loop over the blocks of rows for depth k, then the
// tail block.
func shortBlocks(t g.Type, pfx, done string, k int, r shortRegs) {
	Label(pfx)
	body := func() {
		LEAQ(Mem{Base: r.a, Index: r.lda, Scale: 4}, r.ap4)
		rowA := func(i, p int) Mem { return g.Row8(r.a, r.ap4, r.lda, r.lda3, i, 8*p) }
		bcast := []VecPhysical{Y12, Y13, Y14}
		for p := 0; p < k; p++ {
			for i := 0; i < shortRows; i++ {
				x := bcast[(p*shortRows+i)%len(bcast)]
				VBROADCASTSD(rowA(i, p), x)
				if p == 0 {
					VMULPD(shortB(p), x, shortAcc(i))
				} else {
					VFMADD231PD(shortB(p), x, shortAcc(i))
				}
			}
		}
	}
	var accs []VecPhysical
	for i := 0; i < shortRows; i++ {
		accs = append(accs, shortAcc(i))
	}
	b := rowBlocks{a: r.a, aStride: r.lda, c: r.c, ldc: r.ldc, cp4: r.cp4, blocks: r.blocks, back: RAX, tmp: RBX, skip: r.skip}
	b.loop(t, pfx, done, body, accs, Y12, func(withBeta, tail bool) { shortStore(t, pfx, r, withBeta, tail) })
}

// shortStore stores the n elements of each row of the block, adding beta·C
// when withBeta, with a branch on n once for the block; in the tail block
// (tail) the first skip rows are not stored.
func shortStore(t g.Type, pfx string, r shortRegs, withBeta, tail bool) {
	beta, ld, hi := Y15, Y13, X14
	if withBeta {
		t.BROADCAST(g.Arg("beta"), beta)
	}
	rowC := func(i int) Mem { return g.Row8(r.c, r.cp4, r.ldc, r.ldc3, i, 0) }
	sfx := fmt.Sprintf("%s_st%v%v", pfx, withBeta, tail)
	for n := 1; n < shortMaxN; n++ {
		CMPQ(g.Arg("n"), U8(n))
		JEQ(LabelRef(fmt.Sprintf("%s_n%d", sfx, n)))
	}
	for n := shortMaxN; n >= 1; n-- {
		Label(fmt.Sprintf("%s_n%d", sfx, n))
		for i := 0; i < shortRows; i++ {
			x := shortAcc(i)
			if withBeta {
				if n == 4 {
					VFMADD231PD(rowC(i), beta, x)
				} else {
					g.LoadExact64(rowC(i), ld, hi, n)
					VFMADD231PD(ld, beta, x)
				}
			}
			store := skipStore(r.skip, tail, func(i int) string { return fmt.Sprintf("%s_n%d_row%d", sfx, n, i) })
			store(i, func() { g.StoreExact64(x, hi, rowC(i), n) })
		}
		if n > 1 {
			JMP(LabelRef(sfx + "_end"))
		}
	}
	Label(sfx + "_end")
}
