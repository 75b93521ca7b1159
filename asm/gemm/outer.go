package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// The outer kernel computes C = alpha·Aᵀ·B + beta·C for a C of at most
// outerMaxM×outerMaxN elements and a long k, with A stored k×m and B k×n:
// the whole of C lives in one or two vectors (element (i, j) in lane
// i·n + j), and each k step adds the outer product of row p of A and row p
// of B to it: the row of B broadcast (n consecutive elements, repeated),
// the row of A with each element repeated n times (a lane permute), one FMA
// a vector. Eight sets of accumulators take consecutive k steps, so that
// the FMA latency does not bound the loop. The direct kernel computes such
// a product as Cᵀ = Bᵀ·A with one or two rows of Cᵀ, its accumulators'
// chains as long as k.

// outerMaxM and outerMaxN bound C: four rows (one XMM of float32, one YMM
// of float64 for A's row), two columns.
const (
	outerMaxM = 4
	outerMaxN = 2
)

// outerSets is the number of accumulator sets (k steps in flight).
const outerSets = 8

// outerVecs returns the number of vectors that hold an m×n C.
func outerVecs(t g.Type, m, n int) int { return (m*n + t.Lanes - 1) / t.Lanes }

// outer emits
//
//	func gemmOuterT(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T)
//
// for 1 ≤ m ≤ outerMaxM, 1 ≤ n ≤ outerMaxN, k ≥ 1.
func outer(t g.Type) {
	name := "gemmOuter" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·Aᵀ·B + beta·c for an m×n c (1 ≤ m ≤ "+fmt.Sprint(outerMaxM)+", 1 ≤ n ≤ "+fmt.Sprint(outerMaxN)+", k ≥ 1),",
		"with A(p,i) = a[p·lda + i] and B(p,j) = b[p·ldb + j], p < k: a sum of k outer",
		"products of a row of A and a row of B. Row i of c starts at c[i·ldc]. Nothing",
		"outside the k×m, k×n and m×n elements is read or written; c is not read when",
		"beta is ±0.")
	a, lda, b, ldb, c, ldc, kk := RSI, R8, RDI, R9, RDX, R10, RCX
	Load(Param("a"), a)
	Load(Param("lda"), lda)
	Load(Param("b"), b)
	Load(Param("ldb"), ldb)
	Load(Param("c"), c)
	Load(Param("ldc"), ldc)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, lda)
	SHLQ(sh, ldb)
	SHLQ(sh, ldc)
	r := outerRegs{a: a, lda: lda, a4: R11, lda3: R12, b: b, ldb: ldb, b4: R13, ldb3: R14, c: c, ldc: ldc, kk: kk}
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, r.lda3)
	LEAQ(Mem{Base: ldb, Index: ldb, Scale: 2}, r.ldb3)
	// Dispatch on n·8 + m; each shape has its own loop.
	MOVQ(g.Arg("n"), RAX)
	SHLQ(U8(3), RAX)
	ADDQ(g.Arg("m"), RAX)
	var shapes [][2]int
	for n := 1; n <= outerMaxN; n++ {
		for m := 1; m <= outerMaxM; m++ {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	last := shapes[len(shapes)-1]
	for _, sh := range shapes[:len(shapes)-1] {
		CMPQ(RAX, U8(sh[1]*8+sh[0]))
		JEQ(LabelRef(fmt.Sprintf("%s_n%d_m%d", name, sh[1], sh[0])))
	}
	outerShape(t, name, last[0], last[1], r)
	for _, sh := range shapes[:len(shapes)-1] {
		JMP(LabelRef(name + "_done"))
		outerShape(t, name, sh[0], sh[1], r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// outerRegs are the general registers of the kernel: A and B with their
// strides in bytes, a4 and b4 four rows further, lda3 and ldb3 three
// strides, C and its stride, the loop counter.
type outerRegs struct {
	a, lda, a4, lda3, b, ldb, b4, ldb3, c, ldc, kk GPPhysical
}

// outerShape emits the kernel for one m×n.
func outerShape(t g.Type, name string, m, n int, r outerRegs) {
	pfx := fmt.Sprintf("%s_n%d_m%d", name, n, m)
	V := outerVecs(t, m, n)
	Label(pfx)
	accOf := func(set, v int) VecPhysical {
		return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11}[set*V+v]
	}
	sets := outerSets / V // eight accumulators in all
	for set := 0; set < sets; set++ {
		for v := 0; v < V; v++ {
			x := accOf(set, v)
			VXORPS(x, x, x)
		}
	}
	// The accumulators are Y0–Y7; B's row is in Y12, A's in Y13, its
	// permutes in Y14 and Y15, the float32 permute index in Y11.
	arow, brow, idx := Y13, Y12, Y11
	if t.Size == 4 && n == 2 {
		VMOVDQU(outerIndex(), idx)
	}
	// step emits k step q of a round of sets (the rows at q strides
	// from a and b, through a4 and b4 from the fifth) into set q, or a
	// single step at a and b into set 0 when q < 0.
	step := func(q int) {
		rowA, rowB, set := Mem{Base: r.a}, Mem{Base: r.b}, max(q, 0)
		if q >= 0 {
			rowA = g.Row8(r.a, r.a4, r.lda, r.lda3, q, 0)
			rowB = g.Row8(r.b, r.b4, r.ldb, r.ldb3, q, 0)
		}
		// Row p of B, repeated across the lanes.
		switch {
		case n == 1:
			t.BROADCAST(rowB, brow)
		case t.Size == 4:
			VBROADCASTSD(rowB, brow)
		default:
			VBROADCASTF128(rowB, brow)
		}
		// Row p of A, each element repeated n times.
		outerLoadRow(t, rowA, m, arow)
		switch {
		case n == 1:
			t.FMA231(arow, brow, accOf(set, 0))
		case t.Size == 4:
			VPERMPS(arow, idx, Y14)
			t.FMA231(Y14, brow, accOf(set, 0))
		default:
			VPERMPD(U8(0x50), arow, Y14) // a0 a0 a1 a1
			t.FMA231(Y14, brow, accOf(set, 0))
			if V > 1 {
				VPERMPD(U8(0xfa), arow, Y15) // a2 a2 a3 a3
				t.FMA231(Y15, brow, accOf(set, 1))
			}
		}
	}
	Load(Param("k"), r.kk)
	SHRQ(U8(g.Log2(sets)), r.kk)
	JZ(LabelRef(pfx + "_rest"))
	if sets == 8 {
		LEAQ(Mem{Base: r.a, Index: r.lda, Scale: 4}, r.a4)
		LEAQ(Mem{Base: r.b, Index: r.ldb, Scale: 4}, r.b4)
	}
	Label(pfx + "_loop")
	for set := 0; set < sets; set++ {
		step(set)
	}
	// Next round: sets rows on (8 or 4).
	LEAQ(Mem{Base: r.a, Index: r.lda, Scale: uint8(sets)}, r.a)
	LEAQ(Mem{Base: r.b, Index: r.ldb, Scale: uint8(sets)}, r.b)
	if sets == 8 {
		LEAQ(Mem{Base: r.a4, Index: r.lda, Scale: 8}, r.a4)
		LEAQ(Mem{Base: r.b4, Index: r.ldb, Scale: 8}, r.b4)
	}
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_loop"))
	Label(pfx + "_rest")
	Load(Param("k"), r.kk)
	ANDQ(U8(sets-1), r.kk)
	JZ(LabelRef(pfx + "_sum"))
	Label(pfx + "_one")
	step(-1)
	ADDQ(r.lda, r.a)
	ADDQ(r.ldb, r.b)
	DECQ(r.kk)
	JNZ(LabelRef(pfx + "_one"))
	Label(pfx + "_sum")
	for s := sets; s > 1; s /= 2 {
		for set := 0; set < s/2; set++ {
			for v := 0; v < V; v++ {
				t.ADD(accOf(set+s/2, v), accOf(set, v), accOf(set, v))
			}
		}
	}
	var accs []VecPhysical
	for v := 0; v < V; v++ {
		accs = append(accs, accOf(0, v))
	}
	scaleByAlpha(t, pfx, RAX, Y14, accs)
	betaIsZero(t, RAX)
	JZ(LabelRef(pfx + "_beta0"))
	t.BROADCAST(g.Arg("beta"), Y14)
	outerStore(t, m, n, accOf, r.c, r.ldc, Y14)
	JMP(LabelRef(name + "_done"))
	Label(pfx + "_beta0")
	outerStore(t, m, n, accOf, r.c, r.ldc, nil)
}

// outerIndex returns the VPERMPS index that repeats each of four float32
// twice, emitting it on first use.
func outerIndex() Mem {
	if outerPairs == nil {
		m := GLOBL("gemm_outer_pairs", RODATA|NOPTR)
		for i := 0; i < 8; i++ {
			DATA(4*i, U32(i/2))
		}
		outerPairs = &m
	}
	return *outerPairs
}

var outerPairs *Mem

// outerLoadRow loads the m elements of a row of A at mem into the low
// lanes of x, exactly (float32 into the XMM, float64 into the YMM).
func outerLoadRow(t g.Type, mem Mem, m int, x VecPhysical) {
	if t.Size == 4 {
		g.LoadExact32(mem, x.AsX(), m)
		return
	}
	switch m {
	case 1:
		VMOVSD(mem, x.AsX())
	case 2:
		VMOVUPD(mem, x.AsX())
	case 3:
		VMOVUPD(mem, x.AsX())
		VBROADCASTSD(mem.Offset(16), Y15)
		VBLENDPD(U8(0b0100), Y15, x, x)
	default:
		VMOVUPD(mem, x)
	}
}

// outerStore writes the m×n C from the accumulators of set 0 (element
// (i, j) in lane i·n + j), adding beta·C (beta in all lanes of betaReg)
// when betaReg is not nil. It clobbers X12, X13 and RAX.
func outerStore(t g.Type, m, n int, accOf func(set, v int) VecPhysical, c, ldc GPPhysical, betaReg Op) {
	// Row i's n elements are the 128-bit half of its accumulator that
	// holds lane i·n, shifted down when the row starts within the half.
	perHalf := 16 / (n * t.Size) // rows per 128-bit half
	cp := RAX
	MOVQ(c, cp)
	for i := 0; i < m; i++ {
		lane := i * n
		acc := accOf(0, lane/t.Lanes)
		half := (lane % t.Lanes) / (t.Lanes / 2)
		within := i % perHalf
		x := X12
		if half == 0 {
			VMOVAPS(acc.AsX(), x)
		} else {
			VEXTRACTF128(U8(1), acc, x)
		}
		if within > 0 {
			VPSRLDQ(U8(within*n*t.Size), x, x) // the row down to lane 0
		}
		if betaReg != nil {
			outerMove(t, n, Mem{Base: cp}, X13)
			t.FMA231(X13, betaReg.(VecPhysical).AsX(), x)
		}
		outerMove(t, n, x, Mem{Base: cp})
		if i < m-1 {
			ADDQ(ldc, cp)
		}
	}
}

// outerMove moves n (≤ 2) consecutive elements between memory and the
// low lanes of an XMM, src to dst, with an exact-width load or store.
func outerMove(t g.Type, n int, src, dst Op) {
	switch {
	case n*t.Size == 4:
		VMOVSS(src, dst)
	case n*t.Size == 8:
		VMOVSD(src, dst)
	default:
		VMOVUPD(src, dst)
	}
}
