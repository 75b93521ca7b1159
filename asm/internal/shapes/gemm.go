package shapes

import "fmt"

// plus returns the Go expression e + k, or e when k is 0.
func plus(e string, k int) string {
	if k == 0 {
		return e
	}
	return fmt.Sprintf("%s + %d", e, k)
}

// GEMMShape describes one element type's GEMM kernels: the names and
// contracts are those of both SIMD tiers (kernels/gemm_simd.go), the
// numbers each generator's.
type GEMMShape struct {
	Suffix, Go  string // function name suffix and Go type of the element
	Lanes       int    // elements per vector register
	MR, NR      int    // micro-tile
	PackStep    int    // k steps per chunk of gemmPackAN and gemmPackBT
	DirectNR    int    // widest C of gemmDirect
	DotMaxN     int    // widest C of gemmDot
	PackANSlack int    // elements gemmPackAN writes past its chunks
}

// GEMM records the tile, widths and the shortest slices each GEMM kernel
// of one element type may be given.
func (sh *File) GEMM(t GEMMShape) {
	s, n, mr := t.Suffix, t.NR, t.MR
	L, slack := t.Lanes, t.PackANSlack
	sh.Const("gemmLanes"+s, L, fmt.Sprintf("gemmLanes%s is the number of %s elements in a vector register.", s, t.Go))
	sh.Const("gemmMR"+s, mr, fmt.Sprintf("gemmMR%s and gemmNR%s are the rows and columns of a micro-tile: the", s, s),
		"heights of the packed A and B panels.")
	sh.Const("gemmNR"+s, n)
	sh.Const("gemmPackStep"+s, t.PackStep, fmt.Sprintf("gemmPackStep%s is the number of k steps per chunk of gemmPackAN%s and gemmPackBT%s.", s, s, s))
	sh.Const("gemmDirectNR"+s, t.DirectNR, fmt.Sprintf("gemmDirectNR%s is the widest C gemmDirect%s computes.", s, s))
	sh.Const("gemmDotMaxN"+s, t.DotMaxN, fmt.Sprintf("gemmDotMaxN%s is the widest C gemmDot%s computes.", s, s))

	sh.Func(fmt.Sprintf("gemmMicroLen%s(tiles, kc, ldc int) (a, b, c int)", s),
		[]string{fmt.Sprintf("%d * tiles * kc", mr), fmt.Sprintf("%d * kc", n), fmt.Sprintf("(%d*tiles-1)*ldc + %d", mr, n)},
		fmt.Sprintf("gemmMicroLen%s returns the shortest a, b and c gemmMicro%s may be given", s, s),
		"for tiles tiles of depth kc with leading dimension ldc (tiles, kc ≥ 1).")
	sh.Func(fmt.Sprintf("gemmMicroRowLen%s(tiles, kc, ldc int) (a, b, c int)", s),
		[]string{fmt.Sprintf("%d * kc", mr), fmt.Sprintf("%d * tiles * kc", n), fmt.Sprintf("%d*ldc + %d*tiles", mr-1, n)},
		fmt.Sprintf("gemmMicroRowLen%s returns the shortest a, b and c gemmMicroRow%s may be", s, s),
		"given (tiles, kc ≥ 1).")
	sh.Func(fmt.Sprintf("gemmDirectLen%s(m, n, k, rsa, csa, ldb, ldc int) (a, b, c int)", s),
		[]string{"(m-1)*rsa + (k-1)*csa + 1", "(k-1)*ldb + n", "(m-1)*ldc + n"},
		fmt.Sprintf("gemmDirectLen%s returns the shortest a, b and c gemmDirect%s may be given", s, s),
		fmt.Sprintf("(m, k ≥ 1, 1 ≤ n ≤ gemmDirectNR%s).", s))
	sh.Func(fmt.Sprintf("gemmDotLen%s(m, n, k, lda, ldb, ldc int) (a, b, c int)", s),
		[]string{"(m-1)*lda + k", fmt.Sprintf("(n-1)*ldb + (k+%d)/%d*%d", L-1, L, L), "(m-1)*ldc + n"},
		fmt.Sprintf("gemmDotLen%s returns the shortest a, b and c gemmDot%s may be given", s, s),
		fmt.Sprintf("(m, k ≥ 1, 1 ≤ n ≤ gemmDotMaxN%s, ldb a multiple of gemmLanes%s and at least k).", s, s))
	sh.Func(fmt.Sprintf("gemmPackANLen%s(chunks, lda int) (a, dst int)", s),
		[]string{fmt.Sprintf("%d*lda + %d*chunks", mr-1, t.PackStep), plus(fmt.Sprintf("%d*chunks", mr*t.PackStep), slack)},
		fmt.Sprintf("gemmPackANLen%s returns the shortest a and dst gemmPackAN%s may be given", s, s),
		fmt.Sprintf("(chunks ≥ 1): its last store reaches %d elements past the packed chunks.", slack))
	sh.Func(fmt.Sprintf("gemmPackBTLen%s(chunks, ldb int) (b, dst int)", s),
		[]string{fmt.Sprintf("%d*ldb + %d*chunks", n-1, t.PackStep), fmt.Sprintf("%d * chunks", n*t.PackStep)},
		fmt.Sprintf("gemmPackBTLen%s returns the shortest b and dst gemmPackBT%s may be given", s, s),
		"(chunks ≥ 1).")
	for _, run := range []struct {
		name string
		w    int
	}{{"gemmPackAT", mr}, {"gemmPackBN", n}} {
		sh.Func(fmt.Sprintf("%sLen%s(kc, ld int) (src, dst int)", run.name, s),
			[]string{fmt.Sprintf("(kc-1)*ld + %d", run.w), fmt.Sprintf("%d * kc", run.w)},
			fmt.Sprintf("%sLen%s returns the shortest src and dst %s%s may be given", run.name, s, run.name, s),
			"(kc ≥ 1).")
	}
	sh.Func(fmt.Sprintf("gemmPackBNBlockLen%s(kc, panels, ld int) (src, dst int)", s),
		[]string{fmt.Sprintf("(kc-1)*ld + %d*panels", n), fmt.Sprintf("%d * kc * panels", n)},
		fmt.Sprintf("gemmPackBNBlockLen%s returns the shortest src and dst gemmPackBNBlock%s", s, s),
		"may be given (kc, panels ≥ 1).")
}

