//go:build !purego

package kernels

import "fmt"

// thinBoundsCases are the calls of the narrow, halves, pairs (float32 and
// float64), short and outer-product kernels for TestGemmWrapperBounds. The narrow kernel's
// (float32 only): one block and several, rows left over, every width,
// short depths (the rows' elements loaded exactly) and long ones with 0…3
// k steps left after the chunks (the last chunk's load ends at the row's
// last element), B both ways (rows of B contiguous, or its columns: a
// transposed B), and beta 0 and not (the overlapping last block stores
// only its new rows).
func thinBoundsCases[T Float]() []boundsCase[T] {
	cs := outerBoundsCases[T]()
	if !is32[T]() {
		// The narrow and halves kernels are float32's only, the pairs and
		// short kernels float64's.
		return append(append(cs, pairsBoundsCases[T]()...), shortBoundsCases[T]()...)
	}
	cs = append(cs, halvesBoundsCases[T]()...)
	cs = append(cs, pairsF32BoundsCases[T]()...)
	const rowsOf = gemmNarrowRowsF32
	for i, m := range []int{rowsOf, rowsOf + 5, 3*rowsOf + 1, 2*rowsOf + 7} {
		for n := 1; n <= gemmNarrowMaxNF32; n++ {
			for _, k := range []int{1, 2, 3, 4, 5, 6, 7, gemmNarrowMaxKF32} {
				for _, st := range [][2]int{{n + 1, 1}, {1, k + 2}} {
					lda, rsb, csb, ldc := k+1, st[0], st[1], n+2
					beta := []float32{0.5, 0}[(i+n+k)%2]
					cs = append(cs, boundsCase[T]{
						name: fmt.Sprintf("narrow m=%d n=%d k=%d rsb=%d csb=%d beta=%v", m, n, k, rsb, csb, beta),
						lens: ints(gemmNarrowLenF32(m, n, k, lda, rsb, csb, ldc)),
						call: func(s [][]T) {
							if got := callNarrow(m, n, k, as32(s[0]), lda, as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, beta); got != m {
								panic(fmt.Sprintf("callNarrow computed %d rows, want %d", got, m))
							}
						},
					})
				}
			}
		}
	}
	return cs
}

// halvesBoundsCases are the float32 halves kernel's calls for
// TestGemmWrapperBounds: one block and several, rows left over, both
// widths and depths, B both ways, C's rows contiguous (ldc = n, a pair of
// rows per store when n = 4) or not, and beta 0 and not.
func halvesBoundsCases[T Float]() []boundsCase[T] {
	var cs []boundsCase[T]
	const rowsOf = gemmHalvesRowsF32
	for i, m := range []int{rowsOf, rowsOf + 5, 3*rowsOf + 1, 2*rowsOf + 7, 4*rowsOf + 2} {
		for n := gemmHalvesMinNF32; n <= gemmHalvesMaxNF32; n++ {
			for k := 1; k <= gemmHalvesMaxKF32; k++ {
				for _, st := range [][3]int{{n + 1, 1, n}, {1, k + 2, n}, {n, 1, n + 2}} {
					rsb, csb, ldc := st[0], st[1], st[2]
					for _, beta := range []float32{0, 0.5} {
						cs = append(cs, boundsCase[T]{
							name: fmt.Sprintf("halves m=%d n=%d k=%d rsb=%d csb=%d ldc=%d beta=%v (%d)", m, n, k, rsb, csb, ldc, beta, i),
							lens: ints(gemmHalvesLenF32(m, n, k, rsb, csb, ldc)),
							call: func(s [][]T) {
								if got := callHalves(m, n, k, as32(s[0]), as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, beta); got != m {
									panic(fmt.Sprintf("callHalves computed %d rows, want %d", got, m))
								}
							},
						})
					}
				}
			}
		}
	}
	return cs
}

// shortBoundsCases are the float64 short kernel's calls for
// TestGemmWrapperBounds: one block and several, every count of rows left,
// every width and depth, B both ways, beta 0 and not.
func shortBoundsCases[T Float]() []boundsCase[T] {
	var cs []boundsCase[T]
	const rowsOf = gemmShortRowsF64
	for i, m := range []int{rowsOf, rowsOf + 1, 2*rowsOf + 2, 2*rowsOf + 3, 3*rowsOf + 4, 3*rowsOf + 5, 4*rowsOf + 6, 4*rowsOf + 7} {
		for n := 1; n <= gemmShortMaxNF64; n++ {
			for k := 1; k <= gemmShortMaxKF64; k++ {
				for _, st := range [][2]int{{n + 1, 1}, {1, k + 2}} {
					lda, rsb, csb, ldc := k+1, st[0], st[1], n+2
					beta := []float64{0.5, 0}[(i+n+k)%2]
					cs = append(cs, boundsCase[T]{
						name: fmt.Sprintf("short m=%d n=%d k=%d rsb=%d csb=%d beta=%v", m, n, k, rsb, csb, beta),
						lens: ints(gemmShortLenF64(m, n, k, lda, rsb, csb, ldc)),
						call: func(s [][]T) {
							if got := callShort(m, n, k, as64(s[0]), lda, as64(s[1]), rsb, csb, as64(s[2]), ldc, 1.5, beta); got != m {
								panic(fmt.Sprintf("callShort computed %d rows, want %d", got, m))
							}
						},
					})
				}
			}
		}
	}
	return cs
}

