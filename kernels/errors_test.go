package kernels_test

import (
	"fmt"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

func expectPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want %q", want)
			return
		}
		if got := fmt.Sprint(r); got != want {
			t.Errorf("panic %q\n          want %q", got, want)
		}
	}()
	f()
}

func TestBadArguments(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	cases := []struct {
		want string
		f    func()
	}{
		{"kernels.Gemm: len(b)=11, need ≥ 12 for k=3, n=4, ldb=4",
			func() { kernels.Gemm(false, false, 2, 4, 3, 1, s(6), 3, s(11), 4, 0, s(8), 4) }},
		{"kernels.Gemm: len(a)=5, need ≥ 6 for m=2, k=3, lda=3",
			func() { kernels.Gemm(false, false, 2, 4, 3, 1, s(5), 3, s(12), 4, 0, s(8), 4) }},
		{"kernels.Gemm: len(a)=5, need ≥ 6 for k=3, m=2, lda=2 (transA)",
			func() { kernels.Gemm(true, false, 2, 4, 3, 1, s(5), 2, s(12), 4, 0, s(8), 4) }},
		{"kernels.Gemm: len(b)=11, need ≥ 12 for n=4, k=3, ldb=3 (transB)",
			func() { kernels.Gemm(false, true, 2, 4, 3, 1, s(6), 3, s(11), 3, 0, s(8), 4) }},
		{"kernels.Gemm: len(c)=9, need ≥ 10 for m=2, n=4, ldc=6",
			func() { kernels.Gemm(false, false, 2, 4, 3, 1, s(6), 3, s(12), 4, 0, s(9), 6) }},
		{"kernels.Gemm: lda=2, need ≥ max(1, k)=3 for m=2, k=3",
			func() { kernels.Gemm(false, false, 2, 4, 3, 1, s(6), 2, s(12), 4, 0, s(8), 4) }},
		{"kernels.Gemm: ldc=0, need ≥ max(1, n)=1 for m=2, n=0",
			func() { kernels.Gemm(false, false, 2, 0, 3, 1, s(6), 3, s(0), 1, 0, s(0), 0) }},
		{"kernels.Gemm: negative dimension: m=-1, n=4, k=3",
			func() { kernels.Gemm(false, false, -1, 4, 3, 1, s(6), 3, s(12), 4, 0, s(8), 4) }},
		{"kernels.ReLU: len(dst)=3 != len(x)=4", func() { kernels.ReLU(s(3), s(4)) }},
		{"kernels.ReLUBackward: lengths differ: len(dx)=4, len(dy)=4, len(x)=5",
			func() { kernels.ReLUBackward(s(4), s(4), s(5)) }},
		{"kernels.Axpy: len(x)=2 != len(y)=3", func() { kernels.Axpy(1, s(2), s(3)) }},
		{"kernels.Scale: len(dst)=2 != len(x)=3", func() { kernels.Scale(s(2), 1, s(3)) }},
		{"kernels.Add: lengths differ: len(dst)=1, len(x)=2, len(y)=2", func() { kernels.Add(s(1), s(2), s(2)) }},
		{"kernels.Sub: lengths differ: len(dst)=2, len(x)=2, len(y)=1", func() { kernels.Sub(s(2), s(2), s(1)) }},
		{"kernels.Mul: lengths differ: len(dst)=2, len(x)=3, len(y)=2", func() { kernels.Mul(s(2), s(3), s(2)) }},
		{"kernels.Dot: len(x)=2 != len(y)=3", func() { kernels.Dot(s(2), s(3)) }},
		{"kernels.AddColSums: len(dst)=3, need cols=4", func() { kernels.AddColSums(s(3), s(8), 2, 4, 4) }},
		{"kernels.AddColSums: len(a)=7, need ≥ 8 for rows=2, cols=4, lda=4", func() { kernels.AddColSums(s(4), s(7), 2, 4, 4) }},
		{"kernels.AddColSums: lda=3, need ≥ max(1, cols)=4 for rows=2, cols=4", func() { kernels.AddColSums(s(4), s(8), 2, 4, 3) }},
		{"kernels.AddColSums: negative dimension: rows=-2, cols=4", func() { kernels.AddColSums(s(4), s(8), -2, 4, 4) }},
		{"kernels.Softmax: len(x)=11, need rows×cols = 3×4 = 12", func() { kernels.Softmax(s(12), s(11), 3, 4) }},
		{"kernels.Softmax: len(dst)=11, need rows×cols = 3×4 = 12", func() { kernels.Softmax(s(11), s(12), 3, 4) }},
		{"kernels.LogSoftmax: negative dimension: rows=3, cols=-4", func() { kernels.LogSoftmax(s(12), s(12), 3, -4) }},
		{`kernels.UseISA: tier "avx512" is not available (available: ` + joinISAs() + ")", func() { kernels.UseISA("avx512") }},
	}
	for _, c := range cases {
		expectPanic(t, c.want, c.f)
	}
}

func joinISAs() string {
	s := ""
	for i, isa := range kernels.ISAs() {
		if i > 0 {
			s += ", "
		}
		s += isa
	}
	return s
}
