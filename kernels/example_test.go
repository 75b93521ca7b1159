package kernels_test

import (
	"fmt"
	"slices"

	"github.com/simdgrad/simdgrad/kernels"
)

func ExampleGemm() {
	// C = A·B for a 2×3 A and a 3×2 B, row-major.
	a := []float32{
		1, 2, 3,
		4, 5, 6,
	}
	b := []float32{
		1, 0,
		0, 1,
		1, 1,
	}
	c := make([]float32, 2*2)
	kernels.Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	fmt.Println(c)

	// C = Aᵀ·A (3×3) without forming Aᵀ: transA reads A as stored.
	ata := make([]float32, 3*3)
	kernels.Gemm(true, false, 3, 3, 2, 1, a, 3, a, 3, 0, ata, 3)
	fmt.Println(ata)
	// Output:
	// [4 5 10 11]
	// [17 22 27 22 29 36 27 36 45]
}

func ExampleSoftmax() {
	x := []float64{
		1, 2, 3,
		0, 0, 0,
	}
	p := make([]float64, len(x))
	kernels.Softmax(p, x, 2, 3)
	for i := range 2 {
		fmt.Printf("%.4f\n", p[3*i:3*i+3])
	}
	// Output:
	// [0.0900 0.2447 0.6652]
	// [0.3333 0.3333 0.3333]
}

func ExampleReLU() {
	x := []float32{-2, -0.5, 0, 1.5, 3}
	kernels.ReLU(x, x) // in place
	fmt.Println(x)
	// Output: [0 0 0 1.5 3]
}

func ExampleAddColSums() {
	// The gradient of a bias broadcast over 3 rows is the column sums of
	// the output gradient.
	g := []float32{
		1, 2,
		3, 4,
		5, 6,
	}
	db := make([]float32, 2)
	kernels.AddColSums(db, g, 3, 2, 2)
	fmt.Println(db)
	// Output: [9 12]
}

func ExampleISA() {
	// The tier in use depends on the CPU (SIMDGRAD_ISA=generic forces the
	// pure-Go kernels); it is always one of the tiers ISAs lists, best
	// first.
	fmt.Println(slices.Contains(kernels.ISAs(), kernels.ISA()))
	// Output: true
}

func ExampleUseISA() {
	// Run the same product on the generic tier, as a test comparing tiers
	// would, then switch back.
	restore := kernels.UseISA("generic")
	fmt.Println(kernels.ISA())
	c := make([]float64, 1)
	kernels.Gemm(false, false, 1, 1, 3, 1, []float64{1, 2, 3}, 3, []float64{4, 5, 6}, 1, 0, c, 1)
	fmt.Println(c)
	restore()
	// Output:
	// generic
	// [32]
}

func ExampleSetMaxThreads() {
	// A server that runs one product per request on many goroutines can
	// keep each product on its own goroutine.
	previous := kernels.SetMaxThreads(1)
	defer kernels.SetMaxThreads(previous)

	n := 300
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for i := range n {
		a[i*n+i], b[i*n+i] = 2, 3 // diagonal matrices
	}
	kernels.Gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
	fmt.Println(c[0], c[n*n-1], c[1])
	// Output: 6 6 0
}
