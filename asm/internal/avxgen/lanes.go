package avxgen

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Helpers of the kernels that hold rows in the vector lanes (the GEMM
// narrow kernel, the narrow softmax): rows of up to four float32 loaded and
// stored with exact widths, and the 4×4 transposes within the 128-bit
// halves of four YMM registers that turn such rows into columns and back.

// Row8 returns the address of row i (i < 8) of a block of eight rows whose
// row 0 is at p0 and row 4 at p4, rows ld bytes apart (ld3 = 3·ld), plus
// disp.
func Row8(p0, p4, ld, ld3 reg.Register, i, disp int) operand.Mem {
	base := p0
	if i >= 4 {
		base = p4
	}
	switch i % 4 {
	case 0:
		return operand.Mem{Base: base, Disp: disp}
	case 1:
		return operand.Mem{Base: base, Index: ld, Scale: 1, Disp: disp}
	case 2:
		return operand.Mem{Base: base, Index: ld, Scale: 2, Disp: disp}
	}
	return operand.Mem{Base: base, Index: ld3, Scale: 1, Disp: disp}
}

// LoadExact32 loads w (1 ≤ w ≤ 4) consecutive float32 at m into the low
// lanes of the XMM x, zeroing the others, with exact-width loads.
func LoadExact32(m operand.Mem, x reg.Register, w int) {
	switch w {
	case 4:
		build.VMOVUPS(m, x)
	case 3:
		build.VMOVSD(m, x)
		build.VINSERTPS(operand.U8(2<<4), m.Offset(8), x, x)
	case 2:
		build.VMOVSD(m, x)
	default:
		build.VMOVSS(m, x)
	}
}

// StoreExact32 stores the low w (1 ≤ w ≤ 4) float32 of the XMM x at m with
// exact-width stores.
func StoreExact32(x reg.Register, m operand.Mem, w int) {
	switch w {
	case 4:
		build.VMOVUPS(x, m)
	case 3:
		build.VMOVQ(x, m)
		build.VEXTRACTPS(operand.U8(2), x, m.Offset(8))
	case 2:
		build.VMOVQ(x, m)
	default:
		build.VMOVSS(x, m)
	}
}

// TransposeHalves4 transposes the 4×4 float32 blocks in each 128-bit half
// of v (element q of v[i] becomes element i of column q) and returns the
// columns, in v, of which only those q in [from, to) are computed. It
// overwrites v and tmp (four registers each).
func TransposeHalves4[R reg.Register](v, tmp []R, from, to int) []R {
	need := func(q int) bool { return from <= q && q < to }
	// Interleave pairs of rows, then pairs of pairs.
	if need(0) || need(1) {
		F32.UNPCKLO(tmp[0], v[0], v[1])
		F32.UNPCKLO(tmp[2], v[2], v[3])
	}
	if need(2) || need(3) {
		F32.UNPCKHI(tmp[1], v[0], v[1])
		F32.UNPCKHI(tmp[3], v[2], v[3])
	}
	for q := 0; q < 4; q++ {
		if !need(q) {
			continue
		}
		a, b := tmp[0], tmp[2]
		if q >= 2 {
			a, b = tmp[1], tmp[3]
		}
		if q%2 == 0 {
			F64.UNPCKLO(v[q], a, b)
		} else {
			F64.UNPCKHI(v[q], a, b)
		}
	}
	return v
}

// LoadExact64 loads w (1 ≤ w ≤ 4) consecutive float64 at m into the low
// lanes of the YMM y, zeroing the others, with exact-width loads (the XMM
// tmp is scratch, for w = 3).
func LoadExact64(m operand.Mem, y reg.VecPhysical, tmp reg.Register, w int) {
	switch w {
	case 4:
		build.VMOVUPD(m, y)
	case 3:
		build.VMOVUPD(m, y.AsX())
		build.VMOVSD(m.Offset(16), tmp)
		build.VINSERTF128(operand.U8(1), tmp, y, y)
	case 2:
		build.VMOVUPD(m, y.AsX())
	default:
		build.VMOVSD(m, y.AsX())
	}
}

// StoreExact64 stores the low w (1 ≤ w ≤ 4) float64 of the YMM y at m with
// exact-width stores (the XMM tmp is scratch, for w = 3).
func StoreExact64(y reg.VecPhysical, tmp reg.Register, m operand.Mem, w int) {
	switch w {
	case 4:
		build.VMOVUPD(y, m)
	case 3:
		build.VMOVUPD(y.AsX(), m)
		build.VEXTRACTF128(operand.U8(1), y, tmp)
		build.VMOVSD(tmp, m.Offset(16))
	case 2:
		build.VMOVUPD(y.AsX(), m)
	default:
		build.VMOVSD(y.AsX(), m)
	}
}
