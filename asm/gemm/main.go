// Command gemm generates the avx2 tier's GEMM kernels for float32 and
// float64:
//
//	go run ./gemm -out ../kernels/gemm_amd64.s -stubs ../kernels/gemm_stubs_amd64.go -shapes ../kernels/gemm_shapes_amd64.go -pkg kernels
//
// -shapes writes the kernels' tiles, widths and, for each kernel, the
// shortest slices it may be given, as Go constants and functions that the
// wrappers in kernels/gemm_avx2_amd64.go check against.
//
// Six kinds of kernel:
//
//   - gemmMicro{F32,F64}: the BLIS micro-kernel of the blocked driver
//     (kernels/gemm_driver.go), looped over a column of tiles. Each tile,
//     MR×NR of C, is held in twelve YMM accumulators: 6×16 for float32,
//     6×8 for float64. Each k step loads two vectors of the B panel,
//     broadcasts the six elements of the A panel and issues twelve FMAs;
//     the k loop is unrolled by microUnroll. Looping over the tiles here
//     (the ir loop of BLIS) rather than in Go saves a Go call per tile.
//     gemmMicroRow{F32,F64} loop the same tile over a row of tiles instead
//     (one A panel, consecutive B panels), for the driver's products of a
//     single k block.
//
//   - gemmPackAN{F32,F64} and gemmPackBT{F32,F64}: the packing routines
//     that transpose: a panel of six rows of a row-major A, and a panel of
//     NR rows of a transposed B (B stored n×k), in chunks of 8 (float32)
//     or 4 (float64) k steps, with in-register transposes; and
//     gemmPackAT{F32,F64}, gemmPackBN{F32,F64}, the packings that copy a
//     contiguous run of MR or NR elements per k step, and
//     gemmPackBNBlock{F32,F64}, which packs many panels of a row-major B
//     at once, four rows at a time, so that B is read row by row.
//
//   - gemmDirect{F32,F64}: the tiny-product kernel, which reads A and B
//     where they lie (no packing): A(i,p) at a + i·rsa + p·csa, so both A
//     and Aᵀ are read in place, and B(p,j) at b + p·ldb + j. It computes
//     C for any m (blocks of six rows, then the remainder) and n ≤ NR
//     columns. Between one and two vectors of columns, the second vector
//     starts at column n − lanes and overlaps the first, so no mask is
//     needed; below one vector, B is loaded with VMASKMOVP (masked-out
//     lanes never fault) and C stored with exact-width stores (masked
//     stores cost ~14 cycles on Zen 4). The driver also uses it for the
//     edge tiles of the blocked path.
//
//   - gemmDot{F32,F64} (dot.go): products whose C is narrower than half a
//     vector, as dot products along k of rows of A with a packed Bᵀ, so
//     that every lane is used (a matrix-vector product, n = 1, uses one
//     lane of the direct kernel's eight).
//
//   - gemmOuter{F32,F64} (outer.go): Aᵀ·B for a C of at most 4×2 and a
//     long k (A and B stored k×m and k×n), as a sum of outer products of
//     their rows, the whole of C in one or two vectors.
//
//   - gemmNarrowF32 (narrow.go): products with a row-major A, a C of at
//     most four columns and a short k, with the rows of C in the
//     vector lanes (blocks of A transposed in registers), so that a k
//     step costs n FMAs per block of rows instead of a broadcast and an
//     FMA per row.
//
//   - gemmHalvesF32 (halves.go): float32 products with k ≤ 2, A's rows
//     contiguous and a C of three or four columns, two rows of C in each
//     vector, one in each half, each k step a permute and an FMA per two
//     rows.
//
//   - gemmShortF64 (short.go): float64 products with k ≤ 4 and a C of at
//     most four columns, B's rows held in registers, a row of C per
//     vector.
//
//   - gemmPairsF64 (pairs.go): float64 products with a row-major A, a C
//     of one or two columns and k ≤ 16, each row of C summed in one
//     vector, two k steps of every four in each half, so that every lane
//     is used; two rows of C come out of one register.
//
//   - gemmPairsF32 (halfpairs.go): the same for a float32 C of two
//     columns and k a multiple of 4, a row of C per 128-bit half.
//
// The micro and direct kernels compute C = alpha·(A·B) + beta·C with one
// rounding for alpha·acc (skipped when alpha is 1) and a fused
// multiply-add for beta·C, and do not read C when beta is ±0. Only
// VEX-encoded instructions are emitted, and VZEROUPPER precedes every RET.
// The micro-kernel prefetches its C tile before the k loop: without it, a
// C whose rows are not 32-byte aligned (ldc = 645, say) ran 20–25% slower
// (f64, Zen 4), and aligned ones measure the same either way. Prefetching
// B rows ahead in the direct kernel measured slower; packAN prefetches the
// next panel's rows (docs/gemm-tuning.md, "Packing A"). (Avo lists PREFETCHh
// under "MMX+"; the instructions are also SSE, baseline on amd64.)
package main

import (
	"flag"
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
	"github.com/simdgrad/simdgrad/asm/internal/shapes"
)

// mr is the number of rows of the register tile; nr = 2·lanes columns.
const mr = 6

// microUnroll is the unrolling of the micro-kernel's k loop.
const microUnroll = 4

// nr is the number of columns of the register tile: two YMM vectors.
func nr(t g.Type) int { return 2 * t.Lanes }

var shapesOut = flag.String("shapes", "", "write the kernels' shapes (Go constants and length functions) to `file`")

