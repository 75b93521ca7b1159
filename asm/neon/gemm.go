package main

import (
	"fmt"
	"strings"

	g "github.com/simdgrad/simdgrad/asm/internal/neongen"
	"github.com/simdgrad/simdgrad/asm/internal/shapes"
)

// The GEMM kernels, with the names and contracts of the avx2 tier's
// (asm/gemm; the Go side, kernels/gemm_simd.go, is shared):
//
//   - gemmMicro{F32,F64}: the BLIS micro-kernel of the blocked driver,
//     looped over a column of tiles; gemmMicroRow{F32,F64} loops over a row
//     of tiles. The tile is mr×nr = 8×12 for float32 and 8×6 for float64:
//     24 accumulators (8 rows × 3 vectors) of the 32 vector registers, the
//     k step's B row in 3 more, its column of A in 2 (float32) or 4
//     (float64), multiplied by element (FMLA by element, so A needs no
//     broadcast). Per k step that is 24 FMLAs for 5 (float32) or 7
//     (float64) 16-byte loads: on a core with two FMLA pipes and two load
//     ports (Neoverse N1) the FMLAs take 12 cycles and the loads at most
//     4, and the 24 independent accumulators cover the FMLA latency (4
//     cycles × 2 pipes = 8 in flight) three times over, so the loop is
//     bound by the FMLA pipes alone; 12×8 (A in 3 vectors, B in 2) has the
//     same counts, and smaller tiles load more per FMLA. make mca checks
//     this with llvm-mca's models (asm/mca).
//   - gemmPackAN, gemmPackBT (in-register 4×4 or 2×2 transposes),
//     gemmPackAT, gemmPackBN (contiguous runs) and gemmPackBNBlock, the
//     packing routines.
//   - gemmDirect{F32,F64}: the small-product kernel, reading A(i,p) at
//     a + i·rsa + p·csa and B(p,j) at b + p·ldb + j in place, for n ≤ 3
//     vectors: rows in blocks of 8, then 4, 2 and 1, columns in whole
//     vectors, the last one overlapping the one before it when n is not a
//     multiple of the lanes, or, below one vector, loaded and stored with
//     exact-width 4- and 8-byte accesses. The driver uses it for the edge
//     tiles too.
//   - gemmDot{F32,F64}: products whose C is narrower than half a vector,
//     as dot products along k of rows of A with a packed Bᵀ.
//
// The micro and direct kernels compute C = alpha·(A·B) + beta·C with one
// rounding for alpha·acc (skipped when alpha is 1) and a fused
// multiply-add for beta·C, and do not read C when beta is ±0.

// gemmMR is the number of rows of the register tile (both types);
// nrVecs the number of vectors of its columns.
const (
	gemmMR = 8
	nrVecs = 3
)

// microUnroll is the unrolling of the micro-kernel's k loop.
const microUnroll = 4

func nrOf(t g.Type) int { return nrVecs * t.Lanes }

// directMaxNV is the widest C of the direct kernel, in vectors.
const directMaxNV = 3

// dotMaxN is the widest C of the dot kernel.
func dotMaxN(t g.Type) int { return t.Lanes / 2 }

func gemmKernels(f *g.File) func(string) error {
	var sh shapes.File
	for _, t := range g.Types {
		micro(f, t, false)
		micro(f, t, true)
		direct(f, t)
		dotKernel(f, t)
		packAN(f, t)
		packBT(f, t)
		packRuns(f, t, "gemmPackAT", gemmMR)
		packRuns(f, t, "gemmPackBN", nrOf(t))
		packBNBlock(f, t)
		sh.GEMM(shapes.GEMMShape{Suffix: t.Suffix, Go: t.Go, Lanes: t.Lanes, MR: gemmMR, NR: nrOf(t),
			PackStep: t.Lanes, DirectNR: directMaxNV * t.Lanes, DotMaxN: dotMaxN(t)})
	}
	return func(path string) error {
		return sh.Write(path, "kernels", "!purego", []string{"-dir", "../kernels"},
			"The shapes of the GEMM kernels in gemm_arm64.s, written by their generator",
			"(asm/neon): the Go wrappers around the assembly check every slice against",
			"these functions and derive every tile and step from these constants.")
	}
}

// oneBitsR loads the bit pattern of 1 in t into r.
func oneBitsR(fn *g.Func, t g.Type, r g.R) {
	if t.Size == 4 {
		fn.I("MOVW $0x3f800000, %s", r)
	} else {
		fn.I("MOVD $0x3ff0000000000000, %s", r)
	}
}

// ifAlphaOne jumps to label when the argument alpha is exactly 1.
func ifAlphaOne(fn *g.Func, t g.Type, bits, one g.R, label string) {
	fn.Bits(t, "alpha", bits)
	oneBitsR(fn, t, one)
	if t.Size == 4 {
		fn.I("CMPW %s, %s", one, bits)
	} else {
		fn.I("CMP %s, %s", one, bits)
	}
	fn.I("BEQ %s", label)
}

