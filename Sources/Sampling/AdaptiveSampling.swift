import Autodiff
import Foundation

/// Residual-based adaptive refinement, RAR (Lu, Meng, Mao & Karniadakis 2021, DeepXDE):
/// evaluate the residual on a large candidate pool and add the k candidates with the
/// largest |r| to the training points.
///
/// The residual function takes a batch [m, d] and returns [m], [m, 1] or [m, c]; for
/// several components the Euclidean norm of the row is used.
public struct ResidualAdaptiveRefinement: Sendable {
    /// Points added per refinement.
    public let count: Int
    /// Size of the candidate pool drawn from the domain.
    public let candidatePool: Int

    public init(count: Int, candidatePool: Int) throws {
        guard count >= 1 else {
            throw SamplingError.invalidCount(what: "ResidualAdaptiveRefinement count", value: count, expected: "at least 1")
        }
        guard candidatePool >= count else {
            throw SamplingError.invalidCount(what: "ResidualAdaptiveRefinement candidatePool", value: candidatePool,
                                             expected: "at least count = \(count)")
        }
        self.count = count
        self.candidatePool = candidatePool
    }

    /// The `count` rows of `candidates` with the largest |residual|, largest first.
    public func select<S: TensorScalar>(from candidates: Tensor<S>,
                                        residual: (Tensor<S>) throws -> Tensor<S>) throws -> Tensor<S> {
        let r = try residualMagnitudes(residual(candidates), rows: candidates.shape[0])
        let k = Swift.min(count, r.count)
        let order = r.indices.sorted { r[$0] > r[$1] || (r[$0] == r[$1] && $0 < $1) }
        return gatherRows(candidates, Array(order.prefix(k)))
    }

    /// `points` with the `count` worst of `candidatePool` fresh interior points of `domain` appended.
    public func refine<S: TensorScalar>(_ points: Tensor<S>, in domain: some Domain,
                                        residual: (Tensor<S>) throws -> Tensor<S>,
                                        using rng: inout RandomStream) throws -> Tensor<S> {
        let candidates: Tensor<S> = try domain.sampleInterior(candidatePool, using: &rng)
        return Tensor.concatenatingRows([points, try select(from: candidates, residual: residual)])
    }
}

/// Residual-based adaptive distribution, RAD (Wu, Zhu, Tan, Kartha & Lu 2023): resample
/// training points from a candidate pool with probability proportional to
///
///     p(x) = |r(x)|^k / mean(|r|^k) + c,
///
/// without replacement (weighted sampling by the keys u^(1 / p) of Efraimidis & Spirakis
/// 2006, the n largest kept). k = 1, c = 1 are the paper's defaults; c -> infinity is
/// uniform sampling, c = 0 pure residual weighting.
public struct ResidualAdaptiveDistribution: Sendable {
    public let exponent: Double
    public let offset: Double
    public let candidatePool: Int

    public init(exponent: Double = 1, offset: Double = 1, candidatePool: Int) throws {
        guard exponent >= 0 && exponent.isFinite else {
            throw SamplingError.invalidParameter(what: "ResidualAdaptiveDistribution exponent", value: "\(exponent)",
                                                 expected: "a finite exponent k >= 0")
        }
        guard offset >= 0 && offset.isFinite else {
            throw SamplingError.invalidParameter(what: "ResidualAdaptiveDistribution offset", value: "\(offset)",
                                                 expected: "a finite offset c >= 0")
        }
        guard candidatePool >= 1 else {
            throw SamplingError.invalidCount(what: "ResidualAdaptiveDistribution candidatePool", value: candidatePool,
                                             expected: "at least 1")
        }
        self.exponent = exponent
        self.offset = offset
        self.candidatePool = candidatePool
    }

    /// The sampling weights |r|^k / mean(|r|^k) + c of the rows of a residual. The powers are
    /// taken of |r| / max |r| (the ratio is the same), so a large residual or exponent cannot
    /// overflow them.
    public func weights<S: TensorScalar>(residual r: Tensor<S>, rows: Int) throws -> [Double] {
        let a = try residualMagnitudes(r, rows: rows)
        let top = a.max() ?? 0
        let m = a.map { pow(top > 0 ? $0 / top : $0, exponent) }
        let mean = m.reduce(0, +) / Double(Swift.max(m.count, 1))
        if mean == 0 {
            guard offset > 0 else {
                throw SamplingError.invalidResidual("the residual is zero at all \(rows) candidates and the offset c is 0, "
                    + "so the density |r|^k / mean(|r|^k) + c is undefined; use c > 0")
            }
            return [Double](repeating: offset, count: m.count)
        }
        return m.map { $0 / mean + offset }
    }

    /// `n` rows of `candidates` drawn without replacement with probability proportional to
    /// the weights.
    public func resample<S: TensorScalar>(_ n: Int, from candidates: Tensor<S>,
                                          residual: (Tensor<S>) throws -> Tensor<S>,
                                          using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "ResidualAdaptiveDistribution.resample")
        let m = candidates.shape[0]
        guard n <= m else {
            throw SamplingError.invalidCount(what: "ResidualAdaptiveDistribution.resample", value: n,
                                             expected: "at most the \(m) candidates (sampling is without replacement)")
        }
        let w = try weights(residual: residual(candidates), rows: m)
        let u = uniformDoubles(m, using: &rng)
        // log key = log(u) / w; zero weights get -infinity (never chosen before positive ones).
        let keys = (0..<m).map { w[$0] > 0 ? log(Swift.max(u[$0], 0x1p-60)) / w[$0] : -Double.infinity }
        let order = keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        return gatherRows(candidates, Array(order.prefix(n)))
    }

    /// `n` points of `domain` resampled from `candidatePool` fresh uniform candidates.
    public func resample<S: TensorScalar>(_ n: Int, in domain: some Domain,
                                          residual: (Tensor<S>) throws -> Tensor<S>,
                                          using rng: inout RandomStream) throws -> Tensor<S> {
        let candidates: Tensor<S> = try domain.sampleInterior(candidatePool, using: &rng)
        return try resample(n, from: candidates, residual: residual, using: &rng)
    }
}

/// |r| per row: the absolute value for one column, the Euclidean norm for several.
/// Throws on a non-finite residual, naming the row.
func residualMagnitudes<S: TensorScalar>(_ r: Tensor<S>, rows m: Int) throws -> [Double] {
    guard r.count > 0 || m == 0, r.count % Swift.max(m, 1) == 0, r.shape.first == m || r.rank == 0 && m == 1 else {
        throw SamplingError.invalidResidual("the residual has shape \(r.shape) for \(m) points; expected [\(m)], [\(m), 1] or [\(m), c]")
    }
    let c = m == 0 ? 1 : r.count / m
    let v = doubles(r)
    var out = [Double](repeating: 0, count: m)
    for i in 0..<m {
        var s = 0.0
        for j in 0..<c { s += v[i * c + j] * v[i * c + j] }
        guard s.isFinite else {
            throw SamplingError.invalidResidual("the residual at candidate \(i) is \(v[(i * c)..<(i * c + c)]); expected finite values (check the network for NaN)")
        }
        out[i] = s.squareRoot()
    }
    return out
}