func main() {
	flag.Parse()
	ConstraintExpr("!purego")
	lanes := g.LaneIndex("gemm_lanes")
	var sh shapes.File
	for _, t := range g.Types {
		micro(t, false)
		micro(t, true)
		direct(t, lanes)
		dot(t, lanes)
		if t == g.F32 {
			narrow()
			halves()
			pairs32()
		} else {
			pairs(lanes)
			short()
		}
		outer(t)
		slack := packAN(t)
		packBT(t)
		packRuns(t, "gemmPackAT", mr)
		packRuns(t, "gemmPackBN", nr(t))
		packBNBlock(t)
		sh.GEMM(shapes.GEMMShape{Suffix: t.Suffix, Go: t.Go, Lanes: t.Lanes, MR: mr, NR: nr(t),
			PackStep: t.Lanes, DirectNR: directMaxNV * t.Lanes, DotMaxN: dotMaxN(t), PackANSlack: slack})
		if t == g.F32 {
			sh.Blocks("Narrow", t.Suffix, blockRows, narrowMaxN, narrowMaxK)
			sh.Halves(t.Suffix, halvesRows, halvesMinN, halvesMaxN, halvesMaxK)
			sh.Blocks("Pairs", t.Suffix, pairs32Rows, pairs32N, pairs32MaxK)
		} else {
			sh.Blocks("Pairs", t.Suffix, pairsRows, pairsMaxN, pairsMaxK)
			sh.Blocks("Short", t.Suffix, shortRows, shortMaxN, shortMaxK)
		}
		sh.Outer(t.Suffix, outerMaxM, outerMaxN)
	}
	Generate()
	if *shapesOut != "" {
		err := sh.Write(*shapesOut, "kernels", "!purego", os.Args[1:],
			"The shapes of the GEMM kernels in gemm_amd64.s, written by their generator",
			"(asm/gemm): the Go wrappers around the assembly check every slice against",
			"these functions and derive every tile and step from these constants.")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// acc returns the accumulator of row i, vector v (v < 2) of the tile.
func acc(i, v int) VecPhysical {
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11}[2*i+v]
}

// betaIsZero loads the bits of the float parameter beta into r and sets ZF
// when beta is +0 or −0 (adding r to itself drops the sign bit).
func betaIsZero(t g.Type, r GPPhysical) {
	if t.Size == 4 {
		MOVL(g.Arg("beta"), r.As32())
		ADDL(r.As32(), r.As32())
	} else {
		MOVQ(g.Arg("beta"), r)
		ADDQ(r, r)
	}
}

// scaleByAlpha multiplies accs by the float parameter alpha, broadcast to
// tmp, unless alpha is exactly 1 (a branch to pfx_alpha1; r is scratch).
func scaleByAlpha(t g.Type, pfx string, r GPPhysical, tmp VecPhysical, accs []VecPhysical) {
	alphaIsOne(t, r)
	JZ(LabelRef(pfx + "_alpha1"))
	t.BROADCAST(g.Arg("alpha"), tmp)
	for _, x := range accs {
		t.MUL(tmp, x, x)
	}
	Label(pfx + "_alpha1")
}

// alphaIsOne sets ZF when the float parameter alpha is exactly 1.
func alphaIsOne(t g.Type, r GPPhysical) {
	if t.Size == 4 {
		CMPL(g.Arg("alpha"), U32(0x3f800000))
	} else {
		MOVQ(U64(0x3ff0000000000000), r)
		CMPQ(g.Arg("alpha"), r)
	}
}

// micro emits the micro-kernel, looped over a column of tiles (one B
// panel, consecutive A panels) or, byRow, over a row of tiles (one A panel,
// consecutive B panels), the order of the driver's products with a single
// k block, where writing C row by row is what matters.
func micro(t g.Type, byRow bool) {
	mrs, nrs := fmt.Sprint(mr), fmt.Sprint(nr(t))
	name := "gemmMicro" + t.Suffix
	if byRow {
		name = "gemmMicroRow" + t.Suffix
	}
	TEXT(name, NOSPLIT, t.Sig("func(tiles, kc int, a, b, c *T, ldc int, alpha, beta T)"))
	Pragma("noescape")
	if byRow {
		Doc(name+" computes tiles full "+mrs+"×"+nrs+" tiles c = alpha·Ap·Bp + beta·c, side by",
			"side, from one packed A panel (Ap[p·"+mrs+" + i]) and tiles consecutive packed B",
			"panels (Bp[q·"+nrs+"·kc + p·"+nrs+" + j]), p < kc. Row i of tile q starts at",
			"c[i·ldc + q·"+nrs+"]. c is not read when beta is ±0.")
	} else {
		Doc(name+" computes tiles full "+mrs+"×"+nrs+" tiles c = alpha·Ap·Bp + beta·c, one above",
			"the other, from tiles consecutive packed A panels (Ap[q·"+mrs+"·kc + p·"+mrs+" + i]) and",
			"one packed B panel (Bp[p·"+nrs+"+j]), p < kc. Row i of tile q starts at",
			"c[(q·"+mrs+"+i)·ldc]. c is not read when beta is ±0.")
	}
	// a0p, b0p, c0p: where the next tile's panels and C start, when they
	// do not simply follow from the last tile.
	tiles, kc0, a, b0p, c, ldc := R9, R11, RSI, R10, RDX, R8
	kc, b, a0p, c0p := RCX, RDI, R12, R13
	Load(Param("tiles"), tiles)
	Load(Param("kc"), kc0)
	Load(Param("a"), a)
	Load(Param("b"), b0p)
	Load(Param("c"), c)
	Load(Param("ldc"), ldc)
	SHLQ(U8(g.Log2(t.Size)), ldc)
	if byRow {
		MOVQ(a, a0p)
		MOVQ(b0p, b)
		MOVQ(c, c0p)
	}

	Label(name + "_tile")
	if byRow {
		// b already points at this tile's panel: the k loop of the last
		// one ended there.
		MOVQ(a0p, a)
		MOVQ(c0p, c)
		ADDQ(U32(nr(t)*t.Size), c0p)
	}
	// Prefetch the tile of C (both ends of each row, which span two cache
	// lines unless the row is 64-byte aligned), so that the misses of the
	// read-modify-write at the end overlap the k loop.
	MOVQ(c, RAX)
	for i := 0; i < mr; i++ {
		PREFETCHT0(Mem{Base: RAX})
		PREFETCHT0(Mem{Base: RAX, Disp: 2*32 - 1})
		if i < mr-1 {
			ADDQ(ldc, RAX)
		}
	}
	for i := 0; i < mr; i++ {
		for v := 0; v < 2; v++ {
			r := acc(i, v)
			VXORPS(r, r, r)
		}
	}
	if !byRow {
		MOVQ(b0p, b)
	}
	MOVQ(kc0, kc)
	b0, b1 := Y12, Y13
	bc := []VecPhysical{Y14, Y15}
	kstep := func(u int) {
		t.MOVU(Mem{Base: b, Disp: u * nr(t) * t.Size}, b0)
		t.MOVU(Mem{Base: b, Disp: u*nr(t)*t.Size + 32}, b1)
		for i := 0; i < mr; i++ {
			x := bc[i%2]
			t.BROADCAST(Mem{Base: a, Disp: (u*mr + i) * t.Size}, x)
			t.FMA231(b0, x, acc(i, 0))
			t.FMA231(b1, x, acc(i, 1))
		}
	}
	n := RBX
	MOVQ(kc, n)
	SHRQ(U8(g.Log2(microUnroll)), n)
	JZ(LabelRef(name + "_tail"))
	Label(name + "_loop")
	for u := 0; u < microUnroll; u++ {
		kstep(u)
	}
	ADDQ(U32(microUnroll*mr*t.Size), a)
	ADDQ(U32(microUnroll*nr(t)*t.Size), b)
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_tail")
	ANDQ(U8(microUnroll-1), kc)
	JZ(LabelRef(name + "_store"))
	Label(name + "_tailloop")
	kstep(0)
	ADDQ(U32(mr*t.Size), a)
	ADDQ(U32(nr(t)*t.Size), b)
	DECQ(kc)
	JNZ(LabelRef(name + "_tailloop"))

	// a now points at the next A panel and b at the next B panel. Scale
	// by alpha and store, leaving c at the tile below (the row variant
	// reloads a and c at the next tile).
	Label(name + "_store")
	alphaIsOne(t, RAX)
	JZ(LabelRef(name + "_alpha1"))
	alpha := Y12
	t.BROADCAST(g.Arg("alpha"), alpha)
	for i := 0; i < mr; i++ {
		for v := 0; v < 2; v++ {
			t.MUL(alpha, acc(i, v), acc(i, v))
		}
	}
	Label(name + "_alpha1")
	betaIsZero(t, RAX)
	JZ(LabelRef(name + "_beta0"))
	beta := Y13
	t.BROADCAST(g.Arg("beta"), beta)
	for i := 0; i < mr; i++ {
		for v := 0; v < 2; v++ {
			t.FMA231(Mem{Base: c, Disp: 32 * v}, beta, acc(i, v))
			t.MOVU(acc(i, v), Mem{Base: c, Disp: 32 * v})
		}
		ADDQ(ldc, c)
	}
	DECQ(tiles)
	JNZ(LabelRef(name + "_tile"))
	VZEROUPPER()
	RET()
	Label(name + "_beta0")
	for i := 0; i < mr; i++ {
		for v := 0; v < 2; v++ {
			t.MOVU(acc(i, v), Mem{Base: c, Disp: 32 * v})
		}
		ADDQ(ldc, c)
	}
	DECQ(tiles)
	JNZ(LabelRef(name + "_tile"))
	VZEROUPPER()
	RET()
}

// direct emits the tiny-product kernel:
//
//	func gemmDirectT(m, n, k int, a *T, rsa, csa int, b *T, ldb int, c *T, ldc int, alpha, beta T)
//
// with 1 ≤ n ≤ directMaxNV·lanes, m ≥ 1, k ≥ 1 and the strides in
// elements. With nv = ⌈n/lanes⌉ column vectors, rows of C are computed in
// blocks of directRows(nv) (6 for one or two vectors), the last block
// holding the remainder; each block keeps its tile in the accumulators over
// the whole k loop.
func direct(t g.Type, lanes Mem) {
	name := "gemmDirect" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(m, n, k int, a *T, rsa, csa int, b *T, ldb int, c *T, ldc int, alpha, beta T)"))
	Pragma("noescape")
	Doc(name+" computes c = alpha·A·B + beta·c for an m×n c (1 ≤ n ≤ "+fmt.Sprint(directMaxNV*t.Lanes)+", m, k ≥ 1),",
		"reading A(i,p) = a[i·rsa + p·csa] and B(p,j) = b[p·ldb + j] in place. Row i of c",
		"starts at c[i·ldc]. Nothing outside the m×n, m×k and k×n elements is read or",
		"written; c is not read when beta is ±0.")

	// Registers: 12 accumulators Y0–Y11, B vectors Y12/Y13, broadcast
	// Y14, mask of the last vector of columns Y15. General: n stays in
	// the argument frame; R15 is avoided (clobbered by global accesses
	// when dynamic linking).
	r := directRegs{m: AllocLocal(8), k: R10, a: RSI, rsa: R11, csa: R12, b: RDI, ldb: R13, c: RDX, ldc: R14,
		off2: R9, a3: RAX, ap: R8, bp: RCX, kk: RBX, mask: Y15}
	Load(Param("m"), RAX)
	MOVQ(RAX, r.m)
	Load(Param("k"), r.k)
	Load(Param("a"), r.a)
	Load(Param("rsa"), r.rsa)
	Load(Param("csa"), r.csa)
	Load(Param("b"), r.b)
	Load(Param("ldb"), r.ldb)
	Load(Param("c"), r.c)
	Load(Param("ldc"), r.ldc)
	sh := U8(g.Log2(t.Size))
	SHLQ(sh, r.rsa)
	SHLQ(sh, r.csa)
	SHLQ(sh, r.ldb)
	SHLQ(sh, r.ldc)

	// The columns are one vector, partial when n < lanes (loaded with
	// mask, whose lanes j < n are set; for float64 both dwords of each
	// quadword lane: dword 2q+1 < 2n iff q < n), or, when lanes < n ≤
	// 2·lanes, two full vectors: columns 0… and columns n−lanes…, which
	// overlap. The overlapping columns are computed identically in both,
	// so storing both is exact, and no mask or partial store is needed.
	w := RBX
	MOVQ(g.Arg("n"), w)
	MOVQ(w, r.off2)
	SUBQ(U8(t.Lanes), r.off2)
	SHLQ(sh, r.off2)
	if t.Size == 8 {
		ADDQ(w, w)
	}
	g.DwordMask(lanes, w, r.mask)

	// Dispatch on the number of column vectors, nv = ⌈n/lanes⌉, then
	// loop over blocks of directRows(nv) rows.
	for nv := 1; nv < directMaxNV; nv++ {
		CMPQ(g.Arg("n"), U8(nv*t.Lanes))
		JBE(LabelRef(fmt.Sprintf("%s_nv%d", name, nv)))
	}
	JMP(LabelRef(fmt.Sprintf("%s_nv%d", name, directMaxNV)))
	for nv := 1; nv <= directMaxNV; nv++ {
		directRowLoop(t, name, nv, r)
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// directMaxNV is the largest number of column vectors of the direct kernel:
// n ≤ directMaxNV·lanes. Three or four vectors (blocks of four or three
// rows, B read by memory-operand FMAs for lack of registers) measured
// slower than two calls of two vectors: up to 3× when B comes from L3.
const directMaxNV = 2

// directSets is the number of accumulator sets of a block of the direct
// kernel with accs accumulators: with few of them, the latency of a chain
// of FMAs (4 cycles, two FMAs a cycle) would bound a long k loop, so sets
// take alternate k steps and are summed at the end, up to the twelve
// accumulators (in powers of two, so that k splits with shifts).
func directSets(accs int) int {
	switch {
	case accs <= 3:
		return 4
	case accs <= 6:
		return 2
	}
	return 1
}

// directSetsMinK is the depth from which a block uses several sets of
// accumulators. Below it a block's chains are short, and the out-of-order
// core overlaps them with the next block's, so a single set costs fewer
// instructions (no sums, no remainder loop). It is at least twice the
// most sets, so that a block with sets makes at least one full round
// after the first steps.
const directSetsMinK = 8

// directRows is the number of rows of C a block of the direct kernel
// holds in the twelve accumulators with nv vectors of columns.
func directRows(nv int) int { return 12 / max(nv, 2) }

// directRowLoop emits the loop over the row blocks for nv column vectors.
func directRowLoop(t g.Type, name string, nv int, r directRegs) {
	R := directRows(nv)
	pfx := fmt.Sprintf("%s_nv%d", name, nv)
	Label(pfx)
	rows := RBX
	Label(pfx + "_block")
	MOVQ(U32(R), rows)
	CMPQ(r.m, U8(R))
	CMOVQLT(r.m, rows)
	for nr := R; nr >= 2; nr-- {
		CMPQ(rows, U8(nr))
		JEQ(LabelRef(fmt.Sprintf("%s_rows%d", pfx, nr)))
	}
	for nr := 1; nr <= R; nr++ {
		Label(fmt.Sprintf("%s_rows%d", pfx, nr))
		directBlock(t, pfx, nr, nv, r)
		if nr < R {
			JMP(LabelRef(pfx + "_next"))
		}
	}
	Label(pfx + "_next")
	// Advance to the next block of R rows.
	SUBQ(U8(R), r.m)
	JLE(LabelRef(name + "_done"))
	advance := func(p, ld GPPhysical) {
		switch R {
		case 6:
			LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, RBX) // 3·ld
			LEAQ(Mem{Base: p, Index: RBX, Scale: 2}, p)
		case 4:
			LEAQ(Mem{Base: p, Index: ld, Scale: 4}, p)
		case 3:
			LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, RBX)
			ADDQ(RBX, p)
		}
	}
	advance(r.a, r.rsa)
	advance(r.c, r.ldc)
	JMP(LabelRef(pfx + "_block"))
}

type directRegs struct {
	m                              Mem // rows left, in the stack frame
	k, a, rsa, csa, b, ldb, c, ldc GPPhysical
	off2                           GPPhysical // byte offset of the second vector of columns
	a3, ap, bp, kk                 GPPhysical // scratch of a block
	mask                           VecPhysical
}

// directBlock emits the k loop and the store of one block of nrows rows
// and nv vectors of columns, the last vector partial when n is not a
// multiple of the lanes. It leaves a, b and c unchanged.
func directBlock(t g.Type, name string, nrows, nv int, r directRegs) {
	pfx := fmt.Sprintf("%s_r%dv%d", name, nrows, nv)
	accs := nrows * nv
	sets := directSets(accs)
	accOf := func(set, i, v int) VecPhysical {
		return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11}[accs*set+i*nv+v]
	}
	// Row i of A is at ap + i·rsa for i < 3, a3 + (i−3)·rsa after; both
	// pointers advance by csa per k step.
	MOVQ(r.a, r.ap)
	if nrows > 3 {
		LEAQ(Mem{Base: r.rsa, Index: r.rsa, Scale: 2}, r.a3)
		ADDQ(r.a, r.a3)
	}
	rowAddr := func(i int) Mem {
		base := r.ap
		if i >= 3 {
			base = r.a3
		}
		switch i % 3 {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: r.rsa, Scale: 1}
		default:
			return Mem{Base: base, Index: r.rsa, Scale: 2}
		}
	}
	MOVQ(r.b, r.bp)
	MOVQ(r.k, r.kk)
	// kstep emits one k step into accumulator set: the B row (the first
	// vector full when nv = 2, the last one masked, all lanes when n is a
	// multiple of the lanes), then a broadcast and nv FMAs per row.
	// col is the address of column vector v of the row at base: vectors
	// 0 … nv−2 at 32-byte steps, the last one at the overlapping offset
	// (n − lanes)·size (for nv = 1, column 0, loaded with the mask).
	col := func(base GPPhysical, v int) Mem {
		if v == nv-1 && nv > 1 {
			return Mem{Base: base, Index: r.off2, Scale: 1}
		}
		return Mem{Base: base, Disp: 32 * v}
	}
	// The first k step of a set multiplies instead (init), so no
	// accumulator is zeroed.
	kstep := func(set int, init bool) {
		fma := t.FMA231
		if init {
			fma = t.MUL
		}
		switch {
		case nv == 1:
			// One vector, masked: B in Y12, broadcasts in Y14.
			t.MaskLoad(Mem{Base: r.bp}, r.mask, Y12)
			for i := 0; i < nrows; i++ {
				t.BROADCAST(rowAddr(i), Y14)
				fma(Y12, Y14, accOf(set, i, 0))
			}
		case nv == 2:
			t.MOVU(col(r.bp, 0), Y12)
			t.MOVU(col(r.bp, 1), Y13)
			for i := 0; i < nrows; i++ {
				t.BROADCAST(rowAddr(i), Y14)
				fma(Y12, Y14, accOf(set, i, 0))
				fma(Y13, Y14, accOf(set, i, 1))
			}
		default:
			// Three or four vectors: no registers are left for the B
			// row, so the FMAs read it from memory (L1); the
			// broadcasts rotate through Y12–Y15.
			for i := 0; i < nrows; i++ {
				x := []VecPhysical{Y12, Y13, Y14, Y15}[i%4]
				t.BROADCAST(rowAddr(i), x)
				for v := 0; v < nv; v++ {
					if init {
						t.MUL(col(r.bp, v), x, accOf(set, i, v))
					} else {
						t.FMA231(col(r.bp, v), x, accOf(set, i, v))
					}
				}
			}
		}
		ADDQ(r.csa, r.ap)
		if nrows > 3 {
			ADDQ(r.csa, r.a3)
		}
		ADDQ(r.ldb, r.bp)
	}
	// stepLoop emits a loop of kk single k steps into set 0.
	stepLoop := func(label string) {
		Label(label)
		kstep(0, false)
		DECQ(r.kk)
		JNZ(LabelRef(label))
	}
	if sets > 1 {
		// k ≥ directSetsMinK ≥ sets: each set takes its first step, then
		// rounds of one step per set, then the k mod sets steps left go
		// to set 0; the sets are summed into set 0.
		CMPQ(r.k, U8(directSetsMinK))
		JLT(LabelRef(pfx + "_one"))
		for set := 0; set < sets; set++ {
			kstep(set, true)
		}
		SUBQ(U8(sets), r.kk)
		SHRQ(U8(g.Log2(sets)), r.kk)
		Label(pfx + "_kr")
		for set := 0; set < sets; set++ {
			kstep(set, false)
		}
		DECQ(r.kk)
		JNZ(LabelRef(pfx + "_kr"))
		MOVQ(r.k, r.kk)
		ANDQ(U8(sets-1), r.kk)
		JZ(LabelRef(pfx + "_ksum"))
		stepLoop(pfx + "_krem")
		Label(pfx + "_ksum")
		for n := sets; n > 1; n /= 2 {
			for set := 0; set < n/2; set++ {
				for i := 0; i < accs; i++ {
					a, b := accOf(set, i/nv, i%nv), accOf(set+n/2, i/nv, i%nv)
					t.ADD(b, a, a)
				}
			}
		}
		JMP(LabelRef(pfx + "_kdone"))
		Label(pfx + "_one")
	}
	// One set: its first step, then the k − 1 others.
	kstep(0, true)
	DECQ(r.kk)
	JZ(LabelRef(pfx + "_kdone"))
	stepLoop(pfx + "_k")
	Label(pfx + "_kdone")
	x := Y14
	if nv > 2 {
		x = Y12 // the beta path's scratch; Y13 holds beta
	}

	// Scale by alpha (unless it is 1), then store with or without beta·C.
	var set0 []VecPhysical
	for i := 0; i < nrows; i++ {
		for v := 0; v < nv; v++ {
			set0 = append(set0, accOf(0, i, v))
		}
	}
	scaleByAlpha(t, pfx, RCX, Y12, set0)
	cp := r.ap
	MOVQ(r.c, cp)
	betaIsZero(t, RCX)
	JZ(LabelRef(pfx + "_beta0"))
	beta := Y13
	t.BROADCAST(g.Arg("beta"), beta)
	for i := 0; i < nrows; i++ {
		if nv > 1 {
			for v := 0; v < nv; v++ {
				t.FMA231(col(cp, v), beta, accOf(0, i, v))
			}
		} else {
			t.MaskLoad(Mem{Base: cp}, r.mask, x)
			t.FMA231(x, beta, accOf(0, i, 0))
		}
		if i < nrows-1 {
			ADDQ(r.ldc, cp)
		}
	}
	MOVQ(r.c, cp)
	Label(pfx + "_beta0")
	if nv == 1 {
		rows := make([]VecPhysical, nrows)
		for i := range rows {
			rows[i] = accOf(0, i, 0)
		}
		storeRowsPartial(t, pfx+"_st", rows, cp, r.ldc)
		return
	}
	for i := 0; i < nrows; i++ {
		for v := 0; v < nv; v++ {
			t.MOVU(accOf(0, i, v), col(cp, v))
		}
		if i < nrows-1 {
			ADDQ(r.ldc, cp)
		}
	}
}