// ifBetaZero jumps to label when the argument beta is +0 or −0 (shifting
// out the sign leaves zero).
func ifBetaZero(fn *g.Func, t g.Type, bits g.R, label string) {
	fn.Bits(t, "beta", bits)
	if t.Size == 4 {
		fn.I("LSLW $1, %s, %s", bits, bits)
		fn.I("CBZW %s, %s", bits, label)
	} else {
		fn.I("LSL $1, %s, %s", bits, bits)
		fn.I("CBZ %s, %s", bits, label)
	}
}

// micro emits the micro-kernel, looped over a column of tiles (one B
// panel, consecutive A panels) or, byRow, over a row of tiles (one A
// panel, consecutive B panels).
func micro(f *g.File, t g.Type, byRow bool) {
	mr, nr := gemmMR, nrOf(t)
	mrs, nrs := fmt.Sprint(mr), fmt.Sprint(nr)
	name := "gemmMicro" + t.Suffix
	var doc []string
	if byRow {
		name = "gemmMicroRow" + t.Suffix
		doc = []string{name + " computes tiles full " + mrs + "×" + nrs + " tiles c = alpha·Ap·Bp + beta·c, side by",
			"side, from one packed A panel (Ap[p·" + mrs + " + i]) and tiles consecutive packed B",
			"panels (Bp[q·" + nrs + "·kc + p·" + nrs + " + j]), p < kc. Row i of tile q starts at",
			"c[i·ldc + q·" + nrs + "]. c is not read when beta is ±0."}
	} else {
		doc = []string{name + " computes tiles full " + mrs + "×" + nrs + " tiles c = alpha·Ap·Bp + beta·c, one above",
			"the other, from tiles consecutive packed A panels (Ap[q·" + mrs + "·kc + p·" + mrs + " + i]) and",
			"one packed B panel (Bp[p·" + nrs + "+j]), p < kc. Row i of tile q starts at",
			"c[(q·" + mrs + "+i)·ldc]. c is not read when beta is ±0."}
	}
	fn := f.Func(name, t.Sig("func(tiles, kc int, a, b, c *T, ldc int, alpha, beta T)"), doc...)
	// r0 tiles left, r1 kc, r2 a, r3 the B panel, r4 c, r5 ldc in bytes,
	// r6 the k loop's count, r7 b, r8 and r9 the A panel and the C tile of
	// the row variant, r10 a C row, r12 the k steps before the last, r11
	// and r12 scratch after the k loop.
	const r9, r10, r11, r12 g.R = 9, 10, 11, 12
	fn.Int("tiles", r0)
	fn.Int("kc", r1)
	fn.Ptr("a", r2)
	fn.Ptr("b", r3)
	fn.Ptr("c", r4)
	fn.Int("ldc", r5)
	fn.I("LSL $%d, %s, %s", t.Shift(), r5, r5)
	if byRow {
		fn.I("MOVD %s, %s", r2, r8)
		fn.I("MOVD %s, %s", r3, r7)
		fn.I("MOVD %s, %s", r4, r9)
	}
	acc := func(i, v int) g.V { return g.V(nrVecs*i + v) }
	const b0, a0 = 24, 28 // the B row in V24–V26, the A column from V28
	fn.Label("tile")
	if byRow {
		// b already points at this tile's panel: the k loop of the last
		// one ended there.
		fn.I("MOVD %s, %s", r8, r2)
		fn.I("MOVD %s, %s", r9, r4)
		fn.I("ADD $%d, %s, %s", nr*t.Size, r9, r9)
	} else {
		fn.I("MOVD %s, %s", r3, r7)
	}
	// Prefetch the tile of C (both ends of each row), so that the misses
	// of the read-modify-write at the end overlap the k loop, as the avx2
	// kernel does.
	fn.I("MOVD %s, %s", r4, r10)
	for i := 0; i < mr; i++ {
		fn.I("PRFM (%s), PLDL1KEEP", r10)
		fn.I("PRFM %d(%s), PLDL1KEEP", (nr*t.Size-1)&^7, r10)
		if i < mr-1 {
			fn.I("ADD %s, %s, %s", r5, r10, r10)
		}
	}
	for i := 0; i < mr; i++ {
		for v := 0; v < nrVecs; v++ {
			fn.Zero(acc(i, v))
		}
	}
	// Each k step ends by loading the next one's B row and A column (the
	// loop is software-pipelined): their latency then overlaps the FMLAs
	// of the step before them, which an in-order core (Cortex-A53, A55)
	// needs and an out-of-order one does not mind. Grouped at the end of
	// the step, the loads model best on both in-order cores of llvm-mca
	// (asm/mca: spread one by one after each vector's last use, Cortex-A55
	// runs 14% faster but Cortex-A53 27% slower). The loads address the
	// panels from the loop's pointers, which advance once per iteration
	// (post-incrementing loads would chain every load through the
	// pointer). The first step is loaded ahead of the loop and the last
	// one loads nothing, so the panels are read exactly.
	aVecs := mr / t.Lanes
	bStep, aStep := nr*t.Size, mr*t.Size // bytes per k step
	q := func(p g.R, off int, v g.V) { fn.I("FMOVQ %d(%s), F%d", off, p, v) }
	kstep := func(u int, preload bool) {
		for i := 0; i < mr; i++ {
			for v := 0; v < nrVecs; v++ {
				fn.FMLAE(t, acc(i, v), g.V(b0+v), g.V(a0+i/t.Lanes), i%t.Lanes)
			}
		}
		if !preload {
			return
		}
		for v := 0; v < nrVecs; v++ {
			q(r7, (u+1)*bStep+16*v, g.V(b0+v))
		}
		for j := 0; j < aVecs; j++ {
			q(r2, (u+1)*aStep+16*j, g.V(a0+j))
		}
	}
	for v := 0; v < nrVecs; v++ {
		q(r7, 16*v, g.V(b0+v))
	}
	for j := 0; j < aVecs; j++ {
		q(r2, 16*j, g.V(a0+j))
	}
	fn.I("SUB $1, %s, %s", r1, r12) // the steps before the last
	fn.I("LSR $%d, %s, %s", g.Log2(microUnroll), r12, r6)
	fn.I("CBZ %s, ktail", r6)
	fn.Label("kloop")
	for u := 0; u < microUnroll; u++ {
		kstep(u, true)
	}
	fn.I("ADD $%d, %s, %s", microUnroll*bStep, r7, r7)
	fn.I("ADD $%d, %s, %s", microUnroll*aStep, r2, r2)
	fn.I("SUB $1, %s, %s", r6, r6)
	fn.I("CBNZ %s, kloop", r6)
	fn.Label("ktail")
	fn.I("AND $%d, %s, %s", microUnroll-1, r12, r6)
	fn.I("CBZ %s, klast", r6)
	fn.Label("ktailloop")
	kstep(0, true)
	fn.I("ADD $%d, %s, %s", bStep, r7, r7)
	fn.I("ADD $%d, %s, %s", aStep, r2, r2)
	fn.I("SUB $1, %s, %s", r6, r6)
	fn.I("CBNZ %s, ktailloop", r6)
	fn.Label("klast")
	kstep(0, false)
	fn.I("ADD $%d, %s, %s", bStep, r7, r7)
	fn.I("ADD $%d, %s, %s", aStep, r2, r2)

	// Scale by alpha and store, leaving c at the tile below (the row
	// variant reloads a and c at the next tile).
	fn.Label("store")
	ifAlphaOne(fn, t, r11, r12, "alpha1")
	const alpha, beta = 28, 27
	fn.Float(t, "alpha", alpha)
	for i := 0; i < mr; i++ {
		for v := 0; v < nrVecs; v++ {
			fn.FMULE(t, acc(i, v), acc(i, v), alpha, 0)
		}
	}
	fn.Label("alpha1")
	ifBetaZero(fn, t, r11, "beta0")
	fn.Float(t, "beta", beta)
	fn.Dup(t, beta, beta, 0)
	for i := 0; i < mr; i++ {
		fn.LoadAt(t, r4, b0, nrVecs)
		for v := 0; v < nrVecs; v++ {
			fn.VFMLA(t, acc(i, v), g.V(b0+v), beta)
		}
		fn.StoreAt(t, r4, acc(i, 0), nrVecs)
		fn.I("ADD %s, %s, %s", r5, r4, r4)
	}
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, tile", r0)
	fn.RET()
	fn.Label("beta0")
	for i := 0; i < mr; i++ {
		fn.StoreAt(t, r4, acc(i, 0), nrVecs)
		fn.I("ADD %s, %s, %s", r5, r4, r4)
	}
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, tile", r0)
	fn.RET()
}

