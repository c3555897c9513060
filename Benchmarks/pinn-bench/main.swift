import PINN

#if canImport(Glibc)
import Glibc
#endif

/// pinn-bench: performance figures of the library, recorded in Docs/benchmarks.md.
///
///     swift build -c release --product pinn-bench
///     .build/release/pinn-bench              # every group
///     .build/release/pinn-bench gemm mlp     # only the named groups
///     .build/release/pinn-bench --list
///     .build/release/pinn-bench plot-examples --output DIR   # groups that write files take --output
///
/// A group is a function that prints its own section. Registering one is one line in
/// `benchmarkGroups`; `Timing.swift` has the timing utility (warm-up, repeats, median, min).
let benchmarkGroups: [(name: String, summary: String, run: () -> Void)] = [
    ("gemm", "GEMM through Tensor.matmul versus raw cblas_?gemm, sizes 64-1024", runGEMMBenchmarks),
    ("mlp", "forward+backward of a 2-128x4-1 tanh MLP at batch 1024, against GEMM peak", runMLPBenchmarks),
    ("mlp-profile", "20 untimed MLP steps per precision, for profilers (not run by default)", runMLPProfileSteps),
    ("spectral", "Burgers 4096 modes to t = 1; 2-D Navier-Stokes 256^2, 1,000 steps", runSpectralBenchmarks),
    ("netcdf", "write and read a 512 x 512 x 100 Double variable, against raw C", runNetCDFBenchmarks),
    ("sampling", "10^6 points in a 100-dimensional box: pseudo-random and Sobol", runSamplingBenchmarks),
    ("step-floor", "the 9 GEMMs of one Taylor heat or ball step through raw cblas: a floor on its time", runStepFloorBenchmarks),
    ("extreme", "Gaussian fill, ball points and two-body source term at d = 1e4 ... 1e6", runExtremeBenchmarks),
    ("optimization", "1-D Poisson PINN (Adam then L-BFGS); L-BFGS / BFGS cost per step; checkpoint write/read", runOptimizationBenchmarks),
    ("walkthrough", "Docs/defining-a-problem.md's problem with its defaults, 2000 steps (minutes; not run by default)", runWalkthroughDefaults),
    ("plot-examples", "write the synthetic result files and pictures of Docs/plots.md into --output DIR (not run by default)", runPlotExamples),
]

BLASKernel.ensureOptimizedKernels()
var arguments = Array(CommandLine.arguments.dropFirst())
// `--output DIR` is for the groups that write files (`benchOutputDirectory()`), not a group name.
if let i = arguments.firstIndex(of: "--output") {
    guard i + 1 < arguments.count else { FileHandleStderr.write("pinn-bench: --output needs a directory\n"); exit(64) }
    arguments.removeSubrange(i...(i + 1))
}
if arguments.contains("--list") || arguments.contains("--help") || arguments.contains("-h") {
    print("usage: pinn-bench [GROUP ...] [--output DIR]   (no group: all but mlp-profile, walkthrough, plot-examples)\n\ngroups:")
    for g in benchmarkGroups { print("  \(g.name.padding(14))\(g.summary)") }
    exit(0)
}
let known = Set(benchmarkGroups.map(\.name))
for a in arguments where !known.contains(a) {
    let choices = benchmarkGroups.map(\.name).joined(separator: ", ")
    FileHandleStderr.write("pinn-bench: unknown group '\(a)'; choose from: \(choices)\n")
    exit(64)
}

print("# pinn-bench")
print("threads: \(Parallel.threads) (OpenBLAS and elementwise loops; PINN_THREADS overrides)")
print("clock: \(BenchClock.current == .cpu ? "process CPU time" : "wall time") (PINN_BENCH_CLOCK=wall|cpu)")
/// Groups that only make sense when asked for by name.
let onRequestOnly: Set<String> = ["mlp-profile", "walkthrough", "plot-examples"]
for g in benchmarkGroups where arguments.contains(g.name) || (arguments.isEmpty && !onRequestOnly.contains(g.name)) {
    g.run()
}

enum FileHandleStderr {
    static func write(_ s: String) { _ = s.withCString { Glibc.write(2, $0, strlen($0)) } }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(1, width - count)) }
}

func getenvInt(_ name: String) -> Int? {
    guard let p = getenv(name) else { return nil }
    return Int(String(cString: p))
}
