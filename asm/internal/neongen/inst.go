package neongen

import "fmt"

// Instructions, in ARM operand order: destination first, then the
// sources (d, n, m as in the Arm reference, d = n op m). The Go assembler
// writes its operands in the opposite order; the native ones below reverse
// them.

// Vector floating-point arithmetic, which Go's assembler lacks, as WORDs.
// The encodings are those of the Arm A64 reference, with the size bit 22
// set for the .2d forms.

func (fn *Func) vec3(t Type, base uint32, op string, d, n, m V) {
	fn.Word(base|t.sz()|uint32(m)<<16|uint32(n)<<5|uint32(d), "%s v%d.%s, v%d.%s, v%d.%s", op, d, t.gnu(), n, t.gnu(), m, t.gnu())
}

// FADD: d = n + m.
func (fn *Func) FADD(t Type, d, n, m V) { fn.vec3(t, 0x4E20D400, "fadd", d, n, m) }

// FSUB: d = n − m.
func (fn *Func) FSUB(t Type, d, n, m V) { fn.vec3(t, 0x4EA0D400, "fsub", d, n, m) }

// FMUL: d = n·m.
func (fn *Func) FMUL(t Type, d, n, m V) { fn.vec3(t, 0x6E20DC00, "fmul", d, n, m) }

// FDIV: d = n / m.
func (fn *Func) FDIV(t Type, d, n, m V) { fn.vec3(t, 0x6E20FC00, "fdiv", d, n, m) }

// FMAX: d = max(n, m); NaN if either is NaN.
func (fn *Func) FMAX(t Type, d, n, m V) { fn.vec3(t, 0x4E20F400, "fmax", d, n, m) }

// FMIN: d = min(n, m); NaN if either is NaN.
func (fn *Func) FMIN(t Type, d, n, m V) { fn.vec3(t, 0x4EA0F400, "fmin", d, n, m) }

// FADDP: d = the sums of adjacent pairs of the lanes of n, then of m.
func (fn *Func) FADDP(t Type, d, n, m V) { fn.vec3(t, 0x6E20D400, "faddp", d, n, m) }

// FADDPS: the low lane of d = n[0] + n[1] (the scalar pairwise add).
func (fn *Func) FADDPS(t Type, d, n V) {
	if t.Size == 4 {
		fn.Word(0x7E30D800|uint32(n)<<5|uint32(d), "faddp s%d, v%d.2s", d, n)
		return
	}
	fn.Word(0x7E70D800|uint32(n)<<5|uint32(d), "faddp d%d, v%d.2d", d, n)
}

// FMAXV: the low lane of d = the largest lane of n (FMAXV for four
// float32 lanes, the scalar FMAXP for two float64 lanes); NaN if any lane
// is NaN.
func (fn *Func) FMAXV(t Type, d, n V) {
	if t.Size == 4 {
		fn.Word(0x6E30F800|uint32(n)<<5|uint32(d), "fmaxv s%d, v%d.4s", d, n)
		return
	}
	fn.Word(0x7E70F800|uint32(n)<<5|uint32(d), "fmaxp d%d, v%d.2d", d, n)
}

// FCMGTZ: d = all ones in the lanes where n > 0, else zero (NaN: zero).
func (fn *Func) FCMGTZ(t Type, d, n V) {
	fn.Word(0x4EA0C800|t.sz()|uint32(n)<<5|uint32(d), "fcmgt v%d.%s, v%d.%s, #0", d, t.gnu(), n, t.gnu())
}

// FCMLTZ: d = all ones in the lanes where n < 0, else zero (NaN and −0:
// zero).
func (fn *Func) FCMLTZ(t Type, d, n V) {
	fn.Word(0x4EA0E800|t.sz()|uint32(n)<<5|uint32(d), "fcmlt v%d.%s, v%d.%s, #0", d, t.gnu(), n, t.gnu())
}

// BIC: d = n &^ m (bitwise).
func (fn *Func) BIC(d, n, m V) {
	fn.Word(0x4E601C00|uint32(m)<<16|uint32(n)<<5|uint32(d), "bic v%d.16b, v%d.16b, v%d.16b", d, n, m)
}

