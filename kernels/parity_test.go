package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// The parity tests run every kernel on every tier this CPU offers against
// the float64 oracles of oracle_test.go, under the tolerance policy of
// internal/harness, over every length up to maxLen, every start offset up
// to harness.MaxOffset, with inputs flush against a guard page at either
// end, outputs surrounded by canaries, aliased operands, and special values.

// maxLen covers four times an unrolled loop of four 8-lane vectors, plus a
// scalar tail: every combination of the loops a SIMD kernel has.
const maxLen = 4*4*8 + 3

// canaryPad is how many canary elements surround each output.
const canaryPad = 16

// forEachTier runs f as a subtest per available tier, with that tier active.
func forEachTier(t *testing.T, f func(t *testing.T)) {
	for _, isa := range kernels.ISAs() {
		t.Run("isa="+isa, func(t *testing.T) {
			defer kernels.UseISA(isa)()
			f(t)
		})
	}
}

// elementwise describes a kernel computing dst[i] from the i-th elements of
// its inputs.
type elementwise[T kernels.Float] struct {
	name   string
	arity  int
	run    func(dst []T, in [][]T)
	oracle func(in []T) float64 // exact result, before rounding to T
	// The result must be, bit for bit, exact(in) when exact is set;
	// else match(got, oracle(in), in) must hold when match is set; else
	// it must be the oracle's value rounded to T (harness.SameValue).
	exact   func(in []T) T
	match   func(got T, want float64, in []T) bool
	aliases []int // inputs that dst may be
}

// guardedCopy copies x into guarded memory flush with the guard at the
// given end, starting o elements into the guarded block.
func guardedCopy[T kernels.Float](x []T, o int, at harness.Placement) ([]T, func()) {
	buf, free := harness.Guarded[T](len(x)+o, at)
	s := buf[o:]
	copy(s, x)
	return s, free
}

// check runs e on in (all of equal length) with every tier's kernel and
// reports mismatches through t.
func (e elementwise[T]) check(t testing.TB, in [][]T, o int, at harness.Placement) {
	t.Helper()
	n := len(in[0])
	gin := make([][]T, len(in))
	for k, x := range in {
		g, free := guardedCopy(x, o, at)
		defer free()
		gin[k] = g
	}
	out, free := harness.Guarded[T](n+2*canaryPad, at)
	defer free()
	harness.FillCanary(out)
	dst := out[canaryPad : canaryPad+n]
	e.run(dst, gin)
	// The expected results once per element; verify runs after each call.
	elem := make([]T, len(in))
	gather := func(i int) {
		for k := range in {
			elem[k] = in[k][i]
		}
	}
	wants := make([]float64, n)
	var wantT []T // the one right result, where the policy has one
	if e.match == nil {
		wantT = make([]T, n)
	}
	for i := range n {
		gather(i)
		wants[i] = e.oracle(elem)
		switch {
		case e.exact != nil:
			wantT[i] = e.exact(elem)
		case e.match == nil:
			wantT[i] = T(wants[i])
		}
	}
	verify := func(alias int, dst []T) {
		for i, want := range wants {
			var ok bool
			switch {
			case e.exact != nil:
				ok = harness.Identical(dst[i], wantT[i])
			case e.match == nil:
				ok = harness.SameValue(dst[i], wantT[i])
			default:
				gather(i)
				ok = e.match(dst[i], want, elem)
			}
			if !ok {
				gather(i)
				what := ""
				if alias >= 0 {
					what = fmt.Sprintf(" (dst aliasing input %d)", alias)
				}
				t.Fatalf("%s%s n=%d offset=%d guard=%v: [%d] = %v (%#x), want %v; inputs %v",
					e.name, what, n, o, at, i, dst[i], harness.Bits(dst[i]), want, elem)
			}
		}
	}
	verify(-1, dst)
	if i := harness.CanaryIntact(out, func(i int) bool { return i >= canaryPad && i < canaryPad+n }); i >= 0 {
		t.Fatalf("%s n=%d offset=%d: wrote outside dst at index %d", e.name, n, o, i-canaryPad)
	}
	for _, a := range e.aliases {
		for k := range in {
			copy(gin[k], in[k])
		}
		e.run(gin[a], gin)
		verify(a, gin[a])
	}
}