// colCase is one shape of the direct kernel's columns: partial > 0 for
// n = partial < lanes (one vector, loaded and stored element-exactly),
// else nv whole vectors, the last at column n − lanes.
type colCase struct {
	partial, nv int
}

func (c colCase) vecs() int { return max(c.nv, 1) }

func (c colCase) String() string {
	if c.partial > 0 {
		return fmt.Sprintf("n%d", c.partial)
	}
	return fmt.Sprintf("v%d", c.nv)
}

// Registers of the direct kernel.
const (
	dM, dN, dK, dA, dRsa, dCsa, dB, dLdb, dC, dLdc g.R = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
	dRow0                                          g.R = 10 // row pointers of a block: R10–R17
	dBp, dBq, dKk, dCp, dOff2, dBits, dTmp         g.R = 19, 20, 21, 22, 23, 24, 25
)

// direct emits
//
//	func gemmDirectT(m, n, k int, a *T, rsa, csa int, b *T, ldb int, c *T, ldc int, alpha, beta T)
//
// with 1 ≤ n ≤ directMaxNV·lanes, m, k ≥ 1 and the strides in elements.
func direct(f *g.File, t g.Type) {
	name := "gemmDirect" + t.Suffix
	fn := f.Func(name, t.Sig("func(m, n, k int, a *T, rsa, csa int, b *T, ldb int, c *T, ldc int, alpha, beta T)"),
		name+" computes c = alpha·A·B + beta·c for an m×n c (1 ≤ n ≤ "+fmt.Sprint(directMaxNV*t.Lanes)+", m, k ≥ 1),",
		"reading A(i,p) = a[i·rsa + p·csa] and B(p,j) = b[p·ldb + j] in place. Row i of c",
		"starts at c[i·ldc]. Nothing outside the m×n, m×k and k×n elements is read or",
		"written; c is not read when beta is ±0.")
	fn.Int("m", dM)
	fn.Int("n", dN)
	fn.Int("k", dK)
	fn.Ptr("a", dA)
	fn.Int("rsa", dRsa)
	fn.Int("csa", dCsa)
	fn.Ptr("b", dB)
	fn.Int("ldb", dLdb)
	fn.Ptr("c", dC)
	fn.Int("ldc", dLdc)
	for _, r := range []g.R{dRsa, dCsa, dLdb, dLdc} {
		fn.I("LSL $%d, %s, %s", t.Shift(), r, r)
	}
	// off2: the byte offset of the last vector of columns, n − lanes.
	fn.I("SUB $%d, %s, %s", t.Lanes, dN, dOff2)
	fn.I("LSL $%d, %s, %s", t.Shift(), dOff2, dOff2)
	var cases []colCase
	for p := 1; p < t.Lanes; p++ {
		cases = append(cases, colCase{partial: p})
	}
	for nv := 1; nv <= directMaxNV; nv++ {
		cases = append(cases, colCase{nv: nv})
	}
	for _, c := range cases {
		if c.partial > 0 {
			fn.I("CMP $%d, %s", c.partial, dN)
			fn.I("BEQ %s", c)
		} else if c.nv < directMaxNV {
			fn.I("CMP $%d, %s", c.nv*t.Lanes, dN)
			fn.I("BLS %s", c)
		} else {
			fn.I("B %s", c)
		}
	}
	for _, c := range cases {
		fn.Label(c.String())
		for _, rows := range []int{8, 4, 2, 1} {
			label := fmt.Sprintf("%s_r%d", c, rows)
			next := fmt.Sprintf("%s_r%d", c, rows/2)
			if rows == 1 {
				next = "done"
			}
			fn.Label(label)
			fn.I("CMP $%d, %s", rows, dM)
			fn.I("BLT %s", next)
			directBlock(fn, t, label, c, rows)
			fn.I("SUB $%d, %s, %s", rows, dM, dM)
			fn.I("ADD %s<<%d, %s, %s", dRsa, g.Log2(rows), dA, dA)
			fn.I("ADD %s<<%d, %s, %s", dLdc, g.Log2(rows), dC, dC)
			if rows == 8 {
				fn.I("B %s", label)
			}
		}
		fn.I("B done")
	}
	fn.Label("done")
	fn.RET()
}

