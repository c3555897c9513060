import Autodiff

/// A learning rate as a function of the step number t = 0, 1, 2, ...
///
/// - `constant(η)`: η.
/// - `step(η, every: k, factor: γ)`: η γ^floor(t / k).
/// - `exponential(η, decayRate: γ, decaySteps: k)`: η γ^(t / k) (continuous).
/// - `cosine(η, totalSteps: T, minimum: η_min)`: η_min + (η - η_min)(1 + cos(π min(t, T) / T)) / 2
///   (Loshchilov & Hutter 2017, without restarts).
/// - `linear(from: η0, to: η1, steps: T)`: η0 + (η1 - η0) min(t, T) / T.
/// - `warmup(steps: w, then: s)`: η_s(0) (t + 1) / w for t < w, then s evaluated at t - w
///   (linear warm-up, Goyal et al. 2017).
public indirect enum LearningRateSchedule<Scalar: TensorScalar>: Sendable, Equatable {
    case constant(Scalar)
    case step(Scalar, every: Int, factor: Scalar)
    case exponential(Scalar, decayRate: Scalar, decaySteps: Int)
    case cosine(Scalar, totalSteps: Int, minimum: Scalar)
    case linear(from: Scalar, to: Scalar, steps: Int)
    case warmup(steps: Int, then: LearningRateSchedule<Scalar>)

    /// The learning rate at step `t` (t >= 0).
    public func rate(at t: Int) -> Scalar {
        switch self {
        case .constant(let eta):
            return eta
        case .step(let eta, let every, let factor):
            return eta * Scalar.pow(factor, Scalar(t / Swift.max(every, 1)))
        case .exponential(let eta, let rate, let steps):
            return eta * Scalar.pow(rate, Scalar(t) / Scalar(Swift.max(steps, 1)))
        case .cosine(let eta, let total, let minimum):
            let f = Scalar(Swift.min(t, total)) / Scalar(Swift.max(total, 1))
            return minimum + (eta - minimum) * (1 + Scalar.cos(Scalar.pi * f)) / 2
        case .linear(let a, let b, let steps):
            let f = Scalar(Swift.min(t, steps)) / Scalar(Swift.max(steps, 1))
            return a + (b - a) * f
        case .warmup(let w, let then):
            if t < w { return then.rate(at: 0) * Scalar(t + 1) / Scalar(w) }
            return then.rate(at: t - w)
        }
    }

    /// The rate at step 0 (for messages).
    public var initialRate: Scalar { rate(at: 0) }
}

/// Gradient clipping by global norm (Pascanu, Mikolov & Bengio 2013): when
/// ||g|| = sqrt(sum over all tensors of sum g_i^2) exceeds `maxNorm`, every gradient tensor
/// is scaled by maxNorm / ||g||, so the direction is kept.
public enum GradientClipping {
    /// Clips in place and returns the norm before clipping.
    @discardableResult
    public static func clip<S: TensorScalar>(_ gradient: inout [Tensor<S>], maxNorm: S) -> S {
        require(maxNorm > 0, "GradientClipping.clip: maxNorm must be positive, got \(maxNorm)")
        let n = ParameterAlgebra.norm(gradient)
        if n.isFinite && n > maxNorm {
            let f = maxNorm / n
            for k in gradient.indices {
                gradient[k] = gradient[k].detached
                gradient[k].withUnsafeMutableBufferPointer { g in for i in 0..<g.count { g[i] *= f } }
            }
        }
        return n
    }
}
