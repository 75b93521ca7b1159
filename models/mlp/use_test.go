package mlp_test

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
	"github.com/simdgrad/simdgrad/models/mlp"
)

// rawIris returns the Iris split of seed 0 standardised as irisSplit does,
// the raw validation rows, and the fitted standardiser.
func rawIris() (train, valid *benchdata.Dataset, raw []float64, s *benchdata.Standardizer) {
	train, valid = benchdata.StratifiedSplit(benchdata.Iris(), 100, 0)
	raw = slices.Clone(valid.X)
	s = benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)
	return train, valid, raw, s
}

// Logits, Proba and Classify on raw rows agree with Predict on the rows
// standardised beforehand, and with a forward pass written out here.
func TestRawRows(t *testing.T) {
	t.Run("dtype=f64", func(t *testing.T) { testRawRows[float64](t, 1e-12) })
	t.Run("dtype=f32", func(t *testing.T) { testRawRows[float32](t, 1e-5) })
}

func testRawRows[T kernels.Float](t *testing.T, tol float64) {
	train, valid, raw, s := rawIris()
	net, _, err := mlp.Train[T](train, valid, mlp.Options{LR: irisLR, Epochs: 200})
	if err != nil {
		t.Fatal(err)
	}
	net.Standardizer = s
	c := net.Classes()
	logits := net.Logits(nil, raw)
	if len(logits) != valid.Rows*c {
		t.Fatalf("len(Logits) = %d, want %d", len(logits), valid.Rows*c)
	}
	for i := range valid.Rows {
		want := forward(net, valid.Row(i))
		for j, w := range want {
			if g := logits[i*c+j]; math.Abs(g-w) > tol*(1+math.Abs(w)) {
				t.Fatalf("row %d: logit %d = %v, want %v", i, j, g, w)
			}
		}
	}

	proba := net.Proba(nil, raw)
	classes := net.Classify(nil, raw)
	x := make([]T, len(valid.X))
	for i, v := range valid.X {
		x[i] = T(v)
	}
	if want := net.Predict(nil, x); !slices.Equal(classes, want) {
		t.Errorf("Classify on raw rows = %v, Predict on standardised rows = %v", classes, want)
	}
	for i := range valid.Rows {
		p := proba[i*c : (i+1)*c]
		sum, best := 0.0, 0
		for j, v := range p {
			sum += v
			if v > p[best] {
				best = j
			}
		}
		if math.Abs(sum-1) > 1e-12 || best != classes[i] {
			t.Errorf("row %d: probabilities %v (sum %v), class %d", i, p, sum, classes[i])
		}
	}

	// One row at a time gives the same but for the last bits (the
	// product's kernel depends on the number of rows), and reuses dst.
	dst := make([]float64, c)
	for i := range 5 {
		got := net.Logits(dst, raw[i*4:(i+1)*4])
		if &got[0] != &dst[0] {
			t.Errorf("row %d alone: Logits did not reuse dst", i)
		}
		for j, w := range logits[i*c : (i+1)*c] {
			if math.Abs(got[j]-w) > tol*(1+math.Abs(w)) {
				t.Errorf("row %d alone: Logits %v, in the batch %v", i, got, logits[i*c:(i+1)*c])
			}
		}
	}

	// Without a Standardizer the rows go in as they are.
	net.Standardizer = nil
	if got := net.Classify(nil, valid.X); !slices.Equal(got, classes) {
		t.Errorf("no Standardizer, standardised rows: %v, want %v", got, classes)
	}

	if harness.RaceEnabled {
		return
	}
	net.Standardizer = s
	ints := make([]int, valid.Rows)
	for name, f := range map[string]func(){
		"Logits":   func() { net.Logits(logits, raw) },
		"Proba":    func() { net.Proba(proba, raw) },
		"Classify": func() { net.Classify(ints, raw) },
	} {
		if n := testing.AllocsPerRun(50, f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
}

// forward computes the network's logits for one standardised row in
// float64 with plain loops.
func forward[T kernels.Float](net *mlp.Net[T], x []float64) []float64 {
	h := x
	for l, w := range net.W {
		out := make([]float64, w.Cols)
		for j := range out {
			out[j] = float64(net.B[l].Data[j])
			for k, v := range h {
				out[j] += v * float64(w.Data[k*w.Cols+j])
			}
			if l < len(net.W)-1 {
				out[j] = max(out[j], 0)
			}
		}
		h = out
	}
	return h
}

func TestEmptyInput(t *testing.T) {
	net := mlp.New[float32]([]int{4, 5, 3}, mlp.Standard, 0)
	if got := net.Predict(nil, nil); len(got) != 0 {
		t.Errorf("Predict(nil) = %v", got)
	}
	if got := net.Accuracy(nil, nil); !math.IsNaN(got) {
		t.Errorf("Accuracy(nil) = %v, want NaN", got)
	}
	if got := net.Logits(nil, nil); len(got) != 0 {
		t.Errorf("Logits(nil) = %v", got)
	}
	if got := net.Proba(nil, []float64{}); len(got) != 0 {
		t.Errorf("Proba(empty) = %v", got)
	}
	if got := net.Classify(nil, nil); len(got) != 0 {
		t.Errorf("Classify(nil) = %v", got)
	}
}

// Training on from a Net continues the run exactly: full-batch gradient
// descent has no state besides the parameters.
func TestTrainContinues(t *testing.T) {
	train, valid := irisSplit(1)
	for _, v := range []mlp.Variant{mlp.Standard, mlp.Writeup} {
		whole, hw, err := mlp.Train[float32](train, valid, mlp.Options{LR: irisLR, Epochs: 300, Seed: 1, Variant: v})
		if err != nil {
			t.Fatal(err)
		}
		net, h1, err := mlp.Train[float32](train, valid, mlp.Options{LR: irisLR, Epochs: 100, Seed: 1, Variant: v})
		if err != nil {
			t.Fatal(err)
		}
		h2, err := net.Train(train, valid, mlp.Options{LR: irisLR, Epochs: 200, Hidden: []int{mlp.DefaultHidden}})
		if err != nil {
			t.Fatal(err)
		}
		if !sameParams(net, whole) {
			t.Errorf("%v: 100 + 200 epochs do not give the parameters of 300", v)
		}
		for name, got := range map[string][2][]float64{
			"Loss":          {append(h1.Loss, h2.Loss...), hw.Loss},
			"TrainAccuracy": {append(h1.TrainAccuracy, h2.TrainAccuracy...), hw.TrainAccuracy},
			"ValidAccuracy": {append(h1.ValidAccuracy, h2.ValidAccuracy...), hw.ValidAccuracy},
		} {
			if !slices.Equal(got[0], got[1]) {
				t.Errorf("%v: %s of 100 + 200 epochs differs from that of 300", v, name)
			}
		}
	}
}

func sameParams[T kernels.Float](a, b *mlp.Net[T]) bool {
	for l := range a.W {
		if !slices.Equal(a.W[l].Data, b.W[l].Data) || !slices.Equal(a.B[l].Data, b.B[l].Data) {
			return false
		}
	}
	return true
}

// The optimizer option with plain SGD, and a batch as large as the data
// set, are the default path exactly.
func TestOptionsDefaultPath(t *testing.T) {
	train, valid := irisSplit(2)
	ref, href, err := mlp.Train[float64](train, valid, mlp.Options{LR: irisLR, Epochs: 100})
	if err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]mlp.Options{
		"Optimizer SGD":    {Optimizer: optim.SGD{LR: irisLR}, Epochs: 100},
		"BatchSize = rows": {LR: irisLR, Epochs: 100, BatchSize: train.Rows},
		"BatchSize > rows": {LR: irisLR, Epochs: 100, BatchSize: 1000},
	} {
		net, h, err := mlp.Train[float64](train, valid, o)
		if err != nil {
			t.Fatal(err)
		}
		if !sameParams(net, ref) || !slices.Equal(h.Loss, href.Loss) || !slices.Equal(h.ValidAccuracy, href.ValidAccuracy) {
			t.Errorf("%s: differs from full-batch gradient descent", name)
		}
	}
}

// Mini-batches with Adam train Iris well in far fewer epochs, and the
// history follows the documented definitions.
func TestMiniBatchAdam(t *testing.T) {
	for _, seed := range seeds {
		train, valid := irisSplit(seed)
		o := mlp.Options{Optimizer: optim.Adam{LR: 0.01}, BatchSize: 16, Epochs: 60, Seed: seed}
		net, h, err := mlp.Train[float32](train, valid, o)
		if err != nil {
			t.Fatal(err)
		}
		checkHistory(t, h, o.Epochs, true)
		last := o.Epochs - 1
		t.Logf("seed %d: loss %.3f → %.3f, train %.2f, valid %.2f", seed, h.Loss[0], h.Loss[last], h.TrainAccuracy[last], h.ValidAccuracy[last])
		if h.ValidAccuracy[last] < 0.9 || h.Loss[last] > h.Loss[0]/3 {
			t.Errorf("seed %d: validation accuracy %.2f, loss %.3f → %.3f", seed, h.ValidAccuracy[last], h.Loss[0], h.Loss[last])
		}
		if got := net.Accuracy(train.X32(), train.Labels); got != h.TrainAccuracy[last] {
			t.Errorf("seed %d: Accuracy on the training set %v, last TrainAccuracy %v", seed, got, h.TrainAccuracy[last])
		}
		// The same seed draws the same batches.
		again, _, _ := mlp.Train[float32](train, valid, o)
		if !sameParams(net, again) {
			t.Errorf("seed %d: two runs differ", seed)
		}
	}
}

// A saved Net loads with the same weights, biases, variant and
// standardiser, predicts bit for bit the same, and trains on as the
// original does.
func TestSaveLoad(t *testing.T) {
	t.Run("dtype=f64", testSaveLoad[float64])
	t.Run("dtype=f32", testSaveLoad[float32])
}

func testSaveLoad[T kernels.Float](t *testing.T) {
	train, valid, raw, s := rawIris()
	for _, v := range []mlp.Variant{mlp.Standard, mlp.Writeup} {
		net, _, err := mlp.Train[T](train, valid, mlp.Options{LR: irisLR, Epochs: 50, Hidden: []int{7, 5}, Variant: v})
		if err != nil {
			t.Fatal(err)
		}
		net.Standardizer = s
		data, err := json.Marshal(net)
		if err != nil {
			t.Fatal(err)
		}
		var back mlp.Net[T]
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back.Sizes, net.Sizes) || back.Variant != v || !sameParams(&back, net) ||
			!slices.Equal(back.Standardizer.Mean, s.Mean) || !slices.Equal(back.Standardizer.Std, s.Std) {
			t.Fatalf("%v: loaded %+v, saved %+v", v, back, *net)
		}
		if got, want := back.Logits(nil, raw), net.Logits(nil, raw); !slices.Equal(got, want) {
			t.Errorf("%v: loaded logits differ", v)
		}
		for _, n := range []*mlp.Net[T]{net, &back} {
			if _, err := n.Train(train, nil, mlp.Options{LR: irisLR, Epochs: 20}); err != nil {
				t.Fatal(err)
			}
		}
		if !sameParams(&back, net) {
			t.Errorf("%v: the loaded network trains differently", v)
		}
	}
	// Without a standardiser, none is written.
	net := mlp.New[T]([]int{2, 2}, mlp.Standard, 0)
	data, err := json.Marshal(net)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "standardizer") {
		t.Errorf("saved %s", data)
	}
	var back mlp.Net[T]
	if err := json.Unmarshal(data, &back); err != nil || back.Standardizer != nil {
		t.Errorf("loaded %+v, %v", back, err)
	}
}

