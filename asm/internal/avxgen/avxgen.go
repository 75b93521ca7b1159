// Package avxgen holds what the Avo generators of the avx2 tier share: the
// element types they loop over, type-generic wrappers around the AVX
// instructions (arithmetic, shuffles, masked loads and stores, lane masks,
// horizontal reductions), replicated vector constants, and the loop
// skeleton every streaming kernel uses (a wide unrolled loop, a one-vector
// loop and a scalar tail, so that no kernel ever touches memory past a
// slice).
//
// Only VEX-encoded instructions are emitted: the scalar tail uses VMOVSS /
// VMOVSD and VEX arithmetic, never legacy SSE. Avo's Load and Store emit
// MOVSS/MOVSD for float arguments, so float arguments and results go through
// Arg/Ret here instead.
package avxgen

import (
	"fmt"
	"math"
	"strings"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Type is an element type of the kernels.
type Type struct {
	Suffix string // function name suffix: "F32" or "F64"
	Go     string // Go type name: "float32" or "float64"
	Size   int    // bytes per element
	Lanes  int    // elements per YMM register
}

var (
	F32 = Type{Suffix: "F32", Go: "float32", Size: 4, Lanes: 8}
	F64 = Type{Suffix: "F64", Go: "float64", Size: 8, Lanes: 4}
	// Types lists the element types every generator loops over.
	Types = []Type{F32, F64}
)

// Sig returns a Go function signature with every "T" word replaced by the
// element type, e.g. Sig("func(dst, x []T) T").
func (t Type) Sig(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 'T' && (i == 0 || !isIdent(s[i-1])) && (i+1 == len(s) || !isIdent(s[i+1])) {
			b.WriteString(t.Go)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// MantBits is the number of explicit mantissa bits (23 or 52).
func (t Type) MantBits() int {
	if t.Size == 4 {
		return 23
	}
	return 52
}

// Bias is the exponent bias (127 or 1023).
func (t Type) Bias() int {
	if t.Size == 4 {
		return 127
	}
	return 1023
}

// Width says how many elements one step of a loop body handles: a full YMM
// register, or one element in the low lane of an XMM register.
type Width struct {
	T      Type
	Scalar bool
}

// Vec and Scalar are the two widths of type t.
func (t Type) Vec() Width    { return Width{T: t} }
func (t Type) Scalar() Width { return Width{T: t, Scalar: true} }

// Elems is the number of elements per step.
func (w Width) Elems() int {
	if w.Scalar {
		return 1
	}
	return w.T.Lanes
}

// Bytes is the number of bytes per step.
func (w Width) Bytes() int { return w.Elems() * w.T.Size }

// Reg allocates a register of this width (YMM, or XMM for scalar steps).
func (w Width) Reg() reg.VecVirtual {
	if w.Scalar {
		return build.XMM()
	}
	return build.YMM()
}

// Of returns the view of the YMM register r that this width operates on.
func (w Width) Of(r reg.VecVirtual) operand.Op {
	if w.Scalar {
		return r.AsX()
	}
	return r
}

// Load loads one step from memory into r: VMOVUPS/VMOVUPD, or VMOVSS/VMOVSD
// for a scalar step (which reads exactly one element).
func (w Width) Load(m operand.Mem, r operand.Op) {
	switch {
	case w.Scalar && w.T.Size == 4:
		build.VMOVSS(m, r)
	case w.Scalar:
		build.VMOVSD(m, r)
	case w.T.Size == 4:
		build.VMOVUPS(m, r)
	default:
		build.VMOVUPD(m, r)
	}
}

// Store stores one step of r to memory.
func (w Width) Store(r operand.Op, m operand.Mem) {
	switch {
	case w.Scalar && w.T.Size == 4:
		build.VMOVSS(r, m)
	case w.Scalar:
		build.VMOVSD(r, m)
	case w.T.Size == 4:
		build.VMOVUPS(r, m)
	default:
		build.VMOVUPD(r, m)
	}
}

// Src makes m usable as the memory source operand of a packed instruction:
// for a vector step that is m itself; a scalar step loads the one element
// into a fresh register first, since a packed XMM operand would read 16
// bytes.
func (w Width) Src(m operand.Mem) operand.Op {
	if !w.Scalar {
		return m
	}
	r := build.XMM()
	w.Load(m, r)
	return r
}

// Packed instructions, chosen by element type. Operands are in Go (Avo)
// order: sources first, destination last. For the three-operand forms
// OP(a, b, dst), the Intel form is OP dst, b, a: b is the first source
// (always a register), a the second (register or memory).

func (t Type) pick(ps, pd func(...operand.Op), ops ...operand.Op) {
	if t.Size == 4 {
		ps(ops...)
	} else {
		pd(ops...)
	}
}

// ADD: dst = b + a.
func (t Type) ADD(a, b, dst operand.Op) { t.pick(build.VADDPS, build.VADDPD, a, b, dst) }

// SUB: dst = b − a.
func (t Type) SUB(a, b, dst operand.Op) { t.pick(build.VSUBPS, build.VSUBPD, a, b, dst) }

// MUL: dst = b·a.
func (t Type) MUL(a, b, dst operand.Op) { t.pick(build.VMULPS, build.VMULPD, a, b, dst) }

// MAX: dst = b > a ? b : a. If either is NaN the result is a (the Intel
// second source), so MAX(x, c, d) passes a NaN x through and MAX(acc, x, acc)
// ignores a NaN x.
func (t Type) MAX(a, b, dst operand.Op) { t.pick(build.VMAXPS, build.VMAXPD, a, b, dst) }

// MIN: dst = b < a ? b : a; NaN in either gives a.
func (t Type) MIN(a, b, dst operand.Op) { t.pick(build.VMINPS, build.VMINPD, a, b, dst) }

// AND: dst = b & a (bitwise).
func (t Type) AND(a, b, dst operand.Op) { t.pick(build.VANDPS, build.VANDPD, a, b, dst) }

// XOR: dst = b ^ a (bitwise).
func (t Type) XOR(a, b, dst operand.Op) { t.pick(build.VXORPS, build.VXORPD, a, b, dst) }

// CMP: dst = mask of (b pred a), with pred an immediate VCMPPS predicate.
func (t Type) CMP(pred int, a, b, dst operand.Op) {
	t.pick(build.VCMPPS, build.VCMPPD, operand.U8(pred), a, b, dst)
}

// Comparison predicates for CMP.
const (
	LT_OQ = 0x11 // ordered, quiet: false when either is NaN
	GT_OQ = 0x1e
)

// FMA231: dst = b·a + dst.
func (t Type) FMA231(a, b, dst operand.Op) {
	t.pick(build.VFMADD231PS, build.VFMADD231PD, a, b, dst)
}

// FMA213: dst = b·dst + a.
func (t Type) FMA213(a, b, dst operand.Op) {
	t.pick(build.VFMADD213PS, build.VFMADD213PD, a, b, dst)
}

// FNMA231: dst = −(b·a) + dst.
func (t Type) FNMA231(a, b, dst operand.Op) {
	t.pick(build.VFNMADD231PS, build.VFNMADD231PD, a, b, dst)
}

// MOVU: unaligned full-register move (register or memory, either way).
func (t Type) MOVU(a, dst operand.Op) { t.pick(build.VMOVUPS, build.VMOVUPD, a, dst) }

// Scalar instructions on the low element of XMM registers. A memory source
// is loaded with VMOVSS/VMOVSD first: the hardware reads only the one
// element either way, but QEMU's emulation of some scalar arithmetic with a
// memory operand reads a whole 16 bytes, which faults at the end of a
// slice that ends at a page boundary.

// scalarSrc returns a as a register, loading it if it is memory.
func (t Type) scalarSrc(a operand.Op) operand.Op {
	if m, ok := a.(operand.Mem); ok {
		return t.Scalar().Src(m)
	}
	return a
}

// ADDS: dst = b + a on the low element (upper bits from b).
func (t Type) ADDS(a, b, dst operand.Op) {
	t.pick(build.VADDSS, build.VADDSD, t.scalarSrc(a), b, dst)
}

// MAXS: scalar MAX, same NaN rule.
func (t Type) MAXS(a, b, dst operand.Op) {
	t.pick(build.VMAXSS, build.VMAXSD, t.scalarSrc(a), b, dst)
}

// DIVS: dst = b / a on the low element.
func (t Type) DIVS(a, b, dst operand.Op) {
	t.pick(build.VDIVSS, build.VDIVSD, t.scalarSrc(a), b, dst)
}

// MOVS: scalar load or store (VMOVSS/VMOVSD, memory operand on one side).
func (t Type) MOVS(a, dst operand.Op) { t.pick(build.VMOVSS, build.VMOVSD, a, dst) }

// BROADCAST fills every lane of the YMM dst with the element at a (memory,
// or the low element of an XMM register, which needs AVX2).
func (t Type) BROADCAST(a, dst operand.Op) { t.pick(build.VBROADCASTSS, build.VBROADCASTSD, a, dst) }

// Integer lane operations on the element-sized lanes (AVX2 for YMM).

// PSLL: dst = b << imm in each lane.
func (t Type) PSLL(imm int, b, dst operand.Op) {
	t.pick(build.VPSLLD, build.VPSLLQ, operand.U8(imm), b, dst)
}

// PSRL: dst = b >> imm (logical) in each lane.
func (t Type) PSRL(imm int, b, dst operand.Op) {
	t.pick(build.VPSRLD, build.VPSRLQ, operand.U8(imm), b, dst)
}

// PSUB: dst = b − a in each integer lane.
func (t Type) PSUB(a, b, dst operand.Op) { t.pick(build.VPSUBD, build.VPSUBQ, a, b, dst) }

// Reduce folds the lanes of the YMM v into its low element with op (ADD or
// MAX, packed) and returns its XMM half, which holds the result in its low
// lane. v is clobbered.
func (t Type) Reduce(v reg.VecVirtual, op func(a, b, dst operand.Op)) reg.Register {
	hi := build.XMM()
	build.VEXTRACTF128(operand.U8(1), v, hi)
	x := v.AsX()
	op(hi, x, x)
	if t.Size == 4 {
		h := build.XMM()
		build.VMOVHLPS(x, x, h) // h[0:2] = x[2:4]
		op(h, x, x)
		h2 := build.XMM()
		build.VMOVSHDUP(x, h2) // h2[0] = x[1]
		op(h2, x, x)
	} else {
		h := build.XMM()
		build.VUNPCKHPD(x, x, h) // h[0] = x[1]
		op(h, x, x)
	}
	return x
}

// Consts is a pool of read-only vector constants, each a 32-byte value with
// the scalar replicated in every lane, so it can be the memory operand of a
// YMM instruction (and of an XMM one: the low 16 bytes).
type Consts struct {
	prefix string
	have   map[string]operand.Mem
}

// NewConsts starts a constant pool whose symbols are named prefix_….
func NewConsts(prefix string) *Consts {
	return &Consts{prefix: prefix, have: map[string]operand.Mem{}}
}

// Float returns the constant v (rounded to t) replicated in a 32-byte
// block.
func (c *Consts) Float(t Type, name string, v float64) operand.Mem {
	if t.Size == 4 {
		return c.Bits(t, name, uint64(math.Float32bits(float32(v))))
	}
	return c.Bits(t, name, math.Float64bits(v))
}

// Bits returns the element bit pattern b replicated in a 32-byte block.
func (c *Consts) Bits(t Type, name string, b uint64) operand.Mem {
	key := fmt.Sprintf("%s_%s_%s", c.prefix, name, strings.ToLower(t.Suffix))
	if m, ok := c.have[key]; ok {
		return m
	}
	m := build.GLOBL(key, attr.RODATA|attr.NOPTR)
	for off := 0; off < 32; off += t.Size {
		if t.Size == 4 {
			build.DATA(off, operand.U32(uint32(b)))
		} else {
			build.DATA(off, operand.U64(b))
		}
	}
	c.have[key] = m
	return m
}

// Arg returns the memory address of a scalar argument (for VMOVSS/VMOVSD or
// VBROADCASTSS/VBROADCASTSD), avoiding Avo's legacy-SSE Load.
func Arg(name string) operand.Mem { return addr(build.Param(name)) }

// Ret returns the memory address of result i.
func Ret(i int) operand.Mem { return addr(build.ReturnIndex(i)) }

func addr(c gotypes.Component) operand.Mem {
	b, err := c.Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// Ptr loads the base pointer of slice argument name.
func Ptr(name string) reg.GPVirtual {
	return build.Load(build.Param(name).Base(), build.GP64()).(reg.GPVirtual)
}

// Len loads the length of slice argument name.
func Len(name string) reg.GPVirtual {
	return build.Load(build.Param(name).Len(), build.GP64()).(reg.GPVirtual)
}

// At addresses element i + k·(step elements) of the array at p.
type At func(p reg.Register, k int) operand.Mem

// Loop emits the loop skeleton over n elements, with labels prefixed by
// name (unique within a function): a loop of unroll vectors per iteration,
// a loop of one vector, then a scalar loop for the remaining n mod Lanes
// elements. Each loop is tested at the bottom, after a guard at the top.
// body(w, count, at) emits the work for count steps of width w; at(p, k)
// addresses step k of the array at p (element i + k·width). beforeTail,
// if not nil, runs between the vector loops and the scalar loop (e.g. a
// reduction); it must not emit jumps. unroll must be a power of two.
func Loop(name string, t Type, n reg.Register, unroll int, body func(w Width, count int, at At), beforeTail func()) {
	if unroll&(unroll-1) != 0 {
		panic("avxgen.Loop: unroll must be a power of two")
	}
	i, end := build.GP64(), build.GP64()
	build.XORQ(i, i)
	steps := []struct {
		w     Width
		count int
	}{{t.Vec(), unroll}, {t.Vec(), 1}, {t.Scalar(), 1}}
	if unroll == 1 {
		steps = steps[1:]
	}
	for si, s := range steps {
		per := s.count * s.w.Elems()
		loop := fmt.Sprintf("%s_%d", name, per)
		if s.w.Scalar {
			loop = name + "_tail"
		}
		done := loop + "_done"
		if si == len(steps)-1 && beforeTail != nil {
			beforeTail()
		}
		build.MOVQ(n, end)
		if !s.w.Scalar {
			build.ANDQ(operand.I32(-per), end)
		}
		build.CMPQ(i, end)
		build.JAE(operand.LabelRef(done))
		build.Label(loop)
		w := s.w
		body(w, s.count, func(p reg.Register, k int) operand.Mem {
			return operand.Mem{Base: p, Index: i, Scale: uint8(t.Size), Disp: k * w.Bytes()}
		})
		build.ADDQ(operand.U32(per), i)
		build.CMPQ(i, end)
		build.JB(operand.LabelRef(loop))
		build.Label(done)
	}
}

// FMA231S: scalar dst = b·a + dst on the low element.
func (t Type) FMA231S(a, b, dst operand.Op) {
	t.pick(build.VFMADD231SS, build.VFMADD231SD, t.scalarSrc(a), b, dst)
}

// LaneMask emits a YMM mask whose lanes i < n are set (all bits), for
// VMASKMOVPS/PD and VBLENDVPS/PD, from the general register n
// (0 ≤ n ≤ Lanes), and returns it. The lane indices are a read-only
// table named prefix_lanes_f32 or _f64, emitted on first use.
func (t Type) LaneMask(prefix string, n reg.Register) reg.VecVirtual {
	key := fmt.Sprintf("%s_lanes_%s", prefix, strings.ToLower(t.Suffix))
	// One dword per 4 bytes: 0, 1, …, 7 for float32 and 0, 0, 1, 1, …
	// for float64, so both halves of a float64 lane get its index.
	m := dwordTable(key, func(i int) uint32 { return uint32(i * t.Lanes / 8) })
	mask := build.YMM()
	DwordMask(m, n, mask)
	return mask
}

// LaneIndex returns the read-only table of the dwords 0, 1, …, 7 named
// name, emitted on first use: with DwordMask it makes the mask of the
// first n dwords (of the first n float32 lanes, or with n doubled of the
// first n float64 lanes).
func LaneIndex(name string) operand.Mem {
	return dwordTable(name, func(i int) uint32 { return uint32(i) })
}

// dwordTable returns the 32-byte read-only table name whose dword i is
// v(i), emitting it on first use.
func dwordTable(name string, v func(i int) uint32) operand.Mem {
	if m, ok := laneTables[name]; ok {
		return m
	}
	m := build.GLOBL(name, attr.RODATA|attr.NOPTR)
	for i := 0; i < 8; i++ {
		build.DATA(4*i, operand.U32(v(i)))
	}
	laneTables[name] = m
	return m
}

var laneTables = map[string]operand.Mem{}

// DwordMask sets the YMM register mask to the mask of the dwords i whose
// entry in table is less than the count in the general register n: all
// bits set there, zero elsewhere.
func DwordMask(table operand.Mem, n reg.Register, mask reg.Register) {
	x := mask.(reg.Vec).AsX()
	build.VMOVD(n.(reg.GP).As32(), x)
	build.VPBROADCASTD(x, mask)
	build.VPCMPGTD(table, mask, mask) // Intel: mask = n > index
}

// MaskLoad loads the lanes of m whose mask sign bit is set into dst and
// zeroes the others; masked-off lanes are not accessed.
func (t Type) MaskLoad(m operand.Mem, mask, dst reg.Register) {
	if t.Size == 4 {
		build.VMASKMOVPS(m, mask, dst)
	} else {
		build.VMASKMOVPD(m, mask, dst)
	}
}

// MaskStore stores the lanes of src whose mask sign bit is set to m;
// masked-off lanes are not accessed.
func (t Type) MaskStore(src, mask reg.Register, m operand.Mem) {
	if t.Size == 4 {
		build.VMASKMOVPS(src, mask, m)
	} else {
		build.VMASKMOVPD(src, mask, m)
	}
}

// Log2 returns the base-2 logarithm of n, rounded up: the shift that
// multiplies by a power of two.
func Log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	return l
}

// Shuffles, named after their Intel semantics and written with the Intel
// operand order (dst, a, b), which keeps transposes readable.

// UNPCKLO: dst = the low elements of each 128-bit half of a and b,
// interleaved (VUNPCKLPS/PD).
func (t Type) UNPCKLO(dst, a, b operand.Op) { t.pick(build.VUNPCKLPS, build.VUNPCKLPD, b, a, dst) }

// UNPCKHI: the high elements, interleaved (VUNPCKHPS/PD).
func (t Type) UNPCKHI(dst, a, b operand.Op) { t.pick(build.VUNPCKHPS, build.VUNPCKHPD, b, a, dst) }

// SHUFPS: dst = two float32 lanes of a then two of b per 128-bit half, as
// imm selects.
func SHUFPS(dst, a, b operand.Op, imm uint8) { build.VSHUFPS(operand.U8(imm), b, a, dst) }

// PERM2F128: dst = two 128-bit halves chosen from a and b by imm.
func PERM2F128(dst, a, b operand.Op, imm uint8) { build.VPERM2F128(operand.U8(imm), b, a, dst) }

// HorizontalSums reduces up to four YMM accumulators to one vector of their
// horizontal sums, element e the sum of accs[e]: an XMM for float32 and for
// up to two float64 sums, else a YMM (s0 or its XMM half). It may overwrite
// the accumulators and the scratch registers s0, s1 and s2.
func (t Type) HorizontalSums(accs []reg.VecPhysical, s0, s1, s2 reg.VecPhysical) reg.VecPhysical {
	for len(accs) < 4 && (t.Size == 4 || len(accs) > 2) {
		accs = append(accs, accs[len(accs)-1]) // padding, never stored
	}
	x0, x1 := s0.AsX().(reg.VecPhysical), s1.AsX().(reg.VecPhysical)
	if t.Size == 4 {
		// hadd(a, b) = [a0+a1, a2+a3, b0+b1, b2+b3 | the same of the upper halves]
		if len(accs) == 1 {
			build.VHADDPS(accs[0], accs[0], s0)
			build.VHADDPS(s0, s0, s0)
		} else {
			build.VHADDPS(accs[1], accs[0], s0)
			build.VHADDPS(accs[3], accs[2], s1)
			build.VHADDPS(s1, s0, s0)
		}
		build.VEXTRACTF128(operand.U8(1), s0, x1)
		build.VADDPS(x1, x0, x0)
		return x0
	}
	// hadd(a, b) = [a0+a1, b0+b1 | a2+a3, b2+b3]
	if len(accs) <= 2 {
		b := accs[0]
		if len(accs) == 2 {
			b = accs[1]
		}
		build.VHADDPD(b, accs[0], s0)
		build.VEXTRACTF128(operand.U8(1), s0, x1)
		build.VADDPD(x1, x0, x0)
		return x0
	}
	build.VHADDPD(accs[1], accs[0], s0)
	build.VHADDPD(accs[3], accs[2], s1)
	PERM2F128(s2, s0, s1, 0x20)
	PERM2F128(s0, s0, s1, 0x31)
	build.VADDPD(s2, s0, s0)
	return s0
}
