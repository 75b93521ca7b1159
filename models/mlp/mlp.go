package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/kernels"
)

// Variant selects the network's forward pass and which parameters train.
type Variant uint8

const (
	// Standard has linear logits and trains every weight and bias.
	Standard Variant = iota
	// Writeup reproduces the original write-up's two mistakes: ReLU is
	// applied to the logits before the cross-entropy (a negative logit
	// gets no gradient, so a class can die), and the biases are never
	// updated (they stay at their initial zeros). It exists only to show
	// the difference.
	Writeup
)

// String returns "standard" or "writeup".
func (v Variant) String() string {
	switch v {
	case Standard:
		return "standard"
	case Writeup:
		return "writeup"
	}
	return fmt.Sprintf("Variant(%d)", uint8(v))
}

// A Net is a fully connected network: layer l maps Sizes[l] inputs to
// Sizes[l+1] outputs by x·W[l] + B[l], followed by ReLU on every layer but
// the last, whose outputs are the logits of Sizes[len(Sizes)-1] classes.
//
// Predict and Accuracy take inputs as the network sees them (standardised
// already, in T); Logits, Proba and Classify take raw rows in float64 and
// standardise them with the Net's Standardizer first. All of them run the
// forward pass on an evaluation tape kept by the Net (an autodiff.Tape
// without gradients), so they allocate nothing once its buffers have
// grown to the largest input; a Net is therefore not safe for concurrent
// use, and must not be copied after its first forward pass.
//
// A Net is saved and loaded with encoding/json: json.Marshal writes its
// sizes, variant, weights, biases and standardiser (see MarshalJSON), and
// json.Unmarshal into a *Net[T] reads them back, checking every shape, so
// that a loaded Net predicts exactly as the saved one and can be trained
// further.
type Net[T kernels.Float] struct {
	// Sizes are the layer widths, inputs first and classes last.
	Sizes []int
	// Variant selects the forward pass (Writeup applies ReLU to the
	// logits) and, in Train, whether the biases are updated.
	Variant Variant
	// W[l] is the Sizes[l]×Sizes[l+1] weight matrix of layer l and B[l]
	// its 1×Sizes[l+1] bias row.
	W, B []*autodiff.Param[T]
	// Standardizer, if not nil, maps the raw rows given to Logits, Proba
	// and Classify to the network's inputs: set it to the standardiser
	// fitted on the training data (benchdata.FitStandardizer). It must
	// have Sizes[0] features. Train neither sets nor uses it.
	Standardizer *benchdata.Standardizer

	eval autodiff.Tape[T] // evaluation: the forward pass without gradients
	in   []T              // raw rows, standardised and converted to T
	row  []float64        // one standardised row
}

// New returns a network with the given layer widths (at least an input
// and an output width, all positive), initialised from a PCG generator
// seeded with seed by He's uniform initialisation (autodiff.HeUniform):
// each weight of a layer with fan-in n is drawn from U(−√(6/n), √(6/n)),
// layer by layer and row by row, so that the variance of a ReLU unit's
// input is preserved from layer to layer, and every bias is zero. (The
// original drew everything from U(0, 1), as torch.rand; that trains the
// 4-input Iris network about as well, but is not scaled to the fan-in, so
// wider layers start with ever larger pre-activations.)
func New[T kernels.Float](sizes []int, variant Variant, seed uint64) *Net[T] {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("mlp.New: %d layer sizes, need at least 2 (inputs and classes)", len(sizes)))
	}
	for _, s := range sizes {
		if s <= 0 {
			panic(fmt.Sprintf("mlp.New: layer sizes %v, need all positive", sizes))
		}
	}
	if variant != Standard && variant != Writeup {
		panic(fmt.Sprintf("mlp.New: invalid %v", variant))
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	n := &Net[T]{Sizes: append([]int(nil), sizes...), Variant: variant}
	for l := range len(sizes) - 1 {
		in, out := sizes[l], sizes[l+1]
		w := autodiff.NewParam[T](in, out, nil)
		autodiff.HeUniform(w, rng)
		n.W = append(n.W, w)
		n.B = append(n.B, autodiff.NewParam[T](1, out, nil))
	}
	return n
}

