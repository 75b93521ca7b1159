# simdgrad: `make test` is what CI runs; `make bench` and `make compare`
# measure; `make generate` rewrites the assembly from the Avo generators.

GO        ?= go
BENCHSTAT := $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
HOSTARCH  := $(shell $(GO) env GOARCH)
TMPDIR    ?= /tmp
COUNT     ?= 6
BENCHTIME ?= 200ms
FUZZTIME  ?= 10s
# How long each new input that widens coverage is minimised (go test's
# default, 60s, can take most of a short run).
FUZZMINIMIZETIME ?= 10s
OUT       ?= out

# The fuzz targets, one per kernel (see kernels/fuzz_test.go), and one for
# the GEMM driver's paths (kernels/gemm_driver_test.go).
FUZZ_TARGETS := FuzzReLU FuzzReLUBackward FuzzAxpy FuzzScale FuzzAdd FuzzSub FuzzMul \
	FuzzSum FuzzDot FuzzAddColSums FuzzSoftmax FuzzLogSoftmax FuzzGemm FuzzGemmNarrow FuzzGemmDriver \
	FuzzExp FuzzSigmoid FuzzTanh FuzzSigmoidBackward FuzzTanhBackward

# Platforms that must build with the generic tier alone.
CROSS := js/wasm linux/386 linux/riscv64 linux/s390x windows/amd64 darwin/arm64 linux/arm64

.PHONY: test fmt tidy vet test-go test-purego test-race test-cpu test-arm64 test-s390x cross \
	bench compare generate check-generate fuzz mca

test: fmt tidy vet test-go test-purego test-race test-cpu test-arm64 test-s390x cross

fmt:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# go.mod and go.sum list exactly what the code imports (both modules).
tidy:
	$(GO) mod tidy -diff
	cd asm && $(GO) mod tidy -diff

vet:
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	cd asm && $(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

# Without assembly. gonumblas runs its short suites here: its full suites
# already run on the generic tier (the same Go code) in test-go.
test-purego:
	$(GO) test -count=1 -tags purego $$($(GO) list ./... | grep -v /gonumblas)
	$(GO) test -count=1 -tags purego -short ./gonumblas

test-race:
	$(GO) test -count=1 -race -short ./kernels/...

# Real CPU detection: the kernels' test binary under an emulated CPU without
# AVX2 must pick the generic tier and pass; under a CPU with AVX2 and FMA it
# must pick avx2 and pass. QEMU emulates AVX masked loads as full-width
# reads, which fault on guard pages that real CPUs never touch, so the avx2
# run goes without them (test-go checks them natively; see
# internal/harness.GuardPagesAvailable).
test-cpu:
ifeq ($(HOSTARCH),amd64)
	@if command -v qemu-x86_64-static >/dev/null 2>&1; then \
		set -e; \
		$(GO) test -c -o $(TMPDIR)/simdgrad-kernels.test ./kernels; \
		echo "qemu-x86_64-static -cpu Nehalem-v1 (no AVX): expecting isa=generic"; \
		cd kernels; \
		SIMDGRAD_EXPECT_ISA=generic qemu-x86_64-static -cpu Nehalem-v1 $(TMPDIR)/simdgrad-kernels.test -test.short; \
		echo "qemu-x86_64-static -cpu max (AVX2, FMA): expecting isa=avx2"; \
		SIMDGRAD_NO_GUARD_PAGES=1 SIMDGRAD_EXPECT_ISA=avx2 qemu-x86_64-static -cpu max $(TMPDIR)/simdgrad-kernels.test -test.short; \
	else \
		echo "SKIP test-cpu: qemu-x86_64-static not installed (apt-get install qemu-user-static)"; \
	fi
else
	@echo "SKIP test-cpu: host is $(HOSTARCH), not amd64"
endif

# The whole module on arm64 under QEMU (no binfmt registration needed), on
# QEMU's default CPU ("max"): the neon tier must be chosen. Then the kernels
# again on a plain ARMv8.0 core (cortex-a53), with QEMU logging the code it
# translates, and asm/qemucover checks that every instruction of every neon
# kernel ran (a loop the tests never reach is a loop nothing has checked).
test-arm64:
	@if command -v qemu-aarch64-static >/dev/null 2>&1; then \
		set -e; \
		echo "GOARCH=arm64 go test -short -exec qemu-aarch64-static ./..."; \
		SIMDGRAD_EXPECT_ISA=neon GOARCH=arm64 $(GO) test -count=1 -short -exec qemu-aarch64-static ./...; \
		GOARCH=arm64 $(GO) test -c -o $(TMPDIR)/simdgrad-kernels-arm64.test ./kernels; \
		echo "QEMU_CPU=cortex-a53 qemu-aarch64-static kernels.test -test.short"; \
		(cd kernels && QEMU_CPU=cortex-a53 SIMDGRAD_EXPECT_ISA=neon qemu-aarch64-static -d in_asm \
			-D $(TMPDIR)/simdgrad-kernels-arm64.qemu.log $(TMPDIR)/simdgrad-kernels-arm64.test -test.short); \
		cd asm && $(GO) run ./qemucover -bin $(TMPDIR)/simdgrad-kernels-arm64.test \
			-log $(TMPDIR)/simdgrad-kernels-arm64.qemu.log -asm ../kernels; \
	else \
		echo "SKIP test-arm64: qemu-aarch64-static not installed (apt-get install qemu-user-static)"; \
	fi

# Big-endian: the generic tier and what reads bytes (the harness, the
# dataset loaders) under QEMU's s390x; the models above them are plain Go
# arithmetic and run natively and on arm64.
test-s390x:
	@if command -v qemu-s390x-static >/dev/null 2>&1; then \
		echo "GOARCH=s390x go test -short -exec qemu-s390x-static ./kernels ./internal/... ./benchdata ./autodiff"; \
		GOARCH=s390x $(GO) test -count=1 -short -exec qemu-s390x-static ./kernels ./internal/... ./benchdata ./autodiff; \
	else \
		echo "SKIP test-s390x: qemu-s390x-static not installed (apt-get install qemu-user-static)"; \
	fi

cross:
	@set -e; for p in $(CROSS); do \
		echo "go build $$p"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build ./...; \
	done

# Packages whose assembly the generators in asm/ write.
GENERATED := kernels internal/peak internal/cpucache

generate:
	$(GO) generate $(addprefix ./,$(addsuffix /,$(GENERATED)))

check-generate: generate
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
		echo "make generate changed the generated files:"; git status --porcelain -- $(GENERATED); \
		git diff --stat -- $(GENERATED); exit 1; fi

bench:
	@mkdir -p $(OUT)
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) ./kernels/ ./autodiff/ ./models/... | tee $(OUT)/bench.txt