// directBlock emits the k loop and the store of one block of rows rows of
// C for the columns c. It leaves a, b and c as they are.
func directBlock(fn *g.Func, t g.Type, label string, c colCase, rows int) {
	nv := c.vecs()
	acc := func(i, v int) g.V { return g.V(nrVecs*i + v) }
	const b0 = 24 // the B row (or the C row) in V24–V26
	for i := 0; i < rows; i++ {
		row := dRow0 + g.R(i)
		if i == 0 {
			fn.I("MOVD %s, %s", dA, row)
		} else {
			fn.I("ADD %s, %s, %s", dRsa, row-1, row)
		}
		for v := 0; v < nv; v++ {
			fn.Zero(acc(i, v))
		}
	}
	fn.I("MOVD %s, %s", dB, dBp)
	switch {
	case c.partial == 3:
		fn.I("ADD $8, %s, %s", dB, dBq)
	case c.nv > 1:
		fn.I("ADD %s, %s, %s", dOff2, dB, dBq)
	}
	fn.I("MOVD %s, %s", dK, dKk)
	fn.Label(label + "_k")
	// The B row.
	switch c.partial {
	case 0:
		if c.nv == 1 {
			fn.I("VLD1.P (%s)(%s), %s", dBp, dLdb, t.List(b0, 1))
		} else {
			fn.I("VLD1.P (%s)(%s), %s", dBp, dLdb, t.List(b0, c.nv-1))
			fn.I("VLD1.P (%s)(%s), %s", dBq, dLdb, t.List(g.V(b0+c.nv-1), 1))
		}
	case 1:
		fn.LoadElemAt(t, dBp, 0, b0)
		fn.I("ADD %s, %s, %s", dLdb, dBp, dBp)
	case 2:
		fn.I("FMOVD (%s), F%d", dBp, b0)
		fn.I("ADD %s, %s, %s", dLdb, dBp, dBp)
	case 3:
		fn.I("FMOVD (%s), F%d", dBp, b0)
		fn.I("VLD1.P (%s)(%s), %s", dBq, dLdb, t.Lane(b0, 2))
		fn.I("ADD %s, %s, %s", dLdb, dBp, dBp)
	}
	// A broadcast per row, rotating through V27–V30, and the FMLAs.
	for i := 0; i < rows; i++ {
		x := g.V(27 + i%4)
		fn.I("VLD1R.P (%s)(%s), [%s]", dRow0+g.R(i), dCsa, t.Reg(x))
		for v := 0; v < nv; v++ {
			fn.VFMLA(t, acc(i, v), g.V(b0+v), x)
		}
	}
	fn.I("SUB $1, %s, %s", dKk, dKk)
	fn.I("CBNZ %s, %s_k", dKk, label)

	// Scale by alpha (unless it is 1), then store with or without beta·C.
	const scalar = 31
	ifAlphaOne(fn, t, dBits, dTmp, label+"_alpha1")
	fn.Float(t, "alpha", scalar)
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			fn.FMULE(t, acc(i, v), acc(i, v), scalar, 0)
		}
	}
	fn.Label(label + "_alpha1")
	fn.I("MOVD %s, %s", dC, dCp)
	ifBetaZero(fn, t, dBits, label+"_beta0")
	fn.Float(t, "beta", scalar)
	fn.Dup(t, scalar, scalar, 0)
	for i := 0; i < rows; i++ {
		directRow(fn, t, c, acc(i, 0), true)
		for v := 0; v < nv; v++ {
			fn.VFMLA(t, acc(i, v), g.V(b0+v), scalar)
		}
		directRow(fn, t, c, acc(i, 0), false)
		if i < rows-1 {
			fn.I("ADD %s, %s, %s", dLdc, dCp, dCp)
		}
	}
	fn.I("B %s_stored", label)
	fn.Label(label + "_beta0")
	for i := 0; i < rows; i++ {
		directRow(fn, t, c, acc(i, 0), false)
		if i < rows-1 {
			fn.I("ADD %s, %s, %s", dLdc, dCp, dCp)
		}
	}
	fn.Label(label + "_stored")
}

