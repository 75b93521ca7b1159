//go:build !purego

package kernels

import "math"

// The avx2 tier's element-wise, reduction and softmax kernels are generated
// with Avo by the commands under ../asm; rerun them with `go generate`.

//go:generate sh -c "cd ../asm && go run ./vector -out ../kernels/vector_amd64.s -stubs ../kernels/vector_stubs_amd64.go -pkg kernels"
//go:generate sh -c "cd ../asm && go run ./softmax -out ../kernels/softmax_amd64.s -stubs ../kernels/softmax_stubs_amd64.go -pkg kernels"

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
// normal number; K is fixed by the generator (asm/softmax).
const (
	expScaleF32 = 0x1p-64  // 2^−K for float32
	expScaleF64 = 0x1p-512 // 2^−K for float64
)

func softmaxAVX2F32(dst, x []float32, rows, cols int) {
	for r := 0; r < rows; r++ {
		softmaxRowAVX2F32(dst[r*cols:(r+1)*cols], x[r*cols:(r+1)*cols])
	}
}

func softmaxAVX2F64(dst, x []float64, rows, cols int) {
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
	for r := 0; r < rows; r++ {
		xr, dr := x[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		m, s := logSumExpRowAVX2F64(xr)
		l := math.Log(s * expScaleF64)
		logSoftmaxRowAVX2F64(dr, xr, m, l)
	}
}
