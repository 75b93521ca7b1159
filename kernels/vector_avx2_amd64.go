//go:build !purego

package kernels

import "math"

// The avx2 tier's element-wise, reduction and softmax kernels are generated
// with Avo by the commands under ../asm; rerun them with `go generate`.

// avx2VectorOps installs the avx2 tier's element-wise, reduction and
// softmax kernels.
func avx2VectorOps(t *tier) {
	t.f32.relu = reluAVX2F32
	t.f32.reluBackward = reluBackwardAVX2F32
	t.f32.axpy = axpyAVX2F32
	t.f32.scale = scaleAVX2F32
	t.f32.add = addAVX2F32
	t.f32.sub = subAVX2F32
	t.f32.mul = mulAVX2F32
	t.f32.sum = sumAVX2F32
	t.f32.dot = dotAVX2F32
	t.f32.addColSums = addColSumsAVX2F32
	t.f32.softmax = softmaxAVX2F32
	t.f32.logSoftmax = logSoftmaxAVX2F32

	t.f64.relu = reluAVX2F64
	t.f64.reluBackward = reluBackwardAVX2F64
	t.f64.axpy = axpyAVX2F64
	t.f64.scale = scaleAVX2F64
	t.f64.add = addAVX2F64
	t.f64.sub = subAVX2F64
	t.f64.mul = mulAVX2F64
	t.f64.sum = sumAVX2F64
	t.f64.dot = dotAVX2F64
	t.f64.addColSums = addColSumsAVX2F64
	t.f64.softmax = softmaxAVX2F64
	t.f64.logSoftmax = logSoftmaxAVX2F64
}

// The softmax row kernels compute exp(x − max)·2^K so that every term is a
// normal number; K is fixed by the generator (asm/softmax), which writes
// expScaleF32 and expScaleF64 = 2^−K to softmax_shapes_amd64.go.

func softmaxAVX2F32(dst, x []float32, rows, cols int) {
	if cols <= softmaxNarrowColsF32 {
		if rows > 0 && cols > 0 {
			softmaxNarrowAVX2F32(dst, x, rows, cols, fullRows(rows, cols, softmaxNarrowColsF32))
		}
		return
	}
	if cols < softmaxNarrow {
		softmaxNarrowRows(dst, x, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		softmaxRowAVX2F32(dst[r*cols:(r+1)*cols], x[r*cols:(r+1)*cols])
	}
}

func softmaxAVX2F64(dst, x []float64, rows, cols int) {
	if cols <= softmaxNarrowColsF64 {
		if rows > 0 && cols > 0 {
			softmaxNarrowAVX2F64(dst, x, rows, cols, fullRows(rows, cols, softmaxNarrowColsF64))
		}
		return
	}
	if cols < softmaxNarrow {
		softmaxNarrowRows(dst, x, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		softmaxRowAVX2F64(dst[r*cols:(r+1)*cols], x[r*cols:(r+1)*cols])
	}
}

// fullRows returns how many of rows rows of cols elements, from the first,
// have a whole vector of lanes elements from their start inside the
// matrix: the rows r with r·cols + lanes ≤ rows·cols.
func fullRows(rows, cols, lanes int) int {
	if rows*cols < lanes {
		return 0
	}
	return (rows*cols-lanes)/cols + 1
}

// logSoftmaxAVX2F32 makes two calls per row: one for the maximum m and the
// scaled Σ exp(x − m), one for (x − m) − log Σ. The logarithm in between
// is math.Log, as in the generic tier.
func logSoftmaxAVX2F32(dst, x []float32, rows, cols int) {
	if cols == 0 {
		return
	}
	if cols < softmaxNarrow {
		logSoftmaxNarrowRows(dst, x, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		xr, dr := x[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		m, s := logSumExpRowAVX2F32(xr)
		l := float32(math.Log(float64(s) * expScaleF32))
		logSoftmaxRowAVX2F32(dr, xr, m, l)
	}
}

func logSoftmaxAVX2F64(dst, x []float64, rows, cols int) {
	if cols == 0 {
		return
	}
	if cols < softmaxNarrow {
		logSoftmaxNarrowRows(dst, x, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		xr, dr := x[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		m, s := logSumExpRowAVX2F64(xr)
		l := math.Log(s * expScaleF64)
		logSoftmaxRowAVX2F64(dr, xr, m, l)
	}
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
	expAVX2(dst, dst)
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
		expAVX2(e, seg)
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

// expAVX2 sets dst[i] = exp(x[i]) with the vector exp. It calls the
// assembly directly, not through a function value, so that a stack buffer
// passed to it stays on the stack.
func expAVX2[T Float](dst, x []T) {
	if is32[T]() {
		expAVX2F32(as32(dst), as32(x))
	} else {
		expAVX2F64(as64(dst), as64(x))
	}
}
