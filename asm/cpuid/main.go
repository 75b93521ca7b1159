// Command cpuid generates the CPUID wrapper of internal/cpucache, which reads
// the CPU's description of its caches:
//
//	go run ./cpuid -out ../internal/cpucache/cpuid_amd64.s -stubs ../internal/cpucache/cpuid_stubs_amd64.go -pkg cpucache
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("!purego")
	TEXT("cpuidex", NOSPLIT, "func(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)")
	Doc("cpuidex executes the CPUID instruction for leaf (EAX) and subleaf (ECX).")
	Load(Param("leaf"), EAX)
	Load(Param("subleaf"), ECX)
	CPUID()
	Store(EAX, Return("eax"))
	Store(EBX, Return("ebx"))
	Store(ECX, Return("ecx"))
	Store(EDX, Return("edx"))
	RET()
	Generate()
}
