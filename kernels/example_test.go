package kernels_test

import (
	"fmt"

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
	// The tier in use depends on the CPU; SIMDGRAD_ISA=generic forces the
	// pure-Go kernels.
	fmt.Println(kernels.ISAs()[len(kernels.ISAs())-1])
	// Output: generic
}
