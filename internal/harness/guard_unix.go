//go:build unix

package harness

import (
	"fmt"
	"os"
	"sync"
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

// A guardRegion is one mapping: a head guard page, dataPages pages of data
// and a tail guard page. Regions are kept for reuse after free, so that a
// fuzz target, which asks for a few buffers per input, costs no system call
// per buffer. While a region is free its data pages are inaccessible too,
// so a test that uses a buffer after freeing it faults.
type guardRegion struct {
	mem       []byte
	dataPages int
}

// maxFreeRegions bounds the free regions kept for each data size.
const maxFreeRegions = 64

var guardPool struct {
	sync.Mutex
	free map[int][]*guardRegion // by dataPages
}

func getRegion(dataPages int) *guardRegion {
	guardPool.Lock()
	list := guardPool.free[dataPages]
	var g *guardRegion
	if n := len(list); n > 0 {
		g = list[n-1]
		guardPool.free[dataPages] = list[:n-1]
	}
	guardPool.Unlock()
	if g != nil {
		return g
	}
	total := (dataPages + 2) * pageSize
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		panic(fmt.Sprintf("harness.Guarded: mmap %d bytes: %v", total, err))
	}
	g = &guardRegion{mem: mem, dataPages: dataPages}
	protect(g.data(), unix.PROT_READ|unix.PROT_WRITE)
	return g
}

func putRegion(g *guardRegion) {
	guardPool.Lock()
	if guardPool.free == nil {
		guardPool.free = make(map[int][]*guardRegion)
	}
	if list := guardPool.free[g.dataPages]; len(list) < maxFreeRegions {
		guardPool.free[g.dataPages] = append(list, g)
		g = nil
	}
	guardPool.Unlock()
	if g != nil {
		if err := unix.Munmap(g.mem); err != nil {
			panic(fmt.Sprintf("harness.Guarded: munmap: %v", err))
		}
	}
}

// data returns the region's data pages, between the guards.
func (g *guardRegion) data() []byte { return g.mem[pageSize : len(g.mem)-pageSize] }

func protect(b []byte, prot int) {
	if err := unix.Mprotect(b, prot); err != nil {
		panic(fmt.Sprintf("harness.Guarded: mprotect: %v", err))
	}
}

// Guarded returns n zeroed elements of T placed between two inaccessible
// pages, so that any read or write before s[0] (at Start) or past s[n-1]
// (at End) faults. Guarded memory is outside the Go heap and holds no
// pointers. Call free when done; s must not be used afterwards (its pages
// become inaccessible until the memory is handed out again), and free must
// be called once.
func Guarded[T any](n int, at Placement) (s []T, free func()) {
	if !GuardPagesAvailable {
		return make([]T, n), func() {}
	}
	var z T
	size := int(unsafe.Sizeof(z))
	dataPages := max(1, (n*size+pageSize-1)/pageSize)
	g := getRegion(dataPages)
	start := pageSize
	if at == End {
		start = len(g.mem) - pageSize - n*size
	}
	b := g.mem[start : start+n*size]
	clear(b)
	s = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
	freed := false
	return s[:n:n], func() {
		if freed {
			panic("harness.Guarded: buffer freed twice")
		}
		freed = true
		putRegion(g)
	}
}
