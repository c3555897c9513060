/// Timing for the benchmarks: warm-up, repeated samples, median and minimum.
///
/// Each sample times `inner` back-to-back calls of the body and divides by `inner`; `inner`
/// is chosen during warm-up so that a sample lasts at least `minSampleSeconds` (timer
/// resolution and scheduling noise then matter little). Report medians on a shared,
/// noisy machine; compare two variants with `compare`, which interleaves their samples so
/// that a burst of background load hits both alike.

/// The per-call times of one benchmark, in seconds.
struct Timing {
    let name: String
    let samples: [Double]

    var median: Double {
        let s = samples.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    var min: Double { samples.min() ?? .nan }
    var milliseconds: Double { median * 1e3 }

    /// `flops / median` in GFLOP/s.
    func gflops(_ flops: Double) -> Double { flops / median / 1e9 }
}

#if canImport(Glibc)
import Glibc
#endif

/// What `seconds` measures: wall-clock time (the default), or, with PINN_BENCH_CLOCK=cpu,
/// the CPU time of the whole process (all threads). On a shared machine the CPU time of a
/// single-threaded run (PINN_THREADS=1) is close to its wall time on an idle machine,
/// because time spent waiting for a core is not counted.
enum BenchClock: String {
    case wall, cpu

    static let current: BenchClock = {
        guard let p = getenv("PINN_BENCH_CLOCK") else { return .wall }
        return BenchClock(rawValue: String(cString: p)) ?? .wall
    }()

    func now() -> Double {
        var ts = timespec()
        clock_gettime(self == .cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// Seconds taken by `body`, on `BenchClock.current`.
@inline(never)
func seconds(_ body: () -> Void) -> Double {
    let clock = BenchClock.current
    let start = clock.now()
    body()
    return clock.now() - start
}

/// The shortest of `repeats` single runs of `body`, in seconds (on `BenchClock.current`), for
/// bodies long enough (milliseconds and up) that one run is a sample.
func bestSeconds(repeats: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats { best = Swift.min(best, seconds(body)) }
    return best
}

/// Calls of `body` per sample so that a sample lasts at least `minSampleSeconds`.
private func calibrate(minSampleSeconds: Double, warmup: Int, _ body: () -> Void) -> Int {
    var one = Double.infinity
    for _ in 0..<Swift.max(warmup, 1) { one = Swift.min(one, seconds(body)) }
    return Swift.max(1, Int((minSampleSeconds / Swift.max(one, 1e-9)).rounded(.up)))
}

/// Times `body`: `warmup` untimed calls, then `repeats` samples.
func measure(_ name: String, warmup: Int = 3, repeats: Int = 15, minSampleSeconds: Double = 0.02,
             _ body: () -> Void) -> Timing {
    let inner = calibrate(minSampleSeconds: minSampleSeconds, warmup: warmup, body)
    let samples = (0..<repeats).map { _ in
        seconds { for _ in 0..<inner { body() } } / Double(inner)
    }
    return Timing(name: name, samples: samples)
}

/// Times two variants with interleaved samples (a, b, a, b, ...), for a ratio that
/// background load affects as little as possible.
func compare(_ nameA: String, _ a: () -> Void, _ nameB: String, _ b: () -> Void,
             warmup: Int = 3, repeats: Int = 15, minSampleSeconds: Double = 0.02) -> (Timing, Timing) {
    let innerA = calibrate(minSampleSeconds: minSampleSeconds, warmup: warmup, a)
    let innerB = calibrate(minSampleSeconds: minSampleSeconds, warmup: warmup, b)
    var sa: [Double] = [], sb: [Double] = []
    for _ in 0..<repeats {
        sa.append(seconds { for _ in 0..<innerA { a() } } / Double(innerA))
        sb.append(seconds { for _ in 0..<innerB { b() } } / Double(innerB))
    }
    return (Timing(name: nameA, samples: sa), Timing(name: nameB, samples: sb))
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

// MARK: Output

/// A fixed-width table row: the first column left-aligned, the others right-aligned.
func row(_ cells: [String], widths: [Int]) -> String {
    zip(cells, widths).enumerated().map { i, cw in
        let (cell, w) = cw
        let pad = String(repeating: " ", count: Swift.max(0, w - cell.count))
        return i == 0 ? cell + pad : pad + cell
    }.joined(separator: "  ")
}

/// `value` with `digits` digits after the point.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (Swift.abs(value) * scale).rounded()
    let whole = Int(r / scale), frac = Int(r.truncatingRemainder(dividingBy: scale))
    let sign = value < 0 && r != 0 ? "-" : ""
    if digits == 0 { return sign + "\(whole)" }
    let f = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}

func section(_ title: String) {
    print("\n## \(title)\n")
}
