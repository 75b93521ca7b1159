package gonumblas

import "gonum.org/v1/gonum/blas"

// Block sizes of the Level 3 algorithms. Tests lower them to run the
// blocked code paths on small matrices.
var (
	// triBlock is the order of the diagonal blocks of Dtrsm and Dtrmm that
	// go to gonum's routine; everything off them goes to kernels.Gemm.
	triBlock = 8
	// symBlock is the order up to which a diagonal block of Dsyrk and
	// Dsyr2k is computed as a full square product into scratch (twice the
	// flops of its triangle, at the speed of kernels.Gemm).
	symBlock = 64
	// symmRows is the number of rows of the symmetric A that Dsymm expands
	// into a full scratch matrix at a time.
	symmRows = 256
	// rightRowsMin is the number of rows of B from which Dtrsm and Dtrmm
	// with side blas.Right transpose B, rightRows rows at a time, into
	// scratch and work on the transposed problem from the left, whose
	// diagonal blocks run along rows of B rather than across them.
	rightRowsMin = 16
	rightRows    = 256
	// smallWork: Level 3 calls of at most this many multiply-adds go to
	// gonum's routine whole (other than Dgemm, which kernels.Gemm does
	// well at every size).
	smallWork = 8 * 8 * 8
)

// split returns the size of the first half of a blocked dimension n ≥ 2:
// about n/2, a multiple of 8 when that is large enough, and in [1, n−1].
func split(n int) int {
	n1 := n / 2
	if n1 > 8 {
		n1 &^= 7
	}
	return n1
}

// scratchMax bounds the elements of a band of rows in scratch: 8 MiB of
// float64.
const scratchMax = 1 << 20

// bandRows returns the number of rows of width cols that the banded loops
// take at a time: rows, or fewer if that many would exceed scratchMax.
func bandRows(rows, cols int) int {
	return max(1, min(rows, scratchMax/max(1, cols)))
}

