package gonumblas

import (
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdgrad/simdgrad/kernels"
)

// float is the element type of the routines shared by the float32 and
// float64 halves of Implementation.
type float interface{ float32 | float64 }

// engine holds, for one element type, gonum's routines that the blocked
// algorithms fall back on (for argument errors, quick returns and the
// small diagonal blocks) and a pool of scratch buffers.
type engine[T float] struct {
	gemm  func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	syrk  func(ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int)
	syr2k func(ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	symm  func(s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
	trmm  func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)
	trsm  func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)
	gemv  func(tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int)
	ger   func(m, n int, alpha T, x []T, incX int, y []T, incY int, a []T, lda int)

	scratch sync.Pool // *[]T
}

var (
	gonum64 = &engine[float64]{
		gemm: gonum.Implementation{}.Dgemm, syrk: gonum.Implementation{}.Dsyrk,
		syr2k: gonum.Implementation{}.Dsyr2k, symm: gonum.Implementation{}.Dsymm,
		trmm: gonum.Implementation{}.Dtrmm, trsm: gonum.Implementation{}.Dtrsm,
		gemv: gonum.Implementation{}.Dgemv, ger: gonum.Implementation{}.Dger,
	}
	gonum32 = &engine[float32]{
		gemm: gonum.Implementation{}.Sgemm, syrk: gonum.Implementation{}.Ssyrk,
		syr2k: gonum.Implementation{}.Ssyr2k, symm: gonum.Implementation{}.Ssymm,
		trmm: gonum.Implementation{}.Strmm, trsm: gonum.Implementation{}.Strsm,
		gemv: gonum.Implementation{}.Sgemv, ger: gonum.Implementation{}.Sger,
	}
)

// get returns a scratch buffer of at least n elements; put returns it.
func (e *engine[T]) get(n int) *[]T {
	p, _ := e.scratch.Get().(*[]T)
	if p == nil {
		p = new([]T)
	}
	if cap(*p) < n {
		*p = make([]T, n)
	}
	*p = (*p)[:n]
	return p
}

func (e *engine[T]) put(p *[]T) { e.scratch.Put(p) }

// matLen is the shortest slice holding a rows×cols row-major matrix with
// leading dimension ld.
func matLen(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// overlap reports whether x and y share any byte of memory.
func overlap[T float](x, y []T) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	size := unsafe.Sizeof(x[0])
	x0 := uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	y0 := uintptr(unsafe.Pointer(unsafe.SliceData(y)))
	return x0 < y0+uintptr(len(y))*size && y0 < x0+uintptr(len(x))*size
}

// copyMat copies the rows×cols matrix src (leading dimension lds) to dst
// (leading dimension ldd).
func copyMat[T float](rows, cols int, dst []T, ldd int, src []T, lds int) {
	for i := 0; i < rows; i++ {
		copy(dst[i*ldd:i*ldd+cols], src[i*lds:i*lds+cols])
	}
}

// scaleMat sets C = beta·C for the m×n matrix C: zero when beta is 0
// (without reading C), unchanged when beta is 1.
func scaleMat[T float](m, n int, beta T, c []T, ldc int) {
	switch beta {
	case 1:
	case 0:
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	default:
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			kernels.Scale(row, beta, row)
		}
	}
}

// gemm computes C = alpha·op(A)·op(B) + beta·C with kernels.Gemm for
// arguments already known to be valid. Operands are cut to the exact
// extent of their matrices; where the extent of C still overlaps that of A
// or B (submatrices of one array, interleaved by their leading dimension),
// the cheaper side, C or the overlapping inputs, is copied to scratch first,
// so kernels.Gemm never sees C overlap A or B. When alpha or k is 0, A and B
// are not read.
func (e *engine[T]) gemmSafe(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleMat(m, n, beta, c, ldc)
		return
	}
	ar, ac := m, k
	if tA {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB {
		br, bc = n, k
	}
	la, lb, lc := matLen(ar, ac, lda), matLen(br, bc, ldb), matLen(m, n, ldc)
	a, b, c = a[:la:la], b[:lb:lb], c[:lc:lc]
	oa, ob := overlap(a, c), overlap(b, c)
	if !oa && !ob {
		callGemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	var in int
	if oa {
		in += ar * ac
	}
	if ob {
		in += br * bc
	}
	out := m * n
	if beta != 0 {
		out *= 2
	}
	if out <= in {
		p := e.get(m * n)
		s := *p
		if beta != 0 {
			copyMat(m, n, s, n, c, ldc)
		}
		callGemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, s, n)
		copyMat(m, n, c, ldc, s, n)
		e.put(p)
		return
	}
	var pa, pb *[]T
	if oa {
		pa = e.get(ar * ac)
		copyMat(ar, ac, *pa, ac, a, lda)
		a, lda = *pa, max(1, ac)
	}
	if ob {
		pb = e.get(br * bc)
		copyMat(br, bc, *pb, bc, b, ldb)
		b, ldb = *pb, max(1, bc)
	}
	callGemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if pa != nil {
		e.put(pa)
	}
	if pb != nil {
		e.put(pb)
	}
}

// assertDisjoint makes callGemm verify that C overlaps neither A nor B;
// the tests set it.
var assertDisjoint = false

// callGemm is the one call of kernels.Gemm.
func callGemm[T float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if assertDisjoint && (overlap(a, c) || overlap(b, c)) {
		panic("gonumblas: kernels.Gemm called with C overlapping A or B")
	}
	kernels.Gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// isTrans reports whether t transposes: blas.Trans, or blas.ConjTrans,
// which is the same for real matrices.
func isTrans(t blas.Transpose) bool { return t == blas.Trans || t == blas.ConjTrans }

// validTrans, validUplo, validSide and validDiag accept the values gonum
// accepts.
func validTrans(t blas.Transpose) bool {
	return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
}

func validUplo(ul blas.Uplo) bool { return ul == blas.Upper || ul == blas.Lower }

func validSide(s blas.Side) bool { return s == blas.Left || s == blas.Right }

func validDiag(d blas.Diag) bool { return d == blas.NonUnit || d == blas.Unit }