# make compare: COUNT runs of the kernel suite, then benchstat pivoted on the
# tier (isa) and, for GEMM, on implementation and tier (simdgrad avx2,
# simdgrad generic, gonum; openblas too with GOFLAGS=-tags=openblas).
compare:
	@mkdir -p $(OUT)
	$(GO) test -run '^$$' -bench 'ReLU|Softmax|Vector|Copy' -benchtime $(BENCHTIME) -count $(COUNT) ./kernels/ > $(OUT)/vector.txt
	$(GO) test -run '^$$' -bench 'Gemm' -benchtime $(BENCHTIME) -count $(COUNT) ./kernels/ > $(OUT)/gemm.txt
	$(BENCHSTAT) -col /isa $(OUT)/vector.txt
	$(BENCHSTAT) -col /impl,/isa -filter '.unit:GFLOP/s' $(OUT)/gemm.txt

fuzz:
	@set -e; for f in $(FUZZ_TARGETS); do \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./kernels/; \
	done

# make mca: llvm-mca's model of the GEMM micro-kernels' inner loops, from
# the arm64 and amd64 test binaries (needs llvm-15, binutils for both
# architectures); the table goes to $(OUT)/mca.md, each model's report to
# $(OUT)/mca/.
mca:
	@mkdir -p $(OUT)/mca
	GOARCH=arm64 $(GO) test -c -o $(TMPDIR)/simdgrad-kernels-arm64.test ./kernels
	GOARCH=amd64 $(GO) test -c -o $(TMPDIR)/simdgrad-kernels-amd64.test ./kernels
	cd asm && $(GO) run ./mca -arm64 $(TMPDIR)/simdgrad-kernels-arm64.test \
		-amd64 $(TMPDIR)/simdgrad-kernels-amd64.test -details $(abspath $(OUT))/mca | tee $(abspath $(OUT))/mca.md
