package kernels_test

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// One fuzz target per kernel: the fuzzer's bytes become float32 and float64
// inputs (every bit pattern, so NaN payloads, infinities, subnormals and
// huge values all occur), each tier runs them, and the parity checks of
// parity_test.go compare with the oracle. Run one with, e.g.,
//
//	go test -run '^$' -fuzz '^FuzzSoftmax$' -fuzztime 30s ./kernels

func decode32(data []byte) []float32 {
	x := make([]float32, len(data)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return x
}

func decode64(data []byte) []float64 {
	x := make([]float64, len(data)/8)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return x
}

// split cuts x into k equal parts (dropping the remainder).
func split[T kernels.Float](x []T, k int) [][]T {
	n := len(x) / k
	parts := make([][]T, k)
	for i := range parts {
		parts[i] = x[i*n : (i+1)*n]
	}
	return parts
}

// eachTier runs f with every available tier in turn.
func eachTier(f func()) {
	for _, isa := range kernels.ISAs() {
		restore := kernels.UseISA(isa)
		f()
		restore()
	}
}

// seeds adds a few inputs with special values to a fuzz target's corpus.
func seeds(f *testing.F) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{0, 7, 64, 133} {
		x := make([]float64, n)
		harness.Fill(r, x, 10, 0.1)
		data := make([]byte, 8*n)
		for i, v := range x {
			binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
		}
		f.Add(data)
	}
}

// fuzzBody is the body of a fuzz target: it checks every tier on the
// kernel inputs decoded from data. BenchmarkFuzzBody runs the same bodies on
// fixed inputs.
type fuzzBody func(t testing.TB, data []byte)

// fuzz runs body as f's fuzz function.
func fuzz(f *testing.F, body fuzzBody) {
	f.Fuzz(func(t *testing.T, data []byte) { body(t, data) })
}

func elementwiseBody(spec32 elementwise[float32], spec64 elementwise[float64]) fuzzBody {
	return func(t testing.TB, data []byte) {
		eachTier(func() {
			spec32.check(t, split(decode32(data), spec32.arity), 0, harness.End)
			spec64.check(t, split(decode64(data), spec64.arity), 0, harness.End)
		})
	}
}

func binaryByName[T kernels.Float](name string) elementwise[T] {
	for _, e := range elementwiseSpecs[T]() {
		if e.name == name {
			return e
		}
	}
	panic("no kernel " + name)
}

// reductionBody clamps finite inputs to ±1e6: a sum that overflows T but
// not the float64 oracle has no single right answer.
func reductionBody(spec32 reduction[float32], spec64 reduction[float64]) fuzzBody {
	return func(t testing.TB, data []byte) {
		x32, x64 := decode32(data), decode64(data)
		clampFinite(x32, 1e6)
		clampFinite(x64, 1e6)
		eachTier(func() {
			spec32.check(t, split(x32, spec32.arity), 0, harness.End)
			spec64.check(t, split(x64, spec64.arity), 0, harness.End)
		})
	}
}

// shape takes a rows×cols split of n elements from a byte of the input.
func shape(b byte, n int) (rows, cols int) {
	rows = 1 + int(b)%5
	return rows, n / rows
}

// narrowShape is shape for rows of 1–4 elements, as many rows as fit: the
// avx2 float32 softmax takes such rows eight at a time.
func narrowShape(b byte, n int) (rows, cols int) {
	cols = 1 + int(b>>1)%4
	return n / cols, cols
}

func addColSumsBody(t testing.TB, data []byte) {
	if len(data) == 0 {
		return
	}
	x32, x64 := decode32(data[1:]), decode64(data[1:])
	eachTier(func() {
		rows, cols := shape(data[0], len(x32))
		checkAddColSums(t, x32[:rows*cols], make([]float32, cols), rows, cols, max(cols, 1), harness.End)
		rows, cols = shape(data[0], len(x64))
		checkAddColSums(t, x64[:rows*cols], make([]float64, cols), rows, cols, max(cols, 1), harness.End)
	})
}

// softmaxBody checks Softmax and LogSoftmax together (checkSoftmax runs
// both).
func softmaxBody(t testing.TB, data []byte) {
	if len(data) == 0 {
		return
	}
	x32, x64 := decode32(data[1:]), decode64(data[1:])
	shapeOf := shape
	if data[0]&0x80 != 0 {
		shapeOf = narrowShape
	}
	rows, cols := shapeOf(data[0], len(x32))
	c32 := newSoftmaxCase(x32[:rows*cols], rows, cols)
	rows, cols = shapeOf(data[0], len(x64))
	c64 := newSoftmaxCase(x64[:rows*cols], rows, cols)
	eachTier(func() {
		c32.check(t, harness.End)
		c64.check(t, harness.End)
	})
}

