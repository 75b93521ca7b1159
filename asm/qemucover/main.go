// Command qemucover reports which instructions of the neon tier's assembly
// a test run executed, from QEMU's log of the code it translated:
//
//	qemu-aarch64-static -d in_asm -D qemu.log kernels-arm64.test -test.short
//	go run ./qemucover -bin kernels-arm64.test -log qemu.log -asm ../kernels
//
// (make asm-coverage runs both). QEMU translates each block of guest code
// the first time it runs and, with -d in_asm, logs the address of every
// instruction it translates, so an instruction missing from the log never
// ran. For every TEXT function of the *_arm64.s files in -asm, the command
// finds the function in the binary's symbol table, decodes it
// (golang.org/x/arch/arm64/arm64asm) and lists the runs of instructions
// that never ran; it exits with status 1 if there are any.
// Every loop of every kernel (wide, one-vector and single-element, every
// column and row case) must run in the tests: a loop that never runs is a
// loop whose encoding nothing has checked.
package main

import (
	"bufio"
	"debug/elf"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/arch/arm64/arm64asm"
)

var (
	bin     = flag.String("bin", "", "the arm64 test binary that ran")
	logFile = flag.String("log", "", "QEMU's -d in_asm log of the run")
	asmDir  = flag.String("asm", "../kernels", "directory of the *_arm64.s files")
	pkg     = flag.String("pkg", "github.com/simdgrad/simdgrad/kernels", "import path of their package")
)

var (
	textLine = regexp.MustCompile(`^TEXT\s+·(\w+)\(SB\)`)
	logAddr  = regexp.MustCompile(`^0x([0-9a-f]+):`)
)

func main() {
	flag.Parse()
	ran, err := executed(*logFile)
	check(err)
	files, err := filepath.Glob(filepath.Join(*asmDir, "*_arm64.s"))
	check(err)
	if len(files) == 0 {
		check(fmt.Errorf("no *_arm64.s files in %s", *asmDir))
	}
	var funcs []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		check(err)
		for _, l := range strings.Split(string(src), "\n") {
			if m := textLine.FindStringSubmatch(l); m != nil {
				funcs = append(funcs, m[1])
			}
		}
	}
	sort.Strings(funcs)
	syms, err := symbols(*bin)
	check(err)
	total, missed := 0, 0
	for _, fn := range funcs {
		code, err := disassemble(syms, *pkg+"."+fn+".abi0")
		check(err)
		var gaps []string
		start := -1
		for i, c := range code {
			if ran[c.addr] {
				if start >= 0 {
					gaps = append(gaps, gap(code, start, i))
					start = -1
				}
				continue
			}
			missed++
			if start < 0 {
				start = i
			}
		}
		if start >= 0 {
			gaps = append(gaps, gap(code, start, len(code)))
		}
		total += len(code)
		if len(gaps) > 0 {
			fmt.Printf("%s: %d runs of instructions never executed:\n", fn, len(gaps))
			for _, g := range gaps {
				fmt.Println("\t" + g)
			}
		}
	}
	fmt.Printf("%d functions, %d instructions, %d never executed\n", len(funcs), total, missed)
	if missed > 0 {
		os.Exit(1)
	}
}

// executed returns the addresses QEMU logged as translated.
func executed(path string) (map[uint64]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ran := map[uint64]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if m := logAddr.FindStringSubmatch(sc.Text()); m != nil {
			a, _ := strconv.ParseUint(m[1], 16, 64)
			ran[a] = true
		}
	}
	return ran, sc.Err()
}

type insn struct {
	addr uint64
	text string
}

// symbols returns the binary's function symbols with their code.
func symbols(path string) (map[string]function, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text := f.Section(".text")
	if text == nil {
		return nil, fmt.Errorf("%s has no .text", path)
	}
	data, err := text.Data()
	if err != nil {
		return nil, err
	}
	syms, err := f.Symbols()
	if err != nil {
		return nil, err
	}
	fns := map[string]function{}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) != elf.STT_FUNC || s.Value < text.Addr || s.Value+s.Size > text.Addr+text.Size {
			continue
		}
		off := s.Value - text.Addr
		fns[s.Name] = function{addr: s.Value, code: data[off : off+s.Size]}
	}
	return fns, nil
}

type function struct {
	addr uint64
	code []byte
}

// disassemble returns the instructions of the function sym.
func disassemble(syms map[string]function, sym string) ([]insn, error) {
	fn, ok := syms[sym]
	if !ok {
		return nil, fmt.Errorf("%s not found in %s", sym, *bin)
	}
	// The symbol's size includes the zero words that pad it to the next
	// function's alignment.
	end := len(fn.code) &^ 3
	for end >= 4 && binary.LittleEndian.Uint32(fn.code[end-4:]) == 0 {
		end -= 4
	}
	var code []insn
	for off := 0; off+4 <= end; off += 4 {
		text := fmt.Sprintf(".word %#08x", binary.LittleEndian.Uint32(fn.code[off:]))
		if inst, err := arm64asm.Decode(fn.code[off : off+4]); err == nil {
			text = arm64asm.GNUSyntax(inst)
		}
		code = append(code, insn{fn.addr + uint64(off), text})
	}
	return code, nil
}

func gap(code []insn, i, j int) string {
	return fmt.Sprintf("+%#x…+%#x (%d instructions), from %q", code[i].addr-code[0].addr, code[j-1].addr-code[0].addr, j-i, code[i].text)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "qemucover:", err)
		os.Exit(2)
	}
}