// storeRowsPartial stores the first n lanes (1 ≤ n ≤ lanes) of each of
// rows, one row of C each, at base, base + ldc, …. It branches on n once
// for the block (the full vector first, then a binary search over the
// narrower widths: at most four compares), then stores every row with
// straight-line exact-width stores (32, 16, 8 and 4 bytes), so nothing past
// column n is written (masked stores cost ~14 cycles on Zen 4; three
// branches on n per row cost 1.3 ns a row on Zen 5). It clobbers RCX, base
// and the rows.
func storeRowsPartial(t g.Type, pfx string, rows []VecPhysical, base, ldc GPPhysical) {
	w := RCX
	MOVQ(g.Arg("n"), w)
	label := func(n int) string { return fmt.Sprintf("%s_n%d", pfx, n) }
	CMPQ(w, U8(t.Lanes))
	JEQ(LabelRef(label(t.Lanes)))
	// search jumps to the store of width n, for n in [lo, hi].
	var search func(lo, hi int)
	search = func(lo, hi int) {
		if lo == hi {
			JMP(LabelRef(label(lo)))
			return
		}
		mid := (lo + hi + 1) / 2
		CMPQ(w, U8(mid))
		JEQ(LabelRef(label(mid)))
		upper := fmt.Sprintf("%s_gt%d", pfx, mid)
		switch {
		case mid+1 == hi:
			JA(LabelRef(label(hi)))
		case mid < hi:
			JA(LabelRef(upper))
		}
		search(lo, mid-1)
		if mid+1 < hi {
			Label(upper)
			search(mid+1, hi)
		}
	}
	search(1, t.Lanes-1)
	for n := 1; n <= t.Lanes; n++ {
		Label(label(n))
		for j, v := range rows {
			storeExact(t, v, base, n)
			if j < len(rows)-1 {
				ADDQ(ldc, base)
			}
		}
		if n < t.Lanes {
			JMP(LabelRef(pfx + "_end"))
		}
	}
	Label(pfx + "_end")
}

