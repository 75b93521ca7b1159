//go:build !purego && (amd64 || arm64)

package kernels

import "math"

// What the softmax kernels of the SIMD tiers share: the narrow-row paths,
// around the tier's vector exponential (vecExp, one per GOARCH).

// fullRows returns how many of rows rows of cols elements, from the first,
// have a whole vector of lanes elements from their start inside the
// matrix: the rows r with r·cols + lanes ≤ rows·cols.
func fullRows(rows, cols, lanes int) int {
	if rows*cols < lanes {
		return 0
	}
	return (rows*cols-lanes)/cols + 1
}

// softmaxNarrow is the row width below which Softmax and LogSoftmax work
// across rows instead of calling a row kernel per row: for the few classes
// of a classifier (150×3 for Iris) the per-row call and the horizontal
// reductions cost more than the row itself. The narrow paths subtract each
// row's maximum in Go, then make one vector exp call for many rows.
const softmaxNarrow = 16

func softmaxNarrowRows[T Float](dst, x []T, rows, cols int) {
	if cols == 0 {
		return
	}
	n := rows * cols
	dst, x = dst[:n], x[:n]
	for r := 0; r < n; r += cols {
		xr, dr := x[r:r+cols], dst[r:r+cols]
		m := rowMax(xr)
		for j, v := range xr {
			dr[j] = v - m
		}
	}
	vecExp(dst, dst)
	for r := 0; r < n; r += cols {
		dr := dst[r : r+cols]
		var s T
		for _, v := range dr {
			s += v
		}
		inv := 1 / s
		for j := range dr {
			dr[j] *= inv
		}
	}
}

func logSoftmaxNarrowRows[T Float](dst, x []T, rows, cols int) {
	var buf [256]T // exp of a batch of shifted rows, on the stack
	per := len(buf) / cols
	for r0 := 0; r0 < rows; r0 += per {
		r1 := min(rows, r0+per)
		seg := dst[r0*cols : r1*cols]
		for r := range r1 - r0 {
			xr, dr := x[(r0+r)*cols:(r0+r+1)*cols], seg[r*cols:(r+1)*cols]
			m := rowMax(xr)
			for j, v := range xr {
				dr[j] = v - m
			}
		}
		e := buf[:len(seg)]
		vecExp(e, seg)
		for r := 0; r < len(seg); r += cols {
			var s T
			for _, v := range e[r : r+cols] {
				s += v
			}
			l := T(math.Log(float64(s)))
			dr := seg[r : r+cols]
			for j := range dr {
				dr[j] -= l
			}
		}
	}
}
