package kernels_test

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/simdgrad/simdgrad/kernels"
)

func TestISAs(t *testing.T) {
	isas := kernels.ISAs()
	if len(isas) == 0 || isas[len(isas)-1] != "generic" {
		t.Fatalf("ISAs() = %v, want generic last", isas)
	}
	if os.Getenv(kernels.EnvISA) == "" && kernels.ISA() != isas[0] {
		t.Errorf("ISA() = %q, want the best tier %q", kernels.ISA(), isas[0])
	}
	t.Logf("tiers available: %v; in use: %s", isas, kernels.ISA())
	// make test-cpu runs this binary under emulated CPUs and says which
	// tier real detection must choose there.
	if want := os.Getenv("SIMDGRAD_EXPECT_ISA"); want != "" && kernels.ISA() != want {
		t.Fatalf("detected tier %q, want %q on this CPU (tiers: %v)", kernels.ISA(), want, isas)
	}
}

func TestUseISA(t *testing.T) {
	before := kernels.ISA()
	for _, isa := range kernels.ISAs() {
		restore := kernels.UseISA(isa)
		if got := kernels.ISA(); got != isa {
			t.Errorf("after UseISA(%q), ISA() = %q", isa, got)
		}
		restore()
		if got := kernels.ISA(); got != before {
			t.Errorf("after restore, ISA() = %q, want %q", got, before)
		}
	}
}

// TestEnvISA runs this test binary again with SIMDGRAD_ISA set: the
// variable is read once, at start-up.
func TestEnvISA(t *testing.T) {
	if v := os.Getenv("SIMDGRAD_TEST_CHILD"); v != "" {
		// In the child: report the tier in use.
		os.Stdout.WriteString("ISA=" + kernels.ISA() + "\n")
		return
	}
	if os.Getenv("SIMDGRAD_EXPECT_ISA") != "" {
		// Under an emulated CPU the child would run on the real one.
		t.Skip("running under an emulated CPU (make test-cpu)")
	}
	run := func(env string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvISA$", "-test.v")
		cmd.Env = append(os.Environ(), "SIMDGRAD_TEST_CHILD=1", env)
		out, err := cmd.CombinedOutput()
		if errors.Is(err, syscall.ENOEXEC) {
			t.Skipf("cannot run the test binary as a child (emulated with qemu -exec?): %v", err)
		}
		if err != nil {
			t.Fatalf("child with %s: %v\n%s", env, err, out)
		}
		return string(out)
	}
	out := run("SIMDGRAD_ISA=generic")
	if !strings.Contains(out, "ISA=generic\n") {
		t.Errorf("SIMDGRAD_ISA=generic: child says\n%s", out)
	}
	out = run("SIMDGRAD_ISA=no-such-tier")
	want := "ISA=" + kernels.ISAs()[0] + "\n"
	if !strings.Contains(out, want) || !strings.Contains(out, `SIMDGRAD_ISA="no-such-tier" is not available`) {
		t.Errorf("SIMDGRAD_ISA=no-such-tier: want a warning and %q, child says\n%s", want, out)
	}
	for _, isa := range []string{"avx2", "neon"} {
		if slices.Contains(kernels.ISAs(), isa) {
			out = run("SIMDGRAD_ISA=" + isa)
			if !strings.Contains(out, "ISA="+isa+"\n") {
				t.Errorf("SIMDGRAD_ISA=%s: child says\n%s", isa, out)
			}
		}
	}
}
