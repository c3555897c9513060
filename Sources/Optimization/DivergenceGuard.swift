import Autodiff

/// When a run has diverged without a NaN: the loss has run away from its best value, or the
/// error against the reference has grown far beyond the untrained one. Both rules compare
/// with the run's own history, so they are blind to the loss's scale:
///
/// - loss: above `lossFactor` (10^4) times the best loss so far **and** above `firstFactor`
///   (100) times the first loss of the run (late-training noise after a resampling can be
///   10^4 times a tiny best loss, but never 100 times the untrained one);
/// - error: above `errorFactor` (100) times the first evaluated error (the untrained network's).
///
/// The session then stops with `.failed`, restores the parameters of the best loss and names
/// the setting to change (Docs/cli.md lists the thresholds).
public struct DivergenceRule: Sendable, Equatable {
    public var lossFactor: Double
    public var firstFactor: Double
    public var errorFactor: Double
    public init(lossFactor: Double = 1e4, firstFactor: Double = 100, errorFactor: Double = 100) {
        self.lossFactor = lossFactor; self.firstFactor = firstFactor; self.errorFactor = errorFactor
    }
    public static let standard = DivergenceRule()
}

/// The running record `DivergenceRule` needs: the first and best losses, the best parameters,
/// the first error.
struct DivergenceWatch<Scalar: TensorScalar> {
    let rule: DivergenceRule
    var first: Double? = nil
    var best = Double.infinity
    var bestStep = 0
    var bestParameters: [Tensor<Scalar>]? = nil
    var firstError: Double? = nil

    init(rule: DivergenceRule, history: [TrainingRecord<Scalar>]) {
        self.rule = rule
        for r in history {
            let loss = Double(r.loss)
            if first == nil, loss.isFinite { first = loss }
            if loss < best { best = loss; bestStep = r.step }
            if firstError == nil, let e = r.error.map(Double.init), e.isFinite { firstError = e }
        }
    }

    /// Records the loss at `parameters` (step `step`); a message when it has run away.
    mutating func observe(loss: Scalar, error: Scalar?, step: Int, parameters: [Tensor<Scalar>]) -> String? {
        let l = Double(loss)
        if first == nil { first = l }
        if l < best { best = l; bestStep = step; bestParameters = parameters }
        if let e = error.map(Double.init), e.isFinite {
            if let e0 = firstError, e0 > 0, e > rule.errorFactor * e0 {
                return String(format: "the error against the reference grew to %.3e at step %d, over %g times the untrained %.3e", e, step + 1, rule.errorFactor, e0)
            }
            if firstError == nil { firstError = e }
        }
        if let f = first, f > 0, best > 0, l > rule.lossFactor * best, l > rule.firstFactor * f {
            return String(format: "the loss diverged: %.3e at step %d is over %g times the best %.3e (step %d) and %g times the first %.3e",
                          l, step + 1, rule.lossFactor, best, bestStep + 1, rule.firstFactor, f)
        }
        return nil
    }
}
