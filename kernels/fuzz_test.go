package kernels_test

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
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

func fuzzElementwise(f *testing.F, spec32 elementwise[float32], spec64 elementwise[float64]) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		eachTier(func() {
			spec32.check(t, split(decode32(data), spec32.arity), 0, harness.End)
			spec64.check(t, split(decode64(data), spec64.arity), 0, harness.End)
		})
	})
}

func FuzzReLU(f *testing.F) { fuzzElementwise(f, reluSpec[float32](), reluSpec[float64]()) }
func FuzzReLUBackward(f *testing.F) {
	fuzzElementwise(f, reluBackwardSpec[float32](), reluBackwardSpec[float64]())
}
func FuzzAxpy(f *testing.F)  { fuzzElementwise(f, axpySpec[float32](0.75), axpySpec[float64](0.75)) }
func FuzzScale(f *testing.F) { fuzzElementwise(f, scaleSpec[float32](-1.5), scaleSpec[float64](-1.5)) }
func FuzzAdd(f *testing.F) {
	fuzzElementwise(f, binaryByName[float32]("Add"), binaryByName[float64]("Add"))
}
func FuzzSub(f *testing.F) {
	fuzzElementwise(f, binaryByName[float32]("Sub"), binaryByName[float64]("Sub"))
}
func FuzzMul(f *testing.F) {
	fuzzElementwise(f, binaryByName[float32]("Mul"), binaryByName[float64]("Mul"))
}

func binaryByName[T kernels.Float](name string) elementwise[T] {
	for _, e := range elementwiseSpecs[T]() {
		if e.name == name {
			return e
		}
	}
	panic("no kernel " + name)
}

// fuzzReduction clamps finite inputs to ±1e6: a sum that overflows T but
// not the float64 oracle has no single right answer.
func fuzzReduction(f *testing.F, spec32 reduction[float32], spec64 reduction[float64]) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x32, x64 := decode32(data), decode64(data)
		clampFinite(x32, 1e6)
		clampFinite(x64, 1e6)
		eachTier(func() {
			spec32.check(t, split(x32, spec32.arity), 0, harness.End)
			spec64.check(t, split(x64, spec64.arity), 0, harness.End)
		})
	})
}

func FuzzSum(f *testing.F) {
	fuzzReduction(f, reductionSpecs[float32]()[0], reductionSpecs[float64]()[0])
}
func FuzzDot(f *testing.F) {
	fuzzReduction(f, reductionSpecs[float32]()[1], reductionSpecs[float64]()[1])
}

// shape takes a rows×cols split of n elements from a byte of the input.
func shape(b byte, n int) (rows, cols int) {
	rows = 1 + int(b)%5
	return rows, n / rows
}

func FuzzAddColSums(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
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
	})
}

// FuzzSoftmax checks Softmax and LogSoftmax together (checkSoftmax runs
// both).
func FuzzSoftmax(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		x32, x64 := decode32(data[1:]), decode64(data[1:])
		eachTier(func() {
			rows, cols := shape(data[0], len(x32))
			checkSoftmax(t, x32[:rows*cols], rows, cols, harness.End)
			rows, cols = shape(data[0], len(x64))
			checkSoftmax(t, x64[:rows*cols], rows, cols, harness.End)
		})
	})
}

// FuzzLogSoftmax fuzzes rows of finite values only, where LogSoftmax's
// bound is the tight one.
func FuzzLogSoftmax(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
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
		eachTier(func() {
			rows, cols := shape(data[0], len(x32))
			checkSoftmax(t, x32[:rows*cols], rows, cols, harness.End)
			rows, cols = shape(data[0], len(x64))
			checkSoftmax(t, x64[:rows*cols], rows, cols, harness.End)
		})
	})
}

// FuzzGemm takes the shape, transposes, alpha and beta from the first
// bytes and a seed for the operands from the rest.
func FuzzGemm(f *testing.F) {
	f.Add([]byte{3, 5, 7, 0, 1, 2, 3, 4})
	f.Add([]byte{17, 6, 33, 3, 0, 0, 9, 9})
	f.Add([]byte{1, 1, 1, 1, 255, 255, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 8 {
			return
		}
		m, n, k := int(data[0])%40, int(data[1])%40, int(data[2])%40
		ta, tb := data[3]&1 != 0, data[3]&2 != 0
		alphas := []float64{1, 0, -0.5, 2.5}
		betas := []float64{0, 1, -1, 0.5}
		alpha, beta := alphas[data[4]%4], betas[data[5]%4]
		seed := binary.LittleEndian.Uint16(data[6:])
		special := float64(data[3]>>2) / 256
		eachTier(func() {
			r := rand.New(rand.NewPCG(uint64(seed), 1))
			gemmCase[float32]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: float32(alpha), beta: float32(beta), pad: int(data[4] >> 6)}.check(t, r, special, harness.End)
			gemmCase[float64]{transA: ta, transB: tb, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: int(data[5] >> 6)}.check(t, r, special, harness.Start)
		})
	})
}