func (e elementwise[T]) parity(t *testing.T, special float64) {
	r := rand.New(rand.NewPCG(1, uint64(len(e.name))))
	forEachTier(t, func(t *testing.T) {
		for _, n := range harness.Lengths(maxLen) {
			in := make([][]T, e.arity)
			for k := range in {
				in[k] = make([]T, n)
				harness.Fill(r, in[k], 4, special)
			}
			for o := 0; o <= harness.MaxOffset; o++ {
				for _, at := range harness.Placements {
					e.check(t, in, o, at)
				}
			}
		}
	})
}

// Element-wise kernel descriptions, shared by the parity tests and the fuzz
// targets.

func reluSpec[T kernels.Float]() elementwise[T] {
	return elementwise[T]{
		name: "ReLU", arity: 1, aliases: []int{0},
		run:    func(dst []T, in [][]T) { kernels.ReLU(dst, in[0]) },
		oracle: func(in []T) float64 { return float64(reluOracle(in[0])) },
		exact:  func(in []T) T { return reluOracle(in[0]) },
	}
}

func reluBackwardSpec[T kernels.Float]() elementwise[T] {
	return elementwise[T]{
		name: "ReLUBackward", arity: 2, aliases: []int{0, 1},
		run:    func(dst []T, in [][]T) { kernels.ReLUBackward(dst, in[0], in[1]) },
		oracle: func(in []T) float64 { return float64(reluBackwardOracle(in[0], in[1])) },
		exact:  func(in []T) T { return reluBackwardOracle(in[0], in[1]) },
	}
}

func binarySpec[T kernels.Float](name string, f func(dst, x, y []T), op func(x, y float64) float64) elementwise[T] {
	return elementwise[T]{
		name: name, arity: 2, aliases: []int{0, 1},
		run:    func(dst []T, in [][]T) { f(dst, in[0], in[1]) },
		oracle: func(in []T) float64 { return op(float64(in[0]), float64(in[1])) },
	}
}

func scaleSpec[T kernels.Float](alpha T) elementwise[T] {
	return elementwise[T]{
		name: "Scale", arity: 1, aliases: []int{0},
		run:    func(dst []T, in [][]T) { kernels.Scale(dst, alpha, in[0]) },
		oracle: func(in []T) float64 { return float64(alpha) * float64(in[0]) },
	}
}

// axpySpec runs Axpy with y copied into dst, so dst is the guarded,
// canaried output; the alias case is Axpy(alpha, x, x).
func axpySpec[T kernels.Float](alpha T) elementwise[T] {
	return elementwise[T]{
		name: "Axpy", arity: 2, aliases: []int{1},
		run: func(dst []T, in [][]T) {
			if unsafe.SliceData(dst) != unsafe.SliceData(in[1]) {
				copy(dst, in[1])
			}
			kernels.Axpy(alpha, in[0], dst)
		},
		oracle: func(in []T) float64 { return float64(alpha)*float64(in[0]) + float64(in[1]) },
		match: func(got T, want float64, in []T) bool {
			ax := float64(alpha) * float64(in[0])
			if math.Abs(ax) > harness.MaxValue[T]() {
				return true // alpha·x overflows T unless fused: either result is right
			}
			return harness.WithinSum(got, want, math.Abs(ax)+math.Abs(float64(in[1])), 2)
		},
	}
}

func elementwiseSpecs[T kernels.Float]() []elementwise[T] {
	return []elementwise[T]{
		reluSpec[T](),
		reluBackwardSpec[T](),
		binarySpec("Add", kernels.Add[T], func(x, y float64) float64 { return x + y }),
		binarySpec("Sub", kernels.Sub[T], func(x, y float64) float64 { return x - y }),
		binarySpec("Mul", kernels.Mul[T], func(x, y float64) float64 { return x * y }),
		scaleSpec[T](-1.5),
		axpySpec[T](0.75),
	}
}

func TestElementwiseParity(t *testing.T) {
	for _, e := range elementwiseSpecs[float32]() {
		t.Run(e.name+"/dtype=f32", func(t *testing.T) { e.parity(t, 0.1) })
	}
	for _, e := range elementwiseSpecs[float64]() {
		t.Run(e.name+"/dtype=f64", func(t *testing.T) { e.parity(t, 0.1) })
	}
}

// reduction describes a kernel returning one value from its inputs.
type reduction[T kernels.Float] struct {
	name  string
	arity int
	run   func(in [][]T) T
	terms func(in [][]T, i int) float64 // the i-th exact term
}

