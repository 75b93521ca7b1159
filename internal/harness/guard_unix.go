//go:build unix

package harness

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// GuardPagesAvailable reports whether Guarded really surrounds its buffers
// with inaccessible pages: on unix unless SIMDGRAD_NO_GUARD_PAGES is set.
//
// That variable exists for runs under QEMU, whose user-mode emulation (7.2)
// performs AVX masked loads (VMASKMOVPS/PD) as full-width reads. A real CPU
// does not fault on masked-off elements, so kernels may use masked loads at
// the end of a slice; under QEMU such a read faults on a guard page that
// the hardware never touches. Native test runs keep the guard pages, and so
// do runs under qemu-aarch64, which performs the neon tier's accesses
// exactly (TestGuardPagesFaultVector checks each kind under emulation).
var GuardPagesAvailable = os.Getenv("SIMDGRAD_NO_GUARD_PAGES") == ""

var pageSize = os.Getpagesize()

// Guarded returns n elements of T placed between two inaccessible pages, so
// that any read or write before s[0] (at Start) or past s[n-1] (at End)
// faults. Guarded memory is outside the Go heap and holds no pointers. Call
// free when done; s must not be used afterwards.
func Guarded[T any](n int, at Placement) (s []T, free func()) {
	if !GuardPagesAvailable {
		return make([]T, n), func() {}
	}
	var z T
	size := int(unsafe.Sizeof(z))
	dataPages := (n*size + pageSize - 1) / pageSize
	if dataPages == 0 {
		dataPages = 1
	}
	total := (dataPages + 2) * pageSize
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		panic(fmt.Sprintf("harness.Guarded: mmap %d bytes: %v", total, err))
	}
	if err := unix.Mprotect(mem[:pageSize], unix.PROT_NONE); err != nil {
		panic(fmt.Sprintf("harness.Guarded: mprotect: %v", err))
	}
	if err := unix.Mprotect(mem[total-pageSize:], unix.PROT_NONE); err != nil {
		panic(fmt.Sprintf("harness.Guarded: mprotect: %v", err))
	}
	start := pageSize
	if at == End {
		start = total - pageSize - n*size
	}
	p := unsafe.Pointer(&mem[start])
	s = unsafe.Slice((*T)(p), n)
	return s[:n:n], func() {
		if err := unix.Munmap(mem); err != nil {
			panic(fmt.Sprintf("harness.Guarded: munmap: %v", err))
		}
	}
}
