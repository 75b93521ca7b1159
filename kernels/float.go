package kernels

import "unsafe"

// Float is the element type of every kernel: float32, float64, or a type
// whose underlying type is one of them.
type Float interface{ ~float32 | ~float64 }

// is32 reports whether T is 4 bytes wide (float32 or a type defined on it).
func is32[T Float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// as32 reinterprets a []T with a 4-byte T as []float32 without copying.
func as32[T Float](x []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

// as64 reinterprets a []T with an 8-byte T as []float64 without copying.
func as64[T Float](x []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}
