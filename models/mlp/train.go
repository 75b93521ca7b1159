package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/autodiff/optim"
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
// epochs of full-batch plain gradient descent at learning rate 0.01, seed
// 0.
type Options struct {
	// Hidden are the widths of the hidden layers; nil means
	// {DefaultHidden}. The input width and the number of classes come
	// from the data. Net.Train, which trains an existing network, accepts
	// only nil or the network's own hidden widths.
	Hidden []int
	// Epochs is the number of passes over the training set; 0 means
	// DefaultEpochs.
	Epochs int
	// LR is the learning rate of plain gradient descent; 0 means
	// DefaultLR. It must be 0 when Optimizer is set.
	LR float64
	// BatchSize is the number of training rows per step: 0, or at least
	// the number of training rows, means full-batch (one step per
	// epoch); otherwise each epoch takes steps on consecutive batches of
	// a permutation of the rows, drawn anew every epoch, the last batch
	// holding the rest.
	BatchSize int
	// Optimizer, if not nil, updates the parameters (optim.SGD, Adam or
	// AdamW, with its own learning rate) instead of plain gradient
	// descent at LR. Its state starts afresh in each call of Train.
	Optimizer optim.Method
	// Seed seeds the initial weights (see New), in Train, and the order
	// of the mini-batches, from a PCG generator seeded with (Seed, 1).
	Seed uint64
	// Variant selects the network Train builds: Standard, or the
	// write-up's Writeup. Net.Train trains the network's own variant and
	// ignores it.
	Variant Variant
}

func (o Options) withDefaults() Options {
	if o.Hidden == nil {
		o.Hidden = []int{DefaultHidden}
	}
	if o.Epochs == 0 {
		o.Epochs = DefaultEpochs
	}
	if o.LR == 0 && o.Optimizer == nil {
		o.LR = DefaultLR
	}
	return o
}

// History records a training run, one entry per epoch, as the original
// tracks it: Loss[e] is the mean cross-entropy of the training set that
// epoch e differentiates, at the parameters before its update (for
// mini-batches, the mean of the batch losses, each before its step,
// weighted by the batch sizes); TrainAccuracy[e] and ValidAccuracy[e] are
// the accuracies on the training and validation sets after epoch e's
// update. ValidAccuracy is nil when there is no validation set.
type History struct {
	Loss          []float64
	TrainAccuracy []float64
	ValidAccuracy []float64
}

// Train builds a network of widths train.Features, opt.Hidden…,
// len(train.Classes) with New, from opt.Seed and opt.Variant, and trains
// it with Net.Train. The default, full-batch plain gradient descent at
// opt.LR, sets every trained parameter p −= lr·∂loss/∂p once per epoch.
// Train returns the network and its history, also with the error of a
// diverged run, and panics as Net.Train does or if a hidden width is not
// positive. The network has no Standardizer: set it to the one the data
// sets were standardised with, for Logits, Proba and Classify on raw rows.
func Train[T kernels.Float](train, valid *benchdata.Dataset, opt Options) (*Net[T], *History, error) {
	o := opt.withDefaults()
	for _, h := range o.Hidden {
		if h <= 0 {
			panic(fmt.Sprintf("mlp.Train: hidden widths %v, need all positive", o.Hidden))
		}
	}
	sizes := append(append([]int{train.Features}, o.Hidden...), len(train.Classes))
	net := New[T](sizes, o.Variant, o.Seed)
	h, err := net.train("Train", train, valid, opt)
	return net, h, err
}