// directRow loads the row of C at dCp into V24… (load) or stores the
// accumulators from acc there, in the shape of the columns c.
func directRow(fn *g.Func, t g.Type, c colCase, acc g.V, load bool) {
	v := acc
	if load {
		v = 24
	}
	mem := func(r g.R, list string) {
		if load {
			fn.I("VLD1 (%s), %s", r, list)
		} else {
			fn.I("VST1 %s, (%s)", list, r)
		}
	}
	switch c.partial {
	case 0:
		if c.nv == 1 {
			mem(dCp, t.List(v, 1))
			return
		}
		mem(dCp, t.List(v, c.nv-1))
		fn.I("ADD %s, %s, %s", dOff2, dCp, dTmp)
		mem(dTmp, t.List(v+g.V(c.nv-1), 1))
	case 1:
		if load {
			fn.LoadElemAt(t, dCp, 0, v)
		} else {
			fn.StoreElemAt(t, dCp, 0, v)
		}
	case 2, 3:
		if load {
			fn.I("FMOVD (%s), %s", dCp, v.F())
		} else {
			fn.I("FMOVD %s, (%s)", v.F(), dCp)
		}
		if c.partial == 3 {
			fn.I("ADD $8, %s, %s", dCp, dTmp)
			if load {
				fn.I("VLD1 (%s), %s", dTmp, t.Lane(v, 2))
			} else {
				fn.I("VST1 %s, (%s)", t.Lane(v, 2), dTmp)
			}
		}
	}
}

// dotRows is the number of rows of C per block of the dot kernel for n
// columns: rows·n accumulators, with n B vectors and four rotating A
// vectors besides.
func dotRows(n int) int {
	if n == 1 {
		return 8
	}
	return 6
}

// Registers of the dot kernel.
const (
	tM, tN, tK, tA, tLda, tB, tLdb, tC, tLdc, tDone g.R = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
	tRow0                                           g.R = 10 // row pointers: R10–R17
	tBt0, tBt1, tChunks, tRem, tCp, tBits, tTmp     g.R = 19, 20, 21, 22, 23, 24, 25
)

// dot emits
//
//	func gemmDotT(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T) (rows int)
//
// which computes c = alpha·A·Bᵀ + beta·c for the first rows rows of C, the
// largest multiple of dotRows(n) up to m, and returns rows.
func dotKernel(f *g.File, t g.Type) {
	name := "gemmDot" + t.Suffix
	var heights []string
	for n := 1; n <= dotMaxN(t); n++ {
		heights = append(heights, fmt.Sprint(dotRows(n)))
	}
	fn := f.Func(name, t.Sig("func(m, n, k int, a *T, lda int, b *T, ldb int, c *T, ldc int, alpha, beta T) (rows int)"),
		name+" computes c = alpha·A·Bᵀ + beta·c for the first rows rows of an m×n c",
		fmt.Sprintf("(1 ≤ n ≤ %d, k ≥ 1), rows the largest multiple of the kernel's block", dotMaxN(t)),
		fmt.Sprintf("height (%s for n = 1…%d) up to m. A(i,p) = a[i·lda + p]; Bᵀ(j,p) =", strings.Join(heights, ", "), dotMaxN(t)),
		"b[j·ldb + p] with ldb a multiple of "+fmt.Sprint(t.Lanes)+" and b[j·ldb + p] = 0 for k ≤ p < ldb.",
		"Row i of c starts at c[i·ldc]. A is read only within its rows' k elements;",
		"c is not read when beta is ±0.")
	fn.Int("m", tM)
	fn.Int("n", tN)
	fn.Int("k", tK)
	fn.Ptr("a", tA)
	fn.Int("lda", tLda)
	fn.Ptr("b", tB)
	fn.Int("ldb", tLdb)
	fn.Ptr("c", tC)
	fn.Int("ldc", tLdc)
	for _, r := range []g.R{tLda, tLdb, tLdc} {
		fn.I("LSL $%d, %s, %s", t.Shift(), r, r)
	}
	fn.I("AND $%d, %s, %s", t.Lanes-1, tK, tRem) // elements of the last, partial chunk
	fn.I("MOVD ZR, %s", tDone)
	for n := 1; n < dotMaxN(t); n++ {
		fn.I("CMP $%d, %s", n, tN)
		fn.I("BEQ n%d", n)
	}
	fn.I("B n%d", dotMaxN(t))
	for n := 1; n <= dotMaxN(t); n++ {
		dotBlocks(fn, t, n)
	}
	fn.Label("done")
	fn.RetInt(tDone, "rows")
	fn.RET()
}

