package kernels

// The generic tier's GEMM: the blocked driver around a 4×4 tile written in
// plain Go, the only GEMM on GOARCHes without assembly.
//
// Why the tile is computed as four 2×2 blocks: amd64 has 15 usable
// floating-point registers (X15 is the ABI's zero), and the compiler's
// instruction scheduler places every accumulator update (c += s, whose only
// use is the next iteration) at the end of the loop body, after all the
// products. The products are then all live at once, so a 4×4 (16
// accumulators) or 3×4 tile spills on every iteration. A 2×2 block with k
// unrolled by two, each accumulator receiving the pairwise sum of two
// products, needs 4 accumulators + 4 pending sums + a few operands and runs
// without spills or bounds checks. Scalar SSE code needs about three
// instructions per multiply-add (load or register copy, MULSD, ADDSD), so
// the six-wide front end, not the tile shape, is the limit (about 3 flops
// per cycle; docs/gemm-tuning.md).

// gemmSlack is the number of elements the driver guarantees after each
// packed panel it passes to a micro-kernel, so that bounds-check hints in
// the generic micro-kernel (which reads a panel at an offset) stay inside
// the slice.
const gemmSlack = 8

func genericGemmKernel[T Float]() *gemmKernel[T] {
	return &gemmKernel[T]{
		mr: 4, nr: 4,
		// kc: a 4×kc A panel and a kc×4 B panel (16 KiB in float64) stay
		// in the 32 KiB L1; mc·kc (256 KiB float64) in L2, nc·kc in L3.
		// The scalar tile is compute-bound wherever its panels sit, so
		// the blocking matters little.
		kc: 256, mc: 128, nc: 1024,
		micro:    microGeneric4x4[T],
		small:    gemmSmall[T],
		smallMax: 256,
		// Split from ~96³: below, waking a worker costs more than half
		// the product.
		parallelMin: 64 * 64 * 64,
	}
}

// microGeneric4x4 is the generic micro-kernel: the 4×4 tile
// c = alpha·Ap·Bp + beta·c from panels with Ap[4p+i], Bp[4p+j], each
// followed by at least gemmSlack elements.
func microGeneric4x4[T Float](kc int, a, b, c []T, ldc int, alpha, beta T) {
	c00, c01, c10, c11 := dot2x2(kc, a, b)
	c02, c03, c12, c13 := dot2x2(kc, a, b[2:])
	c20, c21, c30, c31 := dot2x2(kc, a[2:], b)
	c22, c23, c32, c33 := dot2x2(kc, a[2:], b[2:])
	storeRow4(c[0:4:4], alpha, beta, c00, c01, c02, c03)
	storeRow4(c[ldc:ldc+4:ldc+4], alpha, beta, c10, c11, c12, c13)
	storeRow4(c[2*ldc:2*ldc+4:2*ldc+4], alpha, beta, c20, c21, c22, c23)
	storeRow4(c[3*ldc:3*ldc+4:3*ldc+4], alpha, beta, c30, c31, c32, c33)
}

// dot2x2 returns the 2×2 block Σ_p a[4p+i]·b[4p+j] for i, j < 2: rows 0–1
// of a packed 4-row A panel times columns 0–1 of a packed 4-column B panel
// (pass a[2:] or b[2:] for the other rows or columns). len(a) and len(b)
// must be at least 4·kc + 2.
//
// The loop body is written so the compiler emits it without bounds checks
// or spills: the hint a[i+7] with loop bound len−7 and step 8 is the form
// the prove pass recognises, and each pairwise sum s is in-block, so only
// the four accumulator additions wait for the end of the body.
func dot2x2[T Float](kc int, a, b []T) (c00, c01, c10, c11 T) {
	n := kc &^ 1
	ar := a[: 4*n : 4*n]
	br := b[:len(ar)]
	for i := 0; i < len(ar)-7; i += 8 {
		a, b := ar, br
		_ = a[i+7]
		_ = b[i+7]
		s00 := a[i]*b[i] + a[i+4]*b[i+4]
		s01 := a[i]*b[i+1] + a[i+4]*b[i+5]
		s10 := a[i+1]*b[i] + a[i+5]*b[i+4]
		s11 := a[i+1]*b[i+1] + a[i+5]*b[i+5]
		c00 += s00
		c01 += s01
		c10 += s10
		c11 += s11
	}
	if kc&1 != 0 {
		i := 4 * n
		a, b := a[i:i+2:i+2], b[i:i+2:i+2]
		c00 += a[0] * b[0]
		c01 += a[0] * b[1]
		c10 += a[1] * b[0]
		c11 += a[1] * b[1]
	}
	return
}

func storeRow4[T Float](c []T, alpha, beta, v0, v1, v2, v3 T) {
	if beta == 0 {
		c[0], c[1], c[2], c[3] = alpha*v0, alpha*v1, alpha*v2, alpha*v3
		return
	}
	c[0] = alpha*v0 + beta*c[0]
	c[1] = alpha*v1 + beta*c[1]
	c[2] = alpha*v2 + beta*c[2]
	c[3] = alpha*v3 + beta*c[3]
}

// gemmSmall computes a small product straight from the operands, choosing
// the loop order that walks both contiguously where the transposes allow.
// Like the micro-kernels it scales the finished sum by alpha, so that
// alpha·Σ a·b does not depend on where alpha·a would underflow, and it does
// not read C when beta is 0.
func gemmSmall[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !transB {
		// acc = Σ_p A(i,p)·B[p, j0:j0+nb], one row of C at a time.
		var buf [128]T
		for j0 := 0; j0 < n; j0 += len(buf) {
			nb := min(len(buf), n-j0)
			acc := buf[:nb]
			for i := 0; i < m; i++ {
				clear(acc)
				for p := 0; p < k; p++ {
					var aip T
					if transA {
						aip = a[p*lda+i]
					} else {
						aip = a[i*lda+p]
					}
					axpyGeneric(aip, b[p*ldb+j0:p*ldb+j0+nb], acc)
				}
				storeRow(c[i*ldc+j0:i*ldc+j0+nb], acc, alpha, beta)
			}
		}
		return
	}
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		for j := range crow {
			var s T
			if !transA {
				// Both operands are contiguous rows.
				s = dotGeneric(a[i*lda:i*lda+k], b[j*ldb:j*ldb+k])
			} else {
				brow := b[j*ldb : j*ldb+k]
				for p, bv := range brow {
					s += a[p*lda+i] * bv
				}
			}
			if beta == 0 {
				crow[j] = alpha * s
			} else {
				crow[j] = alpha*s + beta*crow[j]
			}
		}
	}
}

// storeRow sets c = alpha·acc + beta·c, not reading c when beta is 0.
func storeRow[T Float](c, acc []T, alpha, beta T) {
	c = c[:len(acc)]
	if beta == 0 {
		for j, v := range acc {
			c[j] = alpha * v
		}
		return
	}
	for j, v := range acc {
		c[j] = alpha*v + beta*c[j]
	}
}
