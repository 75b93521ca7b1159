package gonumblas_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/simdgrad/simdgrad/gonumblas"
)

func Example() {
	// One line: from here on, gonum's mat and lapack run on simdgrad's
	// kernels. The restore function puts gonum's BLAS back.
	restore := gonumblas.Use()
	defer restore()

	a := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	b := mat.NewDense(3, 2, []float64{
		1, 0,
		0, 1,
		1, 1,
	})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Printf("A·B =\n%v\n", mat.Formatted(&c))

	// The Cholesky factorization S = UᵀU of a symmetric positive
	// definite matrix, and a solve with it.
	s := mat.NewSymDense(3, []float64{
		4, 2, 2,
		2, 5, 3,
		2, 3, 6,
	})
	var chol mat.Cholesky
	if !chol.Factorize(s) {
		fmt.Println("not positive definite")
		return
	}
	var u mat.TriDense
	chol.UTo(&u)
	fmt.Printf("U =\n%v\n", mat.Formatted(&u))
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, mat.NewVecDense(3, []float64{8, 10, 11})); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x = %v\n", mat.Formatted(x.T()))
	// Output:
	// A·B =
	// ⎡ 4   5⎤
	// ⎣10  11⎦
	// U =
	// ⎡2  1  1⎤
	// ⎢0  2  1⎥
	// ⎣0  0  2⎦
	// x = [1  1  1]
}
