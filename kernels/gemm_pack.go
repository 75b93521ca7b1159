package kernels

// packA copies the mc×kc block of op(A) at (ic, pc) into panels of mr rows:
// element (i, p) of panel q lands at dst[q*mr*kc + p*mr + i]. Rows past mc
// are zero. Panels are written in increasing order (packAN may write a few
// elements past its panel, into the next one).
func (g *gemmKernel[T]) packA(dst, a []T, lda int, transA bool, ic, pc, mc, kc int) {
	mr := g.mr
	for ir := 0; ir < mc; ir += mr {
		mt := min(mr, mc-ir)
		panel := dst[ir*kc : (ir+mr)*kc]
		if transA {
			// Row p of the stored A holds the mr elements of step p.
			src := a[pc*lda+ic+ir:]
			if mt == mr {
				if g.packAT != nil {
					g.packAT(kc, src, lda, panel)
				} else {
					copyRuns(panel, src, lda, mr, kc)
				}
				continue
			}
			for p := 0; p < kc; p++ {
				d := panel[p*mr : p*mr+mr]
				copy(d, src[p*lda:p*lda+mt])
				clear(d[mt:])
			}
			continue
		}
		src := a[(ic+ir)*lda+pc:]
		p0 := 0
		if mt == mr && g.packAN != nil && kc >= g.packStep {
			// dst from ir*kc on: the asm may spill into the next panel.
			p0 = g.packAN(kc/g.packStep, src, lda, dst[ir*kc:])
		}
		for i := 0; i < mt; i++ {
			row := src[i*lda+p0 : i*lda+kc]
			for p, v := range row {
				panel[(p0+p)*mr+i] = v
			}
		}
		for i := mt; i < mr; i++ {
			for p := p0; p < kc; p++ {
				panel[p*mr+i] = 0
			}
		}
	}
}

// packB copies the kc×nc block of op(B) at (pc, jc) into panels of nr
// columns: element (p, j) of panel q lands at dst[q*nr*kc + p*nr + j].
// Columns past nc are zero.
func (g *gemmKernel[T]) packB(dst, b []T, ldb int, transB bool, pc, jc, kc, nc int) {
	nr := g.nr
	jr0 := 0
	if !transB && g.packBNBlock != nil && nc >= nr {
		full := nc / nr
		g.packBNBlock(kc, full, b[pc*ldb+jc:], ldb, dst)
		jr0 = full * nr
	}
	for jr := jr0; jr < nc; jr += nr {
		nt := min(nr, nc-jr)
		panel := dst[jr*kc : (jr+nr)*kc]
		if !transB {
			src := b[pc*ldb+jc+jr:]
			if nt == nr {
				if g.packBN != nil {
					g.packBN(kc, src, ldb, panel)
				} else {
					copyRuns(panel, src, ldb, nr, kc)
				}
				continue
			}
			for p := 0; p < kc; p++ {
				d := panel[p*nr : p*nr+nr]
				copy(d, src[p*ldb:p*ldb+nt])
				clear(d[nt:])
			}
			continue
		}
		src := b[(jc+jr)*ldb+pc:]
		p0 := 0
		if nt == nr && g.packBT != nil && kc >= g.packStep {
			p0 = g.packBT(kc/g.packStep, src, ldb, panel)
		}
		for j := 0; j < nt; j++ {
			col := src[j*ldb+p0 : j*ldb+kc]
			for p, v := range col {
				panel[(p0+p)*nr+j] = v
			}
		}
		for j := nt; j < nr; j++ {
			for p := p0; p < kc; p++ {
				panel[p*nr+j] = 0
			}
		}
	}
}

// copyRuns copies kc runs of w contiguous elements, the run p starting at
// src[p*ld], to dst[p*w:]. Common widths copy as arrays, which the compiler
// turns into a few vector moves instead of a memmove call per run.
func copyRuns[T Float](dst, src []T, ld, w, kc int) {
	dst = dst[:w*kc]
	switch w {
	case 4:
		for p := 0; p < kc; p++ {
			*(*[4]T)(dst[p*4:]) = *(*[4]T)(src[p*ld:])
		}
	case 6:
		for p := 0; p < kc; p++ {
			*(*[6]T)(dst[p*6:]) = *(*[6]T)(src[p*ld:])
		}
	case 8:
		for p := 0; p < kc; p++ {
			*(*[8]T)(dst[p*8:]) = *(*[8]T)(src[p*ld:])
		}
	case 16:
		for p := 0; p < kc; p++ {
			*(*[16]T)(dst[p*16:]) = *(*[16]T)(src[p*ld:])
		}
	default:
		for p := 0; p < kc; p++ {
			copy(dst[p*w:p*w+w], src[p*ld:p*ld+w])
		}
	}
}
