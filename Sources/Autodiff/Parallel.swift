import CBLAS
import Dispatch
import Synchronization

/// How many threads the library uses: OpenBLAS's GEMM threads and the chunks that large
/// elementwise loops are split into.
///
/// The default is every core (`PINN_THREADS` in the environment overrides it). Results do
/// not depend on the setting: elementwise loops write disjoint elements, and reductions
/// add fixed-size blocks in a fixed order (see `Tensor+Reductions.swift`). OpenBLAS's own
/// GEMM may split sums differently with a different thread count, so bit-identical
/// results need the same thread count, as documented in Docs/design.md.
public enum Parallel {
    private static let storedThreads = Atomic<Int>(0)

    /// A thread count for the library's own loops in the current task only (0: none), set by
    /// `withThreadCount`.
    @TaskLocal static var scopedThreads = 0

    /// The number of threads in use: the innermost `withThreadCount` of the current task, or
    /// the process-wide setting.
    public static var threads: Int {
        let scoped = scopedThreads
        if scoped > 0 { return scoped }
        let t = storedThreads.load(ordering: .relaxed)
        if t > 0 { return t }
        let initial = defaultThreads
        setThreads(initial)
        return initial
    }

    /// Sets the thread count for OpenBLAS and elementwise loops (at least 1).
    public static func setThreads(_ n: Int) {
        require(n >= 1, "Parallel.setThreads: thread count must be at least 1, got \(n)")
        storedThreads.store(n, ordering: .relaxed)
        openblas_set_num_threads(Int32(n))
    }

    /// Runs `body` with the library's elementwise loops and reductions (`forEachChunk`) split
    /// for `n` threads, in the current task only: concurrent tasks and the process-wide
    /// setting are unaffected, so tests running in parallel can compare thread counts without
    /// changing each other's. OpenBLAS's GEMM thread count is process-wide and stays as
    /// `setThreads` left it.
    public static func withThreadCount<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
        require(n >= 1, "Parallel.withThreadCount: thread count must be at least 1, got \(n)")
        return try $scopedThreads.withValue(n) { try body() }
    }

    static var defaultThreads: Int {
        if let s = getenvString("PINN_THREADS"), let n = Int(s), n >= 1 { return n }
        return max(1, Int(openblas_get_num_procs()))
    }

    /// Runs `body` over `0..<n` split into contiguous chunks, in parallel when `n` is at
    /// least `2 * minChunk` and more than one thread is configured. Chunks are disjoint,
    /// so a body that writes element `i` only from range `i` gives the same result for any
    /// thread count.
    @inlinable
    public static func forEachChunk(_ n: Int, minChunk: Int, _ body: (Range<Int>) -> Void) {
        let t = threads
        if t <= 1 || n < 2 * minChunk {
            if n > 0 { body(0..<n) }
            return
        }
        let chunks = min(t, n / minChunk)
        let size = (n + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size, hi = min(n, lo + size)
                if lo < hi { box.value(lo..<hi) }
            }
        }
    }
}

/// Carries a value into a concurrent closure. Used only where the chunks touch disjoint
/// memory, which is what makes sharing safe.
@usableFromInline
struct UncheckedSendableBox<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