func (fn *Func) byElem(t Type, base uint32, op string, d, n, m V, i int) {
	if i < 0 || i >= t.Lanes {
		panic(fmt.Sprintf("neongen: %s lane %d of %s", op, i, t.Go))
	}
	enc := base | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
	if t.Size == 4 {
		enc |= uint32(i&1)<<21 | uint32(i>>1)<<11
	} else {
		enc |= 1<<22 | uint32(i)<<11
	}
	fn.Word(enc, "%s v%d.%s, v%d.%s, v%d.%s[%d]", op, d, t.gnu(), n, t.gnu(), m, map[int]string{4: "s", 8: "d"}[t.Size], i)
}

// FMLAE: d += n·m[i], a fused multiply-add by element.
func (fn *Func) FMLAE(t Type, d, n, m V, i int) { fn.byElem(t, 0x4F801000, "fmla", d, n, m, i) }

// FMULE: d = n·m[i].
func (fn *Func) FMULE(t Type, d, n, m V, i int) { fn.byElem(t, 0x4F809000, "fmul", d, n, m, i) }

// CMGT: d = all ones in the (integer) lanes where n > m, signed.
func (fn *Func) CMGT(t Type, d, n, m V) {
	fn.Word(0x4EA03400|t.sz()|uint32(m)<<16|uint32(n)<<5|uint32(d),
		"cmgt v%d.%s, v%d.%s, v%d.%s", d, t.gnu(), n, t.gnu(), m, t.gnu())
}

// Native vector instructions.

// VFMLA: d += n·m, fused.
func (fn *Func) VFMLA(t Type, d, n, m V) { fn.I("VFMLA %s, %s, %s", t.Reg(m), t.Reg(n), t.Reg(d)) }

// VFMLS: d −= n·m, fused.
func (fn *Func) VFMLS(t Type, d, n, m V) { fn.I("VFMLS %s, %s, %s", t.Reg(m), t.Reg(n), t.Reg(d)) }

// Zero sets v to zero.
func (fn *Func) Zero(v V) { fn.I("VEOR %s, %s, %s", v.B16(), v.B16(), v.B16()) }

// Mov copies n to d.
func (fn *Func) Mov(d, n V) { fn.I("VMOV %s, %s", n.B16(), d.B16()) }

// AND: d = n & m.
func (fn *Func) AND(d, n, m V) { fn.I("VAND %s, %s, %s", m.B16(), n.B16(), d.B16()) }

// BIT: d = the bits of n where m is set, of d elsewhere.
func (fn *Func) BIT(d, n, m V) { fn.I("VBIT %s, %s, %s", m.B16(), n.B16(), d.B16()) }

// Dup sets every lane of d to lane i of n.
func (fn *Func) Dup(t Type, d, n V, i int) { fn.I("VDUP %s, %s", t.Lane(n, i), t.Reg(d)) }

// SHL: d = n << imm in each (integer) lane.
func (fn *Func) SHL(t Type, d, n V, imm int) { fn.I("VSHL $%d, %s, %s", imm, t.Reg(n), t.Reg(d)) }

// USHR: d = n >> imm (logical) in each lane.
func (fn *Func) USHR(t Type, d, n V, imm int) { fn.I("VUSHR $%d, %s, %s", imm, t.Reg(n), t.Reg(d)) }

// ISUB: d = n − m in each integer lane.
func (fn *Func) ISUB(t Type, d, n, m V) { fn.I("VSUB %s, %s, %s", t.Reg(m), t.Reg(n), t.Reg(d)) }

// Splat sets every lane of v to the element bit pattern bits (a literal
// loaded from the constant pool).
func (fn *Func) Splat(t Type, v V, bits uint64) {
	if t.Size == 4 {
		bits = bits&0xffffffff | bits<<32
	}
	fn.I("VMOVQ $0x%016x, $0x%016x, V%d", bits, bits, v)
}

// DupR sets every lane of d to the general register r.
func (fn *Func) DupR(t Type, d V, r R) { fn.I("VDUP %s, %s", r, t.Reg(d)) }

