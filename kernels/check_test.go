package kernels_test

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/simdgrad/simdgrad/internal/harness"
	"github.com/simdgrad/simdgrad/kernels"
)

// The argument checks are the last line of defence of the assembly behind
// them. These tests call every function the way a hostile or careless
// caller could from safe Go: dimensions whose products wrap around to 0 or
// to a small number, near-MaxInt and negative sizes and leading
// dimensions, overlapping outputs, empty shapes. Each call must either
// panic with the package's own message or return having touched nothing
// outside its slices, on every tier: never fault, never raise a runtime
// error.

// outcome runs f and returns its panic message ("" when it returned), or
// fails the test when f raised a runtime error or faulted.
func outcome(t *testing.T, name string, f func()) (msg string) {
	t.Helper()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if err, ok := r.(runtime.Error); ok {
			t.Errorf("%s: runtime error: %v", name, err)
			return
		}
		s, ok := r.(string)
		if !ok {
			t.Errorf("%s: panic with %T %v, want a string", name, r, r)
			return
		}
		msg = s
	}()
	f()
	return ""
}

const maxInt = math.MaxInt

func TestHostileDimensions(t *testing.T) {
	one32, one64 := make([]float32, 1), make([]float64, 1)
	two32 := make([]float32, 2)
	var none32 []float32
	cases := []struct {
		name string
		f    func()
		want string // the panic message, "" for a valid call
	}{
		// (m−1)·lda + k wraps to 1: the slices of one element pass a
		// wrapping check, and the kernel would write far past c.
		{"Gemm a wraps to 1", func() { kernels.Gemm(false, false, 1<<61+1, 1, 1, 1, one32, 8, one32, 1, 0, one32, 8) },
			"kernels.Gemm: len(a)=1, need ≥ 18446744073709551617 for m=2305843009213693953, k=1, lda=8"},
		{"Gemm transA a wraps to 0", func() { kernels.Gemm(true, false, 4, 1, 1<<62, 1, none32, 4, none32, 1, 0, make([]float32, 4), 1) },
			"kernels.Gemm: len(a)=0, need ≥ 18446744073709551616 for k=4611686018427387904, m=4, lda=4 (transA)"},
		{"Gemm transB b wraps to 1", func() { kernels.Gemm(false, true, 1, 1<<62+1, 1, 1, one64, 1, one64, 4, 0, one64, 1<<62+1) },
			"kernels.Gemm: len(b)=1, need ≥ 18446744073709551617 for n=4611686018427387905, k=1, ldb=4 (transB)"},
		// With k = 0, A and B are empty and only C must fit.
		{"Gemm c wraps to 1", func() { kernels.Gemm(false, false, 1<<62+1, 1, 0, 1, none32, 1, none32, 1, 0, one32, 4) },
			"kernels.Gemm: len(c)=1, need ≥ 18446744073709551617 for m=4611686018427387905, n=1, ldc=4"},
		{"Gemm ldc near MaxInt", func() { kernels.Gemm(false, false, 2, 1, 1, 1, two32, 1, one32, 1, 0, two32, maxInt) },
			"kernels.Gemm: len(c)=2, need ≥ 9223372036854775808 for m=2, n=1, ldc=9223372036854775807"},
		{"Gemm lda MaxInt, m 3", func() { kernels.Gemm(false, false, 3, 1, 1, 1, two32, maxInt, one32, 1, 0, make([]float32, 3), 1) },
			"kernels.Gemm: len(a)=2, need ≥ 18446744073709551615 for m=3, k=1, lda=9223372036854775807"},
		{"Gemm MaxInt dims", func() {
			kernels.Gemm(false, false, maxInt, maxInt, maxInt, 1, none32, maxInt, none32, maxInt, 0, none32, maxInt)
		},
			"kernels.Gemm: len(a)=0, need ≥ 85070591730234615847396907784232501249 for m=9223372036854775807, k=9223372036854775807, lda=9223372036854775807"},
		{"Gemm negative lda", func() { kernels.Gemm(false, false, 1, 1, 1, 1, one32, -1, one32, 1, 0, one32, 1) },
			"kernels.Gemm: lda=-1, need ≥ max(1, k)=1 for m=1, k=1"},
		{"Gemm MinInt ldb", func() { kernels.Gemm(false, false, 1, 1, 1, 1, one32, 1, one32, math.MinInt, 0, one32, 1) },
			"kernels.Gemm: ldb=-9223372036854775808, need ≥ max(1, n)=1 for k=1, n=1"},
		{"Gemm MinInt m", func() { kernels.Gemm(false, false, math.MinInt, 1, 1, 1, one32, 1, one32, 1, 0, one32, 1) },
			"kernels.Gemm: negative dimension: m=-9223372036854775808, n=1, k=1"},
		{"Gemm m MaxInt, n 0", func() { kernels.Gemm(false, false, maxInt, 0, 1, 1, none32, 1, none32, 1, 1, none32, 1) },
			"kernels.Gemm: len(a)=0, need ≥ 9223372036854775807 for m=9223372036854775807, k=1, lda=1"},
		{"Gemm m MaxInt, k 0, n 0", func() { kernels.Gemm(false, false, maxInt, 0, 0, 1, none32, 1, none32, 1, 0, none32, 1) }, ""},
		{"Gemm k MaxInt, m 0", func() { kernels.Gemm(false, false, 0, 1, maxInt, 1, none32, maxInt, none32, 1, 0, none32, 1) },
			"kernels.Gemm: len(b)=0, need ≥ 9223372036854775807 for k=9223372036854775807, n=1, ldb=1"},

		// rows×cols wraps to 0 and to 2.
		{"Softmax wraps to 0", func() { kernels.Softmax(none32, none32, 1<<62, 4) },
			"kernels.Softmax: len(x)=0, need rows×cols = 4611686018427387904×4 = 18446744073709551616"},
		{"Softmax 2^32×2^32", func() { kernels.Softmax(none32, none32, 1<<32, 1<<32) },
			"kernels.Softmax: len(x)=0, need rows×cols = 4294967296×4294967296 = 18446744073709551616"},
		{"Softmax wraps to 2", func() { kernels.Softmax(two32, two32, 3, 6148914691236517206) },
			"kernels.Softmax: len(x)=2, need rows×cols = 3×6148914691236517206 = 18446744073709551618"},
		{"LogSoftmax wraps to 2", func() { kernels.LogSoftmax(make([]float64, 2), make([]float64, 2), 6148914691236517206, 3) },
			"kernels.LogSoftmax: len(x)=2, need rows×cols = 6148914691236517206×3 = 18446744073709551618"},
		{"LogSoftmax 0×0, dst not empty", func() { kernels.LogSoftmax(one64, nil, 0, 0) },
			"kernels.LogSoftmax: len(dst)=1, need rows×cols = 0×0 = 0"},
		{"Softmax MinInt rows", func() { kernels.Softmax(none32, none32, math.MinInt, 0) },
			"kernels.Softmax: negative dimension: rows=-9223372036854775808, cols=0"},
		{"Softmax MaxInt×0", func() { kernels.Softmax(none32, none32, maxInt, 0) }, ""},
		{"LogSoftmax 0×MaxInt", func() { kernels.LogSoftmax(none32, none32, 0, maxInt) }, ""},

		// (rows−1)·lda + cols wraps to 1.
		{"AddColSums wraps to 1", func() { kernels.AddColSums(one32, one32, 1<<62+1, 1, 4) },
			"kernels.AddColSums: len(a)=1, need ≥ 18446744073709551617 for rows=4611686018427387905, cols=1, lda=4"},
		{"AddColSums MaxInt rows", func() { kernels.AddColSums(one64, one64, maxInt, 1, 1) },
			"kernels.AddColSums: len(a)=1, need ≥ 9223372036854775807 for rows=9223372036854775807, cols=1, lda=1"},
		{"AddColSums negative lda", func() { kernels.AddColSums(one64, one64, 1, 1, -4) },
			"kernels.AddColSums: lda=-4, need ≥ max(1, cols)=1 for rows=1, cols=1"},
		{"AddColSums MaxInt×0", func() { kernels.AddColSums(none32, none32, maxInt, 0, 1) }, ""},
		{"AddColSums MaxInt×0, ld MaxInt", func() { kernels.AddColSums(none32, none32, maxInt, 0, maxInt) }, ""},
		{"AddColSums 0×3", func() { kernels.AddColSums(make([]float32, 3), none32, 0, 3, maxInt) }, ""},
	}
	forEachTier(t, func(t *testing.T) {
		for _, c := range cases {
			if got := outcome(t, c.name, c.f); got != c.want {
				t.Errorf("%s:\n got panic %q\nwant       %q", c.name, got, c.want)
			}
		}
	})
}