// Bad saved networks are refused with an error naming what is wrong.
func TestLoadErrors(t *testing.T) {
	good := `{"sizes":[2,1],"variant":"standard","weights":[[1,2]],"biases":[[0]]}`
	var n mlp.Net[float64]
	if err := json.Unmarshal([]byte(good), &n); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	for _, c := range []struct{ json, want string }{
		{`{"sizes":[2]`, "unexpected end"},
		{`{"sizes":[2],"weights":[],"biases":[]}`, "sizes [2]: need at least 2"},
		{`{"sizes":[2,0],"weights":[[]],"biases":[[]]}`, "sizes[1] = 0"},
		{`{"sizes":[2,1],"variant":"standard","weights":[[1,2]],"biases":[]}`, "1 weight matrices and 0 bias rows"},
		{`{"sizes":[2,1],"variant":"standard","weights":[[1]],"biases":[[0]]}`, "weights[0] has 1 values, need 2×1"},
		{`{"sizes":[2,1],"variant":"standard","weights":[[1,2]],"biases":[[0,0]]}`, "biases[0] has 2 values, need 1"},
		{`{"sizes":[2,1],"variant":"other","weights":[[1,2]],"biases":[[0]]}`, `unknown variant "other"`},
		{`{"sizes":[2,1],"variant":"standard","weights":[[1,"a"]],"biases":[[0]]}`, "weights"},
		{`{"sizes":[2,1],"weights":[[1,2]],"biases":[[0]],"standardizer":{"Mean":[0],"Std":[1]}}`, "standardizer has 1 means and 1 standard deviations, need 2"},
		{`{"sizes":[2,1],"weights":[[1,2]],"biases":[[0]],"standardizer":{"Mean":[0,0],"Std":[1,0]}}`, "Std[1] = 0"},
	} {
		n := mlp.Net[float64]{Sizes: []int{9, 9}}
		err := json.Unmarshal([]byte(c.json), &n)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.json, err, c.want)
		}
		if n.Sizes[0] != 9 {
			t.Errorf("%s: a failed load changed the Net", c.json)
		}
	}
	bad := mlp.New[float64]([]int{2, 1}, mlp.Standard, 0)
	bad.W[0].Data[0] = math.NaN()
	if _, err := json.Marshal(bad); err == nil {
		t.Error("a NaN weight was encoded")
	}
}

