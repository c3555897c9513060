import Autodiff
import Foundation

/// A Monte Carlo estimate: the sample mean and its standard error s / sqrt(M).
public struct MonteCarloEstimate: Sendable, CustomStringConvertible {
    public var mean: Double
    public var standardError: Double
    public var samples: Int
    public init(mean: Double, standardError: Double, samples: Int) {
        self.mean = mean; self.standardError = standardError; self.samples = samples
    }
    public var description: String { String(format: "%.6f +- %.2e (%d samples)", mean, standardError, samples) }

    /// The estimate of h(E[Y]) for a smooth h, with the delta-method standard error
    /// |h'(mean)| SE (e.g. -ln E[exp(-g)] for Cole-Hopf references).
    public func transformed(_ h: (Double) -> Double, derivative dh: (Double) -> Double) -> MonteCarloEstimate {
        MonteCarloEstimate(mean: h(mean), standardError: Swift.abs(dh(mean)) * standardError, samples: samples)
    }
}

/// Plain Monte Carlo means, reproducible whatever the thread count: sample j of M comes
/// from block j / 4096 with its own substream of the seed stream.
public enum MonteCarlo {
    static let block = 4096

    /// E[Y] from `samples` draws of `draw(&rng)`; the draws run in parallel over blocks.
    public static func mean(samples M: Int, seed: UInt64, stream: UInt64 = 0,
                            _ draw: @Sendable (inout RandomStream) -> Double) -> MonteCarloEstimate {
        require(M >= 2, "MonteCarlo.mean: needs at least 2 samples, got \(M)")
        let blocks = (M + block - 1) / block
        var sums = [Double](repeating: 0, count: 2 * blocks)
        sums.withUnsafeMutableBufferPointer { out in
            let o = out
            Parallel.forEachChunk(blocks, minChunk: 1) { range in
                for b in range {
                    var rng = RandomStream(seed: seed, stream: stream).substream(UInt64(b))
                    var s = 0.0, s2 = 0.0
                    for _ in (b * block)..<Swift.min(M, (b + 1) * block) {
                        let y = draw(&rng); s += y; s2 += y * y
                    }
                    o[2 * b] = s; o[2 * b + 1] = s2
                }
            }
        }
        var s = 0.0, s2 = 0.0
        for b in 0..<blocks { s += sums[2 * b]; s2 += sums[2 * b + 1] }
        let m = s / Double(M)
        let variance = Swift.max(0, (s2 - Double(M) * m * m) / Double(M - 1))
        return MonteCarloEstimate(mean: m, standardError: (variance / Double(M)).squareRoot(), samples: M)
    }
}
