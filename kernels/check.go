package kernels

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"unsafe"
)

// Argument checks. The assembly behind every kernel trusts them: a length
// computed with wrapping arithmetic, or an overlap let through, would let
// safe Go code make the kernels read or write outside their slices. So
// every required length is computed with overflow detection, and the
// common case costs a few comparisons; messages are built only on failure.

// dim is a named matrix dimension, for error messages.
type dim struct {
	name string
	n    int
}

// matrixLen returns the shortest slice length holding a rows×cols
// row-major matrix with leading dimension ld, (rows−1)·ld + cols, or 0 for
// an empty matrix. ok is false when that length exceeds MaxInt. rows, cols
// and ld must be non-negative.
func matrixLen(rows, cols, ld int) (n int, ok bool) {
	if rows == 0 || cols == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(uint64(rows-1), uint64(ld))
	lo, carry := bits.Add64(lo, uint64(cols), 0)
	if hi != 0 || carry != 0 || lo > math.MaxInt {
		return 0, false
	}
	return int(lo), true
}

// fits reports whether a rows×cols matrix (rows, cols ≥ 0) with leading
// dimension ld is valid and fits in a slice of length n.
func fits(n, rows, cols, ld int) bool {
	if ld < max(1, cols) {
		return false
	}
	if rows == 0 || cols == 0 {
		return true
	}
	// (rows−1)·ld + cols ≤ n, without overflow: the product must fit in
	// 64 bits and be at most n − cols.
	hi, lo := bits.Mul64(uint64(rows-1), uint64(ld))
	return hi == 0 && n >= cols && lo <= uint64(n-cols)
}

// matrixLenString is matrixLen in decimal, exact even where it exceeds
// MaxInt.
func matrixLenString(rows, cols, ld int) string {
	if rows == 0 || cols == 0 {
		return "0"
	}
	v := new(big.Int).Mul(big.NewInt(int64(rows-1)), big.NewInt(int64(ld)))
	return v.Add(v, big.NewInt(int64(cols))).String()
}

// checkMatrix panics unless a rows×cols row-major matrix with leading
// dimension ld fits in a slice of length n. The matrix's argument is called
// name and its leading dimension "ld"+name.
func checkMatrix(fn, name string, n int, rows, cols dim, ld int, note string) {
	if rows.n < 0 || cols.n < 0 {
		panic(fmt.Sprintf("kernels.%s: negative dimension: %s=%d, %s=%d", fn, rows.name, rows.n, cols.name, cols.n))
	}
	if ld < max(1, cols.n) {
		panic(fmt.Sprintf("kernels.%s: ld%s=%d, need ≥ max(1, %s)=%d for %s=%d, %s=%d%s",
			fn, name, ld, cols.name, max(1, cols.n), rows.name, rows.n, cols.name, cols.n, note))
	}
	if !fits(n, rows.n, cols.n, ld) {
		panic(fmt.Sprintf("kernels.%s: len(%s)=%d, need ≥ %s for %s=%d, %s=%d, ld%s=%d%s",
			fn, name, n, matrixLenString(rows.n, cols.n, ld), rows.name, rows.n, cols.name, cols.n, name, ld, note))
	}
}

// checkGemm panics unless the dimensions and leading dimensions of a Gemm
// call are valid and each slice holds its matrix.
func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if m < 0 || n < 0 || k < 0 || !fits(lenA, ar, ac, lda) || !fits(lenB, br, bc, ldb) || !fits(lenC, m, n, ldc) {
		gemmArgumentPanic(transA, transB, m, n, k, lenA, lda, lenB, ldb, lenC, ldc)
	}
}

// spansMeet reports whether the memory of two non-empty slices intersects.
func spansMeet[T Float](x, y []T) bool {
	px := uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	py := uintptr(unsafe.Pointer(unsafe.SliceData(y)))
	var z T
	size := unsafe.Sizeof(z)
	return px < py+uintptr(len(y))*size && py < px+uintptr(len(x))*size
}

// checkGemmOverlap panics if C shares an element with A or B. Gemm calls
// it when their slices share memory with C's.
func checkGemmOverlap[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if sharesElement(c, m, n, ldc, a, ar, ac, lda) {
		panic(fmt.Sprintf("kernels.Gemm: c (m=%d, n=%d, ldc=%d) shares elements with a (%d×%d, lda=%d)", m, n, ldc, ar, ac, lda))
	}
	if sharesElement(c, m, n, ldc, b, br, bc, ldb) {
		panic(fmt.Sprintf("kernels.Gemm: c (m=%d, n=%d, ldc=%d) shares elements with b (%d×%d, ldb=%d)", m, n, ldc, br, bc, ldb))
	}
}

