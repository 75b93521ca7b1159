package kernels

// The generic tier's GEMM: the blocked driver around a 4×4 register tile
// written in Go. Sixteen accumulators, four B values and one A value fit the
// sixteen floating-point registers of amd64 and arm64, so the inner loop runs
// without spills; blocking keeps the packed panels in cache.

func genericGemmKernel[T Float]() *gemmKernel[T] {
	return &gemmKernel[T]{
		mr: 4, nr: 4,
		kc: 256, mc: 128, nc: 2048,
		micro:    microGeneric4x4[T],
		small:    gemmSmall[T],
		smallMax: 32 * 32 * 32,
	}
}

func microGeneric4x4[T Float](kc int, a, b, c []T, ldc int, alpha, beta T) {
	var c00, c01, c02, c03 T
	var c10, c11, c12, c13 T
	var c20, c21, c22, c23 T
	var c30, c31, c32, c33 T
	a = a[:4*kc]
	b = b[:4*kc]
	for p := 0; p < kc; p++ {
		ap := a[4*p : 4*p+4 : 4*p+4]
		bp := b[4*p : 4*p+4 : 4*p+4]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		a0 := ap[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := ap[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a2 := ap[2]
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		a3 := ap[3]
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	storeRow4(c[0:4:4], alpha, beta, c00, c01, c02, c03)
	storeRow4(c[ldc:ldc+4:ldc+4], alpha, beta, c10, c11, c12, c13)
	storeRow4(c[2*ldc:2*ldc+4:2*ldc+4], alpha, beta, c20, c21, c22, c23)
	storeRow4(c[3*ldc:3*ldc+4:3*ldc+4], alpha, beta, c30, c31, c32, c33)
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
func gemmSmall[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	scaleMatrix(beta, c, m, n, ldc)
	switch {
	case !transB:
		// C[i,:] += alpha·A(i,p)·B[p,:]
		for i := 0; i < m; i++ {
			crow := c[i*ldc : i*ldc+n]
			for p := 0; p < k; p++ {
				var aip T
				if transA {
					aip = a[p*lda+i]
				} else {
					aip = a[i*lda+p]
				}
				axpyGeneric(alpha*aip, b[p*ldb:p*ldb+n], crow)
			}
		}
	case !transA:
		// C[i,j] += alpha·(A[i,:]·B[j,:])
		for i := 0; i < m; i++ {
			arow := a[i*lda : i*lda+k]
			crow := c[i*ldc : i*ldc+n]
			for j := range crow {
				crow[j] += alpha * dotGeneric(arow, b[j*ldb:j*ldb+k])
			}
		}
	default:
		for i := 0; i < m; i++ {
			crow := c[i*ldc : i*ldc+n]
			for j := range crow {
				var s T
				for p := 0; p < k; p++ {
					s += a[p*lda+i] * b[j*ldb+p]
				}
				crow[j] += alpha * s
			}
		}
	}
}