// Blocks records the block height, the widest C, the deepest k and the
// shortest slices of gemm<kernel><suffix>, one of the avx2 tier's thin
// kernels that compute C in blocks of rows (asm/gemm/blocks.go: the
// narrow, pairs and short kernels), reading A(i,p) at a[i·lda + p] and
// B(p,j) at b[p·rsb + j·csb].
func (sh *File) Blocks(kernel, suffix string, rows, maxN, maxK int) {
	k := "gemm" + kernel + suffix
	c := "gemm" + kernel
	s := suffix
	sh.Const(c+"Rows"+s, rows, fmt.Sprintf("%sRows%s is the height of %s's blocks: it computes all m rows", c, s, k),
		"when m is at least this (the last ones by a block that overlaps the one before), none below.")
	sh.Const(c+"MaxN"+s, maxN, fmt.Sprintf("%sMaxN%s and %sMaxK%s are the widest C and the deepest k", c, s, c, s),
		fmt.Sprintf("%s computes.", k))
	sh.Const(c+"MaxK"+s, maxK)
	sh.Func(fmt.Sprintf("%sLen%s(rows, n, k, lda, rsb, csb, ldc int) (a, b, c int)", c, s),
		[]string{"(rows-1)*lda + k", "(k-1)*rsb + (n-1)*csb + 1", "(rows-1)*ldc + n"},
		fmt.Sprintf("%sLen%s returns the shortest a, b and c %s may be given", c, s, k),
		fmt.Sprintf("when it computes rows ≥ %sRows%s rows (1 ≤ n ≤ %sMaxN%s,", c, s, c, s),
		fmt.Sprintf("1 ≤ k ≤ %sMaxK%s, non-negative strides).", c, s))
}

// Halves records the block height, the widest C, the deepest k and the
// shortest slices of the halves kernel of one element type, which only the
// avx2 tier's float32 has (asm/gemm/halves.go).
func (sh *File) Halves(suffix string, rows, minN, maxN, maxK int) {
	s := suffix
	sh.Const("gemmHalvesRows"+s, rows, fmt.Sprintf("gemmHalvesRows%s is the height of gemmHalves%s's blocks: it computes all m rows", s, s),
		"when m is at least this (the last ones by a block that overlaps the one before), none below.")
	sh.Const("gemmHalvesMinN"+s, minN, fmt.Sprintf("gemmHalvesMinN%s, gemmHalvesMaxN%s and gemmHalvesMaxK%s are the narrowest and", s, s, s),
		fmt.Sprintf("the widest C and the deepest k gemmHalves%s computes.", s))
	sh.Const("gemmHalvesMaxN"+s, maxN)
	sh.Const("gemmHalvesMaxK"+s, maxK)
	sh.Func(fmt.Sprintf("gemmHalvesLen%s(rows, n, k, rsb, csb, ldc int) (a, b, c int)", s),
		[]string{"rows * k", "(k-1)*rsb + (n-1)*csb + 1", "(rows-1)*ldc + n"},
		fmt.Sprintf("gemmHalvesLen%s returns the shortest a, b and c gemmHalves%s may be given", s, s),
		fmt.Sprintf("when it computes rows ≥ gemmHalvesRows%s rows (gemmHalvesMinN%s ≤ n ≤ gemmHalvesMaxN%s,", s, s, s),
		fmt.Sprintf("1 ≤ k ≤ gemmHalvesMaxK%s, non-negative strides; A's rows contiguous).", s))
}

// Outer records the largest C and the shortest slices of the outer-product
// kernel of one element type (the avx2 tier's, asm/gemm/outer.go).
func (sh *File) Outer(suffix string, maxM, maxN int) {
	s := suffix
	sh.Const("gemmOuterMaxM"+s, maxM, fmt.Sprintf("gemmOuterMaxM%s and gemmOuterMaxN%s are the most rows and columns of the C", s, s),
		fmt.Sprintf("gemmOuter%s computes.", s))
	sh.Const("gemmOuterMaxN"+s, maxN)
	sh.Func(fmt.Sprintf("gemmOuterLen%s(m, n, k, lda, ldb, ldc int) (a, b, c int)", s),
		[]string{"(k-1)*lda + m", "(k-1)*ldb + n", "(m-1)*ldc + n"},
		fmt.Sprintf("gemmOuterLen%s returns the shortest a, b and c gemmOuter%s may be given", s, s),
		fmt.Sprintf("(1 ≤ m ≤ gemmOuterMaxM%s, 1 ≤ n ≤ gemmOuterMaxN%s, k ≥ 1).", s, s))
}