// dotBlocks emits the loop over the blocks of rows for n columns.
func dotBlocks(fn *g.Func, t g.Type, n int) {
	rows := dotRows(n)
	pfx := fmt.Sprintf("n%d", n)
	acc := func(i, j int) g.V { return g.V(i*n + j) }
	const b0 = 24 // Bᵀ chunks in V24, V25; A rotating through V26–V29
	aReg := func(i int) g.V { return g.V(26 + i%4) }
	bt := []g.R{tBt0, tBt1}
	fn.Label(pfx)
	fn.I("SUB %s, %s, %s", tDone, tM, tTmp)
	fn.I("CMP $%d, %s", rows, tTmp)
	fn.I("BLT done")
	for i := 0; i < rows; i++ {
		row := tRow0 + g.R(i)
		if i == 0 {
			fn.I("MOVD %s, %s", tA, row)
		} else {
			fn.I("ADD %s, %s, %s", tLda, row-1, row)
		}
		for j := 0; j < n; j++ {
			fn.Zero(acc(i, j))
		}
	}
	fn.I("MOVD %s, %s", tB, tBt0)
	if n > 1 {
		fn.I("ADD %s, %s, %s", tLdb, tB, tBt1)
	}
	fn.I("LSR $%d, %s, %s", g.Log2(t.Lanes), tK, tChunks)
	fn.I("CBZ %s, %s_partial", tChunks, pfx)
	fn.Label(pfx + "_chunk")
	for j := 0; j < n; j++ {
		fn.Load(t, bt[j], g.V(b0+j), 1)
	}
	for i := 0; i < rows; i++ {
		fn.Load(t, tRow0+g.R(i), aReg(i), 1)
		for j := 0; j < n; j++ {
			fn.VFMLA(t, acc(i, j), aReg(i), g.V(b0+j))
		}
	}
	fn.I("SUB $1, %s, %s", tChunks, tChunks)
	fn.I("CBNZ %s, %s_chunk", tChunks, pfx)
	// The last k mod lanes steps: A's elements with exact-width loads
	// (the other lanes zero), Bᵀ whole (zero past k).
	fn.Label(pfx + "_partial")
	fn.I("CBZ %s, %s_sum", tRem, pfx)
	for j := 0; j < n; j++ {
		fn.LoadAt(t, bt[j], g.V(b0+j), 1)
	}
	for i := 0; i < rows; i++ {
		row, x := tRow0+g.R(i), aReg(i)
		if t.Size == 8 {
			fn.LoadElemAt(t, row, 0, x) // one element
		} else {
			l := fmt.Sprintf("%s_a%d", pfx, i)
			fn.I("TBZ $1, %s, %s_one", tRem, l)
			fn.I("FMOVD (%s), %s", row, x.F())
			fn.I("TBZ $0, %s, %s_loaded", tRem, l)
			fn.I("ADD $8, %s, %s", row, tTmp)
			fn.I("VLD1 (%s), %s", tTmp, t.Lane(x, 2))
			fn.I("B %s_loaded", l)
			fn.Label(l + "_one")
			fn.LoadElemAt(t, row, 0, x)
			fn.Label(l + "_loaded")
		}
		for j := 0; j < n; j++ {
			fn.VFMLA(t, acc(i, j), x, g.V(b0+j))
		}
	}
	// Horizontal sums into the low lanes, then alpha, beta and the
	// scalar stores.
	fn.Label(pfx + "_sum")
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			if t.Lanes == 4 {
				fn.FADDP(t, acc(i, j), acc(i, j), acc(i, j))
			}
			fn.FADDPS(t, acc(i, j), acc(i, j))
		}
	}
	const alpha, beta, cv = 31, 30, 24
	ifAlphaOne(fn, t, tBits, tTmp, pfx+"_alpha1")
	fn.Float(t, "alpha", alpha)
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			fn.SMUL(t, acc(i, j), acc(i, j), alpha)
		}
	}
	fn.Label(pfx + "_alpha1")
	fn.I("MOVD %s, %s", tC, tCp)
	ifBetaZero(fn, t, tBits, pfx+"_beta0")
	fn.Float(t, "beta", beta)
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			fn.LoadElemAt(t, tCp, j*t.Size, cv)
			fn.SMADD(t, acc(i, j), cv, beta, acc(i, j))
		}
		fn.I("ADD %s, %s, %s", tLdc, tCp, tCp)
	}
	fn.I("MOVD %s, %s", tC, tCp)
	fn.Label(pfx + "_beta0")
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			fn.StoreElemAt(t, tCp, j*t.Size, acc(i, j))
		}
		fn.I("ADD %s, %s, %s", tLdc, tCp, tCp)
	}
	// Next block.
	fn.I("ADD $%d, %s, %s", rows, tDone, tDone)
	fn.I("MOVD $%d, %s", rows, tTmp)
	fn.I("MADD %s, %s, %s, %s", tTmp, tA, tLda, tA)
	fn.I("MADD %s, %s, %s, %s", tTmp, tC, tLdc, tC)
	fn.I("B %s", pfx)
}

