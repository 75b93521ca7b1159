package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/simdgrad/simdgrad/internal/benchcases"
	"github.com/simdgrad/simdgrad/internal/cpucache"
	"github.com/simdgrad/simdgrad/kernels"
)

// simdFeature reports whether a cpuid feature name is one that vector
// kernels care about, for the report's short feature list.
func simdFeature(f string) bool {
	for _, p := range []string{"SSE", "AVX", "FMA", "F16C", "ASIMD", "SVE", "NEON", "BMI"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

func machine() Machine {
	c := cpuid.CPU
	cc := cpucache.Detect()
	m := Machine{
		CPU:            strings.TrimSpace(c.BrandName),
		Vendor:         c.VendorString,
		Family:         c.Family,
		Model:          c.Model,
		LogicalCPUs:    runtime.NumCPU(),
		PhysicalCores:  c.PhysicalCores,
		ThreadsPerCore: c.ThreadsPerCore,
		Cache: Cache{L1D: max(cc.L1D.Size, 0), L1I: max(c.Cache.L1I, 0), L2: max(cc.L2.Size, 0), L3: max(cc.L3.Size, 0),
			L1DWays: cc.L1D.Ways, L2Ways: cc.L2.Ways, L3Ways: cc.L3.Ways},
		Blocking:   []GemmBlocking{gemmBlocking[float32](), gemmBlocking[float64]()},
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		Go:         runtime.Version(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		ISA:        kernels.ISA(),
		ISAs:       kernels.ISAs(),
		Version:    "(unknown)",
	}
	if m.CPU == "" {
		m.CPU = "unknown CPU"
	}
	for _, f := range c.FeatureSet() {
		if simdFeature(f) {
			m.Features = append(m.Features, f)
		}
	}
	for _, p := range benchcases.Peers {
		m.Peers = append(m.Peers, p.Name)
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		m.Version = bi.Main.Version
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			m.Commit = rev
			if modified == "true" {
				m.Commit += "+dirty"
			}
		}
	}
	return m
}

func gemmBlocking[T kernels.Float]() GemmBlocking {
	b := kernels.GemmBlocking[T]()
	return GemmBlocking{Dtype: benchcases.Dtype[T](), MR: b.MR, NR: b.NR, KC: b.KC, MC: b.MC, NC: b.NC, Source: b.Source}
}

// cacheString formats a cache level: "48 KiB 12-way", "1 MiB", "unknown".
func cacheString(size, ways int) string {
	s := bytesString(size)
	if size > 0 && ways > 0 {
		s += fmt.Sprintf(" %d-way", ways)
	}
	return s
}

// bytesString formats a cache size: "48 KiB", "1 MiB", "unknown".
func bytesString(n int) string {
	switch {
	case n <= 0:
		return "unknown"
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func printMachine(w io.Writer, m Machine) {
	version := m.Version
	if m.Commit != "" {
		version += " " + m.Commit
	}
	fmt.Fprintf(w, "simdgrad bench %s, %s %s/%s, GOMAXPROCS %d\n", version, m.Go, m.GOOS, m.GOARCH, m.GOMAXPROCS)
	cores := ""
	if m.PhysicalCores > 0 && m.PhysicalCores <= m.LogicalCPUs { // a VM may see the host's count
		cores = fmt.Sprintf(", %d cores", m.PhysicalCores)
	}
	fmt.Fprintf(w, "CPU       %s (%s family %d model %d), %d logical CPUs%s\n", m.CPU, m.Vendor, m.Family, m.Model, m.LogicalCPUs, cores)
	features := strings.Join(m.Features, " ")
	if features == "" {
		features = "none detected"
	}
	fmt.Fprintf(w, "features  %s\n", features)
	fmt.Fprintf(w, "caches    L1d %s, L1i %s, L2 %s, L3 %s\n", cacheString(m.Cache.L1D, m.Cache.L1DWays), bytesString(m.Cache.L1I),
		cacheString(m.Cache.L2, m.Cache.L2Ways), cacheString(m.Cache.L3, m.Cache.L3Ways))
	var blocks []string
	for _, b := range m.Blocking {
		blocks = append(blocks, fmt.Sprintf("%s %d×%d kc=%d mc=%d nc=%d", b.Dtype, b.MR, b.NR, b.KC, b.MC, b.NC))
	}
	if len(m.Blocking) > 0 {
		source := m.Blocking[0].Source
		if source == "model" {
			source = "from the caches"
		} else if source == "default" {
			source = "the tier's constants: caches unknown"
		}
		fmt.Fprintf(w, "blocking  %s (%s; bench tune checks it)\n", strings.Join(blocks, ", "), source)
	}
	fmt.Fprintf(w, "tier      %s (available: %s)\n", m.ISA, strings.Join(m.ISAs, ", "))
	var peers []string
	for _, p := range benchcases.Peers {
		s := p.Name
		if p.Info != "" {
			s += " (" + p.Info + ")"
		}
		peers = append(peers, s)
	}
	fmt.Fprintf(w, "peers     %s\n", strings.Join(peers, ", "))
}