// pairsF32BoundsCases are the float32 pairs kernel's calls for
// TestGemmWrapperBounds: one block and several, rows left over, every
// depth it takes, B both ways, C's rows contiguous (four rows a store) or
// not, and beta 0 and not.
func pairsF32BoundsCases[T Float]() []boundsCase[T] {
	var cs []boundsCase[T]
	const rowsOf, n = gemmPairsRowsF32, gemmPairsMaxNF32
	for i, m := range []int{rowsOf, rowsOf + 5, 3*rowsOf + 1, 2*rowsOf + 7} {
		for k := 4; k <= gemmPairsMaxKF32; k += 4 {
			for _, st := range [][3]int{{n + 1, 1, n}, {1, k + 2, n}, {n, 1, n + 2}} {
				lda, rsb, csb, ldc := k+1, st[0], st[1], st[2]
				for _, beta := range []float32{0, 0.5} {
					cs = append(cs, boundsCase[T]{
						name: fmt.Sprintf("pairs f32 m=%d k=%d rsb=%d csb=%d ldc=%d beta=%v (%d)", m, k, rsb, csb, ldc, beta, i),
						lens: ints(gemmPairsLenF32(m, n, k, lda, rsb, csb, ldc)),
						call: func(s [][]T) {
							if got := callPairsF32(m, n, k, as32(s[0]), lda, as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, beta); got != m {
								panic(fmt.Sprintf("callPairsF32 computed %d rows, want %d", got, m))
							}
						},
					})
				}
			}
		}
	}
	return cs
}

// pairsBoundsCases are the float64 pairs kernel's calls for
// TestGemmWrapperBounds, as the narrow kernel's: one block and several,
// every count of rows left, both widths, every depth up to the kernel's
// deepest (full chunks of four k steps and 0…3 steps left, read by a
// masked load), B both ways and beta 0 and not.
func pairsBoundsCases[T Float]() []boundsCase[T] {
	var cs []boundsCase[T]
	const rowsOf = gemmPairsRowsF64
	for i, m := range []int{rowsOf, rowsOf + 5, 3*rowsOf + 1, 2*rowsOf + 7, 4*rowsOf + 2, 5*rowsOf + 3, 6*rowsOf + 4, 7*rowsOf + 6} {
		for n := 1; n <= gemmPairsMaxNF64; n++ {
			for k := 1; k <= gemmPairsMaxKF64; k++ {
				for _, st := range [][2]int{{n + 1, 1}, {1, k + 2}} {
					lda, rsb, csb, ldc := k+1, st[0], st[1], n+2
					beta := []float64{0.5, 0}[(i+n+k)%2]
					cs = append(cs, boundsCase[T]{
						name: fmt.Sprintf("pairs m=%d n=%d k=%d rsb=%d csb=%d beta=%v", m, n, k, rsb, csb, beta),
						lens: ints(gemmPairsLenF64(m, n, k, lda, rsb, csb, ldc)),
						call: func(s [][]T) {
							if got := callPairs(m, n, k, as64(s[0]), lda, as64(s[1]), rsb, csb, as64(s[2]), ldc, 1.5, beta); got != m {
								panic(fmt.Sprintf("callPairs computed %d rows, want %d", got, m))
							}
						},
					})
				}
			}
		}
	}
	return cs
}

// outerBoundsCases are the outer-product kernel's calls for
// TestGemmWrapperBounds: every shape of C, k below, at and past its eight
// accumulator sets.
func outerBoundsCases[T Float]() []boundsCase[T] {
	var cs []boundsCase[T]
	for m := 1; m <= gemmOuterMaxMF32; m++ {
		for n := 1; n <= gemmOuterMaxNF32; n++ {
			for _, k := range []int{1, 7, 8, 9, 17} {
				lda, ldb, ldc := m+1, n+1, n+2
				var lens []int
				if is32[T]() {
					lens = ints(gemmOuterLenF32(m, n, k, lda, ldb, ldc))
				} else {
					lens = ints(gemmOuterLenF64(m, n, k, lda, ldb, ldc))
				}
				cs = append(cs, boundsCase[T]{
					name: fmt.Sprintf("outer m=%d n=%d k=%d", m, n, k),
					lens: lens,
					call: func(s [][]T) { callOuter(m, n, k, s[0], lda, s[1], ldb, s[2], ldc, 1.5, 0.5) },
				})
			}
		}
	}
	return cs
}