// Classes returns the number of outputs, Sizes[len(Sizes)-1].
func (n *Net[T]) Classes() int { return n.Sizes[len(n.Sizes)-1] }

// Predict sets dst[i] to the class of row i of x, the index of its largest
// output (the lowest such index on a tie), or −1 if an output of the row
// is NaN, and returns dst. x is row-major
// with Sizes[0] features per row. If dst is too short, a new slice is
// allocated; otherwise Predict allocates nothing once its scratch has
// grown to len(x).
func (n *Net[T]) Predict(dst []int, x []T) []int {
	rows := n.rows("Predict", x)
	if cap(dst) < rows {
		dst = make([]int, rows)
	}
	dst = dst[:rows]
	out, c := n.forward(x, rows), n.Classes()
	for i := range dst {
		dst[i] = argmax(out[i*c : (i+1)*c])
	}
	return dst
}

// Accuracy returns the fraction of rows of x that Predict assigns to the
// class in labels, which has one entry per row, or NaN if x is empty. It
// allocates nothing once the scratch has grown to len(x).
func (n *Net[T]) Accuracy(x []T, labels []int) float64 {
	rows := n.rows("Accuracy", x)
	if len(labels) != rows {
		panic(fmt.Sprintf("mlp.Accuracy: %d rows and %d labels", rows, len(labels)))
	}
	return accuracy(n.forward(x, rows), labels, n.Classes())
}

// rows returns the number of rows in x, panicking if x is not a whole
// number of rows.
func (n *Net[T]) rows(fn string, x []T) int {
	f := n.Sizes[0]
	if len(x)%f != 0 {
		panic(fmt.Sprintf("mlp.%s: len(x)=%d is not a multiple of %d features", fn, len(x), f))
	}
	return len(x) / f
}

// forward computes the outputs of the network for the rows×Sizes[0] input
// x and returns the last layer's rows×Classes outputs (after ReLU in the
// Writeup variant), valid until the next forward pass. It records the
// network on the Net's evaluation tape, which keeps no gradients
// (Tape.NoGrad), so evaluation and training run the same operations and
// agree to the bit. No rows give no outputs (a tape holds no empty
// matrices).
func (n *Net[T]) forward(x []T, rows int) []T {
	if rows == 0 {
		return nil
	}
	t := &n.eval
	t.NoGrad = true
	t.Reset()
	return n.record(t, x, rows).Data()
}

// Logits sets dst to the outputs of the network for the raw rows x,
// row-major with Sizes[0] values per row (the Data of a gonum mat.Dense
// with as many columns, say), and returns it: rows×Classes values, the
// logits (after ReLU in the Writeup variant). Each row is first
// standardised with the Net's Standardizer, if it has one. The outputs of
// a row may differ in the last bits with the number of rows passed
// together, as GEMM's kernel depends on the shape. If dst is too short, a
// new slice is allocated; otherwise Logits allocates nothing once the
// Net's buffers have grown to len(x).
func (n *Net[T]) Logits(dst, x []float64) []float64 {
	rows := n.rawRows("Logits", x)
	out := n.forward(n.input(x), rows)
	dst = grow(dst, len(out))
	for i, v := range out {
		dst[i] = float64(v)
	}
	return dst
}

// Proba sets dst to the class probabilities for the raw rows x, the
// softmax of each row of Logits (kernels.Softmax), and returns it, as
// Logits does. A row with a NaN or +Inf logit gives NaN in every
// position.
func (n *Net[T]) Proba(dst, x []float64) []float64 {
	dst = n.Logits(dst, x)
	c := n.Classes()
	kernels.Softmax(dst, dst, len(dst)/c, c)
	return dst
}

// Classify sets dst[i] to the class of raw row i of x, the index of its
// largest output as in Predict, after the standardisation of Logits, and
// returns dst (reallocated if it is too short).
func (n *Net[T]) Classify(dst []int, x []float64) []int {
	rows := n.rawRows("Classify", x)
	out, c := n.forward(n.input(x), rows), n.Classes()
	if cap(dst) < rows {
		dst = make([]int, rows)
	}
	dst = dst[:rows]
	for i := range dst {
		dst[i] = argmax(out[i*c : (i+1)*c])
	}
	return dst
}