// packAN emits
//
//	func gemmPackANT(chunks int, a *T, lda int, dst *T)
//
// which packs chunks·L k steps (L = lanes) of eight rows of a row-major A
// (row i at a + i·lda) into dst[p·8+i]: per chunk one vector of each row,
// transposed in registers (two 4×4 transposes for float32, four 2×2 for
// float64) and stored as the chunk's L·8 contiguous elements.
func packAN(f *g.File, t g.Type) {
	name := "gemmPackAN" + t.Suffix
	fn := f.Func(name, t.Sig("func(chunks int, a *T, lda int, dst *T)"),
		name+" packs chunks·"+fmt.Sprint(t.Lanes)+" k steps of eight rows of a row-major A (row i at",
		"a[i·lda]) into dst[p·8+i]: a panel of the blocked GEMM.")
	const row0 g.R = 4 // row pointers R4–R11
	fn.Int("chunks", r0)
	fn.Ptr("a", r1)
	fn.Int("lda", r2)
	fn.Ptr("dst", r3)
	fn.I("LSL $%d, %s, %s", t.Shift(), r2, r2)
	for i := 0; i < gemmMR; i++ {
		if i == 0 {
			fn.I("MOVD %s, %s", r1, row0)
		} else {
			fn.I("ADD %s, %s, %s", r2, row0+g.R(i-1), row0+g.R(i))
		}
	}
	fn.I("CBZ %s, done", r0)
	fn.Label("loop")
	for i := 0; i < gemmMR; i++ {
		fn.Load(t, row0+g.R(i), g.V(i), 1)
	}
	// out(p, h): step p, rows 4h…4h+3 (float32) or the pair h (float64),
	// in V16… in store order.
	const out = 16
	if t.Size == 4 {
		for h := 0; h < 2; h++ {
			r := g.V(4 * h)
			tt := g.V(8 + 4*h)
			fn.TRN1(t, false, tt, r, r+1) // r0[0] r1[0] r0[2] r1[2]
			fn.TRN2(t, false, tt+1, r, r+1)
			fn.TRN1(t, false, tt+2, r+2, r+3)
			fn.TRN2(t, false, tt+3, r+2, r+3)
			for p := 0; p < 4; p++ {
				a, b := tt+g.V(p%2), tt+2+g.V(p%2)
				o := g.V(out + 2*p + h)
				if p < 2 {
					fn.TRN1(t, true, o, a, b)
				} else {
					fn.TRN2(t, true, o, a, b)
				}
			}
		}
	} else {
		for h := 0; h < 4; h++ {
			r := g.V(2 * h)
			fn.TRN1(t, true, g.V(out+h), r, r+1)
			fn.TRN2(t, true, g.V(out+4+h), r, r+1)
		}
	}
	fn.Store(t, r3, out, 4)
	fn.Store(t, r3, out+4, 4)
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, loop", r0)
	fn.Label("done")
	fn.RET()
}