func TestUsePanics(t *testing.T) {
	train, valid := irisSplit(0)
	net := mlp.New[float64]([]int{4, 6, 3}, mlp.Standard, 0)
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"ragged raw rows", func() { net.Logits(nil, make([]float64, 5)) }, "mlp.Logits: len(x)=5 is not a multiple of 4 features"},
		{"ragged Classify", func() { net.Classify(nil, make([]float64, 5)) }, "mlp.Classify: len(x)=5"},
		{"standardiser", func() {
			n := mlp.New[float64]([]int{4, 3}, mlp.Standard, 0)
			n.Standardizer = &benchdata.Standardizer{Mean: []float64{0}, Std: []float64{1}}
			n.Proba(nil, make([]float64, 4))
		}, "mlp.Logits: Standardizer has 1 means and 1 standard deviations for 4 features"},
		{"LR and Optimizer", func() {
			mlp.Train[float64](train, valid, mlp.Options{LR: 0.1, Optimizer: optim.Adam{LR: 0.01}})
		}, "mlp.Train: both LR (0.1) and Optimizer (Adam(lr=0.01"},
		{"bad optimizer", func() { net.Train(train, valid, mlp.Options{Optimizer: optim.Adam{LR: -1}}) }, "learning rate must be finite and > 0"},
		{"hidden", func() { net.Train(train, valid, mlp.Options{Hidden: []int{12}}) }, "mlp.Net.Train: Options.Hidden is [12] for a [4 6 3] network"},
		{"batch", func() { net.Train(train, valid, mlp.Options{BatchSize: -1}) }, "mlp.Net.Train: negative option: Epochs=1000, LR=0.01, BatchSize=-1"},
		{"features", func() { net.Train(benchdata.Digits(), nil, mlp.Options{}) }, "mlp.Net.Train: training data has 64 features and 10 classes, the network is [4 6 3]"},
	} {
		func() {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, c.want) {
					t.Errorf("%s: panic %v, want one containing %q", c.name, r, c.want)
				}
			}()
			c.f()
		}()
	}
}
