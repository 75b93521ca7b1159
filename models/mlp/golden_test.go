package mlp_test

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
	"github.com/simdgrad/simdgrad/models/mlp"
)

var printGolden = flag.Bool("mlp.golden", false, "print the fingerprints of TestDefaultTrainingUnchanged instead of checking them")

// fingerprint trains with Train's default options (full-batch plain
// gradient descent at lr 0.01, 1000 epochs, seed 0) on the standardised
// Iris split of seed 0, and returns an FNV-1a hash of the bits of every
// loss and accuracy in the history and of every final weight and bias,
// with the last loss. It uses only API that predates the optimizer and
// mini-batch options, so the same code runs on the older tree.
func fingerprint[T kernels.Float](v mlp.Variant) (uint64, float64) {
	train, valid := irisSplit(0)
	net, h, err := mlp.Train[T](train, valid, mlp.Options{Variant: v})
	if err != nil {
		panic(err)
	}
	f := fnv.New64a()
	put := func(x float64) {
		b := math.Float64bits(x)
		f.Write([]byte{byte(b), byte(b >> 8), byte(b >> 16), byte(b >> 24), byte(b >> 32), byte(b >> 40), byte(b >> 48), byte(b >> 56)})
	}
	for _, s := range [][]float64{h.Loss, h.TrainAccuracy, h.ValidAccuracy} {
		for _, x := range s {
			put(x)
		}
	}
	for l := range net.W {
		for _, x := range net.W[l].Data {
			put(float64(x))
		}
		for _, x := range net.B[l].Data {
			put(float64(x))
		}
	}
	return f.Sum64(), h.Loss[len(h.Loss)-1]
}

// goldenDefault holds the fingerprints of the default training runs as
// the code before the optimizer, mini-batch and inference options
// computed them (the last losses are 0.2163039892911911 in float32 with
// avx2, 0.2163039743900299 generic, 0.21630395511152933 in float64),
// by GOARCH and kernel tier: this file was copied into that tree and run
// with
//
//	go test -run TestDefaultTrainingUnchanged -mlp.golden ./models/mlp              # amd64 avx2
//	go test -tags purego -run TestDefaultTrainingUnchanged -mlp.golden ./models/mlp # amd64 generic
//	GOARCH=arm64 go test -exec qemu-aarch64-static -run TestDefaultTrainingUnchanged -mlp.golden ./models/mlp
//
// The tiers round differently (FMA, the order of the sums), and the Go
// compiler fuses multiply-adds on arm64, hence one set each. A kernel
// change that reorders sums changes them: then the earlier tree
// (eb2cc51) is run with the new kernels/ and internal/ copied in, as for
// the avx2 float64 values after the direct kernel's accumulator sets
// changed, and the avx2 float32 ones after the narrow kernel came and
// again when it took the rows left after its blocks.
var goldenDefault = map[string]map[string]uint64{
	"amd64/avx2":    {"standard/f32": 0x5eab3b127dd9900a, "standard/f64": 0x9f01f49f23cd8e16, "writeup/f32": 0x413f7b4ce4a76da7, "writeup/f64": 0x22aef35e2d0871e4},
	"amd64/generic": {"standard/f32": 0x7dbe737f0f055a74, "standard/f64": 0xd23cf01725eea14e, "writeup/f32": 0x7da2b9b36970a8b5, "writeup/f64": 0xf377a78ca53a9a5c},
	"arm64/generic": {"standard/f32": 0x9b7f76a79024b04b, "standard/f64": 0xac57c1a44fe07fc7, "writeup/f32": 0x7158afab1435fd05, "writeup/f64": 0x6fe21a9eeff1c967},
}

// The default path of Train (full-batch plain gradient descent, now run
// through optim.SGD on the leaner tape) gives bit for bit the history and
// weights of the code before.
func TestDefaultTrainingUnchanged(t *testing.T) {
	key := runtime.GOARCH + "/" + kernels.ISA()
	got := map[string]uint64{}
	for _, v := range []mlp.Variant{mlp.Standard, mlp.Writeup} {
		h32, l32 := fingerprint[float32](v)
		h64, l64 := fingerprint[float64](v)
		got[v.String()+"/f32"], got[v.String()+"/f64"] = h32, h64
		t.Logf("%v: last loss %v (float32), %v (float64)", v, l32, l64)
	}
	if *printGolden {
		fmt.Printf("\t%q: {\"standard/f32\": %#x, \"standard/f64\": %#x, \"writeup/f32\": %#x, \"writeup/f64\": %#x},\n",
			key, got["standard/f32"], got["standard/f64"], got["writeup/f32"], got["writeup/f64"])
		return
	}
	want, ok := goldenDefault[key]
	if !ok {
		t.Skipf("no recorded fingerprints for %s", key)
	}
	for run, h := range got {
		if h != want[run] {
			t.Errorf("%s %s: fingerprint %#x, the earlier code gave %#x", key, run, h, want[run])
		}
	}
}
