package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdgrad/simdgrad/kernels"
)

// The initialisers set a parameter to random values scaled to its fan-in
// and fan-out. They assume a weight matrix applied as x·W, as MatMul and
// Affine do: a Rows×Cols parameter maps Rows inputs to Cols outputs, so
// its fan-in is Rows and its fan-out Cols (PyTorch stores the transpose,
// out×in, and counts the same). Each fills p.Data in row-major order from
// rng, so the same generator state gives the same values; seed it with,
// for example, rand.New(rand.NewPCG(seed, 0)).

// XavierUniform sets p to values drawn from U(−a, a) with
// a = √(6/(fanIn + fanOut)), the initialisation of Glorot and Bengio
// (2010) for tanh and sigmoid layers: variance 2/(fanIn + fanOut), which
// keeps the variance of both the activations and the gradients roughly
// constant from layer to layer.
func XavierUniform[T kernels.Float](p *Param[T], rng *rand.Rand) {
	fillUniform(p, rng, "XavierUniform", math.Sqrt(6/(float64(p.Rows)+float64(p.Cols))))
}

// XavierNormal sets p to values drawn from N(0, σ²) with
// σ = √(2/(fanIn + fanOut)) (Glorot and Bengio, 2010).
func XavierNormal[T kernels.Float](p *Param[T], rng *rand.Rand) {
	fillNormal(p, rng, "XavierNormal", math.Sqrt(2/(float64(p.Rows)+float64(p.Cols))))
}

// HeUniform sets p to values drawn from U(−a, a) with a = √(6/fanIn), the
// initialisation of He et al. (2015) for ReLU layers: variance 2/fanIn,
// which preserves the variance of a ReLU unit's input from layer to layer.
// Each value is T(a·(2u − 1)) for u = rng.Float64().
func HeUniform[T kernels.Float](p *Param[T], rng *rand.Rand) {
	fillUniform(p, rng, "HeUniform", math.Sqrt(6/float64(p.Rows)))
}

// HeNormal sets p to values drawn from N(0, σ²) with σ = √(2/fanIn)
// (He et al., 2015).
func HeNormal[T kernels.Float](p *Param[T], rng *rand.Rand) {
	fillNormal(p, rng, "HeNormal", math.Sqrt(2/float64(p.Rows)))
}

func fillUniform[T kernels.Float](p *Param[T], rng *rand.Rand, fn string, bound float64) {
	checkParam(fn, p)
	for i := range p.Data {
		p.Data[i] = T(bound * (2*rng.Float64() - 1))
	}
}

func fillNormal[T kernels.Float](p *Param[T], rng *rand.Rand, fn string, sigma float64) {
	checkParam(fn, p)
	for i := range p.Data {
		p.Data[i] = T(sigma * rng.NormFloat64())
	}
}

// checkParam panics, naming fn, unless p has positive dimensions and Data
// of len Rows·Cols.
func checkParam[T kernels.Float](fn string, p *Param[T]) {
	if size := checkDims(fn, p.Rows, p.Cols); len(p.Data) != size {
		panic(fmt.Sprintf("autodiff.%s: len(Data)=%d, need %d×%d = %d", fn, len(p.Data), p.Rows, p.Cols, size))
	}
}