func (e reduction[T]) check(t testing.TB, in [][]T, o int, at harness.Placement) {
	t.Helper()
	gin := make([][]T, len(in))
	for k, x := range in {
		g, free := guardedCopy(x, o, at)
		defer free()
		gin[k] = g
	}
	got := e.run(gin)
	n := len(in[0])
	var sum harness.Sum
	var abs float64
	for i := range n {
		v := e.terms(in, i)
		sum.Add(v)
		abs += math.Abs(v)
	}
	want := sum.Value()
	if !harness.WithinSum(got, want, abs, float64(n+2)) {
		t.Fatalf("%s n=%d offset=%d guard=%v: got %v, want %v (Σ|terms| = %v)", e.name, n, o, at, got, want, abs)
	}
}

func reductionSpecs[T kernels.Float]() []reduction[T] {
	return []reduction[T]{
		{name: "Sum", arity: 1, run: func(in [][]T) T { return kernels.Sum(in[0]) },
			terms: func(in [][]T, i int) float64 { return float64(in[0][i]) }},
		{name: "Dot", arity: 2, run: func(in [][]T) T { return kernels.Dot(in[0], in[1]) },
			terms: func(in [][]T, i int) float64 { return float64(in[0][i]) * float64(in[1][i]) }},
	}
}

func (e reduction[T]) parity(t *testing.T) {
	r := rand.New(rand.NewPCG(2, uint64(len(e.name))))
	forEachTier(t, func(t *testing.T) {
		for _, n := range harness.Lengths(maxLen) {
			for _, special := range []float64{0, 0.02} {
				in := make([][]T, e.arity)
				for k := range in {
					in[k] = make([]T, n)
					harness.Fill(r, in[k], 4, special)
					if special > 0 {
						clampFinite(in[k], 1e6) // keep ±max out: its sum overflows T but not the oracle
					}
				}
				for o := 0; o <= harness.MaxOffset; o++ {
					for _, at := range harness.Placements {
						e.check(t, in, o, at)
					}
				}
			}
		}
	})
}

// clampFinite replaces finite values above limit in magnitude by ±limit,
// leaving NaN and infinities in place.
func clampFinite[T kernels.Float](x []T, limit T) {
	for i, v := range x {
		if v > limit && !math.IsInf(float64(v), 0) {
			x[i] = limit
		} else if v < -limit && !math.IsInf(float64(v), 0) {
			x[i] = -limit
		}
	}
}

func TestReductionParity(t *testing.T) {
	for _, e := range reductionSpecs[float32]() {
		t.Run(e.name+"/dtype=f32", e.parity)
	}
	for _, e := range reductionSpecs[float64]() {
		t.Run(e.name+"/dtype=f64", e.parity)
	}
}

// checkAddColSums compares AddColSums on every tier with the row-order sum
// in T it is documented to reproduce exactly.
func checkAddColSums[T kernels.Float](t testing.TB, a, dst0 []T, rows, cols, lda int, at harness.Placement) {
	t.Helper()
	ga, free := guardedCopy(a, 0, at)
	defer free()
	out, freeOut := harness.Guarded[T](cols+2*canaryPad, at)
	defer freeOut()
	harness.FillCanary(out)
	dst := out[canaryPad : canaryPad+cols]
	copy(dst, dst0)
	kernels.AddColSums(dst, ga, rows, cols, lda)
	want := addColSumsOracle(dst0, a, rows, cols, lda)
	for j := range cols {
		if !harness.SameValue(dst[j], want[j]) {
			t.Fatalf("AddColSums rows=%d cols=%d lda=%d: dst[%d] = %v, want %v", rows, cols, lda, j, dst[j], want[j])
		}
	}
	if i := harness.CanaryIntact(out, func(i int) bool { return i >= canaryPad && i < canaryPad+cols }); i >= 0 {
		t.Fatalf("AddColSums rows=%d cols=%d: wrote outside dst at %d", rows, cols, i-canaryPad)
	}
}

func testAddColSums[T kernels.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	forEachTier(t, func(t *testing.T) {
		for _, rows := range []int{0, 1, 2, 3, 7, 150} {
			for _, cols := range harness.Lengths(maxLen) {
				for _, pad := range []int{0, 3} {
					lda := max(cols+pad, 1)
					a := make([]T, max(0, (rows-1)*lda+cols))
					if rows == 0 {
						a = a[:0]
					}
					harness.Fill(r, a, 4, 0.05)
					dst := make([]T, cols)
					harness.Fill(r, dst, 1, 0)
					for _, at := range harness.Placements {
						checkAddColSums(t, a, dst, rows, cols, lda, at)
					}
				}
			}
		}
	})
}

func TestAddColSumsParity(t *testing.T) {
	t.Run("dtype=f32", testAddColSums[float32])
	t.Run("dtype=f64", testAddColSums[float64])
}
