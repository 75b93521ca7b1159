// Command peak generates the FMA throughput loops of internal/peak, which
// measure the machine's peak floating-point rate for the instructions the
// avx2 tier uses (256-bit fused multiply-adds):
//
//	go run ./peak -out ../internal/peak/peak_amd64.s -stubs ../internal/peak/peak_stubs_amd64.go -pkg peak
//
// Each loop keeps twelve YMM accumulators busy with independent
// VFMADD231 instructions and touches no memory inside the loop. A fused
// multiply-add has a latency of 4 to 5 cycles and most cores issue two per
// cycle, so at least ten independent chains are needed to fill both pipes;
// twelve leave a margin and still fit in the 16 YMM registers with the two
// operands. After the loop the accumulators are summed into the result,
// which makes the loop's work observable (and testable): for n iterations
// of x·y it is accumulators·lanes·n·x·y, exactly so for small integers.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	g "github.com/simdgrad/simdgrad/asm/internal/avxgen"
)

// accumulators is the number of independent FMA chains in the loop.
const accumulators = 12

func main() {
	ConstraintExpr("!purego")
	for _, t := range g.Types {
		loop(t)
	}
	Generate()
}

func loop(t g.Type) {
	name := "fmaLoop" + t.Suffix
	TEXT(name, NOSPLIT, t.Sig("func(n int, x, y T) T"))
	Doc(fmt.Sprintf("%s runs n iterations of %d independent %d-lane fused multiply-adds", name, accumulators, t.Lanes),
		"acc += x·y on registers only, and returns the sum of all accumulators' lanes,",
		fmt.Sprintf("%d·n·x·y up to rounding. Each iteration is %d floating-point operations.", accumulators*t.Lanes, 2*accumulators*t.Lanes))
	acc := make([]VecVirtual, accumulators)
	for k := range acc {
		acc[k] = YMM()
		VXORPS(acc[k], acc[k], acc[k])
	}
	x, y := YMM(), YMM()
	t.BROADCAST(g.Arg("x"), x)
	t.BROADCAST(g.Arg("y"), y)
	n := Load(Param("n"), GP64())
	TESTQ(n, n)
	JLE(LabelRef(name + "_done"))
	Label(name + "_loop")
	for k := range acc {
		t.FMA231(y, x, acc[k])
	}
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	for step := 1; step < len(acc); step *= 2 {
		for k := 0; k+step < len(acc); k += 2 * step {
			t.ADD(acc[k+step], acc[k], acc[k])
		}
	}
	s := t.Reduce(acc[0], t.ADD)
	t.MOVS(s, g.Ret(0))
	VZEROUPPER()
	RET()
}
