// Package neongen writes the neon tier's arm64 assembly: Go (Plan 9)
// assembler text for the generators under asm/neon, in the role Avo plays
// for amd64 (Avo has no arm64 backend).
//
// A File collects TEXT functions and writes the .s file and the Go stub
// declarations for them; a Func lays out its arguments from the Go
// signature, so that argument references carry the names and offsets go
// vet's asmdecl check expects. Instructions are written with the native
// mnemonics wherever Go's arm64 assembler has them (VFMLA, VLD1, VLD1R,
// VDUP, VEOR, FMAXS, …). The vector floating-point instructions it lacks
// (FADD, FMUL, FMAX, FMLA by element, FCMGT, …) are emitted as WORD
// directives, each encoded here from its register numbers and carrying its
// mnemonic in GNU syntax in a comment; a test in the kernels package
// decodes every WORD and compares it with that comment.
//
// Registers are chosen by the generators: Go's ABI0 leaves R0–R17, R19–R25
// and every vector register to a leaf function (R18 is the platform
// register, R26 the closure context, R27 the assembler's temporary, R28
// the goroutine, R29 the frame pointer and R30 the link register).
package neongen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"os"
	"strings"
)

// Type is an element type of the kernels.
type Type struct {
	Suffix string // function name suffix: "F32" or "F64"
	Go     string // Go type name
	Size   int    // bytes per element
	Lanes  int    // elements per 128-bit vector register
}

