//go:build !purego

package kernels

import "fmt"

// thinBoundsCases are the calls of the narrow, halves, pairs (float32 and
// float64), short and outer-product kernels for TestGemmWrapperBounds.
func thinBoundsCases[T Float]() []boundsCase[T] {
	cs := outerBoundsCases[T]()
	for _, k := range thinKernels[T]() {
		cs = append(cs, k.cases()...)
	}
	return cs
}

// A thinKernel describes one of the kernels that compute C in blocks of
// eight rows (blockRows in asm/gemm) for its bounds cases: every row count
// in ms (one block and several, every count of rows left for the last,
// overlapping block), every width in ns and depth in ks (for the narrow
// and pairs kernels every count of k steps left after their chunks, the
// last chunk's load ending at the row's last element), each layout, and
// beta 0 and 0.5 (the overlapping block stores only its new rows).
type thinKernel[T Float] struct {
	name    string
	ms      []int
	ns, ks  []int
	contigA bool // A's rows contiguous (lda = k), as the halves kernel takes them
	contigC bool // also C's rows contiguous (ldc = n): the pairs of rows stored at once
	lens    func(m, n, k, lda, rsb, csb, ldc int) (a, b, c int)
	call    func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int
}

// thinKernels returns T's thin kernels.
func thinKernels[T Float]() []thinKernel[T] {
	ms := func(rows int) []int {
		return []int{rows, rows + 1, 2*rows + 2, 2*rows + 3, 3*rows + 4, 3*rows + 5, 4*rows + 6, 4*rows + 7}
	}
	upTo := func(lo, hi, step int) []int {
		var v []int
		for x := lo; x <= hi; x += step {
			v = append(v, x)
		}
		return v
	}
	if !is32[T]() {
		return []thinKernel[T]{{
			name: "pairs", ms: ms(gemmPairsRowsF64), ns: upTo(1, gemmPairsMaxNF64, 1), ks: upTo(1, gemmPairsMaxKF64, 1), contigC: true,
			lens: gemmPairsLenF64,
			call: func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int {
				return callPairs(m, n, k, as64(s[0]), lda, as64(s[1]), rsb, csb, as64(s[2]), ldc, 1.5, float64(beta))
			},
		}, {
			name: "short", ms: ms(gemmShortRowsF64), ns: upTo(1, gemmShortMaxNF64, 1), ks: upTo(1, gemmShortMaxKF64, 1),
			lens: gemmShortLenF64,
			call: func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int {
				return callShort(m, n, k, as64(s[0]), lda, as64(s[1]), rsb, csb, as64(s[2]), ldc, 1.5, float64(beta))
			},
		}}
	}
	return []thinKernel[T]{{
		name: "narrow", ms: ms(gemmNarrowRowsF32), ns: upTo(1, gemmNarrowMaxNF32, 1), ks: []int{1, 2, 3, 4, 5, 6, 7, 9, 14, gemmNarrowMaxKF32},
		contigC: true,
		lens:    gemmNarrowLenF32,
		call: func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int {
			return callNarrow(m, n, k, as32(s[0]), lda, as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, float32(beta))
		},
	}, {
		name: "halves", ms: ms(gemmHalvesRowsF32), ns: upTo(gemmHalvesMinNF32, gemmHalvesMaxNF32, 1), ks: upTo(1, gemmHalvesMaxKF32, 1),
		contigA: true, contigC: true,
		lens: func(m, n, k, _, rsb, csb, ldc int) (int, int, int) { return gemmHalvesLenF32(m, n, k, rsb, csb, ldc) },
		call: func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int {
			return callHalves(m, n, k, as32(s[0]), lda, as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, float32(beta))
		},
	}, {
		name: "pairs", ms: ms(gemmPairsRowsF32), ns: []int{gemmPairsMaxNF32}, ks: upTo(4, gemmPairsMaxKF32, 4), contigC: true,
		lens: gemmPairsLenF32,
		call: func(s [][]T, m, n, k, lda, rsb, csb, ldc int, beta T) int {
			return callPairsF32(m, n, k, as32(s[0]), lda, as32(s[1]), rsb, csb, as32(s[2]), ldc, 1.5, float32(beta))
		},
	}}
}

// cases returns the kernel's bounds cases: B row-major and transposed, C
// with padded rows and, where it matters, contiguous ones. Each checks that
// the kernel computed all m rows.
func (tk thinKernel[T]) cases() []boundsCase[T] {
	var cs []boundsCase[T]
	for _, m := range tk.ms {
		for _, n := range tk.ns {
			for _, k := range tk.ks {
				lda := k + 1
				if tk.contigA {
					lda = k
				}
				layouts := [][3]int{{n + 1, 1, n + 2}, {1, k + 2, n + 2}} // rsb, csb, ldc
				if tk.contigC {
					layouts = append(layouts, [3]int{n, 1, n})
				}
				for _, l := range layouts {
					rsb, csb, ldc := l[0], l[1], l[2]
					for _, beta := range []T{0.5, 0} {
						cs = append(cs, boundsCase[T]{
							name: fmt.Sprintf("%s m=%d n=%d k=%d lda=%d rsb=%d csb=%d ldc=%d beta=%v", tk.name, m, n, k, lda, rsb, csb, ldc, beta),
							lens: ints(tk.lens(m, n, k, lda, rsb, csb, ldc)),
							call: func(s [][]T) {
								if got := tk.call(s, m, n, k, lda, rsb, csb, ldc, beta); got != m {
									panic(fmt.Sprintf("%s computed %d rows, want %d", tk.name, got, m))
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