// Train trains n further on train, from its current parameters, on the
// mean softmax cross-entropy: each epoch records the loss on the autodiff
// tape, computes the gradients, and updates every trained parameter (all
// of them in the Standard variant, the weights only in Writeup) with
// opt.Optimizer, or by plain gradient descent at opt.LR; see Options for
// the mini-batches. valid, which may be nil, is only evaluated. The data
// sets are used as they are (standardise them first, as for Train) and
// converted to T once; the epochs allocate nothing.
//
// If the loss becomes NaN or infinite, Train stops and returns the
// history so far with an error naming the epoch; n keeps the parameters
// it reached. Train panics if the data sets do not have n's features and
// classes, if opt.Hidden is neither nil nor n's hidden widths, if an
// option is negative, or if both LR and Optimizer are set.
func (n *Net[T]) Train(train, valid *benchdata.Dataset, opt Options) (*History, error) {
	if opt.Hidden != nil && !slices.Equal(opt.Hidden, n.Sizes[1:len(n.Sizes)-1]) {
		panic(fmt.Sprintf("mlp.Net.Train: Options.Hidden is %v for a %v network", opt.Hidden, n.Sizes))
	}
	return n.train("Net.Train", train, valid, opt)
}

func (n *Net[T]) train(fn string, train, valid *benchdata.Dataset, opt Options) (*History, error) {
	if opt.LR != 0 && opt.Optimizer != nil {
		panic(fmt.Sprintf("mlp.%s: both LR (%g) and Optimizer (%v) are set; the optimizer has its own learning rate", fn, opt.LR, opt.Optimizer))
	}
	opt = opt.withDefaults()
	if opt.Epochs < 0 || opt.LR < 0 || opt.BatchSize < 0 {
		panic(fmt.Sprintf("mlp.%s: negative option: Epochs=%d, LR=%g, BatchSize=%d", fn, opt.Epochs, opt.LR, opt.BatchSize))
	}
	if train.Features != n.Sizes[0] || len(train.Classes) != n.Classes() {
		panic(fmt.Sprintf("mlp.%s: training data has %d features and %d classes, the network is %v", fn, train.Features, len(train.Classes), n.Sizes))
	}
	if valid != nil && (valid.Features != train.Features || len(valid.Classes) != len(train.Classes)) {
		panic(fmt.Sprintf("mlp.%s: training data has %d features and %d classes, validation data %d and %d",
			fn, train.Features, len(train.Classes), valid.Features, len(valid.Classes)))
	}
	method := opt.Optimizer
	if method == nil {
		method = optim.SGD{LR: opt.LR} // checks LR; the step is Param.Step
	}
	tr := newTrainer(n, train, method, opt.BatchSize, opt.Seed)
	var xv []T
	h := &History{
		Loss:          make([]float64, 0, opt.Epochs),
		TrainAccuracy: make([]float64, opt.Epochs),
	}
	if valid != nil {
		xv = convert[T](valid.X)
		h.ValidAccuracy = make([]float64, 0, opt.Epochs)
	}
	full := tr.full()
	for e := range opt.Epochs {
		var loss float64
		if full {
			l, acc := tr.step()
			// The forward pass of epoch e ran with the parameters after
			// epoch e−1's update: its accuracy is that epoch's.
			if e > 0 {
				h.TrainAccuracy[e-1] = acc
			}
			loss = float64(l)
		} else {
			loss = tr.epoch()
			h.TrainAccuracy[e] = n.Accuracy(tr.x, tr.labels)
		}
		h.Loss = append(h.Loss, loss)
		if valid != nil {
			h.ValidAccuracy = append(h.ValidAccuracy, n.Accuracy(xv, valid.Labels))
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			h.TrainAccuracy[e] = n.Accuracy(tr.x, tr.labels)
			h.TrainAccuracy = h.TrainAccuracy[:e+1]
			with := fmt.Sprintf("lr %g", opt.LR)
			if opt.Optimizer != nil {
				with = opt.Optimizer.String()
			}
			return h, fmt.Errorf("mlp: training diverged at epoch %d of %d: loss is %v with %s; try a smaller learning rate",
				e, opt.Epochs, loss, with)
		}
	}
	if full && opt.Epochs > 0 {
		h.TrainAccuracy[opt.Epochs-1] = n.Accuracy(tr.x, tr.labels)
	}
	return h, nil
}

