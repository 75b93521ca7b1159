# simdgrad: `make test` is what CI runs; `make bench` and `make compare`
# measure; `make generate` rewrites the assembly from the Avo generators.

GO        ?= go
BENCHSTAT := $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
HOSTARCH  := $(shell $(GO) env GOARCH)
TMPDIR    ?= /tmp
COUNT     ?= 6
BENCHTIME ?= 200ms
FUZZTIME  ?= 10s
OUT       ?= out

# The fuzz targets, one per kernel (see kernels/fuzz_test.go).
FUZZ_TARGETS := FuzzReLU FuzzReLUBackward FuzzAxpy FuzzScale FuzzAdd FuzzSub FuzzMul \
	FuzzSum FuzzDot FuzzAddColSums FuzzSoftmax FuzzLogSoftmax FuzzGemm \
	FuzzExp FuzzSigmoid FuzzTanh FuzzSigmoidBackward FuzzTanhBackward

# Platforms that must build with the generic tier alone.
CROSS := js/wasm linux/386 linux/riscv64 linux/s390x windows/amd64 darwin/arm64 linux/arm64

.PHONY: test fmt vet test-go test-purego test-race test-cpu test-arm64 cross \
	bench compare generate check-generate fuzz

test: fmt vet test-go test-purego test-race test-cpu test-arm64 cross

fmt:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	cd asm && $(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

test-purego:
	$(GO) test -count=1 -tags purego ./...

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

# The whole module on arm64 under QEMU (no binfmt registration needed).
test-arm64:
	@if command -v qemu-aarch64-static >/dev/null 2>&1; then \
		echo "GOARCH=arm64 go test -short -exec qemu-aarch64-static ./..."; \
		GOARCH=arm64 $(GO) test -count=1 -short -exec qemu-aarch64-static ./...; \
	else \
		echo "SKIP test-arm64: qemu-aarch64-static not installed (apt-get install qemu-user-static)"; \
	fi

cross:
	@set -e; for p in $(CROSS); do \
		echo "go build $$p"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build ./...; \
	done

generate:
	$(GO) generate ./kernels/

check-generate: generate
	@if [ -n "$$(git status --porcelain -- kernels)" ]; then \
		echo "make generate changed the generated files:"; git status --porcelain -- kernels; \
		git diff --stat -- kernels; exit 1; fi

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
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./kernels/; \
	done
