package kernels

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/simdgrad/simdgrad/internal/cpucache"
)

// EnvISA is the environment variable read once at program start to force a
// lower tier: SIMDGRAD_ISA=generic selects the pure-Go kernels even where a
// SIMD tier is available. An unknown or unavailable name is reported on
// standard error and ignored.
const EnvISA = "SIMDGRAD_ISA"

// ops holds one tier's kernels for one element type. A nil field means the
// tier has no kernel of its own for that operation; registerTier fills it in
// from the generic tier, so a tier can be added one kernel at a time.
type ops[T Float] struct {
	relu         func(dst, x []T)
	reluBackward func(dx, dy, x []T)
	softmax      func(dst, x []T, rows, cols int)
	logSoftmax   func(dst, x []T, rows, cols int)
	axpy         func(alpha T, x, y []T)
	scale        func(dst []T, alpha T, x []T)
	add          func(dst, x, y []T)
	sub          func(dst, x, y []T)
	mul          func(dst, x, y []T)
	sum          func(x []T) T
	dot          func(x, y []T) T
	addColSums   func(dst, a []T, rows, cols, lda int)
	gemm         *gemmKernel[T]

	exp             func(dst, x []T)
	sigmoid         func(dst, x []T)
	tanh            func(dst, x []T)
	sigmoidBackward func(dx, dy, y []T)
	tanhBackward    func(dx, dy, y []T)
}

// tier is a complete set of kernels selected together.
type tier struct {
	name string
	rank int // higher is preferred; generic is 0
	f32  ops[float32]
	f64  ops[float64]
}

var (
	registered []*tier // every tier this build and CPU can run
	tiers      []*tier // registered, best first; the last is generic
	active     *tier
)

// registerTier records t if available is true. Tier files call it from
// package-level variable initialisers, which all run before any init
// function, so the init below sees every tier.
func registerTier(t *tier, available bool) *tier {
	if available {
		registered = append(registered, t)
	}
	return t
}

func init() {
	tiers = append([]*tier(nil), registered...)
	sort.SliceStable(tiers, func(i, j int) bool { return tiers[i].rank > tiers[j].rank })
	g := tiers[len(tiers)-1]
	for _, t := range tiers {
		fillOps(&t.f32, &g.f32)
		fillOps(&t.f64, &g.f64)
	}
	setTierBlocking(tiers, cpucache.Detect())
	active = tiers[0]
	if name := os.Getenv(EnvISA); name != "" {
		if t := findTier(name); t != nil {
			active = t
		} else {
			fmt.Fprintf(os.Stderr, "simdgrad: %s=%q is not available on this CPU and build (available: %s); using %s\n",
				EnvISA, name, strings.Join(ISAs(), ", "), active.name)
		}
	}
}

// fillOps completes a tier with the generic kernels it does not provide.
func fillOps[T Float](o, g *ops[T]) {
	if o.relu == nil {
		o.relu = g.relu
	}
	if o.reluBackward == nil {
		o.reluBackward = g.reluBackward
	}
	if o.softmax == nil {
		o.softmax = g.softmax
	}
	if o.logSoftmax == nil {
		o.logSoftmax = g.logSoftmax
	}
	if o.axpy == nil {
		o.axpy = g.axpy
	}
	if o.scale == nil {
		o.scale = g.scale
	}
	if o.add == nil {
		o.add = g.add
	}
	if o.sub == nil {
		o.sub = g.sub
	}
	if o.mul == nil {
		o.mul = g.mul
	}
	if o.sum == nil {
		o.sum = g.sum
	}
	if o.dot == nil {
		o.dot = g.dot
	}
	if o.addColSums == nil {
		o.addColSums = g.addColSums
	}
	if o.gemm == nil {
		o.gemm = g.gemm
	}
	if o.exp == nil {
		o.exp = g.exp
	}
	if o.sigmoid == nil {
		o.sigmoid = g.sigmoid
	}
	if o.tanh == nil {
		o.tanh = g.tanh
	}
	if o.sigmoidBackward == nil {
		o.sigmoidBackward = g.sigmoidBackward
	}
	if o.tanhBackward == nil {
		o.tanhBackward = g.tanhBackward
	}
}

// ISA names the tier in use, one of ISAs(): "avx2" on amd64 CPUs with AVX2
// and FMA, "generic" (plain Go) everywhere else, or the tier that
// SIMDGRAD_ISA or UseISA chose.
func ISA() string { return active.name }

// ISAs lists the tiers this CPU and build can run, best first. The last is
// always "generic".
func ISAs() []string {
	names := make([]string, len(tiers))
	for i, t := range tiers {
		names[i] = t.name
	}
	return names
}

// UseISA switches every kernel to the named tier and returns a function that
// restores the previous one. It is a test hook: it must not be called while
// kernels run on other goroutines. It panics if the tier is unknown or not
// available on this CPU; ISAs lists the valid names.
func UseISA(name string) (restore func()) {
	prev := active
	t := findTier(name)
	if t == nil {
		panic(fmt.Sprintf("kernels.UseISA: tier %q is not available (available: %s)", name, strings.Join(ISAs(), ", ")))
	}
	active = t
	return func() { active = prev }
}

func findTier(name string) *tier {
	for _, t := range tiers {
		if t.name == name {
			return t
		}
	}
	return nil
}