// logSoftmaxBody checks rows of finite values only, where LogSoftmax's
// bound is the tight one.
func logSoftmaxBody(t testing.TB, data []byte) {
	if len(data) == 0 {
		return
	}
	x32, x64 := decode32(data[1:]), decode64(data[1:])
	clampFinite(x32, 1e30)
	clampFinite(x64, 1e300)
	for i, v := range x32 {
		if v != v || math.IsInf(float64(v), 0) {
			x32[i] = 0
		}
	}
	for i, v := range x64 {
		if v != v || math.IsInf(v, 0) {
			x64[i] = 0
		}
	}
	rows, cols := shape(data[0], len(x32))
	c32 := newSoftmaxCase(x32[:rows*cols], rows, cols)
	rows, cols = shape(data[0], len(x64))
	c64 := newSoftmaxCase(x64[:rows*cols], rows, cols)
	eachTier(func() {
		c32.check(t, harness.End)
		c64.check(t, harness.End)
	})
}

// gemmBody takes the shape, transposes, alpha and beta from the first bytes
// and a seed for the operands from the rest.
func gemmBody(t testing.TB, data []byte) {
	if len(data) < 8 {
		return
	}
	m, n, k := int(data[0])%40, int(data[1])%40, int(data[2])%40
	ta, tb := data[3]&1 != 0, data[3]&2 != 0
	alpha, beta, seed, special := gemmFuzzScalars(data)
	eachTier(func() {
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		gemmCase[float32]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: float32(alpha), beta: float32(beta), pad: int(data[4] >> 6)}.check(t, r, special, harness.End)
		gemmCase[float64]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: int(data[5] >> 6)}.check(t, r, special, harness.Start)
	})
}

// gemmFuzzScalars reads a GEMM fuzz input's alpha (data[4]), beta
// (data[5]), seed (data[6:8]) and share of special values (data[3] >> 2).
func gemmFuzzScalars(data []byte) (alpha, beta float64, seed uint16, special float64) {
	alphas := []float64{1, 0, -0.5, 2.5}
	betas := []float64{0, 1, -1, 0.5}
	return alphas[data[4]%4], betas[data[5]%4], binary.LittleEndian.Uint16(data[6:]), float64(data[3]>>2) / 256
}

// gemmNarrowBody fuzzes the products of the narrow, halves and pairs
// kernels (avx2, float32), the pairs and short kernels (avx2, float64) and
// their neighbours: a row-major A of 8…79 rows, a C of 1…4 columns, k of 1…24
// (past the narrow kernel's reach at 17…24 for n < 4, the pairs kernel's
// at 13…24 for n = 1 and 17…24 for n = 2), B either way, with special
// values. With data[3]&2 set, it fuzzes the outer-product kernel's instead
// (avx2): a transposed A, a C of 1…5 × 1…3, k of 1…256, in both float32 and
// float64.
func gemmNarrowBody(t testing.TB, data []byte) {
	if len(data) < 8 {
		return
	}
	m, n, k := 8+int(data[0])%72, 1+int(data[1])%4, 1+int(data[2])%24
	ta, tb := data[3]&2 != 0, data[3]&1 != 0
	if ta {
		m, n, k = 1+int(data[0])%5, 1+int(data[1])%3, 1+int(data[2])
	}
	alpha, beta, seed, special := gemmFuzzScalars(data)
	eachTier(func() {
		r := rand.New(rand.NewPCG(uint64(seed), 2))
		gemmCase[float32]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: float32(alpha), beta: float32(beta), pad: int(data[4] >> 6)}.check(t, r, special, harness.End)
		if ta {
			gemmCase[float64]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: int(data[5] >> 6)}.check(t, r, special, harness.Start)
		} else {
			gemmCase[float32]{transB: tb, m: m, n: n, k: k, alpha: float32(alpha), beta: float32(beta), pad: int(data[5] >> 6)}.check(t, r, special, harness.Start)
			gemmCase[float64]{transB: tb, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: int(data[4] >> 6)}.check(t, r, special, harness.End)
		}
	})
}