// packBT emits
//
//	func gemmPackBTT(chunks int, b *T, ldb int, dst *T)
//
// which packs chunks·L k steps of NR consecutive rows of a transposed B
// (B stored n×k: column j of op(B) is the row at b + j·ldb) into
// dst[p·NR+j]: three L×L transposes per chunk.
func packBT(f *g.File, t g.Type) {
	name := "gemmPackBT" + t.Suffix
	nr := nrOf(t)
	fn := f.Func(name, t.Sig("func(chunks int, b *T, ldb int, dst *T)"),
		name+" packs chunks·"+fmt.Sprint(t.Lanes)+" k steps of "+fmt.Sprint(nr)+" rows of a transposed B (row j at",
		"b[j·ldb], holding column j of op(B)) into dst[p·"+fmt.Sprint(nr)+"+j]: a panel of the blocked GEMM.")
	const row0 g.R = 4 // row pointers R4–R15
	fn.Int("chunks", r0)
	fn.Ptr("b", r1)
	fn.Int("ldb", r2)
	fn.Ptr("dst", r3)
	fn.I("LSL $%d, %s, %s", t.Shift(), r2, r2)
	for j := 0; j < nr; j++ {
		if j == 0 {
			fn.I("MOVD %s, %s", r1, row0)
		} else {
			fn.I("ADD %s, %s, %s", r2, row0+g.R(j-1), row0+g.R(j))
		}
	}
	fn.I("CBZ %s, done", r0)
	fn.Label("loop")
	for j := 0; j < nr; j++ {
		fn.Load(t, row0+g.R(j), g.V(j), 1)
	}
	// out(p, blk) = step p of the rows blk·L…: V16 + 3p + blk, in store
	// order.
	const out = 16
	for blk := 0; blk < nrVecs; blk++ {
		o := func(p int) g.V { return g.V(out + nrVecs*p + blk) }
		r := g.V(t.Lanes * blk)
		if t.Size == 4 {
			const tt = 28
			fn.TRN1(t, false, tt, r, r+1)
			fn.TRN2(t, false, tt+1, r, r+1)
			fn.TRN1(t, false, tt+2, r+2, r+3)
			fn.TRN2(t, false, tt+3, r+2, r+3)
			fn.TRN1(t, true, o(0), tt, tt+2)
			fn.TRN1(t, true, o(1), tt+1, tt+3)
			fn.TRN2(t, true, o(2), tt, tt+2)
			fn.TRN2(t, true, o(3), tt+1, tt+3)
		} else {
			fn.TRN1(t, true, o(0), r, r+1)
			fn.TRN2(t, true, o(1), r, r+1)
		}
	}
	regs := nrVecs * t.Lanes // output vectors per chunk
	for v := 0; v < regs; v += 4 {
		fn.Store(t, r3, g.V(out+v), min(4, regs-v))
	}
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, loop", r0)
	fn.Label("done")
	fn.RET()
}

// packRuns emits
//
//	func name+T(kc int, src *T, ld int, dst *T)
//
// which copies kc runs of w contiguous elements (a whole number of
// vectors), run p at src + p·ld, to dst[p·w:]: a panel of a transposed A
// (w = MR) or of a row-major B (w = NR).
func packRuns(f *g.File, t g.Type, base string, w int) {
	name := base + t.Suffix
	fn := f.Func(name, t.Sig("func(kc int, src *T, ld int, dst *T)"),
		name+" copies kc runs of "+fmt.Sprint(w)+" contiguous elements, run p at src[p·ld], to",
		"dst[p·"+fmt.Sprint(w)+":]: a panel of the blocked GEMM.")
	vecs := w / t.Lanes
	fn.Int("kc", r0)
	fn.Ptr("src", r1)
	fn.Int("ld", r2)
	fn.Ptr("dst", r3)
	fn.I("LSL $%d, %s, %s", t.Shift(), r2, r2)
	fn.I("CBZ %s, done", r0)
	fn.Label("loop")
	fn.I("VLD1.P (%s)(%s), %s", r1, r2, t.List(0, vecs))
	fn.Store(t, r3, 0, vecs)
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, loop", r0)
	fn.Label("done")
	fn.RET()
}

// packBNBlock emits
//
//	func gemmPackBNBlockT(kc, panels int, src *T, ld int, dst *T)
//
// which packs panels full NR-column panels of the kc×(panels·NR) block of a
// row-major B at src (row p at src + p·ld) into dst: panel q at dst +
// q·kc·NR, element (p, j) at dst[q·kc·NR + p·NR + j], a row at a time
// across all the panels, so that each row of B is read sequentially.
func packBNBlock(f *g.File, t g.Type) {
	name := "gemmPackBNBlock" + t.Suffix
	nr := nrOf(t)
	fn := f.Func(name, t.Sig("func(kc, panels int, src *T, ld int, dst *T)"),
		name+" packs panels full "+fmt.Sprint(nr)+"-column panels of a kc-row block of a row-major",
		"B (row p at src[p·ld]) into dst[q·kc·"+fmt.Sprint(nr)+" + p·"+fmt.Sprint(nr)+" + j], a row at a time.")
	row := nr * t.Size // bytes per packed row
	fn.Int("kc", r0)
	fn.Int("panels", r1)
	fn.Ptr("src", r2)
	fn.Int("ld", r3)
	fn.Ptr("dst", r4)
	fn.I("LSL $%d, %s, %s", t.Shift(), r3, r3)
	fn.I("MOVD $%d, %s", row, r5)
	fn.I("MUL %s, %s, %s", r0, r5, r5) // bytes per packed panel
	fn.I("CBZ %s, done", r0)
	fn.Label("rows")
	fn.I("MOVD %s, %s", r2, r6)
	fn.I("MOVD %s, %s", r4, r7)
	fn.I("MOVD %s, %s", r1, r8)
	fn.Label("panel")
	fn.Load(t, r6, 0, nrVecs)
	fn.StoreAt(t, r7, 0, nrVecs)
	fn.I("ADD %s, %s, %s", r5, r7, r7)
	fn.I("SUB $1, %s, %s", r8, r8)
	fn.I("CBNZ %s, panel", r8)
	fn.I("ADD %s, %s, %s", r3, r2, r2)
	fn.I("ADD $%d, %s, %s", row, r4, r4)
	fn.I("SUB $1, %s, %s", r0, r0)
	fn.I("CBNZ %s, rows", r0)
	fn.Label("done")
	fn.RET()
}
