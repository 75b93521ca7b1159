package main

import (
	"fmt"
	"strings"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The dot kernel computes products whose C is narrower than half a vector
// (n ≤ lanes/2) as dot products along k: C(i,j) = A(i,:)·Bᵀ(j,:), with A
// row-major and Bᵀ packed by the caller into rows of kp elements (kp a
// multiple of the lanes, zero past k). Every lane of every FMA is then
// useful, where the direct kernel, which vectorises along the columns of
// C, uses n of them. A block of dotRows(n) rows keeps its rows·n·sets
// accumulators over the whole k loop; their horizontal sums are taken at
// the end, four at a time.

// dotMaxN is the widest C of the dot kernel.
func dotMaxN(t g.Type) int { return t.Lanes / 2 }

// dotShape returns the rows of C per block and the number of accumulator
// sets (k chunks of a vector in flight per row and column) for n columns.
// Each chunk loads the n vectors of Bᵀ into registers and each row of A
// once (for n = 1 as the FMAs' memory operand), so the rows·n·sets
// accumulators, the n·sets B registers and one for A must fit in sixteen
// with the tail mask, and at least eight accumulators must be independent
// so that FMA latency does not bound the loop.
func dotShape(n int) (rows, sets int) {
	switch n {
	case 1:
		return 6, 2
	case 2:
		return 6, 1
	case 3:
		return 3, 1
	default:
		return 2, 1
	}
}

type dotRegs struct {
	k, a, lda, b, ldb, ldb3, c, ldc GPPhysical
	done, ap, a3, bp, kk            GPPhysical
	mask                            VecPhysical
}

// dot emits
//
//	func gemmDotT(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T) (rows int)
//
// which computes c = alpha·A·Bᵀ + beta·c for the first rows rows of C, the
// largest multiple of dotRows(n) up to m, and returns rows.
func dot(t g.Type, lanes Mem) {
	name := "gemmDot" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T) (rows int)"))
	Pragma("noescape")
	var heights []string
	for n := 1; n <= dotMaxN(t); n++ {
		rows, _ := dotShape(n)
		heights = append(heights, fmt.Sprint(rows))
	}
	Doc(name+" computes c = alpha·A·Bᵀ + beta·c for the first rows rows of an m×n c",
		fmt.Sprintf("(1 ≤ n ≤ %d, k ≥ 1), rows the largest multiple of the kernel's block", dotMaxN(t)),
		fmt.Sprintf("height (%s for n = 1…%d) up to m. A(i,p) = a[i·lda + p]; Bᵀ(j,p) =", strings.Join(heights, ", "), dotMaxN(t)),
		"b[j·ldb + p] with ldb a multiple of "+fmt.Sprint(t.Lanes)+" and b[j·ldb + p] = 0 for k ≤ p < ldb.",
		"Row i of c starts at c[i·ldc]. A is read only within its rows' k elements;",
		"c is not read when beta is ±0.")
	// m and n stay in the argument frame; R15 is avoided (clobbered by
	// global accesses when dynamic linking).
	r := dotRegs{k: R11, a: RSI, lda: R12, b: RDI, ldb: R13, ldb3: R14, c: RDX, ldc: R9,
		done: R8, ap: RAX, a3: RBX, bp: RCX, kk: R10, mask: Y15}
	Load(Param("k"), r.k)
	Load(Param("a"), r.a)
	Load(Param("lda"), r.lda)
	Load(Param("b"), r.b)
	Load(Param("ldb"), r.ldb)
	Load(Param("c"), r.c)
	Load(Param("ldc"), r.ldc)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, r.lda)
	SHLQ(sh, r.ldb)
	SHLQ(sh, r.ldc)
	LEAQ(Mem{Base: r.ldb, Index: r.ldb, Scale: 2}, r.ldb3)

	// mask: the lanes p < k mod lanes of the last, partial chunk of k
	// (for float64 both dwords of each quadword lane).
	w := r.kk
	MOVQ(r.k, w)
	ANDQ(U8(t.Lanes-1), w)
	if t.Size == 8 {
		ADDQ(w, w)
	}
	g.DwordMask(lanes, w, r.mask)

	XORQ(r.done, r.done)
	for n := 1; n < dotMaxN(t); n++ {
		CMPQ(g.Arg("n"), U8(n))
		JEQ(LabelRef(fmt.Sprintf("%s_n%d", name, n)))
	}
	JMP(LabelRef(fmt.Sprintf("%s_n%d", name, dotMaxN(t))))
	for n := 1; n <= dotMaxN(t); n++ {
		dotBlocks(t, name, n, r)
	}
	Label(name + "_done")
	Store(r.done, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// dotBlocks emits the loop over the blocks of rows for n columns.
func dotBlocks(t g.Type, name string, n int, r dotRegs) {
	rows, sets := dotShape(n)
	pfx := fmt.Sprintf("%s_n%d", name, n)
	// Registers: the accumulators from Y0, then the B vectors, then A's;
	// Y15 holds the tail mask.
	ymm := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14}
	nacc := rows * n * sets
	accOf := func(set, i, j int) VecPhysical { return ymm[(set*rows+i)*n+j] }
	bOf := func(set, j int) VecPhysical { return ymm[nacc+set*n+j] }
	aReg := ymm[nacc+n*sets]
	Label(pfx)
	Label(pfx + "_block")
	MOVQ(g.Arg("m"), RAX)
	SUBQ(r.done, RAX)
	CMPQ(RAX, U8(rows))
	JL(LabelRef(name + "_done"))
	for s := 0; s < sets; s++ {
		for i := 0; i < rows; i++ {
			for j := 0; j < n; j++ {
				x := accOf(s, i, j)
				VXORPS(x, x, x)
			}
		}
	}
	MOVQ(r.a, r.ap)
	if rows > 3 {
		LEAQ(Mem{Base: r.lda, Index: r.lda, Scale: 2}, r.a3)
		ADDQ(r.a, r.a3)
	}
	MOVQ(r.b, r.bp)
	rowAddr := func(i, disp int) Mem {
		base := r.ap
		if i >= 3 {
			base = r.a3
		}
		switch i % 3 {
		case 0:
			return Mem{Base: base, Disp: disp}
		case 1:
			return Mem{Base: base, Index: r.lda, Scale: 1, Disp: disp}
		default:
			return Mem{Base: base, Index: r.lda, Scale: 2, Disp: disp}
		}
	}
	colAddr := func(j, disp int) Mem {
		switch j {
		case 0:
			return Mem{Base: r.bp, Disp: disp}
		case 1:
			return Mem{Base: r.bp, Index: r.ldb, Scale: 1, Disp: disp}
		case 2:
			return Mem{Base: r.bp, Index: r.ldb, Scale: 2, Disp: disp}
		default:
			return Mem{Base: r.bp, Index: r.ldb3, Scale: 1, Disp: disp}
		}
	}
	// chunk emits one vector of k steps into accumulator set s, at byte
	// offset disp from the running pointers; masked, A is loaded with the
	// tail mask (Bᵀ is zero past k, so it needs none).
	chunk := func(s, disp int, masked bool) {
		for j := 0; j < n; j++ {
			t.MOVU(colAddr(j, disp), bOf(s, j))
		}
		for i := 0; i < rows; i++ {
			var av Op = aReg
			switch {
			case masked:
				t.MaskLoad(rowAddr(i, disp), r.mask, aReg)
			case n == 1:
				av = rowAddr(i, disp)
			default:
				t.MOVU(rowAddr(i, disp), aReg)
			}
			for j := 0; j < n; j++ {
				t.FMA231(av, bOf(s, j), accOf(s, i, j))
			}
		}
	}
	step := sets * 32
	MOVQ(r.k, r.kk)
	SHRQ(U8(g.Log2(sets*t.Lanes)), r.kk)
	JZ(LabelRef(pfx + "_tail"))
	Label(pfx + "_loop")
	for s := 0; s < sets; s++ {
		chunk(s, 32*s, false)
	}
	ADDQ(U8(step), r.ap)
	if rows > 3 {
		ADDQ(U8(step), r.a3)
	}
	ADDQ(U8(step), r.bp)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_loop"))
	Label(pfx + "_tail")
	if sets == 2 {
		// One more full chunk when ⌊k/lanes⌋ is odd.
		TESTQ(U32(t.Lanes), r.k)
		JZ(LabelRef(pfx + "_partial"))
		chunk(0, 0, false)
		ADDQ(U8(32), r.ap)
		if rows > 3 {
			ADDQ(U8(32), r.a3)
		}
		ADDQ(U8(32), r.bp)
		Label(pfx + "_partial")
	}
	TESTQ(U32(t.Lanes-1), r.k)
	JZ(LabelRef(pfx + "_sum"))
	chunk(0, 0, true)
	Label(pfx + "_sum")
	if sets == 2 {
		for i := 0; i < rows; i++ {
			for j := 0; j < n; j++ {
				t.ADD(accOf(1, i, j), accOf(0, i, j), accOf(0, i, j))
			}
		}
	}

	// Horizontal sums, four accumulators (rows·n of them, in row order) at
	// a time, then alpha, beta and the scalar stores.
	cp := r.ap
	total := rows * n
	for g0 := 0; g0 < total; g0 += 4 {
		cnt := min(4, total-g0)
		var accs []VecPhysical
		for q := g0; q < g0+cnt; q++ {
			accs = append(accs, accOf(0, q/n, q%n))
		}
		sum := t.HorizontalSums(accs, Y12, Y13, Y14)
		elem := func(e int) Mem {
			q := g0 + e
			return Mem{Base: cp, Disp: (q % n) * t.Size}
		}
		gpfx := fmt.Sprintf("%s_g%d", pfx, g0)
		alphaIsOne(t, RCX)
		JZ(LabelRef(gpfx + "_alpha1"))
		t.BROADCAST(g.Arg("alpha"), Y14)
		alpha := VecPhysical(Y14)
		if sum.Size() == 16 {
			alpha = X14
		}
		t.MUL(alpha, sum, sum)
		Label(gpfx + "_alpha1")
		// cp walks the rows of the group: elem(e) is relative to the row
		// of element e, reached by adding ldc at each new row.
		rowOf := func(e int) int { return (g0 + e) / n }
		MOVQ(r.c, cp)
		if r0 := rowOf(0); r0 > 0 {
			for range r0 {
				ADDQ(r.ldc, cp)
			}
		}
		betaIsZero(t, RCX)
		JZ(LabelRef(gpfx + "_beta0"))
		gatherScaled(t, sum, cnt, elem, rowOf, cp, r.ldc)
		Label(gpfx + "_beta0")
		scatter(t, sum, cnt, elem, rowOf, cp, r.ldc)
	}
	// Next block.
	ADDQ(U8(rows), r.done)
	for range rows {
		ADDQ(r.lda, r.a)
		ADDQ(r.ldc, r.c)
	}
	JMP(LabelRef(pfx + "_block"))
}