// storeExact stores the first n lanes of v at base with exact-width
// stores; it clobbers v when n is not the whole vector.
func storeExact(t g.Type, v VecPhysical, base GPPhysical, n int) {
	if n == t.Lanes {
		t.MOVU(v, Mem{Base: base})
		return
	}
	x, half, off := v.AsX(), t.Lanes/2, 0
	if n >= half {
		t.MOVU(x, Mem{Base: base})
		n -= half
		off = 16
		if n == 0 {
			return
		}
		VEXTRACTF128(U8(1), v, x)
	}
	// n elements of x (n < half) at base + off.
	switch {
	case t.Size == 8: // n = 1
		VMOVSD(x, Mem{Base: base, Disp: off})
	case n == 1:
		VMOVSS(x, Mem{Base: base, Disp: off})
	case n == 2:
		VMOVQ(x, Mem{Base: base, Disp: off})
	default: // n = 3
		VMOVQ(x, Mem{Base: base, Disp: off})
		VEXTRACTPS(U8(2), x, Mem{Base: base, Disp: off + 8})
	}
}

// packAN emits
//
//	func gemmPackANT(chunks int, a *T, lda int, dst *T)
//
// which packs chunks·L k steps (L = 8 for float32, 4 for float64) of six
// rows of a row-major A (row i at a + i·lda) into dst[p·6+i]. The float32
// version stores each k step's six elements with a 32-byte store, so it
// writes 8 bytes past dst[chunks·48]; the caller leaves room there (the
// next panel, or slack) and writes it later. packAN returns how many
// elements past the chunks it writes, from the stores it emitted.
func packAN(t g.Type) (slack int) {
	name := "gemmPackAN" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(chunks int, a *T, lda int, dst *T)"))
	Pragma("noescape")
	Doc(name+" packs chunks·"+fmt.Sprint(t.Lanes)+" k steps of six rows of a row-major A (row i at",
		"a[i·lda]) into dst[p·6+i]: a panel of the blocked GEMM.")
	n, a, lda, dst, a3 := RCX, RSI, RDX, RDI, RAX
	// store writes bytes of r at dst + disp (16 of a YMM: its upper half)
	// and records how far the chunk's stores reach.
	reach := 0
	store := func(r VecPhysical, disp, bytes int) {
		reach = max(reach, disp+bytes)
		if bytes == 16 && r.Size() == 32 {
			VEXTRACTF128(U8(1), r, Mem{Base: dst, Disp: disp})
			return
		}
		t.MOVU(r, Mem{Base: dst, Disp: disp})
	}
	Load(Param("chunks"), n)
	Load(Param("a"), a)
	Load(Param("lda"), lda)
	Load(Param("dst"), dst)
	SHLQ(U8(g.Log2(t.Size)), lda)
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, a3)
	ADDQ(a, a3)
	rows := []Mem{{Base: a}, {Base: a, Index: lda, Scale: 1}, {Base: a, Index: lda, Scale: 2},
		{Base: a3}, {Base: a3, Index: lda, Scale: 1}, {Base: a3, Index: lda, Scale: 2}}
	// a6 and a9 point at rows 6 and 9, the next panel's, which the loop
	// prefetches a line of each row ahead of the driver's next call: the
	// six streams of a panel are too short (kc elements) for the hardware
	// prefetcher to follow. A prefetch never faults, so the rows past the
	// end of A are harmless.
	a6, a9 := R8, R9
	LEAQ(Mem{Base: a3, Index: lda, Scale: 2}, a6)
	ADDQ(lda, a6)
	LEAQ(Mem{Base: a6, Index: lda, Scale: 2}, a9)
	ADDQ(lda, a9)
	next := []Mem{{Base: a6}, {Base: a6, Index: lda, Scale: 1}, {Base: a6, Index: lda, Scale: 2},
		{Base: a9}, {Base: a9, Index: lda, Scale: 1}, {Base: a9, Index: lda, Scale: 2}}
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	Label(name + "_loop")
	r := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5}
	for i := range rows {
		t.MOVU(rows[i], r[i])
	}
	for i := range next {
		PREFETCHT0(next[i])
	}
	if t.Size == 4 {
		// t0..t5 = unpack pairs of rows; s0..s3 gather rows 0–3 of k
		// steps (p, p+4); u4, u5 put rows 4–5 of steps 1|5 and 3|7 in
		// lanes 0–1 (t4 and t5 already have 0|4 and 2|6 there).
		tt := []VecPhysical{Y6, Y7, Y8, Y9, Y10, Y11}
		for q := 0; q < 3; q++ {
			t.UNPCKLO(tt[2*q], r[2*q], r[2*q+1])
			t.UNPCKHI(tt[2*q+1], r[2*q], r[2*q+1])
		}
		s := []VecPhysical{Y0, Y1, Y2, Y3}
		g.SHUFPS(s[0], tt[0], tt[2], 0x44)
		g.SHUFPS(s[1], tt[0], tt[2], 0xEE)
		g.SHUFPS(s[2], tt[1], tt[3], 0x44)
		g.SHUFPS(s[3], tt[1], tt[3], 0xEE)
		hi := []VecPhysical{tt[4], Y4, tt[5], Y5} // rows 4–5 of steps p|p+4 in lanes 0–1
		g.SHUFPS(Y4, tt[4], tt[4], 0xEE)
		g.SHUFPS(Y5, tt[5], tt[5], 0xEE)
		out := []VecPhysical{Y12, Y13, Y14, Y15}
		// Steps 0–3 (low halves), then 4–7 (high halves), stored in
		// increasing order so each 32-byte store's last 8 bytes are
		// overwritten by the next.
		for half, imm := range []uint8{0x20, 0x31} {
			for p := 0; p < 4; p++ {
				g.PERM2F128(out[p], s[p], hi[p], imm)
			}
			for p := 0; p < 4; p++ {
				store(out[p], (4*half+p)*24, 32)
			}
		}
	} else {
		// t0 = (r0,r1) steps 0|2, t1 = (r0,r1) steps 1|3, same for
		// t2, t3 (rows 2–3) and t4, t5 (rows 4–5).
		tt := []VecPhysical{Y6, Y7, Y8, Y9, Y10, Y11}
		for q := 0; q < 3; q++ {
			t.UNPCKLO(tt[2*q], r[2*q], r[2*q+1])
			t.UNPCKHI(tt[2*q+1], r[2*q], r[2*q+1])
		}
		for p := 0; p < 4; p++ {
			lo, imm := tt[p%2], uint8(0x20)
			if p >= 2 {
				imm = 0x31
			}
			o := Y12
			g.PERM2F128(o, lo, tt[2+p%2], imm)
			store(o, p*48, 32)
			if p < 2 {
				store(tt[4+p%2].AsX().(VecPhysical), p*48+32, 16)
			} else {
				store(tt[4+p%2], p*48+32, 16) // its upper half
			}
		}
	}
	ADDQ(U8(32), a)
	ADDQ(U8(32), a3)
	ADDQ(U8(32), a6)
	ADDQ(U8(32), a9)
	ADDQ(U32(6*t.Lanes*t.Size), dst)
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
	return (reach+t.Size-1)/t.Size - 6*t.Lanes
}

