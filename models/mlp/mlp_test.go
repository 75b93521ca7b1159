package mlp_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/models/mlp"
)

// irisLR is the smallest change from the original's lr 0.01 that reaches
// a validation accuracy of 0.9 reliably in 1000 epochs (see the package
// documentation).
const irisLR = 0.02

var seeds = []uint64{0, 1, 2, 3, 4}

// irisSplit returns Iris split 100/50 by class with seed, standardised
// with the training part's statistics.
func irisSplit(seed uint64) (train, valid *benchdata.Dataset) {
	return standardised(benchdata.Iris(), 100, seed)
}

func standardised(d *benchdata.Dataset, nTrain int, seed uint64) (train, valid *benchdata.Dataset) {
	train, valid = benchdata.StratifiedSplit(d, nTrain, seed)
	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)
	return train, valid
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// The standard network reaches 0.9 on Iris for every seed; the write-up's
// variant, from the same initial weights, is clearly worse on average.
func TestIris(t *testing.T) {
	var std, wu []float64
	for _, seed := range seeds {
		train, valid := irisSplit(seed)
		for _, v := range []mlp.Variant{mlp.Standard, mlp.Writeup} {
			net, h, err := mlp.Train[float64](train, valid, mlp.Options{LR: irisLR, Seed: seed, Variant: v})
			if err != nil {
				t.Fatal(err)
			}
			checkHistory(t, h, 1000, true)
			last := len(h.Loss) - 1
			acc := h.ValidAccuracy[last]
			t.Logf("seed %d %-8v: loss %.3f → %.3f, train %.2f, valid %.2f", seed, v, h.Loss[0], h.Loss[last], h.TrainAccuracy[last], acc)
			if got := net.Accuracy(valid.X, valid.Labels); got != acc {
				t.Errorf("seed %d %v: Accuracy %v, last ValidAccuracy %v", seed, v, got, acc)
			}
			if got := net.Accuracy(train.X, train.Labels); got != h.TrainAccuracy[last] {
				t.Errorf("seed %d %v: Accuracy %v, last TrainAccuracy %v", seed, v, got, h.TrainAccuracy[last])
			}
			if v == mlp.Standard {
				std = append(std, acc)
				if acc < 0.9 {
					t.Errorf("seed %d: validation accuracy %.2f, want ≥ 0.9", seed, acc)
				}
				if h.Loss[last] > 0.25 {
					t.Errorf("seed %d: final loss %.3f, want < 0.25", seed, h.Loss[last])
				}
			} else {
				wu = append(wu, acc)
			}
		}
	}
	t.Logf("validation accuracy: standard %.2f (mean %.3f), writeup %.2f (mean %.3f)", std, mean(std), wu, mean(wu))
	if mean(wu) > mean(std)-0.1 {
		t.Errorf("writeup variant mean validation accuracy %.3f, want at least 0.1 below the standard's %.3f", mean(wu), mean(std))
	}
}