// gatherScaled adds beta·C to the cnt sums in sum, C's elements gathered in
// the same order (cp at the row of element 0; it is left there).
func gatherScaled(t g.Type, sum VecPhysical, cnt int, elem func(int) Mem, rowOf func(int) int, cp, ldc GPPhysical) {
	walk(cnt, rowOf, cp, ldc, func(e int) {
		m := elem(e)
		if t.Size == 4 {
			if e == 0 {
				VMOVSS(m, X13)
			} else {
				VINSERTPS(U8(e<<4), m, X13, X13)
			}
			return
		}
		x := X13
		if e >= 2 {
			x = X14
		}
		if e%2 == 0 {
			VMOVSD(m, x)
		} else {
			VMOVHPD(m, x, x)
		}
	})
	if t.Size == 8 && cnt > 2 {
		VINSERTF128(U8(1), X14, Y13, Y13)
	}
	c := VecPhysical(Y13)
	if sum.Size() == 16 {
		c = X13
	}
	t.BROADCAST(g.Arg("beta"), Y14)
	b := VecPhysical(Y14)
	if sum.Size() == 16 {
		b = X14
	}
	t.FMA231(c, b, sum)
}

// scatter stores the cnt sums to their elements of C (cp at the row of
// element 0).
func scatter(t g.Type, sum VecPhysical, cnt int, elem func(int) Mem, rowOf func(int) int, cp, ldc GPPhysical) {
	hi := X13
	if t.Size == 8 && cnt > 2 {
		VEXTRACTF128(U8(1), sum, hi)
	}
	lo := X12
	walk(cnt, rowOf, cp, ldc, func(e int) {
		m := elem(e)
		if t.Size == 4 {
			if e == 0 {
				VMOVSS(lo, m)
			} else {
				VEXTRACTPS(U8(e), lo, m)
			}
			return
		}
		x := lo
		if e >= 2 {
			x = hi
		}
		if e%2 == 0 {
			VMOVSD(x, m)
		} else {
			VMOVHPD(x, m)
		}
	})
}

// walk calls f for the elements 0…cnt−1 of a group, with cp advanced by ldc
// at each new row, and brings cp back to the row of element 0 at the end.
func walk(cnt int, rowOf func(int) int, cp, ldc GPPhysical, f func(e int)) {
	row := rowOf(0)
	for e := 0; e < cnt; e++ {
		for ; row < rowOf(e); row++ {
			ADDQ(ldc, cp)
		}
		f(e)
	}
	for ; row > rowOf(0); row-- {
		SUBQ(ldc, cp)
	}
}