// EXT: d = bytes imm… of n followed by those of m (with n = m, a rotation
// of the vector down by imm bytes).
func (fn *Func) EXT(d, n, m V, imm int) {
	fn.I("VEXT $%d, %s, %s, %s", imm, m.B16(), n.B16(), d.B16())
}

// TRN1 (arrangement of t, or with pairs true the 64-bit pairs): d = the
// even lanes of n interleaved with those of m: n[0], m[0], n[2], m[2], ….
func (fn *Func) TRN1(t Type, pairs bool, d, n, m V) { fn.trn("VTRN1", t, pairs, d, n, m) }

// TRN2: the odd lanes, n[1], m[1], n[3], m[3], ….
func (fn *Func) TRN2(t Type, pairs bool, d, n, m V) { fn.trn("VTRN2", t, pairs, d, n, m) }

func (fn *Func) trn(op string, t Type, pairs bool, d, n, m V) {
	if pairs {
		t = F64
	}
	fn.I("%s %s, %s, %s", op, t.Reg(m), t.Reg(n), t.Reg(d))
}

// Scalar floating-point instructions on the low lane (they zero the rest
// of the destination register).

func (t Type) scalar(op string) string { return "F" + op + t.elem() }

// SADD: d = n + m.
func (fn *Func) SADD(t Type, d, n, m V) { fn.I("%s %s, %s, %s", t.scalar("ADD"), m.F(), n.F(), d.F()) }

// SMUL: d = n·m.
func (fn *Func) SMUL(t Type, d, n, m V) { fn.I("%s %s, %s, %s", t.scalar("MUL"), m.F(), n.F(), d.F()) }

// SDIV: d = n / m.
func (fn *Func) SDIV(t Type, d, n, m V) { fn.I("%s %s, %s, %s", t.scalar("DIV"), m.F(), n.F(), d.F()) }

// SMAX: d = max(n, m); NaN if either is NaN.
func (fn *Func) SMAX(t Type, d, n, m V) { fn.I("%s %s, %s, %s", t.scalar("MAX"), m.F(), n.F(), d.F()) }

// SMADD: d = n·m + a, fused.
func (fn *Func) SMADD(t Type, d, n, m, a V) {
	fn.I("%s %s, %s, %s, %s", t.scalar("MADD"), m.F(), a.F(), n.F(), d.F())
}

// Loads and stores.

// Load loads the n consecutive vectors from v from the address in p and
// advances p past them.
func (fn *Func) Load(t Type, p R, v V, n int) {
	fn.I("VLD1.P %d(%s), %s", 16*n, p, t.List(v, n))
}

// LoadAt loads the n consecutive vectors from v from the address in p,
// leaving p.
func (fn *Func) LoadAt(t Type, p R, v V, n int) { fn.I("VLD1 (%s), %s", p, t.List(v, n)) }

// Store stores the n consecutive vectors from v to the address in p and
// advances p past them.
func (fn *Func) Store(t Type, p R, v V, n int) {
	fn.I("VST1.P %s, %d(%s)", t.List(v, n), 16*n, p)
}

// StoreAt stores the n consecutive vectors from v at p, leaving p.
func (fn *Func) StoreAt(t Type, p R, v V, n int) { fn.I("VST1 %s, (%s)", t.List(v, n), p) }

// LoadElem loads one element from p into the low lane of v (zeroing the
// rest) and advances p past it.
func (fn *Func) LoadElem(t Type, p R, v V) { fn.I("FMOV%s.P %d(%s), %s", t.elem(), t.Size, p, v.F()) }

// StoreElem stores the low lane of v to p and advances p past it.
func (fn *Func) StoreElem(t Type, p R, v V) { fn.I("FMOV%s.P %s, %d(%s)", t.elem(), v.F(), t.Size, p) }

// LoadElemAt loads one element from p + off into the low lane of v.
func (fn *Func) LoadElemAt(t Type, p R, off int, v V) {
	fn.I("FMOV%s %d(%s), %s", t.elem(), off, p, v.F())
}

// StoreElemAt stores the low lane of v at p + off.
func (fn *Func) StoreElemAt(t Type, p R, off int, v V) {
	fn.I("FMOV%s %s, %d(%s)", t.elem(), v.F(), off, p)
}
