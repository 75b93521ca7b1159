// Package openblas calls OpenBLAS through cgo, for the peer benchmarks of
// package kernels only (go test -tags openblas ./kernels). Without the
// openblas build tag it is empty, so the module stays free of cgo.
//
// cgo cannot be used in _test.go files, hence this separate package.
// Install the library with: apt-get install -y libopenblas-dev.
package openblas