// rawRows returns the number of rows in the raw input x, panicking if x
// is not a whole number of rows or the Standardizer does not fit.
func (n *Net[T]) rawRows(fn string, x []float64) int {
	f := n.Sizes[0]
	if len(x)%f != 0 {
		panic(fmt.Sprintf("mlp.%s: len(x)=%d is not a multiple of %d features", fn, len(x), f))
	}
	if s := n.Standardizer; s != nil && (len(s.Mean) != f || len(s.Std) != f) {
		panic(fmt.Sprintf("mlp.%s: Standardizer has %d means and %d standard deviations for %d features", fn, len(s.Mean), len(s.Std), f))
	}
	return len(x) / f
}

// input returns the raw rows x standardised and converted to T, in the
// Net's buffer.
func (n *Net[T]) input(x []float64) []T {
	n.in = grow(n.in, len(x))
	f := n.Sizes[0]
	for r := 0; r < len(x); r += f {
		row := x[r : r+f]
		if n.Standardizer != nil {
			n.row = n.Standardizer.TransformRow(n.row, row)
			row = n.row
		}
		for j, v := range row {
			n.in[r+j] = T(v)
		}
	}
	return n.in
}

// grow returns b resliced to n elements, or a new slice if b is too
// small.
func grow[E any](b []E, n int) []E {
	if cap(b) < n {
		return make([]E, n)
	}
	return b[:n]
}

// record records the network's outputs for the rows of x on t, with
// biases as parameters (Standard) or constants (Writeup), and returns them.
func (n *Net[T]) record(t *autodiff.Tape[T], x []T, rows int) autodiff.Value[T] {
	h := t.Const(rows, n.Sizes[0], x)
	for l, w := range n.W {
		b := n.B[l]
		var bias autodiff.Value[T]
		if n.Variant == Writeup {
			bias = t.Const(1, b.Cols, b.Data)
		} else {
			bias = t.Param(b)
		}
		h = t.Affine(h, t.Param(w), bias)
		if l < len(n.W)-1 || n.Variant == Writeup {
			h = t.ReLU(h)
		}
	}
	return h
}

// params returns the parameters that training updates.
func (n *Net[T]) params() []*autodiff.Param[T] {
	var p []*autodiff.Param[T]
	for l, w := range n.W {
		p = append(p, w)
		if n.Variant != Writeup {
			p = append(p, n.B[l])
		}
	}
	return p
}

// accuracy returns the fraction of rows of the rows×c outputs whose
// largest element is at the index in labels.
func accuracy[T kernels.Float](out []T, labels []int, c int) float64 {
	if len(labels) == 0 {
		return math.NaN()
	}
	right := 0
	if c == 3 {
		// Three classes (Iris) skip argmax's loop: 18 % less time a
		// row (BenchmarkAccuracy, Zen 5).
		out = out[:3*len(labels)]
		for i, l := range labels {
			if argmax3(out[3*i], out[3*i+1], out[3*i+2]) == l {
				right++
			}
		}
		return float64(right) / float64(len(labels))
	}
	out = out[:len(labels)*c]
	for _, l := range labels {
		if argmax(out[:c:c]) == l {
			right++
		}
		out = out[c:]
	}
	return float64(right) / float64(len(labels))
}

// argmax3 is argmax([a, b, c]), written the same way.
func argmax3[T kernels.Float](a, b, c T) int {
	best, m := 0, a
	if b > m {
		best = 1
	}
	m = max(m, b)
	if c > m {
		best = 2
	}
	m = max(m, c)
	if m != m {
		return -1
	}
	return best
}

// argmax returns the index of the largest element of x, the first on a
// tie (−0 and +0 tie), or −1 if x holds a NaN. It is written without
// data-dependent branches (the compiler emits a conditional move and
// branch-free max), because the winning column of a network's outputs is
// as unpredictable as the data.
func argmax[T kernels.Float](x []T) int {
	best, m := 0, x[0]
	for i := 1; i < len(x); i++ {
		v := x[i]
		if v > m {
			best = i
		}
		m = max(m, v) // NaN once any element is NaN
	}
	if m != m {
		return -1
	}
	return best
}
