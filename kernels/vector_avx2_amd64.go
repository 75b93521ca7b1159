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
		if cols > 0 && cols <= softmaxLanesColsF32 && rows >= 8 {
			// Rows of at most four, eight at a time in the lanes: the
			// same results as softmaxNarrow's, bit for bit.
			blocks := rows / 8
			n := 8 * blocks * cols
			_, _ = dst[n-1], x[n-1]
			softmaxLanesAVX2F32(dst, x, blocks, cols)
			rows -= 8 * blocks
			dst, x = dst[n:], x[n:]
		}
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

// vecExp sets dst[i] = exp(x[i]) with the avx2 tier's vector exp. It calls
// the assembly directly, not through a function value, so that a stack
// buffer passed to it stays on the stack.
func vecExp[T Float](dst, x []T) {
	if is32[T]() {
		expAVX2F32(as32(dst), as32(x))
	} else {
		expAVX2F64(as64(dst), as64(x))
	}
}
