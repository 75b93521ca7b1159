package gonumblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is a blas.Float32 and blas.Float64 on simdgrad's kernels.
// The zero value is ready to use and safe for concurrent use. Routines it
// does not override are those of the embedded gonum.Implementation.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float32 = Implementation{}
	_ blas.Float64 = Implementation{}
)

// Use installs Implementation as the BLAS of gonum's blas32 and blas64
// packages, and so of mat and lapack/gonum, and returns a function that
// restores the implementations installed before. Like blas64.Use, it must
// not be called while other goroutines use gonum.
func Use() (restore func()) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	blas32.Use(Implementation{})
	blas64.Use(Implementation{})
	return func() {
		blas32.Use(prev32)
		blas64.Use(prev64)
	}
}