// trainer holds a training run's data, optimizer and tape.
type trainer[T kernels.Float] struct {
	net    *Net[T]
	opt    *optim.Optimizer[T]
	lr     T    // plain gradient descent's rate, if gd
	gd     bool // the update is Param.Step(lr), without optimizer state
	x      []T  // the training set
	labels []int
	rows   int
	tape   autodiff.Tape[T]

	// Mini-batches: rows per step, the permutation of the rows, and the
	// gathered batch.
	batch  int
	perm   []int
	bx     []T
	blabel []int
	rng    *rand.Rand
}

func newTrainer[T kernels.Float](net *Net[T], train *benchdata.Dataset, m optim.Method, batch int, seed uint64) *trainer[T] {
	if train.Features != net.Sizes[0] || len(train.Classes) != net.Classes() {
		panic(fmt.Sprintf("mlp: %d features and %d classes for a %v network", train.Features, len(train.Classes), net.Sizes))
	}
	tr := &trainer[T]{
		net:    net,
		opt:    optim.New(m, net.params()),
		x:      convert[T](train.X),
		labels: train.Labels,
		rows:   train.Rows,
		batch:  batch,
	}
	if sgd, ok := m.(optim.SGD); ok && sgd.Momentum == 0 && sgd.WeightDecay == 0 {
		tr.gd, tr.lr = true, T(sgd.LR)
	}
	if !tr.full() {
		tr.perm = make([]int, tr.rows)
		for i := range tr.perm {
			tr.perm[i] = i
		}
		tr.bx = make([]T, batch*train.Features)
		tr.blabel = make([]int, batch)
		tr.rng = rand.New(rand.NewPCG(seed, 1))
	}
	return tr
}

// full reports whether each epoch is one step on the whole training set.
func (tr *trainer[T]) full() bool { return tr.batch == 0 || tr.batch >= tr.rows }

// step takes one step on the whole training set and returns the loss and
// the training accuracy before it. After the first step it allocates
// nothing.
func (tr *trainer[T]) step() (loss T, accuracyBefore float64) {
	return tr.stepOn(tr.x, tr.labels, tr.rows, true)
}

// stepOn takes one step on the rows of x and returns the loss before it
// and, if acc, the accuracy before it.
func (tr *trainer[T]) stepOn(x []T, labels []int, rows int, acc bool) (T, float64) {
	t := &tr.tape
	t.Reset()
	tr.opt.ZeroGrad()
	out := tr.net.record(t, x, rows)
	l := t.SoftmaxCrossEntropy(out, labels, autodiff.ReduceMean)
	var a float64
	if acc {
		a = accuracy(out.Data(), labels, out.Cols())
	}
	t.Backward(l)
	if tr.gd {
		// As optim.SGD without momentum and decay, with no dispatch.
		for _, p := range tr.opt.Params() {
			p.Step(tr.lr)
		}
	} else {
		tr.opt.Step()
	}
	return l.Scalar(), a
}

// epoch shuffles the rows and takes a step on each mini-batch, returning
// the mean of the batch losses weighted by the batch sizes. After the
// first epoch it allocates nothing.
func (tr *trainer[T]) epoch() float64 {
	for i := len(tr.perm) - 1; i > 0; i-- { // Fisher–Yates
		j := tr.rng.IntN(i + 1)
		tr.perm[i], tr.perm[j] = tr.perm[j], tr.perm[i]
	}
	f := tr.net.Sizes[0]
	var sum float64
	for start := 0; start < tr.rows; start += tr.batch {
		idx := tr.perm[start:min(start+tr.batch, tr.rows)]
		for k, r := range idx {
			copy(tr.bx[k*f:(k+1)*f], tr.x[r*f:(r+1)*f])
			tr.blabel[k] = tr.labels[r]
		}
		l, _ := tr.stepOn(tr.bx[:len(idx)*f], tr.blabel[:len(idx)], len(idx), false)
		sum += float64(l) * float64(len(idx))
	}
	return sum / float64(tr.rows)
}

// convert returns x converted to T.
func convert[T kernels.Float](x []float64) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}
