// Command bench is simdgrad's main job: it measures the kernels on this
// machine against the generic tier and gonum (and OpenBLAS, when built with
// -tags openblas), repeats the two experiments of the original write-up,
// prints one report and writes the results:
//
//	go run ./cmd/bench                 # the whole report, under two minutes on 2 cores
//	go run ./cmd/bench -quick          # a smoke run of a few seconds
//	go run ./cmd/bench kernels -count 6 -threads 1
//	go run -tags openblas ./cmd/bench kernels
//
// Usage:
//
//	bench [command] [flags] [part ...]
//
// The commands are the parts of the report, which may be combined (bench
// kernels mlp), or all (the default), and tune:
//
//   - kernels: the machine (CPU, features, caches, tier, Go, GOMAXPROCS) and
//     its FMA peak, measured at start by a register-only loop of
//     fused multiply-adds (internal/peak); GEMM at n = 64…2048 in float32
//     and float64, with one thread and with GOMAXPROCS threads, in GFLOP/s
//     and % of that peak; the MLP's and the factorisation's tiny products in
//     µs per call; ReLU and softmax in GB/s and ns per element. Each table
//     sets simdgrad on the tier in use beside the generic tier and the peers
//     (gonum, OpenBLAS; copy for ReLU), measured in the same run, the
//     implementations alternating within each of -count rounds, and gives
//     the speed-up over each.
//   - factorise: rank-2 factorisation of the centred Iris data by gradient
//     descent against the truncated SVD, both loss reductions, five seeds,
//     the time per epoch from a timer around the training loop, and the
//     divergence of uncentred data.
//   - mlp: the 4-12-3 Iris network, standard and as the write-up built it,
//     two learning rates, five seeds; a 64-64-10 network on the digits with
//     its confusion matrix.
//   - tune: GEMM with the cache blocking in use (kc, mc, nc from the
//     analytical model of BLIS when the CPU describes its caches; see
//     kernels.GemmBlocking) and with each of kc, mc and nc varied around it,
//     at n = 512, 1024 and 2048 in float32 and float64 on one thread, best of
//     three alternating rounds; it prints the best measured beside the
//     blocking in use, with the difference in per cent (bench tune -h for
//     its flags).
//
// The flags (bench -h lists them with their defaults):
//
//	-quick       smoke run: GEMM at n = 64 and 256, a 10ms benchtime, a short peak measurement
//	-isa NAME    kernel tier for the whole run (default: the best available, or $SIMDGRAD_ISA)
//	-threads N   GOMAXPROCS of the kernel report (default 0: GEMM with 1 and GOMAXPROCS threads, the rest with 1)
//	-out DIR     where the result files go (default out)
//	-json        print the JSON document instead of the tables
//	-seed S      first of the experiments' five seeds, and the seed of the kernels' operands
//	-count N     rounds of each kernel measurement (use 6 or more for benchstat)
//	-benchtime D minimum time of each kernel measurement (100ms), or a fixed count of calls (100x)
//	-run LIST    comma-separated parts, another way of naming them
//
// An unknown flag, a bad value or an unknown part exits with status 2 and
// the usage; an -out that cannot be written exits with status 1 before any
// measurement. Ctrl-C (or SIGTERM) stops the run after the measurement in
// progress, with status 130, and writes no more files; every file is
// written to a temporary name and renamed when complete, so none is ever
// left half-written.
//
// # Progress
//
// When standard error is a terminal, a line per part shows a bar, the
// fraction done and an estimate of the time left. Otherwise nothing is
// written there (except errors), so go run ./cmd/bench > report.txt holds
// the report alone.
//
// # results.txt
//
// The measurements in the Go benchmark format, written with
// golang.org/x/perf/benchfmt, so that benchstat reads them. The
// configuration lines are goos, goarch, cpu, isa (the tier in use), gomaxprocs
// (the threads of the lines that follow), go, simdgrad (the module version
// from the build information) and, where the build recorded one, commit.
// Names are those of the kernels package's benchmarks (internal/benchcases),
// starting with the keys impl and isa on every line: a peer runs under the
// tier in use and carries its name, so that
//
//	benchstat -col /impl out/results.txt   # simdgrad against gonum (and OpenBLAS, copy), row by row
//	benchstat -col /isa out/results.txt    # simdgrad's tiers
//
// give "vs base" columns. The number of threads is the -N suffix of the
// name. Kernel lines report ns/op, MB/s (bytes read and written), GFLOP/s
// and %peak (GEMM), ns/elem (ReLU, softmax), B/op and allocs/op; the
// experiments' lines, Factorise/… and MLP/…, count epochs and report
// ns/epoch, loss and the accuracies (train-acc, valid-acc), the latter
// marked as exact values.
//
// # results.json
//
// The whole report as one JSON object, the same that -json prints. Its
// layout is stable: fields may be added, but a field changes meaning or
// goes only with a new "schema" value. Numbers are plain JSON numbers:
// times in nanoseconds, rates in the unit named beside them, sizes in
// bytes.
//
//	schema       "simdgrad-bench/1"
//	started      start time, RFC 3339, UTC
//	machine      cpu, vendor, family, model, logical_cpus, physical_cores, threads_per_core (as cpuid reports them),
//	             features (the vector ones), cache {l1d, l1i, l2, l3 (bytes), l1d_ways, l2_ways, l3_ways; 0 if
//	             unknown}, blocking (the GEMM cache blocking per element type: dtype, mr, nr, kc, mc, nc, source
//	             "model" or "default"), goos, goarch, go, gomaxprocs, isa (the tier in use), isas (all
//	             available), peers, version, commit (if known)
//	settings     parts, quick, threads (of GEMM), count, benchtime, seed, out
//	peaks        one per thread count: threads, known, loop (the instructions), f32_gflops, f64_gflops
//	kernels      one per case, implementation and thread count: name (as in results.txt, without "Benchmark"),
//	             kernel (Gemm, GemmTiny, ReLU, Softmax), impl, isa, dtype (f32, f64), threads,
//	             shape {m, n, k, trans} (GEMM), n (ReLU), rows and cols (softmax),
//	             flops and bytes per call, runs: [{iters, values: [{value, unit}]}], one per round,
//	             with the units of results.txt
//	factorise    data, rows, cols, rank, singular_values, svd_loss, svd_mean (the SVD optimum, sum and mean),
//	             runs: [{dtype, reduction, epochs, seed, gd_loss, svd_loss, gd_mean, svd_mean, rel_gap,
//	             max_angle (radians, between span Û and span U₂), ns_per_epoch}],
//	             divergence (the uncentred run's error), curves: [{name, y}] (loss per epoch, plotted)
//	mlp          iris: [runs], iris_means: [{variant, lr, valid_accuracy}], digits {run, classes,
//	             confusion (rows: true class, columns: predicted)}, curves: [{name, y}]; a run is
//	             {dtype, variant, hidden, lr, epochs, seed, loss, train_accuracy, valid_accuracy, ns_per_epoch}
//	files        the files written
//
// A part that did not run has null (factorise, mlp) or empty (peaks,
// kernels) fields.
//
// # Plots
//
// gemm.png: GFLOP/s against n per implementation and thread count, float32
// and float64 side by side, the FMA peaks as grey lines.
// factorise_loss.png: the GD loss curves of both reductions against the SVD
// optimum. factorise_projection.png: the centred Iris data on the two
// leading principal directions beside the rows of the GD factor Û, coloured
// by class. mlp_loss.png, mlp_accuracy.png: the Iris MLP's curves, both
// variants.
package main
