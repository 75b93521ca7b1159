package mlp

import (
	"fmt"
	"math"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/kernels"
)

// Default values of the zero Options fields.
const (
	DefaultHidden = 12 // the width of the one hidden layer when Options.Hidden is nil
	DefaultEpochs = 1000
	DefaultLR     = 0.01
)

// Options configures Train. The zero value gives the original write-up's
// settings, without its mistakes: one hidden layer of 12 units, 1000
// epochs of plain gradient descent at learning rate 0.01, seed 0.
type Options struct {
	// Hidden are the widths of the hidden layers; nil means
	// {DefaultHidden}. The input width and the number of classes come
	// from the data.
	Hidden []int
	// Epochs is the number of gradient-descent steps, each on the whole
	// training set; 0 means DefaultEpochs.
	Epochs int
	// LR is the learning rate; 0 means DefaultLR.
	LR float64
	// Seed seeds the initial weights (see New).
	Seed uint64
	// Variant selects the network: Standard, or the write-up's Writeup.
	Variant Variant
}

func (o Options) withDefaults() Options {
	if o.Hidden == nil {
		o.Hidden = []int{DefaultHidden}
	}
	if o.Epochs == 0 {
		o.Epochs = DefaultEpochs
	}
	if o.LR == 0 {
		o.LR = DefaultLR
	}
	return o
}

// History records a training run, one entry per epoch, as the original
// tracks it: Loss[e] is the mean cross-entropy of the training set at the
// start of epoch e, the value the epoch differentiates; TrainAccuracy[e]
// and ValidAccuracy[e] are the accuracies on the training and validation
// sets after epoch e's update. ValidAccuracy is nil when there is no
// validation set.
type History struct {
	Loss          []float64
	TrainAccuracy []float64
	ValidAccuracy []float64
}

// Train builds a network of widths train.Features, opt.Hidden…,
// len(train.Classes) with New, and trains it on train by full-batch
// gradient descent on the mean softmax cross-entropy: each epoch records
// the loss on the autodiff tape, computes the gradients, and sets every
// trained parameter p −= lr·∂loss/∂p. valid, which may be nil, is only
// evaluated. The data sets are converted to T once; the epochs allocate
// nothing.
//
// If the loss becomes NaN or infinite, Train stops and returns the network
// and the history so far with an error naming the epoch. Train panics if
// valid does not have the features and classes of train, or if an option
// is negative.
func Train[T kernels.Float](train, valid *benchdata.Dataset, opt Options) (*Net[T], *History, error) {
	opt = opt.withDefaults()
	if opt.Epochs < 0 || opt.LR < 0 {
		panic(fmt.Sprintf("mlp.Train: negative option: Epochs=%d, LR=%g", opt.Epochs, opt.LR))
	}
	if valid != nil && (valid.Features != train.Features || len(valid.Classes) != len(train.Classes)) {
		panic(fmt.Sprintf("mlp.Train: training data has %d features and %d classes, validation data %d and %d",
			train.Features, len(train.Classes), valid.Features, len(valid.Classes)))
	}
	sizes := append(append([]int{train.Features}, opt.Hidden...), len(train.Classes))
	net := New[T](sizes, opt.Variant, opt.Seed)
	tr := newTrainer(net, train, T(opt.LR))
	var xv []T
	h := &History{
		Loss:          make([]float64, 0, opt.Epochs),
		TrainAccuracy: make([]float64, opt.Epochs),
	}
	if valid != nil {
		xv = convert[T](valid.X)
		h.ValidAccuracy = make([]float64, 0, opt.Epochs)
	}
	for e := range opt.Epochs {
		loss, acc := tr.step()
		// The forward pass of epoch e ran with the parameters after
		// epoch e−1's update: its accuracy is that epoch's.
		if e > 0 {
			h.TrainAccuracy[e-1] = acc
		}
		h.Loss = append(h.Loss, float64(loss))
		if valid != nil {
			h.ValidAccuracy = append(h.ValidAccuracy, net.Accuracy(xv, valid.Labels))
		}
		if math.IsNaN(float64(loss)) || math.IsInf(float64(loss), 0) {
			h.TrainAccuracy[e] = net.Accuracy(tr.x, tr.labels)
			h.TrainAccuracy = h.TrainAccuracy[:e+1]
			return net, h, fmt.Errorf("mlp: training diverged at epoch %d of %d: loss is %v with lr %g; try a smaller learning rate",
				e, opt.Epochs, loss, opt.LR)
		}
	}
	if opt.Epochs > 0 {
		h.TrainAccuracy[opt.Epochs-1] = net.Accuracy(tr.x, tr.labels)
	}
	return net, h, nil
}

// trainer holds a training run's data, parameters and tape.
type trainer[T kernels.Float] struct {
	net    *Net[T]
	params []*autodiff.Param[T]
	x      []T
	labels []int
	rows   int
	lr     T
	tape   autodiff.Tape[T]
}

func newTrainer[T kernels.Float](net *Net[T], train *benchdata.Dataset, lr T) *trainer[T] {
	if train.Features != net.Sizes[0] || len(train.Classes) != net.Classes() {
		panic(fmt.Sprintf("mlp: %d features and %d classes for a %v network", train.Features, len(train.Classes), net.Sizes))
	}
	return &trainer[T]{
		net:    net,
		params: net.params(),
		x:      convert[T](train.X),
		labels: train.Labels,
		rows:   train.Rows,
		lr:     lr,
	}
}

// step takes one gradient-descent step on the training set and returns
// the loss and the training accuracy before it. After the first step it
// allocates nothing.
func (tr *trainer[T]) step() (loss T, accuracyBefore float64) {
	t := &tr.tape
	t.Reset()
	for _, p := range tr.params {
		p.ZeroGrad()
	}
	out := tr.net.record(t, tr.x, tr.rows)
	l := t.SoftmaxCrossEntropy(out, tr.labels, autodiff.ReduceMean)
	acc := accuracy(out.Data(), tr.labels, out.Cols())
	t.Backward(l)
	for _, p := range tr.params {
		p.Step(tr.lr)
	}
	return l.Scalar(), acc
}

// convert returns x converted to T.
func convert[T kernels.Float](x []float64) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}