// gemmArgumentPanic panics with the message for the first invalid
// argument of a Gemm call.
func gemmArgumentPanic(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels.Gemm: negative dimension: m=%d, n=%d, k=%d", m, n, k))
	}
	if transA {
		checkMatrix("Gemm", "a", lenA, dim{"k", k}, dim{"m", m}, lda, " (transA)")
	} else {
		checkMatrix("Gemm", "a", lenA, dim{"m", m}, dim{"k", k}, lda, "")
	}
	if transB {
		checkMatrix("Gemm", "b", lenB, dim{"n", n}, dim{"k", k}, ldb, " (transB)")
	} else {
		checkMatrix("Gemm", "b", lenB, dim{"k", k}, dim{"n", n}, ldb, "")
	}
	checkMatrix("Gemm", "c", lenC, dim{"m", m}, dim{"n", n}, ldc, "")
}

// sharesElement reports whether the xr×xc matrix x (leading dimension ldx)
// and the yr×yc matrix y have an element in common. Both are non-empty and
// fit their slices. Matrices whose slices occupy disjoint memory are
// answered at once; otherwise the rows of the matrix with fewer rows are
// tested against the rows of the other, so that, for example, two column
// blocks of one matrix share nothing.
func sharesElement[T Float](x []T, xr, xc, ldx int, y []T, yr, yc, ldy int) bool {
	if !spansMeet(x, y) {
		return false
	}
	size := int(unsafe.Sizeof(x[0]))
	d := int(uintptr(unsafe.Pointer(unsafe.SliceData(x))) - uintptr(unsafe.Pointer(unsafe.SliceData(y)))) // bytes from y[0] to x[0]
	if d%size != 0 {
		return true // misaligned views of one array (unsafe): elements overlap in part
	}
	off := d / size // x[0] is y[off], off possibly negative
	if yr < xr {
		xr, xc, ldx, yr, yc, ldy, off = yr, yc, ldy, xr, xc, ldx, -off
	}
	// Row i of x covers y-indices [s, s+xc), s = off + i·ldx; row r of y
	// covers [r·ldy, r·ldy+yc). The first row of y that ends after s is
	// r = ⌊(s − yc)/ldy⌋ + 1; it meets row i if it exists and starts
	// before s + xc.
	for i := range xr {
		s := off + i*ldx
		r := max(0, floorDiv(s-yc, ldy)+1)
		if r < yr && r*ldy < s+xc {
			return true
		}
	}
	return false
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// checkAlias panics unless the output out and the input in are the same
// slice or share no element: the aliasing the vector kernels allow.
func checkAlias[T Float](fn, outName string, out []T, inName string, in []T) {
	if len(out) == 0 || len(in) == 0 {
		return
	}
	po := uintptr(unsafe.Pointer(unsafe.SliceData(out)))
	pi := uintptr(unsafe.Pointer(unsafe.SliceData(in)))
	if po == pi && len(out) == len(in) {
		return
	}
	size := uintptr(unsafe.Sizeof(out[0]))
	if po < pi+uintptr(len(in))*size && pi < po+uintptr(len(out))*size {
		panic(fmt.Sprintf("kernels.%s: %s and %s overlap but are not the same slice", fn, outName, inName))
	}
}

func checkLen2(fn, a string, na int, b string, nb int) {
	if na != nb {
		panic(fmt.Sprintf("kernels.%s: len(%s)=%d != len(%s)=%d", fn, a, na, b, nb))
	}
}

func checkLen3(fn, a string, na int, b string, nb int, c string, nc int) {
	if na != nb || na != nc {
		panic(fmt.Sprintf("kernels.%s: lengths differ: len(%s)=%d, len(%s)=%d, len(%s)=%d", fn, a, na, b, nb, c, nc))
	}
}

// checkRows panics unless dst and x both hold exactly rows×cols elements.
func checkRows(fn string, ndst, nx, rows, cols int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernels.%s: negative dimension: rows=%d, cols=%d", fn, rows, cols))
	}
	hi, lo := bits.Mul64(uint64(rows), uint64(cols))
	if hi == 0 && lo <= math.MaxInt && nx == int(lo) && ndst == nx {
		return
	}
	need := new(big.Int).Mul(big.NewInt(int64(rows)), big.NewInt(int64(cols)))
	arg, n := "x", nx
	if hi == 0 && lo <= math.MaxInt && nx == int(lo) {
		arg, n = "dst", ndst
	}
	panic(fmt.Sprintf("kernels.%s: len(%s)=%d, need rows×cols = %d×%d = %s", fn, arg, n, rows, cols, need))
}
