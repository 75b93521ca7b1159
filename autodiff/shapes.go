package autodiff

import (
	"fmt"
	"math"
	"math/bits"
	"unsafe"

	"github.com/simdgrad/simdgrad/kernels"
)

// Shape checks. Every dimension that enters the tape is checked here
// first, so that any combination of int dimensions either describes
// buffers that really hold the matrices or panics with a message naming
// the operation and the shapes, never with a runtime error from an
// overflowed size: leaves (Const, Param, NewParam) check that
// rows·cols does not overflow and matches the data; operations whose
// result can be larger than their operands (MatMul, MatMulT, Affine,
// Custom) check that the result can be allocated. The other operations'
// results are no larger than an operand.

// maxBytes is the size of the largest buffer the tape allocates: 2^48
// bytes on 64-bit platforms (the Go runtime's limit), 2^31 on 32-bit ones.
const maxBytes = 1 << (31 + 17*(^uint(0)>>63))

// checkDims returns rows·cols, panicking with fn in the message if rows or
// cols is not positive or the product overflows an int.
func checkDims(fn string, rows, cols int) int {
	size, ok := dims(rows, cols)
	if !ok {
		panicDims(fn, rows, cols)
	}
	return size
}

// dims returns rows·cols and whether rows and cols are positive and the
// product fits an int: checkDims without the panic, small enough to
// inline where the check is hot.
func dims(rows, cols int) (int, bool) {
	hi, lo := bits.Mul(uint(rows), uint(cols))
	return int(lo), rows > 0 && cols > 0 && hi == 0 && lo <= math.MaxInt
}

// panicDims reports the dimensions checkDims refuses; it is apart so that
// checkDims inlines.
//
//go:noinline
func panicDims(fn string, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		panic(fmt.Sprintf("autodiff.%s: dimensions %d×%d, need both positive", fn, rows, cols))
	}
	panic(fmt.Sprintf("autodiff.%s: dimensions %d×%d overflow int", fn, rows, cols))
}

// allocatable reports whether a rows×cols matrix of T (both positive) fits
// in maxBytes.
func allocatable[T kernels.Float](rows, cols int) bool {
	var z T
	hi, lo := bits.Mul(uint(rows), uint(cols))
	return hi == 0 && lo <= maxBytes/uint(unsafe.Sizeof(z))
}

// checkAlloc panics, naming fn and what, if a rows×cols matrix of T does
// not fit in maxBytes.
func checkAlloc[T kernels.Float](fn, what string, rows, cols int) {
	if !allocatable[T](rows, cols) {
		panic(fmt.Sprintf("autodiff.%s: a %d×%d %s is too large to allocate (more than %d bytes)", fn, rows, cols, what, uint(maxBytes)))
	}
}

// checkProduct panics, naming fn and both operand shapes, if the rows×cols
// result of a product of an ar×ac and a br×bc operand cannot be allocated.
func checkProduct[T kernels.Float](fn string, ar, ac, br, bc, rows, cols int) {
	if !allocatable[T](rows, cols) {
		panicProduct(fn, ar, ac, br, bc, rows, cols)
	}
}

//go:noinline
func panicProduct(fn string, ar, ac, br, bc, rows, cols int) {
	panic(fmt.Sprintf("autodiff.%s: the %d×%d result of shapes %d×%d and %d×%d is too large to allocate (more than %d bytes)",
		fn, rows, cols, ar, ac, br, bc, uint(maxBytes)))
}

// panicShapes reports operands whose shapes do not match.
//
//go:noinline
func panicShapes(fn string, ar, ac, br, bc int) {
	panic(fmt.Sprintf("autodiff.%s: shapes %d×%d and %d×%d do not match", fn, ar, ac, br, bc))
}

// panicInner reports a product whose inner dimensions differ, naming
// them: what the operands are called and which of their dimensions
// ("column" or "row") meet.
//
//go:noinline
func panicInner(fn string, ar, ac, br, bc int, aName, aDim string, aN int, bName, bDim string, bN int) {
	panic(fmt.Sprintf("autodiff.%s: shapes %d×%d and %d×%d do not match: %s has %s, %s has %s",
		fn, ar, ac, br, bc, aName, count(aN, aDim), bName, count(bN, bDim)))
}

// count returns "1 row" or "n rows".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
