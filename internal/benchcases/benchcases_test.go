package benchcases

import (
	"math"
	"slices"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

func TestName(t *testing.T) {
	if got, want := Name("Gemm", "gonum", "avx2", "dtype=f32", "n=512"), "Gemm/impl=gonum/isa=avx2/dtype=f32/n=512"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if got, want := Name("ReLU", "copy", "generic"), "ReLU/impl=copy/isa=generic"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}

func TestShape(t *testing.T) {
	s := GemmShape{M: 4, K: 150, N: 12, TransA: true}
	if s.Flops() != 2*4*150*12 || s.Elems() != 4*150+150*12+4*12 {
		t.Errorf("%v: flops %v, elems %v", s, s.Flops(), s.Elems())
	}
	if got, want := s.Key(), "shape=4x150x12/trans=TN"; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
	if got, want := s.String(), "4×150ᵀ·150×12"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if lda, ldb, ldc := s.LDs(); lda != 4 || ldb != 12 || ldc != 12 {
		t.Errorf("LDs = %d, %d, %d, want 4, 12, 12", lda, ldb, ldc)
	}
	s = GemmShape{M: 150, K: 2, N: 4, TransB: true}
	if lda, ldb, ldc := s.LDs(); lda != 2 || ldb != 2 || ldc != 4 || s.Trans() != "NT" {
		t.Errorf("%v: LDs = %d, %d, %d, trans %s", s, lda, ldb, ldc, s.Trans())
	}
	if Square(3) != (GemmShape{M: 3, N: 3, K: 3}) {
		t.Errorf("Square(3) = %+v", Square(3))
	}
}

func TestDtype(t *testing.T) {
	if Dtype[float32]() != "f32" || Dtype[float64]() != "f64" || SizeOf[float32]() != 4 || SizeOf[float64]() != 8 {
		t.Error("Dtype or SizeOf wrong")
	}
	if UnaryBytes[float64](10) != 160 {
		t.Errorf("UnaryBytes[float64](10) = %d, want 160", UnaryBytes[float64](10))
	}
}

// TestPeersAgree runs the cases' products with every peer and checks them
// against kernels.Gemm on the generic tier: the operands, leading
// dimensions and transposes a case hands each implementation describe the
// same product. It takes every shape of up to 4·10⁷ flops, which covers
// each transpose and narrow case; the larger ones only scale those.
func TestPeersAgree(t *testing.T) {
	defer kernels.UseISA("generic")()
	var shapes []GemmShape
	for _, s := range slices.Concat(GemmShapes, GemmNarrow, GemmTiny) {
		if s.Flops() <= 4e7 && !(testing.Short() && s.Flops() > 1e6) {
			shapes = append(shapes, s)
		}
	}
	for _, n := range GemmSizes[:2] {
		shapes = append(shapes, Square(n))
	}
	for _, p := range Peers {
		for _, s := range shapes {
			checkPeer(t, p.Name, s, PeerGemm[float32](p))
			checkPeer(t, p.Name, s, PeerGemm[float64](p))
		}
	}
	if Peers[0].Name != "gonum" {
		t.Errorf("Peers[0] = %q, want gonum", Peers[0].Name)
	}
}

func checkPeer[T kernels.Float](t *testing.T, name string, s GemmShape, f GemmFunc[T]) {
	t.Helper()
	o := NewGemmOperands[T](s, 7)
	want := NewGemmOperands[T](s, 7)
	if !slices.Equal(o.A, want.A) || !slices.Equal(o.B, want.B) {
		t.Fatal("NewGemmOperands is not deterministic")
	}
	if len(o.A) != s.M*s.K || len(o.B) != s.K*s.N || len(o.C) != s.M*s.N {
		t.Fatalf("%v: operand lengths %d, %d, %d", s, len(o.A), len(o.B), len(o.C))
	}
	want.Run(Simdgrad[T])
	o.Run(f)
	// Both sum k products of values in [−1, 1): allow k·eps per element.
	tol := float64(s.K) * 4 * math.Pow(2, -23)
	if Dtype[T]() == "f64" {
		tol = float64(s.K) * 4 * math.Pow(2, -52)
	}
	for i := range o.C {
		if d := math.Abs(float64(o.C[i] - want.C[i])); !(d <= tol) {
			t.Errorf("%s %s %v: C[%d] = %v, generic tier %v", name, Dtype[T](), s, i, o.C[i], want.C[i])
			return
		}
	}
}

func TestSoftmaxInput(t *testing.T) {
	x := SoftmaxInput[float32](3, 5, 1)
	if len(x) != 15 || slices.Equal(x, SoftmaxInput[float32](3, 5, 2)) || !slices.Equal(x, SoftmaxInput[float32](3, 5, 1)) {
		t.Errorf("SoftmaxInput: wrong length or not seeded: %v", x)
	}
	for _, v := range x {
		if !(v >= -10 && v < 10) {
			t.Errorf("SoftmaxInput value %v outside [−10, 10)", v)
		}
	}
	if SoftmaxKey(64, 1000) != "rows=64/cols=1000" {
		t.Error(SoftmaxKey(64, 1000))
	}
	dst := make([]float32, len(x))
	Copy(dst, x)
	if !slices.Equal(dst, x) {
		t.Error("Copy did not copy")
	}
}