// packBT emits
//
//	func gemmPackBTT(chunks int, b *T, ldb int, dst *T)
//
// which packs chunks·L k steps of NR consecutive rows of a transposed B
// (B stored n×k: column j of op(B) is the row at b + j·ldb) into
// dst[p·NR+j]: two L×L transposes per chunk.
func packBT(t g.Type) {
	name := "gemmPackBT" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(chunks int, b *T, ldb int, dst *T)"))
	Pragma("noescape")
	Doc(name+" packs chunks·"+fmt.Sprint(t.Lanes)+" k steps of "+fmt.Sprint(nr(t))+" rows of a transposed B (row j at",
		"b[j·ldb], holding column j of op(B)) into dst[p·"+fmt.Sprint(nr(t))+"+j]: a panel of the blocked GEMM.")
	n, b, ld, dst, ld3 := RCX, RSI, RDX, RDI, RAX
	Load(Param("chunks"), n)
	Load(Param("b"), b)
	Load(Param("ldb"), ld)
	Load(Param("dst"), dst)
	SHLQ(U8(g.Log2(t.Size)), ld)
	LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, ld3)
	// Row groups of four: q[g] = b + 4g·ldb.
	q := []GPPhysical{RSI, R8, R9, R10}
	groups := nr(t) / 4
	for g := 1; g < groups; g++ {
		LEAQ(Mem{Base: q[g-1], Index: ld, Scale: 4}, q[g])
	}
	row := func(j int) Mem {
		base := q[j/4]
		switch j % 4 {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: ld, Scale: 1}
		case 2:
			return Mem{Base: base, Index: ld, Scale: 2}
		default:
			return Mem{Base: base, Index: ld3, Scale: 1}
		}
	}
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	Label(name + "_loop")
	L := t.Lanes
	for blk := 0; blk < 2; blk++ { // rows blk·L .. blk·L+L−1
		if t.Size == 4 {
			r := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}
			for j := 0; j < 8; j++ {
				t.MOVU(row(8*blk+j), r[j])
			}
			tt := []VecPhysical{Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}
			for q := 0; q < 4; q++ {
				t.UNPCKLO(tt[2*q], r[2*q], r[2*q+1])
				t.UNPCKHI(tt[2*q+1], r[2*q], r[2*q+1])
			}
			// s: rows 0–3 (r[0..3]) and rows 4–7 (r[4..7]) of steps
			// p|p+4 for p = 0..3.
			for h := 0; h < 2; h++ {
				a, b := tt[4*h], tt[4*h+2]
				c, d := tt[4*h+1], tt[4*h+3]
				g.SHUFPS(r[4*h+0], a, b, 0x44)
				g.SHUFPS(r[4*h+1], a, b, 0xEE)
				g.SHUFPS(r[4*h+2], c, d, 0x44)
				g.SHUFPS(r[4*h+3], c, d, 0xEE)
			}
			for half, imm := range []uint8{0x20, 0x31} {
				for p := 0; p < 4; p++ {
					g.PERM2F128(tt[p], r[p], r[4+p], imm)
					t.MOVU(tt[p], Mem{Base: dst, Disp: ((4*half+p)*nr(t) + 8*blk) * t.Size})
				}
			}
		} else {
			r := []VecPhysical{Y0, Y1, Y2, Y3}
			for j := 0; j < 4; j++ {
				t.MOVU(row(4*blk+j), r[j])
			}
			tt := []VecPhysical{Y4, Y5, Y6, Y7}
			t.UNPCKLO(tt[0], r[0], r[1]) // steps 0|2 of rows 0,1
			t.UNPCKHI(tt[1], r[0], r[1]) // steps 1|3
			t.UNPCKLO(tt[2], r[2], r[3])
			t.UNPCKHI(tt[3], r[2], r[3])
			for p := 0; p < 4; p++ {
				imm := uint8(0x20)
				if p >= 2 {
					imm = 0x31
				}
				g.PERM2F128(r[p], tt[p%2], tt[2+p%2], imm)
				t.MOVU(r[p], Mem{Base: dst, Disp: (p*nr(t) + 4*blk) * t.Size})
			}
		}
	}
	for g := 0; g < groups; g++ {
		ADDQ(U8(32), q[g])
	}
	ADDQ(U32(L*nr(t)*t.Size), dst)
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packRuns emits
//
//	func name+T(kc int, src *T, ld int, dst *T)
//
// which copies kc runs of w contiguous elements, run p at src + p·ld, to
// dst[p·w:]: a panel of a transposed A (w = 6) or of a row-major B
// (w = NR). Runs are copied with exact-width moves (32, 16 and 8 bytes),
// so nothing outside them is read or written.
func packRuns(t g.Type, base string, w int) {
	name := base + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(kc int, src *T, ld int, dst *T)"))
	Pragma("noescape")
	Doc(name+" copies kc runs of "+fmt.Sprint(w)+" contiguous elements, run p at src[p·ld], to",
		"dst[p·"+fmt.Sprint(w)+":]: a panel of the blocked GEMM.")
	n, src, ld, dst := RCX, RSI, RDX, RDI
	Load(Param("kc"), n)
	Load(Param("src"), src)
	Load(Param("ld"), ld)
	Load(Param("dst"), dst)
	SHLQ(U8(g.Log2(t.Size)), ld)
	bytes := w * t.Size
	// Pieces of the run: (offset, size) with sizes 32, 16, 8.
	type piece struct{ off, size int }
	var pieces []piece
	for off := 0; off < bytes; {
		switch {
		case bytes-off >= 32:
			pieces = append(pieces, piece{off, 32})
			off += 32
		case bytes-off >= 16:
			pieces = append(pieces, piece{off, 16})
			off += 16
		default:
			pieces = append(pieces, piece{off, 8})
			off += 8
		}
	}
	regs := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}
	const unroll = 4
	copyRun := func(u int, rowBase Mem) {
		for i, pc := range pieces {
			r := regs[(u*len(pieces)+i)%len(regs)]
			m := rowBase
			m.Disp += pc.off
			d := Mem{Base: dst, Disp: u*bytes + pc.off}
			switch pc.size {
			case 32:
				t.MOVU(m, r)
				t.MOVU(r, d)
			case 16:
				t.MOVU(m, r.AsX())
				t.MOVU(r.AsX(), d)
			default:
				VMOVQ(m, r.AsX())
				VMOVQ(r.AsX(), d)
			}
		}
	}
	ld3 := RAX
	LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, ld3)
	cnt := RBX
	MOVQ(n, cnt)
	SHRQ(U8(g.Log2(unroll)), cnt)
	JZ(LabelRef(name + "_tail"))
	Label(name + "_loop")
	copyRun(0, Mem{Base: src})
	copyRun(1, Mem{Base: src, Index: ld, Scale: 1})
	copyRun(2, Mem{Base: src, Index: ld, Scale: 2})
	copyRun(3, Mem{Base: src, Index: ld3, Scale: 1})
	LEAQ(Mem{Base: src, Index: ld, Scale: 4}, src)
	ADDQ(U32(unroll*bytes), dst)
	DECQ(cnt)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_tail")
	ANDQ(U8(unroll-1), n)
	JZ(LabelRef(name + "_done"))
	Label(name + "_tailloop")
	copyRun(0, Mem{Base: src})
	ADDQ(ld, src)
	ADDQ(U32(bytes), dst)
	DECQ(n)
	JNZ(LabelRef(name + "_tailloop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packBNBlock emits
//
//	func gemmPackBNBlockT(kc, panels int, src *T, ld int, dst *T)
//
// which packs panels full NR-column panels of the kc×(panels·NR) block of a
// row-major B at src (row p at src + p·ld) into dst: panel q at dst +
// q·kc·NR, element (p, j) at dst[q·kc·NR + p·NR + j]. It walks four rows
// at a time across all the panels, so each row of B is read sequentially,
// rather than panel by panel (64 bytes from each of kc rows far apart).
func packBNBlock(t g.Type) {
	name := "gemmPackBNBlock" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(kc, panels int, src *T, ld int, dst *T)"))
	Pragma("noescape")
	Doc(name+" packs panels full "+fmt.Sprint(nr(t))+"-column panels of a kc-row block of a row-major",
		"B (row p at src[p·ld]) into dst[q·kc·"+fmt.Sprint(nr(t))+" + p·"+fmt.Sprint(nr(t))+" + j], four rows at a time.")
	kc, panels, src, ld, dst := RCX, RBX, RSI, RDX, RDI
	Load(Param("kc"), kc)
	Load(Param("panels"), panels)
	Load(Param("src"), src)
	Load(Param("ld"), ld)
	Load(Param("dst"), dst)
	SHLQ(U8(g.Log2(t.Size)), ld)
	row := nr(t) * t.Size // bytes per packed row: 64
	pstride := R8         // kc·row: bytes per packed panel
	MOVQ(kc, pstride)
	SHLQ(U8(g.Log2(row)), pstride)
	ld3 := RAX
	LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, ld3)
	s, d, q := R9, R10, R11
	regs := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}
	rowMem := []func(disp int) Mem{
		func(disp int) Mem { return Mem{Base: s, Disp: disp} },
		func(disp int) Mem { return Mem{Base: s, Index: ld, Scale: 1, Disp: disp} },
		func(disp int) Mem { return Mem{Base: s, Index: ld, Scale: 2, Disp: disp} },
		func(disp int) Mem { return Mem{Base: s, Index: ld3, Scale: 1, Disp: disp} },
	}
	emit := func(rows int, lbl string) {
		// One pass over the panels for rows rows starting at src, dst.
		MOVQ(src, s)
		MOVQ(dst, d)
		MOVQ(panels, q)
		Label(lbl)
		for r := 0; r < rows; r++ {
			for h := 0; h < 2; h++ {
				t.MOVU(rowMem[r](32*h), regs[2*r+h])
			}
		}
		for r := 0; r < rows; r++ {
			for h := 0; h < 2; h++ {
				t.MOVU(regs[2*r+h], Mem{Base: d, Disp: r*row + 32*h})
			}
		}
		ADDQ(U8(row), s)
		ADDQ(pstride, d)
		DECQ(q)
		JNZ(LabelRef(lbl))
	}
	SUBQ(U8(4), kc)
	JB(LabelRef(name + "_tail"))
	Label(name + "_rows4")
	emit(4, name+"_q4")
	LEAQ(Mem{Base: src, Index: ld, Scale: 4}, src)
	ADDQ(U32(4*row), dst)
	SUBQ(U8(4), kc)
	JAE(LabelRef(name + "_rows4"))
	Label(name + "_tail")
	ADDQ(U8(4), kc)
	JZ(LabelRef(name + "_done"))
	Label(name + "_rows1")
	emit(1, name+"_q1")
	ADDQ(ld, src)
	ADDQ(U32(row), dst)
	DECQ(kc)
	JNZ(LabelRef(name + "_rows1"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
