import Autodiff

/// The weights λ_i of a loss L = Σ_i λ_i L_i, fixed or adapted during training.
///
/// Adaptive rules (updated every `every` steps, before the step, from the per-term
/// gradients ∇_θ L_i at the current parameters; the new weight is a moving average
/// λ_i ← (1 − α) λ_i + α λ̂_i):
///
/// - `.learningRateAnnealing`: Wang, Teng & Perdikaris (2021), "Understanding and
///   mitigating gradient flow pathologies in physics-informed neural networks", SIAM J.
///   Sci. Comput. 43(5), Algorithm 1: λ̂_i = max_θ |∇_θ L_ref| / mean_θ |∇_θ L_i| for every
///   term i other than the reference term (the residual), whose weight stays fixed.
/// - `.gradientNormBalancing`: the norm form of Wang, Wang & Perdikaris (2023, "An expert's
///   guide to training PINNs"): λ̂_i = (Σ_j ||∇_θ L_j||) / ||∇_θ L_i||, so every weighted
///   term has the same gradient norm.
///
/// A term whose gradient is zero (or not finite) keeps its weight. Terms without an
/// explicit weight start at 1.
public struct LossWeighting<Scalar: TensorScalar>: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        case fixed
        case learningRateAnnealing(reference: String, alpha: Scalar, every: Int)
        case gradientNormBalancing(alpha: Scalar, every: Int)
    }

    public var rule: Rule
    /// Current weights by term name.
    public private(set) var weights: [String: Scalar]

    public init(_ rule: Rule = .fixed, initial: [String: Scalar] = [:]) {
        switch rule {
        case .fixed: break
        case .learningRateAnnealing(_, let alpha, let every), .gradientNormBalancing(let alpha, let every):
            require(alpha > 0 && alpha <= 1, "LossWeighting: alpha must be in (0, 1], got \(alpha)")
            require(every >= 1, "LossWeighting: update interval must be at least 1, got \(every)")
        }
        self.rule = rule
        self.weights = initial
    }

    /// The weight of a term (1 unless set).
    public func weight(_ name: String) -> Scalar { weights[name] ?? 1 }

    /// Sets weights (e.g. from a checkpoint).
    public mutating func set(_ values: [NamedValue<Scalar>]) {
        for v in values { weights[v.name] = v.value }
    }

    /// The weights of the named terms, in order.
    public func values(for names: [String]) -> [NamedValue<Scalar>] { names.map { NamedValue($0, weight($0)) } }

    /// True when the rule wants an update before step `step` (never at step 0 for fixed).
    public func needsUpdate(at step: Int) -> Bool {
        switch rule {
        case .fixed: return false
        case .learningRateAnnealing(_, _, let every), .gradientNormBalancing(_, let every): return step % every == 0
        }
    }

    /// Updates the weights from per-term gradients (term name → gradient list).
    public mutating func update(termGradients: [(name: String, gradient: [Tensor<Scalar>])]) {
        switch rule {
        case .fixed:
            return
        case .learningRateAnnealing(let reference, let alpha, _):
            guard let ref = termGradients.first(where: { $0.name == reference }) else {
                fatalError("LossWeighting: reference term '\(reference)' is not among the terms \(termGradients.map(\.name))")
            }
            let top = ParameterAlgebra.maxAbs(ref.gradient)
            for (name, g) in termGradients where name != reference {
                let mean = ParameterAlgebra.meanAbs(g)
                let target = top / mean
                if mean > 0, target.isFinite { weights[name] = (1 - alpha) * weight(name) + alpha * target }
            }
        case .gradientNormBalancing(let alpha, _):
            let norms = termGradients.map { ParameterAlgebra.norm($0.gradient) }
            let total = norms.reduce(0, +)
            for (k, (name, _)) in termGradients.enumerated() {
                let target = total / norms[k]
                if norms[k] > 0, target.isFinite { weights[name] = (1 - alpha) * weight(name) + alpha * target }
            }
        }
    }
}
