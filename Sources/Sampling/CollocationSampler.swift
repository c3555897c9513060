import Autodiff

/// The adaptive rule of a run (the setting `adaptive`): none, residual-based adaptive
/// refinement (RAR) or residual-based adaptive distribution (RAD).
public enum AdaptiveMethod: String, Codable, Sendable, CaseIterable {
    case none, rar, rad
}

/// How a run draws its interior points each time it resamples: a base draw (a sampler on the
/// problem's domain, or the problem's own draw), optionally adapted to the network's residual
/// at a pool of candidates drawn the same way.
///
/// - RAD: the batch is n of the candidates, drawn without replacement with density
///   |r|^k / mean |r|^k + c (`ResidualAdaptiveDistribution`).
/// - RAR: the batch is a fresh base draw plus every point added so far; each round adds the
///   `count` candidates of largest |r| (`ResidualAdaptiveRefinement`), so it grows by `count`
///   per resampling and keeps returning to where the residual was large.
///
/// The rule applies from the first draw on (with the untrained network's residual), so that
/// every draw takes the same numbers from the stream whatever the residual: a draw can be
/// replayed from the stream state before it (resuming a checkpoint).
public struct CollocationSampler<S: TensorScalar> {
    public enum Rule: Sendable {
        case none
        case refinement(ResidualAdaptiveRefinement)
        case distribution(ResidualAdaptiveDistribution)
    }

    /// The base draw: n points from the stream, `[n, d]`.
    public let draw: (Int, inout RandomStream) throws -> Tensor<S>
    public let rule: Rule
    /// RAR's points added so far (nil before the first round and for the other rules).
    public private(set) var added: Tensor<S>? = nil

    public init(rule: Rule = .none, draw: @escaping (Int, inout RandomStream) throws -> Tensor<S>) {
        self.rule = rule
        self.draw = draw
    }

    /// The next batch of interior points: n of them (RAD, none), or n plus the points added so
    /// far (RAR). `residual` maps candidates `[m, d]` to `[m]`, `[m, 1]` or `[m, c]`; it is
    /// called only by the adaptive rules, once per draw, on the whole pool.
    public mutating func next(_ n: Int, residual: (Tensor<S>) throws -> Tensor<S>,
                              using rng: inout RandomStream) throws -> Tensor<S> {
        switch rule {
        case .none:
            return try draw(n, &rng)
        case .distribution(let rad):
            let pool = try draw(rad.candidatePool, &rng)
            return try rad.resample(n, from: pool, residual: residual, using: &rng)
        case .refinement(let rar):
            let base = try draw(n, &rng)
            let pool = try draw(rar.candidatePool, &rng)
            let worst = try rar.select(from: pool, residual: residual)
            let all = added.map { Tensor.concatenatingRows([$0, worst]) } ?? worst
            added = all
            return Tensor.concatenatingRows([base, all])
        }
    }
}