// The write-up's variant never changes the biases.
func TestWriteupFreezesBiases(t *testing.T) {
	train, valid := irisSplit(0)
	net, _, err := mlp.Train[float64](train, valid, mlp.Options{Epochs: 20, Variant: mlp.Writeup})
	if err != nil {
		t.Fatal(err)
	}
	fresh := mlp.New[float64](net.Sizes, mlp.Writeup, 0)
	for l := range net.B {
		if !slices.Equal(net.B[l].Data, fresh.B[l].Data) {
			t.Errorf("layer %d: biases changed from %v to %v", l, fresh.B[l].Data, net.B[l].Data)
		}
		if slices.Equal(net.W[l].Data, fresh.W[l].Data) {
			t.Errorf("layer %d: weights did not change", l)
		}
	}
	std, _, err := mlp.Train[float64](train, valid, mlp.Options{Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	for l := range std.B {
		if slices.Equal(std.B[l].Data, fresh.B[l].Data) {
			t.Errorf("standard variant, layer %d: biases did not change", l)
		}
	}
}

// float32 trains as well as float64.
func TestIrisFloat32(t *testing.T) {
	train, valid := irisSplit(0)
	_, h, err := mlp.Train[float32](train, valid, mlp.Options{LR: irisLR})
	if err != nil {
		t.Fatal(err)
	}
	_, h64, err := mlp.Train[float64](train, valid, mlp.Options{LR: irisLR})
	if err != nil {
		t.Fatal(err)
	}
	last := len(h.Loss) - 1
	if acc := h.ValidAccuracy[last]; acc < 0.9 {
		t.Errorf("float32 validation accuracy %.2f, want ≥ 0.9", acc)
	}
	if d := math.Abs(h.Loss[last] - h64.Loss[last]); d > 1e-4 {
		t.Errorf("final loss: float32 %.6f, float64 %.6f", h.Loss[last], h64.Loss[last])
	}
}

// A 64 → 64 → 10 network classifies the digits at lr 0.5 in 150 epochs.
func TestDigits(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 1437 digits")
	}
	train, valid := standardised(benchdata.Digits(), 1437, 1)
	net, h, err := mlp.Train[float32](train, valid, mlp.Options{Hidden: []int{64}, LR: 0.5, Epochs: 150, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkHistory(t, h, 150, true)
	if !slices.Equal(net.Sizes, []int{64, 64, 10}) {
		t.Errorf("sizes %v, want [64 64 10]", net.Sizes)
	}
	last := len(h.Loss) - 1
	t.Logf("digits: loss %.3f → %.4f, train %.4f, valid %.4f", h.Loss[0], h.Loss[last], h.TrainAccuracy[last], h.ValidAccuracy[last])
	if acc := h.ValidAccuracy[last]; acc < 0.95 {
		t.Errorf("validation accuracy %.4f, want ≥ 0.95", acc)
	}
}

func checkHistory(t *testing.T, h *mlp.History, epochs int, valid bool) {
	t.Helper()
	if len(h.Loss) != epochs || len(h.TrainAccuracy) != epochs || valid && len(h.ValidAccuracy) != epochs {
		t.Fatalf("history of %d losses, %d and %d accuracies, want %d each",
			len(h.Loss), len(h.TrainAccuracy), len(h.ValidAccuracy), epochs)
	}
	for e := range epochs {
		for _, a := range []float64{h.TrainAccuracy[e], h.ValidAccuracy[e]} {
			if !(a >= 0 && a <= 1) {
				t.Fatalf("epoch %d: accuracy %v", e, a)
			}
		}
		if !(h.Loss[e] > 0) {
			t.Fatalf("epoch %d: loss %v", e, h.Loss[e])
		}
	}
	if h.Loss[epochs-1] >= h.Loss[0] {
		t.Errorf("loss rose from %.4f to %.4f", h.Loss[0], h.Loss[epochs-1])
	}
}

// The training accuracy of epoch e is that of the parameters after its
// update, as the validation accuracy is.
func TestHistoryAccuracyAfterUpdate(t *testing.T) {
	train, valid := irisSplit(3)
	for _, epochs := range []int{1, 2, 7} {
		net, h, err := mlp.Train[float64](train, valid, mlp.Options{Epochs: epochs, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		checkHistoryLen(t, h, epochs)
		if got := net.Accuracy(train.X, train.Labels); got != h.TrainAccuracy[epochs-1] {
			t.Errorf("%d epochs: train accuracy %v, history ends at %v", epochs, got, h.TrainAccuracy[epochs-1])
		}
		if epochs > 1 {
			prev, _, _ := mlp.Train[float64](train, nil, mlp.Options{Epochs: epochs - 1, Seed: 3})
			if got := prev.Accuracy(train.X, train.Labels); got != h.TrainAccuracy[epochs-2] {
				t.Errorf("%d epochs: train accuracy after %d epochs %v, history has %v", epochs, epochs-1, got, h.TrainAccuracy[epochs-2])
			}
		}
	}
	_, h, err := mlp.Train[float64](train, nil, mlp.Options{Epochs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if h.ValidAccuracy != nil || len(h.TrainAccuracy) != 3 {
		t.Errorf("without validation data: %d validation and %d training accuracies, want 0 and 3", len(h.ValidAccuracy), len(h.TrainAccuracy))
	}
}

func checkHistoryLen(t *testing.T, h *mlp.History, n int) {
	t.Helper()
	if len(h.Loss) != n || len(h.TrainAccuracy) != n || len(h.ValidAccuracy) != n {
		t.Fatalf("history lengths %d, %d, %d, want %d", len(h.Loss), len(h.TrainAccuracy), len(h.ValidAccuracy), n)
	}
}

func TestPredict(t *testing.T) {
	net := mlp.New[float64]([]int{2, 3, 2}, mlp.Standard, 0)
	// Make output 1 the larger exactly when x0 > x1: h = ReLU(x0 − x1, x1 − x0, 0).
	copy(net.W[0].Data, []float64{1, -1, 0, -1, 1, 0})
	copy(net.W[1].Data, []float64{0, 1, 1, 0, 0, 0})
	x := []float64{2, 1, 1, 2, 0, 0, -3, 5}
	got := net.Predict(nil, x)
	want := []int{1, 0, 0, 0} // (0, 0) ties: the lower class
	if !slices.Equal(got, want) {
		t.Errorf("Predict = %v, want %v", got, want)
	}
	buf := make([]int, 10)
	if got := net.Predict(buf, x); &got[0] != &buf[0] || len(got) != 4 {
		t.Errorf("Predict did not reuse dst")
	}
	if acc := net.Accuracy(x, []int{1, 0, 1, 1}); acc != 0.5 {
		t.Errorf("Accuracy = %v, want 0.5", acc)
	}
	// The write-up's variant applies ReLU to the logits.
	net.Variant = mlp.Writeup
	net.B[1].Data[0] = -1 // logit 0 is now negative where it won on a tie
	if got := net.Predict(nil, x[4:6]); got[0] != 0 {
		t.Errorf("writeup variant: Predict(0, 0) = %d, want 0 (ReLU of both logits is 0)", got[0])
	}
	net.Variant = mlp.Standard
	if got := net.Predict(nil, x[4:6]); got[0] != 1 {
		t.Errorf("standard variant: Predict(0, 0) = %d, want 1", got[0])
	}
}

func TestDivergence(t *testing.T) {
	train, valid := irisSplit(0)
	_, h, err := mlp.Train[float32](train, valid, mlp.Options{LR: 1e6, Epochs: 100})
	if err == nil {
		t.Fatal("no error at lr 1e6")
	}
	t.Log(err)
	if !strings.Contains(err.Error(), "epoch ") || !strings.Contains(err.Error(), "smaller learning rate") {
		t.Errorf("error %q does not name the epoch and suggest a smaller learning rate", err)
	}
	n := len(h.Loss)
	checkHistoryLen(t, h, n)
	if l := h.Loss[n-1]; !math.IsNaN(l) && !math.IsInf(l, 0) {
		t.Errorf("last loss %v, want non-finite", l)
	}
}

func TestPanics(t *testing.T) {
	train, _ := irisSplit(0)
	digits := benchdata.Digits()
	net := mlp.New[float64]([]int{4, 3}, mlp.Standard, 0)
	for name, f := range map[string]func(){
		"one size":      func() { mlp.New[float64]([]int{4}, mlp.Standard, 0) },
		"zero size":     func() { mlp.New[float64]([]int{4, 0, 3}, mlp.Standard, 0) },
		"variant":       func() { mlp.New[float64]([]int{4, 3}, mlp.Variant(7), 0) },
		"ragged x":      func() { net.Predict(nil, make([]float64, 7)) },
		"labels":        func() { net.Accuracy(make([]float64, 8), []int{0}) },
		"mismatch":      func() { mlp.Train[float64](train, digits, mlp.Options{}) },
		"negative lr":   func() { mlp.Train[float64](train, nil, mlp.Options{LR: -1}) },
		"negative size": func() { mlp.Train[float64](train, nil, mlp.Options{Hidden: []int{-1}}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
