//go:build !(386 || arm || mips || mipsle || wasm)

package autodiff

import (
	"math"
	"testing"
	"unsafe"
)

// TestShapeChecks drives the shape checks with dimensions near the limits
// of int, negative and zero: each either works with buffers that hold the
// matrices or panics with a message naming the operation and the shapes.
// The huge operands are slice headers over a small buffer, never read:
// the checks must panic before anything touches them.
func TestShapeChecks(t *testing.T) {
	buf := make([]float64, 1)
	fake := func(n int) []float64 { return unsafe.Slice(&buf[0], n) }
	const big = 1 << 31
	maxInt := math.MaxInt
	var tape Tape[float64]
	glu := &gatedUnit[float64]{}
	tests := []struct {
		name string
		f    func()
		want string // "" for no panic
	}{
		{"Const/max×2", func() { tape.Const(maxInt, 2, nil) }, "autodiff.Const: dimensions 9223372036854775807×2 overflow int"},
		{"Const/2^32×2^32", func() { tape.Const(1<<32, 1<<32, nil) }, "autodiff.Const: dimensions 4294967296×4294967296 overflow int"},
		{"Const/max×max", func() { tape.Const(maxInt, maxInt, nil) }, "autodiff.Const: dimensions 9223372036854775807×9223372036854775807 overflow int"},
		{"Const/negative", func() { tape.Const(-3, 2, nil) }, "autodiff.Const: dimensions -3×2, need both positive"},
		{"Const/min", func() { tape.Const(math.MinInt, -1, nil) }, "autodiff.Const: dimensions -9223372036854775808×-1, need both positive"},
		{"Const/zero", func() { tape.Const(5, 0, nil) }, "autodiff.Const: dimensions 5×0, need both positive"},
		{"Const/max×1-short", func() { tape.Const(maxInt, 1, buf) }, "autodiff.Const: len(data)=1, need 9223372036854775807×1 = 9223372036854775807"},
		{"Const/big×1", func() { tape.Const(big, 1, fake(big)) }, ""},
		{"NewParam/overflow", func() { NewParam[float64](1<<40, 1<<40, nil) }, "autodiff.NewParam: dimensions 1099511627776×1099511627776 overflow int"},
		{"NewParam/too-large", func() { NewParam[float64](1<<30, 1<<30, nil) }, "autodiff.NewParam: a 1073741824×1073741824 parameter is too large to allocate (more than 281474976710656 bytes)"},
		{"NewParam/negative", func() { NewParam[float64](2, -2, nil) }, "autodiff.NewParam: dimensions 2×-2, need both positive"},
		{"Param/overflow", func() { tape.Param(&Param[float64]{Rows: maxInt, Cols: 3}) }, "autodiff.Param: dimensions 9223372036854775807×3 overflow int"},
		{"Param/negative", func() { tape.Param(&Param[float64]{Rows: -1, Cols: 3}) }, "autodiff.Param: dimensions -1×3, need both positive"},
		{"MatMul/huge-result", func() { tape.MatMul(tape.Const(big, 1, fake(big)), tape.Const(1, big, fake(big))) },
			"autodiff.MatMul: the 2147483648×2147483648 result of shapes 2147483648×1 and 1×2147483648 is too large to allocate (more than 281474976710656 bytes)"},
		{"MatMulT/huge-result", func() { tape.MatMulT(tape.Const(big, 1, fake(big)), tape.Const(big, 1, fake(big))) },
			"autodiff.MatMulT: the 2147483648×2147483648 result of shapes 2147483648×1 and 2147483648×1 is too large to allocate (more than 281474976710656 bytes)"},
		{"Affine/huge-result", func() {
			tape.Affine(tape.Const(big, 1, fake(big)), tape.Const(1, big, fake(big)), tape.Const(1, big, fake(big)))
		},
			"autodiff.Affine: the 2147483648×2147483648 result of shapes 2147483648×1 and 1×2147483648 is too large to allocate (more than 281474976710656 bytes)"},
		{"MatMul/inner", func() { tape.MatMul(tape.Const(big, 1, fake(big)), tape.Const(big, 1, fake(big))) },
			"autodiff.MatMul: shapes 2147483648×1 and 2147483648×1 do not match: a has 1 column, b has 2147483648 rows"},
		{"Add/huge", func() { tape.Add(tape.Const(big, 1, fake(big)), tape.Const(1, big, fake(big))) },
			"autodiff.Add: shapes 2147483648×1 and 1×2147483648 do not match"},
		{"Mul/huge", func() { tape.Mul(tape.Const(1, big, fake(big)), tape.Const(big, 1, fake(big))) },
			"autodiff.Mul: shapes 1×2147483648 and 2147483648×1 do not match"},
		{"Div/huge", func() { tape.Div(tape.Const(big, 1, fake(big)), tape.Const(1, big, fake(big))) },
			"autodiff.Div: shapes 2147483648×1 and 1×2147483648 do not match"},
		{"Custom/overflow", func() { tape.Custom(glu, maxInt, maxInt) }, "autodiff.Custom: dimensions 9223372036854775807×9223372036854775807 overflow int"},
		{"Custom/too-large", func() { tape.Custom(glu, 1<<30, 1<<30) }, "autodiff.Custom: a 1073741824×1073741824 result is too large to allocate (more than 281474976710656 bytes)"},
		{"Custom/zero", func() { tape.Custom(glu, 0, 1) }, "autodiff.Custom: dimensions 0×1, need both positive"},
		{"Custom/nil", func() { tape.Custom(nil, 1, 1) }, "autodiff.Custom: nil Func"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				tt.f()
				return
			}
			wantPanic(t, tt.f, tt.want)
		})
	}
}
