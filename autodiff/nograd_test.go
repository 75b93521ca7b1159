package autodiff

import (
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
)

// TestNoGrad checks that a NoGrad tape computes the same values as a
// recording one, keeps no gradients or backward scratch, accepts a
// parameter without a gradient buffer, ignores Backward, and allocates
// nothing in steady state.
func TestNoGrad(t *testing.T) {
	z := newZoo[float64](newRand(), 40, 3, 6, 4)
	var rec, eval Tape[float64]
	eval.NoGrad = true
	want := z.loss(&rec).Scalar()
	got := z.loss(&eval)
	if got.Scalar() != want {
		t.Errorf("NoGrad loss %v, recording loss %v", got.Scalar(), want)
	}
	for i := range eval.nodes {
		// Only the operations whose value needs scratch keep an aux.
		n := &eval.nodes[i]
		if n.grad != nil || n.aux != nil && n.op != opMulRow && n.op != opSoftmaxCE && n.op != opMSE {
			t.Fatalf("node %d (op %d) of a NoGrad tape has backward buffers", i, n.op)
		}
	}
	var recBytes, evalBytes int
	for _, b := range rec.arena.bufs {
		recBytes += cap(b)
	}
	for _, b := range eval.arena.bufs {
		evalBytes += cap(b)
	}
	t.Logf("arena: %d elements recording, %d NoGrad", recBytes, evalBytes)
	if evalBytes >= recBytes {
		t.Errorf("NoGrad arena holds %d elements, the recording one %d", evalBytes, recBytes)
	}
	eval.Backward(got) // a no-op
	for _, p := range z.params() {
		for _, g := range p.Grad {
			if g != 0 {
				t.Fatal("Backward on a NoGrad tape changed a gradient")
			}
		}
	}

	// A parameter without a gradient buffer, as loaded for inference.
	w := &Param[float64]{Rows: 2, Cols: 1, Data: []float64{3, 4}}
	eval.Reset()
	if y := eval.MatMul(eval.Const(1, 2, []float64{1, 2}), eval.Param(w)).Scalar(); y != 11 {
		t.Errorf("NoGrad product = %v, want 11", y)
	}
	wantPanic(t, func() { rec.Param(w) }, "autodiff.Param: len(Data)=2, len(Grad)=0, need 2×1 = 2")
	wantPanic(t, func() { eval.Param(&Param[float64]{Rows: 2, Cols: 2, Data: make([]float64, 3)}) }, "autodiff.Param: len(Data)=3, need 2×2 = 4")

	if harness.RaceEnabled {
		return
	}
	if n := testing.AllocsPerRun(100, func() { eval.Reset(); z.loss(&eval) }); n != 0 {
		t.Errorf("NoGrad forward: %v allocations, want 0", n)
	}
}