var (
	F32 = Type{Suffix: "F32", Go: "float32", Size: 4, Lanes: 4}
	F64 = Type{Suffix: "F64", Go: "float64", Size: 8, Lanes: 2}
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

// Shift is log2 of the element size: the shift from elements to bytes.
func (t Type) Shift() int {
	if t.Size == 4 {
		return 2
	}
	return 3
}

// arr is the Go assembler's arrangement of a full vector of t: S4 or D2.
func (t Type) arr() string {
	if t.Size == 4 {
		return "S4"
	}
	return "D2"
}

// gnu is the GNU arrangement of a full vector of t: 4s or 2d.
func (t Type) gnu() string {
	if t.Size == 4 {
		return "4s"
	}
	return "2d"
}

// elem is the element letter: S or D.
func (t Type) elem() string {
	if t.Size == 4 {
		return "S"
	}
	return "D"
}

// sz is the size bit (22) of the vector floating-point encodings.
func (t Type) sz() uint32 {
	if t.Size == 4 {
		return 0
	}
	return 1 << 22
}

// Reg formats v as a full vector of t: "V3.S4".
func (t Type) Reg(v V) string { return fmt.Sprintf("V%d.%s", v, t.arr()) }

// Lane formats lane i of v: "V3.S[1]".
func (t Type) Lane(v V, i int) string { return fmt.Sprintf("V%d.%s[%d]", v, t.elem(), i) }

// List formats the n consecutive vectors from v as a register list:
// "[V0.S4, V1.S4]". The assembler requires them consecutive (mod 32).
func (t Type) List(v V, n int) string {
	regs := make([]string, n)
	for i := range regs {
		regs[i] = t.Reg((v + V(i)) % 32)
	}
	return "[" + strings.Join(regs, ", ") + "]"
}

// V is a SIMD&FP register number, 0–31.
type V uint8

// F formats v as a scalar register of t: F3 (both widths are named F in
// Go's assembler; the mnemonic gives the width).
func (v V) F() string { return fmt.Sprintf("F%d", v) }

// B16 formats v as sixteen bytes, for the bitwise instructions.
func (v V) B16() string { return fmt.Sprintf("V%d.B16", v) }

// R is a general register number.
type R uint8

func (r R) String() string { return fmt.Sprintf("R%d", r) }

// File is one assembly file and the Go declarations of its functions.
type File struct {
	pkg, constraint, cmd string
	funcs                []*Func
}

// NewFile starts a file of package pkg under the build constraint (besides
// the GOARCH of its name). cmd is the command line named in the generated
// files' headers.
func NewFile(pkg, constraint, cmd string) *File {
	return &File{pkg: pkg, constraint: constraint, cmd: cmd}
}

// Func starts the function name with Go signature sig (a func type such as
// "func(dst, x []float32) float32"), documented in the stubs by doc.
func (f *File) Func(name, sig string, doc ...string) *Func {
	fn := &Func{name: name, sig: sig, doc: doc, args: map[string]slot{}}
	fn.layout()
	f.funcs = append(f.funcs, fn)
	return fn
}

func (f *File) header(b *bytes.Buffer) {
	fmt.Fprintf(b, "// Code generated by command: %s. DO NOT EDIT.\n\n", f.cmd)
	if f.constraint != "" {
		fmt.Fprintf(b, "//go:build %s\n\n", f.constraint)
	}
}

// WriteAsm writes the assembly to path.
func (f *File) WriteAsm(path string) error {
	var b bytes.Buffer
	f.header(&b)
	b.WriteString("#include \"textflag.h\"\n")
	for _, fn := range f.funcs {
		fmt.Fprintf(&b, "\n// func %s%s\n", fn.name, strings.TrimPrefix(fn.sig, "func"))
		fmt.Fprintf(&b, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn.name, fn.argSize)
		for _, l := range fn.lines {
			b.WriteString(l + "\n")
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// WriteStubs writes the Go declarations to path.
func (f *File) WriteStubs(path string) error {
	var b bytes.Buffer
	f.header(&b)
	fmt.Fprintf(&b, "package %s\n", f.pkg)
	for _, fn := range f.funcs {
		b.WriteString("\n")
		for _, l := range fn.doc {
			fmt.Fprintf(&b, "// %s\n", l)
		}
		if len(fn.doc) > 0 {
			b.WriteString("//\n")
		}
		fmt.Fprintf(&b, "//go:noescape\nfunc %s%s\n", fn.name, strings.TrimPrefix(fn.sig, "func"))
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// Func is one TEXT function being written.
type Func struct {
	name, sig string
	doc       []string
	args      map[string]slot
	argSize   int
	lines     []string
}

// slot is the frame offset and size of an argument or result.
type slot struct {
	off, size int
	slice     bool
}

// layout assigns frame offsets to the parameters and results of the
// signature, as the gc ABI0 does on 64-bit platforms: each at its
// alignment, results from the next multiple of 8 after the parameters.
func (fn *Func) layout() {
	e, err := parser.ParseExpr(fn.sig)
	if err != nil {
		panic(fmt.Sprintf("neongen: %s: bad signature %q: %v", fn.name, fn.sig, err))
	}
	ft := e.(*ast.FuncType)
	off := 0
	place := func(fields *ast.FieldList, unnamed string) {
		if fields == nil {
			return
		}
		for _, fl := range fields.List {
			size, align, slice := typeSize(fl.Type)
			names := fl.Names
			if len(names) == 0 {
				names = []*ast.Ident{{Name: unnamed}}
			}
			for _, nm := range names {
				off = (off + align - 1) / align * align
				fn.args[nm.Name] = slot{off: off, size: size, slice: slice}
				off += size
			}
		}
	}
	place(ft.Params, "")
	off = (off + 7) / 8 * 8
	place(ft.Results, "ret")
	fn.argSize = off
}

func typeSize(e ast.Expr) (size, align int, slice bool) {
	switch t := e.(type) {
	case *ast.ArrayType:
		if t.Len == nil {
			return 24, 8, true
		}
	case *ast.StarExpr:
		return 8, 8, false
	case *ast.Ident:
		switch t.Name {
		case "int", "uint", "int64", "uint64", "float64", "uintptr":
			return 8, 8, false
		case "float32", "int32", "uint32":
			return 4, 4, false
		}
	}
	panic(fmt.Sprintf("neongen: unsupported argument type %T", e))
}

func (fn *Func) arg(name string) slot {
	s, ok := fn.args[name]
	if !ok {
		panic(fmt.Sprintf("neongen: %s has no argument %q", fn.name, name))
	}
	return s
}

// I emits one instruction (or directive) line.
func (fn *Func) I(format string, a ...any) {
	fn.lines = append(fn.lines, "\t"+fmt.Sprintf(format, a...))
}

// Label emits a label; labels are local to their function.
func (fn *Func) Label(l string) { fn.lines = append(fn.lines, l+":") }

// Word emits the instruction with encoding enc as a WORD directive
// carrying its GNU mnemonic.
func (fn *Func) Word(enc uint32, gnu string, a ...any) {
	fn.I("WORD $0x%08x // %s", enc, fmt.Sprintf(gnu, a...))
}

// Ptr loads the base pointer of slice argument (or the pointer argument)
// name into r.
func (fn *Func) Ptr(name string, r R) {
	s := fn.arg(name)
	if s.slice {
		fn.I("MOVD %s_base+%d(FP), %s", name, s.off, r)
		return
	}
	fn.I("MOVD %s+%d(FP), %s", name, s.off, r)
}

// Len loads the length of slice argument name into r.
func (fn *Func) Len(name string, r R) {
	s := fn.arg(name)
	fn.I("MOVD %s_len+%d(FP), %s", name, s.off+8, r)
}

// Int loads the integer argument name into r.
func (fn *Func) Int(name string, r R) { fn.I("MOVD %s+%d(FP), %s", name, fn.arg(name).off, r) }

// Float loads the floating-point argument name into the low lane of v
// (the rest of v is zeroed).
func (fn *Func) Float(t Type, name string, v V) {
	fn.I("FMOV%s %s+%d(FP), %s", t.elem(), name, fn.arg(name).off, v.F())
}

// Bits loads the bit pattern of the floating-point argument name into r.
func (fn *Func) Bits(t Type, name string, r R) {
	mov := "MOVD"
	if t.Size == 4 {
		mov = "MOVWU"
	}
	fn.I("%s %s+%d(FP), %s", mov, name, fn.arg(name).off, r)
}

// RetFloat stores the low lane of v to the floating-point result name.
func (fn *Func) RetFloat(t Type, v V, name string) {
	fn.I("FMOV%s %s, %s+%d(FP)", t.elem(), v.F(), name, fn.arg(name).off)
}

// RetInt stores r to the integer result name.
func (fn *Func) RetInt(r R, name string) { fn.I("MOVD %s, %s+%d(FP)", r, name, fn.arg(name).off) }

// RET returns.
func (fn *Func) RET() { fn.I("RET") }