// small reports whether a product of m·n·k multiply-adds is at most
// smallWork, without overflow.
func small(m, n, k int) bool {
	return m <= smallWork && n <= smallWork && k <= smallWork && m*n*k <= smallWork
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ as
// tA and tB say (blas.ConjTrans is blas.Trans), op(A) is m×k, op(B) is k×n
// and C is m×n, with kernels.Gemm. It checks and panics as gonum's Dgemm.
func (Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(gonum64, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm is the float32 Dgemm.
func (Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(gonum32, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmValid reports whether gonum's Dgemm would accept the arguments and
// have work to do (m, n > 0).
func gemmValid(tA, tB blas.Transpose, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	if !validTrans(tA) || !validTrans(tB) || m <= 0 || n <= 0 || k < 0 {
		return false
	}
	aTrans, bTrans := isTrans(tA), isTrans(tB)
	if aTrans {
		if lda < max(1, m) || lenA < (k-1)*lda+m {
			return false
		}
	} else if lda < max(1, k) || lenA < (m-1)*lda+k {
		return false
	}
	if bTrans {
		if ldb < max(1, k) || lenB < (n-1)*ldb+k {
			return false
		}
	} else if ldb < max(1, n) || lenB < (k-1)*ldb+n {
		return false
	}
	return ldc >= max(1, n) && lenC >= (m-1)*ldc+n
}

func gemm[T float](e *engine[T], tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !gemmValid(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		e.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	e.gemmSafe(isTrans(tA), isTrans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dsyrk computes the triangle ul of the n×n symmetric C = alpha·A·Aᵀ +
// beta·C (tA blas.NoTrans, A n×k) or alpha·Aᵀ·A + beta·C (A k×n), leaving
// the other triangle untouched. Off-diagonal blocks are products in
// kernels.Gemm; diagonal blocks are full square products into scratch. It
// checks and panics as gonum's Dsyrk.
func (Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	syrk(gonum64, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// Ssyrk is the float32 Dsyrk.
func (Implementation) Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	syrk(gonum32, ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

// syrkValid reports whether gonum's Dsyrk (or, with a second operand, its
// Dsyr2k) would accept the arguments and have work to do.
func syrkValid(ul blas.Uplo, tA blas.Transpose, n, k, lenA, lda, lenB, ldb, lenC, ldc int, two bool) bool {
	if !validUplo(ul) || !validTrans(tA) || n <= 0 || k < 0 {
		return false
	}
	row, col := k, n
	if tA == blas.NoTrans {
		row, col = n, k
	}
	if lda < max(1, col) || (two && ldb < max(1, col)) || ldc < max(1, n) {
		return false
	}
	return lenA >= lda*(row-1)+col && (!two || lenB >= ldb*(row-1)+col) && lenC >= ldc*(n-1)+n
}

func syrk[T float](e *engine[T], ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	// Small products too run here rather than in gonum's Dsyrk, which for
	// blas.Lower with blas.Trans scales C by beta even when beta is 0, so
	// that NaN in C would survive.
	if !syrkValid(ul, tA, n, k, len(a), lda, 0, 0, len(c), ldc, false) || alpha == 0 {
		e.syrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	if k == 0 {
		// A may be empty.
		scaleTri(ul == blas.Upper, n, beta, c, ldc)
		return
	}
	e.syrkBlocked(ul == blas.Upper, isTrans(tA), n, k, alpha, a, lda, nil, 0, beta, c, ldc)
}

// syrkBlocked computes the triangle of C = alpha·(op(A)·op(B)ᵀ + op(B)·op(A)ᵀ)
// + beta·C when b is not nil (Dsyr2k), or alpha·op(A)·op(A)ᵀ + beta·C when
// it is (Dsyrk), for op(X) = X (n×k) or Xᵀ (X k×n, trans). It splits C
// into two diagonal blocks, which it computes recursively, and the
// rectangle between them, a product in kernels.Gemm.
func (e *engine[T]) syrkBlocked(upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if n <= symBlock {
		e.syrkDiag(upper, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	n1 := split(n)
	n2 := n - n1
	// The rows n1… of op(A) and op(B): rows of A and B, or their columns
	// when trans.
	var a2, b2 []T
	switch {
	case trans:
		a2 = a[n1:]
		if b != nil {
			b2 = b[n1:]
		}
	default:
		a2 = a[n1*lda:]
		if b != nil {
			b2 = b[n1*ldb:]
		}
	}
	if upper {
		// C12 (n1×n2) = alpha·op(A)1·op(B)2ᵀ + alpha·op(B)1·op(A)2ᵀ + beta·C12.
		c12 := c[n1:]
		if b == nil {
			e.gemmSafe(trans, !trans, n1, n2, k, alpha, a, lda, a2, lda, beta, c12, ldc)
		} else {
			e.gemmSafe(trans, !trans, n1, n2, k, alpha, a, lda, b2, ldb, beta, c12, ldc)
			e.gemmSafe(trans, !trans, n1, n2, k, alpha, b, ldb, a2, lda, 1, c12, ldc)
		}
	} else {
		// C21 (n2×n1) = alpha·op(A)2·op(B)1ᵀ + alpha·op(B)2·op(A)1ᵀ + beta·C21.
		c21 := c[n1*ldc:]
		if b == nil {
			e.gemmSafe(trans, !trans, n2, n1, k, alpha, a2, lda, a, lda, beta, c21, ldc)
		} else {
			e.gemmSafe(trans, !trans, n2, n1, k, alpha, a2, lda, b, ldb, beta, c21, ldc)
			e.gemmSafe(trans, !trans, n2, n1, k, alpha, b2, ldb, a, lda, 1, c21, ldc)
		}
	}
	e.syrkBlocked(upper, trans, n1, k, alpha, a, lda, b, ldb, beta, c, ldc)
	e.syrkBlocked(upper, trans, n2, k, alpha, a2, lda, b2, ldb, beta, c[n1*ldc+n1:], ldc)
}

// syrkDiag computes a diagonal block of syrkBlocked as a full n×n product
// into scratch and copies its triangle to C. C's triangle is read only when
// beta is not 0.
func (e *engine[T]) syrkDiag(upper, trans bool, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	p := e.get(n * n)
	s := *p
	if beta != 0 {
		copyTri(upper, n, s, n, c, ldc)
	}
	if b == nil {
		e.gemmSafe(trans, !trans, n, n, k, alpha, a, lda, a, lda, beta, s, n)
	} else {
		e.gemmSafe(trans, !trans, n, n, k, alpha, a, lda, b, ldb, beta, s, n)
		e.gemmSafe(trans, !trans, n, n, k, alpha, b, ldb, a, lda, 1, s, n)
	}
	copyTri(upper, n, c, ldc, s, n)
	e.put(p)
}

// scaleTri sets the upper or lower triangle of the n×n C to beta·C, to
// zero (without reading it) when beta is 0.
func scaleTri[T float](upper bool, n int, beta T, c []T, ldc int) {
	for i := 0; i < n; i++ {
		if upper {
			scaleMat(1, n-i, beta, c[i*ldc+i:], ldc)
		} else {
			scaleMat(1, i+1, beta, c[i*ldc:], ldc)
		}
	}
}

// copyTri copies the upper or lower triangle (diagonal included) of the
// n×n src to dst.
func copyTri[T float](upper bool, n int, dst []T, ldd int, src []T, lds int) {
	for i := 0; i < n; i++ {
		if upper {
			copy(dst[i*ldd+i:i*ldd+n], src[i*lds+i:i*lds+n])
		} else {
			copy(dst[i*ldd:i*ldd+i+1], src[i*lds:i*lds+i+1])
		}
	}
}

// Dsyr2k computes the triangle ul of the n×n symmetric C = alpha·A·Bᵀ +
// alpha·B·Aᵀ + beta·C (tA blas.NoTrans, A and B n×k) or alpha·Aᵀ·B +
// alpha·Bᵀ·A + beta·C (A and B k×n), as Dsyrk does. It checks and panics as
// gonum's Dsyr2k.
func (Implementation) Dsyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	syr2k(gonum64, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Ssyr2k is the float32 Dsyr2k.
func (Implementation) Ssyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	syr2k(gonum32, ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func syr2k[T float](e *engine[T], ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !syrkValid(ul, tA, n, k, len(a), lda, len(b), ldb, len(c), ldc, true) || alpha == 0 || small(n, n, 2*k) {
		e.syr2k(ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if k == 0 {
		// A and B may be empty.
		scaleTri(ul == blas.Upper, n, beta, c, ldc)
		return
	}
	// b is not nil: it holds at least one element for n, k > 0.
	e.syrkBlocked(ul == blas.Upper, isTrans(tA), n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dsymm computes C = alpha·A·B + beta·C (side blas.Left, A m×m) or
// C = alpha·B·A + beta·C (blas.Right, A n×n) for a symmetric A stored in its
// triangle ul and m×n B and C. It expands a band of rows of A at a time
// into a full scratch matrix and multiplies with kernels.Gemm. It checks
// and panics as gonum's Dsymm.
func (Implementation) Dsymm(s blas.Side, ul blas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	symm(gonum64, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Ssymm is the float32 Dsymm.
func (Implementation) Ssymm(s blas.Side, ul blas.Uplo, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	symm(gonum32, s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
}

func symm[T float](e *engine[T], s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	k := n
	if s == blas.Left {
		k = m
	}
	valid := validSide(s) && validUplo(ul) && m > 0 && n > 0 &&
		lda >= max(1, k) && ldb >= max(1, n) && ldc >= max(1, n) &&
		len(a) >= lda*(k-1)+k && len(b) >= ldb*(m-1)+n && len(c) >= ldc*(m-1)+n
	if !valid || alpha == 0 || small(m, n, k) {
		e.symm(s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	upper := ul == blas.Upper
	band := bandRows(symmRows, k)
	for i0 := 0; i0 < k; i0 += band {
		r := min(band, k-i0)
		p := e.get(r * k)
		sa := *p
		expandRows(upper, k, i0, r, sa, a, lda)
		if s == blas.Left {
			// Rows i0… of C = alpha·A[i0…, :]·B + beta·C.
			e.gemmSafe(false, false, r, n, k, alpha, sa, k, b, ldb, beta, c[i0*ldc:], ldc)
		} else {
			// Columns i0… of C = alpha·B·A[:, i0…] + beta·C, and
			// A[:, i0…] = A[i0…, :]ᵀ.
			e.gemmSafe(false, true, m, r, k, alpha, b, ldb, sa, k, beta, c[i0:], ldc)
		}
		e.put(p)
	}
}

// expandRows writes rows i0 … i0+r−1 of the full n×n symmetric matrix
// stored in the triangle of a (upper or lower) to the r×n dst.
func expandRows[T float](upper bool, n, i0, r int, dst, a []T, lda int) {
	i1 := i0 + r
	if upper {
		// Row i is A[0…i−1][i] (a column above the diagonal), then A[i][i…].
		for i := i0; i < i1; i++ {
			copy(dst[(i-i0)*n+i:(i-i0+1)*n], a[i*lda+i:i*lda+n])
		}
		for j := 0; j < i1-1; j++ {
			lo := max(i0, j+1)
			for i, v := range a[j*lda+lo : j*lda+i1] {
				dst[(lo+i-i0)*n+j] = v
			}
		}
		return
	}
	// Row i is A[i][0…i], then A[i+1…][i] (a column below the diagonal).
	for i := i0; i < i1; i++ {
		copy(dst[(i-i0)*n:(i-i0)*n+i+1], a[i*lda:i*lda+i+1])
	}
	for j := i0 + 1; j < n; j++ {
		hi := min(i1, j)
		for i, v := range a[j*lda+i0 : j*lda+hi] {
			dst[(i0+i-i0)*n+j] = v
		}
	}
}

// triValid reports whether gonum's Dtrmm and Dtrsm would accept the
// arguments and have work to do.
func triValid(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n, lenA, lda, lenB, ldb int) bool {
	if !validSide(s) || !validUplo(ul) || !validTrans(tA) || !validDiag(d) || m <= 0 || n <= 0 {
		return false
	}
	k := n
	if s == blas.Left {
		k = m
	}
	return lda >= max(1, k) && ldb >= max(1, n) && lenA >= lda*(k-1)+k && lenB >= ldb*(m-1)+n
}

// triangle describes a triangular A of a Level 3 call: its stored
// triangle, whether op(A) is Aᵀ, whether its diagonal is implicitly 1, and
// whether op(A), not A, is upper triangular.
type triangle struct {
	ul      blas.Uplo
	trans   bool
	d       blas.Diag
	opUpper bool
}

func newTriangle(ul blas.Uplo, tA blas.Transpose, d blas.Diag) triangle {
	trans := isTrans(tA)
	return triangle{ul: ul, trans: trans, d: d, opUpper: (ul == blas.Upper) != trans}
}

// transposed describes op(A)ᵀ: the same stored triangle, read the other way.
func (t triangle) transposed() triangle {
	t.trans, t.opUpper = !t.trans, !t.opUpper
	return t
}

// transpose writes the transpose of the rows×cols src to the cols×rows dst.
func transpose[T float](rows, cols int, dst []T, ldd int, src []T, lds int) {
	// Four rows of src at a time, read in order, become runs of four
	// elements in each row of dst.
	i := 0
	for ; i+4 <= rows; i += 4 {
		r0 := src[i*lds : i*lds+cols]
		r1 := src[(i+1)*lds : (i+1)*lds+cols]
		r2 := src[(i+2)*lds : (i+2)*lds+cols]
		r3 := src[(i+3)*lds : (i+3)*lds+cols]
		for j := range r0 {
			d := dst[j*ldd+i : j*ldd+i+4]
			d[0], d[1], d[2], d[3] = r0[j], r1[j], r2[j], r3[j]
		}
	}
	for ; i < rows; i++ {
		for j, v := range src[i*lds : i*lds+cols] {
			dst[j*ldd+i] = v
		}
	}
}

// tA is the transpose argument for gonum's routines.
func (t triangle) tA() blas.Transpose {
	if t.trans {
		return blas.Trans
	}
	return blas.NoTrans
}

// triBlocks splits the triangular A after its first n1 rows and columns
// and returns the stored blocks that hold op(A)12 and op(A)21 (each read
// with leading dimension lda, transposed when t.trans) and A22.
func triBlocks[T float](t triangle, a []T, lda, n1 int) (opA12, opA21, a22 []T) {
	// Stored A12 starts at a[n1:], A21 at a[n1*lda:]; op(A)12 is A21ᵀ and
	// op(A)21 is A12ᵀ when op transposes.
	opA12, opA21 = a[n1:], a[n1*lda:]
	if t.trans {
		opA12, opA21 = opA21, opA12
	}
	return opA12, opA21, a[n1*lda+n1:]
}

// Dtrsm solves op(A)·X = alpha·B (side blas.Left, A m×m) or X·op(A) =
// alpha·B (blas.Right, A n×n) for X, which overwrites the m×n B, for a
// triangular A. The solve is recursive: the diagonal blocks of order up to
// 8 go to gonum's Dtrsm, the updates between them to kernels.Gemm. From
// the right, bands of rows of B are transposed into scratch and solved from
// the left, along rows. It checks and panics as gonum's Dtrsm.
func (Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	trsm(gonum64, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Strsm is the float32 Dtrsm.
func (Implementation) Strsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	trsm(gonum32, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

func trsm[T float](e *engine[T], s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	blockedTriangular(e, e.trsm, (*engine[T]).trsmLeft, (*engine[T]).trsmRight, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// blockedTriangular runs Dtrsm or Dtrmm, whose blocked algorithms share their
// plan: small or invalid calls go to gonum's routine (fallback), which
// also panics as gonum does; from the left the recursion runs along
// columns (left); from the right, few rows of B are done directly (right)
// and more are transposed in bands into scratch and done from the left,
// since op(A)ᵀ·Bᵀ = (B·op(A))ᵀ, along rows of rightRows elements.
func blockedTriangular[T float](e *engine[T], fallback func(blas.Side, blas.Uplo, blas.Transpose, blas.Diag, int, int, T, []T, int, []T, int),
	left, right func(*engine[T], triangle, int, int, T, []T, int, []T, int),
	s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	if !triValid(s, ul, tA, d, m, n, len(a), lda, len(b), ldb) || alpha == 0 || k <= triBlock || small(m, n, k) {
		fallback(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	t := newTriangle(ul, tA, d)
	switch {
	case s == blas.Left:
		left(e, t, m, n, alpha, a, lda, b, ldb)
	case m < rightRowsMin:
		right(e, t, m, n, alpha, a, lda, b, ldb)
	default:
		tt := t.transposed()
		band := bandRows(rightRows, n)
		for i0 := 0; i0 < m; i0 += band {
			r := min(band, m-i0)
			p := e.get(n * r)
			transpose(r, n, *p, r, b[i0*ldb:], ldb)
			left(e, tt, n, r, alpha, a, lda, *p, r)
			transpose(n, r, b[i0*ldb:], ldb, *p, r)
			e.put(p)
		}
	}
}

// trsmLeft solves op(A)·X = alpha·B for the m×m triangular A.
func (e *engine[T]) trsmLeft(t triangle, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if m <= triBlock {
		e.trsm(blas.Left, t.ul, t.tA(), t.d, m, n, alpha, a, lda, b, ldb)
		return
	}
	m1 := split(m)
	m2 := m - m1
	a12, a21, a22 := triBlocks(t, a, lda, m1)
	b2 := b[m1*ldb:]
	if t.opUpper {
		// X2 = op(A22)⁻¹·alpha·B2, then X1 = op(A11)⁻¹·(alpha·B1 − op(A)12·X2).
		e.trsmLeft(t, m2, n, alpha, a22, lda, b2, ldb)
		e.gemmSafe(t.trans, false, m1, n, m2, -1, a12, lda, b2, ldb, alpha, b, ldb)
		e.trsmLeft(t, m1, n, 1, a, lda, b, ldb)
		return
	}
	// X1 = op(A11)⁻¹·alpha·B1, then X2 = op(A22)⁻¹·(alpha·B2 − op(A)21·X1).
	e.trsmLeft(t, m1, n, alpha, a, lda, b, ldb)
	e.gemmSafe(t.trans, false, m2, n, m1, -1, a21, lda, b, ldb, alpha, b2, ldb)
	e.trsmLeft(t, m2, n, 1, a22, lda, b2, ldb)
}

// trsmRight solves X·op(A) = alpha·B for the n×n triangular A.
func (e *engine[T]) trsmRight(t triangle, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if n <= triBlock {
		e.trsm(blas.Right, t.ul, t.tA(), t.d, m, n, alpha, a, lda, b, ldb)
		return
	}
	n1 := split(n)
	n2 := n - n1
	a12, a21, a22 := triBlocks(t, a, lda, n1)
	b2 := b[n1:]
	if t.opUpper {
		// X1 = alpha·B1·op(A11)⁻¹, then X2 = (alpha·B2 − X1·op(A)12)·op(A22)⁻¹.
		e.trsmRight(t, m, n1, alpha, a, lda, b, ldb)
		e.gemmSafe(false, t.trans, m, n2, n1, -1, b, ldb, a12, lda, alpha, b2, ldb)
		e.trsmRight(t, m, n2, 1, a22, lda, b2, ldb)
		return
	}
	// X2 = alpha·B2·op(A22)⁻¹, then X1 = (alpha·B1 − X2·op(A)21)·op(A11)⁻¹.
	e.trsmRight(t, m, n2, alpha, a22, lda, b2, ldb)
	e.gemmSafe(false, t.trans, m, n1, n2, -1, b2, ldb, a21, lda, alpha, b, ldb)
	e.trsmRight(t, m, n1, 1, a, lda, b, ldb)
}

// Dtrmm computes B = alpha·op(A)·B (side blas.Left, A m×m) or B =
// alpha·B·op(A) (blas.Right, A n×n) in place for a triangular A and m×n B,
// recursively as Dtrsm does. It checks and panics as gonum's Dtrmm.
func (Implementation) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	trmm(gonum64, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// Strmm is the float32 Dtrmm.
func (Implementation) Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	trmm(gonum32, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

func trmm[T float](e *engine[T], s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	blockedTriangular(e, e.trmm, (*engine[T]).trmmLeft, (*engine[T]).trmmRight, s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
}

// trmmLeft computes B = alpha·op(A)·B for the m×m triangular A.
func (e *engine[T]) trmmLeft(t triangle, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if m <= triBlock {
		e.trmm(blas.Left, t.ul, t.tA(), t.d, m, n, alpha, a, lda, b, ldb)
		return
	}
	m1 := split(m)
	m2 := m - m1
	a12, a21, a22 := triBlocks(t, a, lda, m1)
	b2 := b[m1*ldb:]
	if t.opUpper {
		// B1 = alpha·(op(A11)·B1 + op(A)12·B2) before B2 changes; then B2.
		e.trmmLeft(t, m1, n, alpha, a, lda, b, ldb)
		e.gemmSafe(t.trans, false, m1, n, m2, alpha, a12, lda, b2, ldb, 1, b, ldb)
		e.trmmLeft(t, m2, n, alpha, a22, lda, b2, ldb)
		return
	}
	// B2 = alpha·(op(A)21·B1 + op(A22)·B2) before B1 changes; then B1.
	e.trmmLeft(t, m2, n, alpha, a22, lda, b2, ldb)
	e.gemmSafe(t.trans, false, m2, n, m1, alpha, a21, lda, b, ldb, 1, b2, ldb)
	e.trmmLeft(t, m1, n, alpha, a, lda, b, ldb)
}

// trmmRight computes B = alpha·B·op(A) for the n×n triangular A.
func (e *engine[T]) trmmRight(t triangle, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if n <= triBlock {
		e.trmm(blas.Right, t.ul, t.tA(), t.d, m, n, alpha, a, lda, b, ldb)
		return
	}
	n1 := split(n)
	n2 := n - n1
	a12, a21, a22 := triBlocks(t, a, lda, n1)
	b2 := b[n1:]
	if t.opUpper {
		// B2 = alpha·(B1·op(A)12 + B2·op(A22)) before B1 changes; then B1.
		e.trmmRight(t, m, n2, alpha, a22, lda, b2, ldb)
		e.gemmSafe(false, t.trans, m, n2, n1, alpha, b, ldb, a12, lda, 1, b2, ldb)
		e.trmmRight(t, m, n1, alpha, a, lda, b, ldb)
		return
	}
	// B1 = alpha·(B1·op(A11) + B2·op(A)21) before B2 changes; then B2.
	e.trmmRight(t, m, n1, alpha, a, lda, b, ldb)
	e.gemmSafe(false, t.trans, m, n1, n2, alpha, b2, ldb, a21, lda, 1, b, ldb)
	e.trmmRight(t, m, n2, alpha, a22, lda, b2, ldb)
}
