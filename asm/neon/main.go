// Command neon generates the neon tier's arm64 assembly for float32 and
// float64, with the Go declarations of its functions and the shapes its
// Go wrappers check against:
//
//	go run ./neon -dir ../kernels
//
// writes, in that directory, vector_arm64.s and vector_stubs_arm64.go (the
// element-wise and reduction kernels, vector.go), softmax_arm64.s,
// softmax_stubs_arm64.go and softmax_shapes_arm64.go (the vector exp and
// the softmax row kernels, softmax.go), and gemm_arm64.s,
// gemm_stubs_arm64.go and gemm_shapes_arm64.go (the GEMM kernels,
// gemm.go). The assembly is written with asm/internal/neongen: native
// mnemonics where Go's assembler has them, WORD directives with their
// mnemonic in a comment where it does not.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	g "github.com/simdgrad/simdgrad/asm/internal/neongen"
)

var dir = flag.String("dir", ".", "write the generated files to `directory`")

// command is the command line named in the generated files' headers.
const command = "go run ./neon -dir ../kernels"

func main() {
	flag.Parse()
	for _, gen := range []struct {
		name string
		emit func(f *g.File) (shapes func(path string) error)
	}{{"vector", vectorKernels}, {"softmax", softmaxKernels}, {"gemm", gemmKernels}} {
		f := g.NewFile("kernels", "!purego", command)
		writeShapes := gen.emit(f)
		check(f.WriteAsm(filepath.Join(*dir, gen.name+"_arm64.s")))
		check(f.WriteStubs(filepath.Join(*dir, gen.name+"_stubs_arm64.go")))
		if writeShapes != nil {
			check(writeShapes(filepath.Join(*dir, gen.name+"_shapes_arm64.go")))
		}
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