// fuzzBodies are the bodies of the fuzz targets, by target name.
var fuzzBodies = map[string]fuzzBody{
	"FuzzReLU":         elementwiseBody(reluSpec[float32](), reluSpec[float64]()),
	"FuzzReLUBackward": elementwiseBody(reluBackwardSpec[float32](), reluBackwardSpec[float64]()),
	"FuzzAxpy":         elementwiseBody(axpySpec[float32](0.75), axpySpec[float64](0.75)),
	"FuzzScale":        elementwiseBody(scaleSpec[float32](-1.5), scaleSpec[float64](-1.5)),
	"FuzzAdd":          elementwiseBody(binaryByName[float32]("Add"), binaryByName[float64]("Add")),
	"FuzzSub":          elementwiseBody(binaryByName[float32]("Sub"), binaryByName[float64]("Sub")),
	"FuzzMul":          elementwiseBody(binaryByName[float32]("Mul"), binaryByName[float64]("Mul")),
	"FuzzSum":          reductionBody(reductionSpecs[float32]()[0], reductionSpecs[float64]()[0]),
	"FuzzDot":          reductionBody(reductionSpecs[float32]()[1], reductionSpecs[float64]()[1]),
	"FuzzAddColSums":   addColSumsBody,
	"FuzzSoftmax":      softmaxBody,
	"FuzzLogSoftmax":   logSoftmaxBody,
	"FuzzGemm":         gemmBody,
	"FuzzGemmNarrow":   gemmNarrowBody,
	// activation_test.go
	"FuzzExp":             activationBody("Exp"),
	"FuzzSigmoid":         activationBody("Sigmoid"),
	"FuzzTanh":            activationBody("Tanh"),
	"FuzzSigmoidBackward": activationBody("SigmoidBackward"),
	"FuzzTanhBackward":    activationBody("TanhBackward"),
}

func FuzzReLU(f *testing.F)         { seeds(f); fuzz(f, fuzzBodies["FuzzReLU"]) }
func FuzzReLUBackward(f *testing.F) { seeds(f); fuzz(f, fuzzBodies["FuzzReLUBackward"]) }
func FuzzAxpy(f *testing.F)         { seeds(f); fuzz(f, fuzzBodies["FuzzAxpy"]) }
func FuzzScale(f *testing.F)        { seeds(f); fuzz(f, fuzzBodies["FuzzScale"]) }
func FuzzAdd(f *testing.F)          { seeds(f); fuzz(f, fuzzBodies["FuzzAdd"]) }
func FuzzSub(f *testing.F)          { seeds(f); fuzz(f, fuzzBodies["FuzzSub"]) }
func FuzzMul(f *testing.F)          { seeds(f); fuzz(f, fuzzBodies["FuzzMul"]) }
func FuzzSum(f *testing.F)          { seeds(f); fuzz(f, fuzzBodies["FuzzSum"]) }
func FuzzDot(f *testing.F)          { seeds(f); fuzz(f, fuzzBodies["FuzzDot"]) }
func FuzzAddColSums(f *testing.F)   { seeds(f); fuzz(f, fuzzBodies["FuzzAddColSums"]) }
func FuzzSoftmax(f *testing.F) {
	seeds(f)
	// 19 rows of 3 float32 (two blocks of eight, three rows left), of
	// small finite values.
	seed := []byte{0x84}
	for i := range 19 * 3 {
		seed = append(seed, byte(i*37), byte(i*11), 0, 0x3c)
	}
	f.Add(seed)
	fuzz(f, fuzzBodies["FuzzSoftmax"])
}
func FuzzLogSoftmax(f *testing.F) { seeds(f); fuzz(f, fuzzBodies["FuzzLogSoftmax"]) }

func FuzzGemm(f *testing.F) {
	f.Add([]byte{3, 5, 7, 0, 1, 2, 3, 4})
	f.Add([]byte{17, 6, 33, 3, 0, 0, 9, 9})
	f.Add([]byte{1, 1, 1, 1, 255, 255, 0, 0})
	fuzz(f, fuzzBodies["FuzzGemm"])
}

func FuzzGemmNarrow(f *testing.F) {
	f.Add([]byte{142, 2, 11, 0, 0, 0, 1, 2})     // 150×3, k = 12
	f.Add([]byte{142, 1, 3, 3, 5, 1, 3, 4})      // 150×2, k = 4, transposed B
	f.Add([]byte{8, 3, 22, 1, 0xc3, 0xc2, 0, 0}) // 16×4, k = 23
	f.Add([]byte{3, 1, 149, 2, 0, 0, 5, 6})      // 4×150ᵀ·150×2
	fuzz(f, fuzzBodies["FuzzGemmNarrow"])
}

// BenchmarkFuzzBody runs each fuzz target's body on fixed random inputs
// of 64, 512 and 4096 bytes: the cost of one fuzzing input, without the
// fuzzing engine's share.
func BenchmarkFuzzBody(b *testing.B) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, name := range slices.Sorted(maps.Keys(fuzzBodies)) {
		body := fuzzBodies[name]
		for _, size := range []int{64, 512, 4096} {
			data := make([]byte, size)
			for i := range data {
				data[i] = byte(r.Uint32())
			}
			b.Run(fmt.Sprintf("target=%s/bytes=%d", name, size), func(b *testing.B) {
				for b.Loop() {
					body(b, data)
				}
			})
		}
	}
}
