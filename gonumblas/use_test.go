package gonumblas

import (
	"os/exec"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestUseInstallsAndRestores(t *testing.T) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	restore := Use()
	if _, ok := blas32.Implementation().(Implementation); !ok {
		t.Errorf("after Use, blas32 has %T", blas32.Implementation())
	}
	if _, ok := blas64.Implementation().(Implementation); !ok {
		t.Errorf("after Use, blas64 has %T", blas64.Implementation())
	}
	// A second Use restores to the first, not to gonum's.
	inner := Use()
	inner()
	if _, ok := blas64.Implementation().(Implementation); !ok {
		t.Errorf("after a nested restore, blas64 has %T", blas64.Implementation())
	}
	restore()
	if blas32.Implementation() != prev32 || blas64.Implementation() != prev64 {
		t.Errorf("restore left blas32 %T, blas64 %T; want %T, %T", blas32.Implementation(), blas64.Implementation(), prev32, prev64)
	}
	if _, ok := blas64.Implementation().(gonum.Implementation); !ok {
		t.Errorf("gonum's default BLAS is %T, the tests assume gonum.Implementation", blas64.Implementation())
	}
}

// TestKernelsFreeOfGonum checks that importing the kernels package alone
// does not pull gonum into a program, in every build configuration.
func TestKernelsFreeOfGonum(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	for _, args := range [][]string{
		{"list", "-deps", "../kernels"},
		{"list", "-deps", "-tags", "purego", "../kernels"},
	} {
		for _, goarch := range []string{"amd64", "arm64"} {
			cmd := exec.Command(gobin, args...)
			cmd.Env = append(cmd.Environ(), "GOARCH="+goarch, "GOFLAGS=")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("GOARCH=%s go %s: %v", goarch, strings.Join(args, " "), err)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 5 {
				t.Fatalf("GOARCH=%s go %s listed only %v", goarch, strings.Join(args, " "), deps)
			}
			for _, d := range deps {
				if strings.HasPrefix(d, "gonum.org/") {
					t.Errorf("GOARCH=%s go %s: kernels depends on %s", goarch, strings.Join(args, " "), d)
				}
			}
		}
	}
}
