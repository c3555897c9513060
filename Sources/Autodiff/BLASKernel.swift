import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Making OpenBLAS use the processor's vector units.
///
/// OpenBLAS picks its kernels when the library loads, from the processor model. Builds
/// older than the processor (Debian 12 ships 0.3.21) do not know recent models and fall
/// back to the SSE3 "Prescott" kernels, several times slower than the AVX-512 or AVX2 ones
/// the processor runs. The variable OPENBLAS_CORETYPE chooses the kernels instead, but only
/// before the library loads, so an executable that finds the fallback re-executes itself
/// once with the variable set to what the processor's flags support (SkylakeX for
/// AVX-512 F/BW/DQ/VL, Haswell for AVX2 + FMA).
///
/// The same re-execution sets OPENBLAS_THREAD_TIMEOUT (`threadTimeout`). A value already in
/// the environment is always respected, and PINN_BLAS_REEXEC=0 disables the re-execution.
/// Docs/design.md explains the choice.
public enum BLASKernel {
    /// The kernel family OpenBLAS is using ("SkylakeX", "Haswell", "Prescott", ...).
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// The OPENBLAS_CORETYPE value the processor supports, from /proc/cpuinfo.
    public static func supportedCoreType() -> String? {
        guard let text = readText("/proc/cpuinfo"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
        return nil
    }

    /// Called first thing by the executables: re-executes the process once, with
    /// OPENBLAS_CORETYPE set when OpenBLAS fell back to generic kernels on a processor that
    /// has better ones, and OPENBLAS_THREAD_TIMEOUT set to `threadTimeout` when unset.
    /// Returns normally when nothing needs doing.
    public static func ensureOptimizedKernels() {
        guard getenvString("PINN_BLAS_REEXEC") != "0" else { return }
        var set: [String] = []
        if getenv("OPENBLAS_CORETYPE") == nil,
           ["Prescott", "Core2", "Nehalem", "Katmai", "Northwood", "Banias"].contains(coreName),
           let core = supportedCoreType() {
            setenv("OPENBLAS_CORETYPE", core, 1); set.append("OPENBLAS_CORETYPE")
        }
        if getenv("OPENBLAS_THREAD_TIMEOUT") == nil {
            setenv("OPENBLAS_THREAD_TIMEOUT", threadTimeout, 1); set.append("OPENBLAS_THREAD_TIMEOUT")
        }
        guard !set.isEmpty else { return }
        var args = CommandLine.arguments.map { strdup($0) }
        args.append(nil)
        execv("/proc/self/exe", &args)
        // execv returns only on failure: carry on as loaded.
        for name in set { unsetenv(name) }
    }

    /// How long OpenBLAS's idle worker threads spin (sched_yield) before sleeping, as
    /// OpenBLAS reads it: 2^n cycles, n = 4 ... 30, default 28 (about 0.1 s). Between two
    /// matrix products a training step runs its own loops on the same cores, and workers
    /// spinning for 2^28 cycles take the cores from them: at n = 10 the ball step at
    /// d = 10^5 ran 5.3 -> 6.4-6.8 steps/s and the heat step at d = 100 10.5 -> 12.1
    /// (Docs/benchmarks.md).
    public static let threadTimeout = "10"

    static func readText(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