// emptyInputs are slices with no elements that fault on any read: at a
// guard page, nil, and the empty tail of a real slice.
func emptyInputs[T kernels.Float](t *testing.T) map[string][]T {
	g, free := harness.Guarded[T](0, harness.End)
	t.Cleanup(free)
	return map[string][]T{"guarded": g, "nil": nil, "tail": make([]T, 5)[5:]}
}

// TestEmptyShapesAreNoOps calls every function with each dimension 0 in
// turn and every valid leading dimension, on every tier: nothing is read
// or written (inputs are empty slices flush with a guard page; outputs
// keep their canaries), except C = beta·C for a Gemm with k = 0.
func TestEmptyShapesAreNoOps(t *testing.T) {
	forEachTier(t, func(t *testing.T) {
		t.Run("dtype=f32", testEmptyShapes[float32])
		t.Run("dtype=f64", testEmptyShapes[float64])
	})
}

func testEmptyShapes[T kernels.Float](t *testing.T) {
	canary := harness.Canary[T]()
	intact := func(what string, x []T) {
		t.Helper()
		if i := harness.CanaryIntact(x, func(int) bool { return false }); i >= 0 {
			t.Errorf("%s: wrote element %d", what, i)
		}
	}
	for name, e := range emptyInputs[T](t) {
		for _, ld := range []int{1, 7, maxInt} {
			for _, mnk := range [][3]int{{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {0, 0, 9}, {maxInt, 0, 2}, {0, maxInt, 2}, {maxInt, 0, 0}, {0, maxInt, 0}, {0, 3, maxInt}} {
				m, n, k := mnk[0], mnk[1], mnk[2]
				for _, ta := range []bool{false, true} {
					for _, tb := range []bool{false, true} {
						// C has no elements; A and B fit only when
						// empty too (a dimension they use is 0).
						what := fmt.Sprintf("Gemm %s m=%d n=%d k=%d ld=%d transA=%v transB=%v", name, m, n, k, ld, ta, tb)
						ar, ac, br, bc := m, k, k, n
						if ta {
							ar, ac = k, m
						}
						if tb {
							br, bc = n, k
						}
						if (ar == 0 || ac == 0) && (br == 0 || bc == 0) && ld >= max(ac, bc, n, 1) {
							if msg := outcome(t, what, func() { kernels.Gemm(ta, tb, m, n, k, 2, e, ld, e, ld, 3, e, ld) }); msg != "" {
								t.Errorf("%s: panic %q", what, msg)
							}
						}
					}
				}
			}
			// k = 0: A and B unread, C = beta·C; beta = 0 writes zeros
			// without reading C.
			for _, beta := range []T{0, 1, -2} {
				const m, n = 2, 3
				for _, ldc := range []int{n, 8} {
					c := make([]T, (m-1)*ldc+n)
					for i := range c {
						c[i] = T(i)
					}
					what := fmt.Sprintf("Gemm %s k=0 lda=%d ldc=%d beta=%v", name, ld, ldc, beta)
					if msg := outcome(t, what, func() { kernels.Gemm(false, false, m, n, 0, 1, e, ld, e, max(ld, n), beta, c, ldc) }); msg != "" {
						t.Errorf("%s: panic %q", what, msg)
					}
					for i := range m {
						for j := range n {
							if got, want := c[i*ldc+j], beta*T(i*ldc+j); got != want {
								t.Errorf("%s: C[%d,%d] = %v, want %v", what, i, j, got, want)
							}
						}
					}
				}
			}
			for _, rc := range [][2]int{{0, 0}, {0, 4}, {3, 0}, {maxInt, 0}, {0, maxInt}} {
				rows, cols := rc[0], rc[1]
				if ld < max(1, cols) {
					continue
				}
				dst := make([]T, 0, 4)
				if cols <= 4 {
					dst = dst[:cols]
					harness.FillCanary(dst)
				}
				what := fmt.Sprintf("AddColSums %s rows=%d cols=%d lda=%d", name, rows, cols, ld)
				if cols <= 4 && (rows == 0 || cols == 0) {
					if msg := outcome(t, what, func() { kernels.AddColSums(dst, e, rows, cols, ld) }); msg != "" {
						t.Errorf("%s: panic %q", what, msg)
					}
					intact(what, dst)
				}
			}
		}
		for _, rc := range [][2]int{{0, 0}, {0, 4}, {3, 0}, {maxInt, 0}, {0, maxInt}} {
			for _, f := range []struct {
				name string
				run  func(dst, x []T, rows, cols int)
			}{{"Softmax", kernels.Softmax[T]}, {"LogSoftmax", kernels.LogSoftmax[T]}} {
				what := fmt.Sprintf("%s %s %d×%d", f.name, name, rc[0], rc[1])
				if msg := outcome(t, what, func() { f.run(e, e, rc[0], rc[1]) }); msg != "" {
					t.Errorf("%s: panic %q", what, msg)
				}
			}
		}
		for _, f := range vectorCalls[T]() {
			what := f.name + " " + name
			if msg := outcome(t, what, func() { f.run(e, e, e) }); msg != "" {
				t.Errorf("%s: panic %q", what, msg)
			}
		}
		var s T = canary
		if msg := outcome(t, "Sum", func() { s = kernels.Sum(e) }); msg != "" || s != 0 {
			t.Errorf("Sum of %s = %v (panic %q), want 0", name, s, msg)
		}
		if msg := outcome(t, "Dot", func() { s = kernels.Dot(e, e) }); msg != "" || s != 0 {
			t.Errorf("Dot of %s = %v (panic %q), want 0", name, s, msg)
		}
	}
}

// vectorCall is an element-wise kernel with its output first.
type vectorCall[T kernels.Float] struct {
	name string
	run  func(out, x, y []T)
	// outputOf says which inputs the output may be the same slice as.
	sameOK []int
}

func vectorCalls[T kernels.Float]() []vectorCall[T] {
	return []vectorCall[T]{
		{"ReLU", func(out, x, _ []T) { kernels.ReLU(out, x) }, []int{0}},
		{"ReLUBackward", func(out, x, y []T) { kernels.ReLUBackward(out, x, y) }, []int{0, 1}},
		{"Axpy", func(out, x, _ []T) { kernels.Axpy(2, x, out) }, []int{0}},
		{"Scale", func(out, x, _ []T) { kernels.Scale(out, 2, x) }, []int{0}},
		{"Add", func(out, x, y []T) { kernels.Add(out, x, y) }, []int{0, 1}},
		{"Sub", func(out, x, y []T) { kernels.Sub(out, x, y) }, []int{0, 1}},
		{"Mul", func(out, x, y []T) { kernels.Mul(out, x, y) }, []int{0, 1}},
		{"Softmax", func(out, x, _ []T) { kernels.Softmax(out, x, 1, len(x)) }, []int{0}},
		{"LogSoftmax", func(out, x, _ []T) { kernels.LogSoftmax(out, x, len(x), 1) }, []int{0}},
	}
}

// TestVectorAliasing checks the aliasing rule of the vector kernels on
// every tier: an output may be an input itself or share nothing with it,
// inputs may overlap each other, and any other overlap panics.
func TestVectorAliasing(t *testing.T) {
	forEachTier(t, func(t *testing.T) {
		const n = 37
		for _, f := range vectorCalls[float32]() {
			buf := make([]float32, 3*n+1)
			for i := range buf {
				buf[i] = float32(i%7) - 3
			}
			x, y := buf[:n], buf[n:2*n]
			others := [][]float32{x, y}
			for k := range 2 {
				// The output shifted by one element from input k.
				var out []float32
				if k == 0 {
					out = buf[1 : n+1]
				} else {
					out = buf[n+1 : 2*n+1]
				}
				want := fmt.Sprintf("kernels.%s: %s and %s overlap but are not the same slice", f.name, outName(f.name), inName(f.name, k))
				if f.name == "ReLU" || f.name == "Axpy" || f.name == "Scale" || f.name == "Softmax" || f.name == "LogSoftmax" {
					if k == 1 {
						continue // one input
					}
				}
				if got := outcome(t, f.name, func() { f.run(out, x, y) }); got != want {
					t.Errorf("%s, output = input %d shifted by one: panic %q, want %q", f.name, k, got, want)
				}
			}
			// The output equal to an input it may be, and disjoint from
			// both within the same array.
			for _, k := range f.sameOK {
				if got := outcome(t, f.name, func() { f.run(others[k], x, y) }); got != "" {
					t.Errorf("%s, output = input %d: panic %q", f.name, k, got)
				}
			}
			if got := outcome(t, f.name, func() { f.run(buf[2*n:3*n], x, y) }); got != "" {
				t.Errorf("%s, output beside its inputs: panic %q", f.name, got)
			}
			// Overlapping inputs are only read.
			if got := outcome(t, f.name, func() { f.run(buf[2*n:3*n], buf[:n], buf[1:n+1]) }); got != "" {
				t.Errorf("%s, overlapping inputs: panic %q", f.name, got)
			}
		}
	})
}

func outName(fn string) string {
	switch fn {
	case "ReLUBackward":
		return "dx"
	case "Axpy":
		return "y"
	}
	return "dst"
}

func inName(fn string, k int) string {
	switch fn {
	case "ReLUBackward":
		return []string{"dy", "x"}[k]
	}
	return []string{"x", "y"}[k]
}

// TestAddColSumsOverlap: dst may lie in the same array as the matrix, in
// the gap between its columns and its leading dimension, but not on one
// of its elements.
func TestAddColSumsOverlap(t *testing.T) {
	forEachTier(t, func(t *testing.T) {
		const rows, cols, lda = 3, 4, 6
		buf := make([]float64, rows*lda+cols)
		for i := range buf {
			buf[i] = 1
		}
		a := buf[:(rows-1)*lda+cols]
		gap := buf[lda-2 : lda-2+2] // columns 4, 5 of row 0: not in the matrix
		if got := outcome(t, "gap", func() { kernels.AddColSums(gap, a, rows, 2, lda) }); got != "" {
			t.Errorf("dst in the gap of a: panic %q", got)
		}
		after := buf[len(a) : len(a)+cols]
		if got := outcome(t, "after", func() { kernels.AddColSums(after, buf, rows, cols, lda) }); got != "" {
			t.Errorf("dst after the matrix: panic %q", got)
		}
		want := "kernels.AddColSums: dst shares elements with a (rows=3, cols=4, lda=6)"
		inside := buf[lda+3 : lda+3+cols] // starts at element (1, 3)
		if got := outcome(t, "inside", func() { kernels.AddColSums(inside, a, rows, cols, lda) }); got != want {
			t.Errorf("dst on a's elements: panic %q, want %q", got, want)
		}
	})
}

// TestGemmOverlap checks that Gemm refuses a C that shares an element with
// A or B, and accepts any other placement in the same array, on every
// tier, with the result checked where it runs.
func TestGemmOverlap(t *testing.T) {
	forEachTier(t, func(t *testing.T) {
		type block struct{ off, rows, cols, ld int }
		cases := []struct {
			name                 string
			a, b, c              block // A is m×k, B k×n, C m×n (no transposes)
			sharesA, sharesB     bool
			separateA, separateB bool // A or B in an array of its own
		}{
			// Column blocks of one 8-column matrix: A is columns 0–3,
			// C columns 4–7, same leading dimension.
			{name: "column blocks", a: block{0, 5, 4, 8}, c: block{4, 5, 4, 8}, b: block{0, 4, 4, 4}, separateB: true},
			{name: "column blocks touching", a: block{0, 5, 5, 8}, c: block{4, 5, 4, 8}, b: block{0, 5, 4, 4}, separateB: true, sharesA: true},
			// A on the even rows, C on the odd rows.
			{name: "interleaved rows", a: block{0, 4, 3, 6}, c: block{3, 4, 3, 6}, b: block{0, 3, 3, 3}, separateB: true},
			// Different leading dimensions: A 3×4 with lda 10 at 0, C 3×4
			// with ldc 7 at 4: C's rows cover 4–7, 11–14, 18–21; A's
			// 0–3, 10–13, 20–23.
			{name: "different ld, shared", a: block{0, 3, 4, 10}, c: block{4, 3, 4, 7}, b: block{0, 4, 4, 4}, separateB: true, sharesA: true},
			// The same C; A with lda 22 covers 0–3, 22–25, 44–47:
			// nothing in common although A's span contains C.
			{name: "different ld, disjoint", a: block{0, 3, 4, 22}, c: block{4, 3, 4, 7}, b: block{0, 4, 4, 4}, separateB: true},
			{name: "c is a", a: block{0, 4, 4, 4}, c: block{0, 4, 4, 4}, b: block{0, 4, 4, 4}, separateB: true, sharesA: true},
			{name: "c a shifted by one", a: block{0, 4, 4, 4}, c: block{1, 4, 4, 4}, b: block{0, 4, 4, 4}, separateB: true, sharesA: true},
			{name: "c in b", a: block{0, 3, 2, 2}, b: block{0, 2, 3, 3}, c: block{5, 3, 3, 3}, separateA: true, sharesB: true},
			{name: "c after b", a: block{0, 3, 2, 2}, b: block{0, 2, 3, 3}, c: block{6, 3, 3, 3}, separateA: true},
			{name: "a is b", a: block{0, 4, 4, 4}, b: block{0, 4, 4, 4}, c: block{16, 4, 4, 4}},
		}
		for _, tc := range cases {
			m, k, n := tc.a.rows, tc.a.cols, tc.c.cols
			if tc.c.rows != m || tc.b.rows != k || tc.b.cols != n {
				t.Fatalf("%s: shapes do not chain", tc.name)
			}
			buf := make([]float64, 64)
			for i := range buf {
				buf[i] = float64(i%5) - 2
			}
			own := append([]float64(nil), buf...)
			abuf, bbuf := buf, buf
			if tc.separateA {
				abuf = own
			}
			if tc.separateB {
				bbuf = own
			}
			a, b, c := abuf[tc.a.off:], bbuf[tc.b.off:], buf[tc.c.off:]
			want := ""
			switch {
			case tc.sharesA:
				want = fmt.Sprintf("kernels.Gemm: c (m=%d, n=%d, ldc=%d) shares elements with a (%d×%d, lda=%d)", m, n, tc.c.ld, m, k, tc.a.ld)
			case tc.sharesB:
				want = fmt.Sprintf("kernels.Gemm: c (m=%d, n=%d, ldc=%d) shares elements with b (%d×%d, ldb=%d)", m, n, tc.c.ld, k, n, tc.b.ld)
			}
			// The expected result from copies of the operands.
			ac, bc := append([]float64(nil), a...), append([]float64(nil), b...)
			wantC := append([]float64(nil), c...)
			gemmRefInto(m, n, k, ac, tc.a.ld, bc, tc.b.ld, wantC, tc.c.ld)
			got := outcome(t, tc.name, func() { kernels.Gemm(false, false, m, n, k, 1, a, tc.a.ld, b, tc.b.ld, 1, c, tc.c.ld) })
			if got != want {
				t.Errorf("%s: panic %q, want %q", tc.name, got, want)
				continue
			}
			if want != "" {
				// Panicked before touching C; alpha = 0 and k = 0 are
				// judged by shape too.
				if got := outcome(t, tc.name, func() { kernels.Gemm(false, false, m, n, k, 0, a, tc.a.ld, b, tc.b.ld, 1, c, tc.c.ld) }); got != want {
					t.Errorf("%s, alpha = 0: panic %q, want %q", tc.name, got, want)
				}
				if got := outcome(t, tc.name, func() { kernels.Gemm(false, false, m, n, 0, 1, a, tc.a.ld, b, tc.b.ld, 1, c, tc.c.ld) }); got != "" {
					t.Errorf("%s, k = 0: panic %q, want none (A and B are empty)", tc.name, got)
				}
				continue
			}
			for i := range m {
				for j := range n {
					if g, w := c[i*tc.c.ld+j], wantC[i*tc.c.ld+j]; math.Abs(g-w) > 1e-12 {
						t.Errorf("%s: C[%d,%d] = %v, want %v", tc.name, i, j, g, w)
					}
				}
			}
		}
	})
}

// gemmRefInto sets C += A·B in float64, row-major, no transposes.
func gemmRefInto(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				s += a[i*lda+p] * b[p*ldb+j]
			}
			c[i*ldc+j] += s
		}
	}
}

// TestPanicMessagesNameTheFunction: every argument panic of the package
// starts with "kernels.<Function>:".
func TestPanicMessagesNameTheFunction(t *testing.T) {
	s := make([]float32, 3)
	for name, f := range map[string]func(){
		"Gemm":       func() { kernels.Gemm(false, false, 1, 1, 1, 1, s, 1, s, 1, 0, s, 0) },
		"ReLU":       func() { kernels.ReLU(s[:2], s[1:]) },
		"Softmax":    func() { kernels.Softmax(s, s, 2, 2) },
		"AddColSums": func() { kernels.AddColSums(s, s, 1, 2, 2) },
	} {
		if got := outcome(t, name, f); !strings.HasPrefix(got, "kernels."+name+": ") {
			t.Errorf("%s: panic %q", name, got)
		}
	}
}
