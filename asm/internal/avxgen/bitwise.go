package avxgen

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
)

// More packed instructions, in the operand order of the ones in
// avxgen.go: sources first, destination last, b the first Intel source
// (a register) and a the second (register or memory).

// DIV: dst = b / a.
func (t Type) DIV(a, b, dst operand.Op) { t.pick(build.VDIVPS, build.VDIVPD, a, b, dst) }

// OR: dst = b | a (bitwise).
func (t Type) OR(a, b, dst operand.Op) { t.pick(build.VORPS, build.VORPD, a, b, dst) }

// BLENDV: dst = mask ? a : b, lane by lane on the sign bit of mask; a may
// be memory, b and mask are registers.
func (t Type) BLENDV(mask, a, b, dst operand.Op) {
	if t.Size == 4 {
		build.VBLENDVPS(mask, a, b, dst)
	} else {
		build.VBLENDVPD(mask, a, b, dst)
	}
}
