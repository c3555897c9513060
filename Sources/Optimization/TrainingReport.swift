import Autodiff

/// One row of the loss history: the loss and its terms at the parameters a step started
/// from, the reference error there when it was evaluated, and the wall time after the step.
public struct TrainingRecord<Scalar: TensorScalar>: Sendable, Equatable {
    /// The global step number (0-based, counting all phases).
    public var step: Int
    /// The total weighted loss.
    public var loss: Scalar
    /// The unweighted term values, in the order of `TrainingReport.termNames`.
    public var terms: [Scalar]
    /// The relative L2 error against the reference, on steps where it was evaluated.
    public var error: Scalar?
    /// Seconds of training so far (across resumptions).
    public var wallTime: Double

    public init(step: Int, loss: Scalar, terms: [Scalar], error: Scalar?, wallTime: Double) {
        self.step = step; self.loss = loss; self.terms = terms; self.error = error; self.wallTime = wallTime
    }
}

/// How a training run ended. Failure cases carry the message and the fix.
public enum TrainingStatus: Sendable, Equatable, CustomStringConvertible {
    /// Every phase ran to its step count (or its optimiser converged).
    case completed
    case reachedTargetLoss(Double)
    case reachedTargetError(Double)
    case timeBudgetExhausted(seconds: Double)
    /// Stopped by SIGINT/SIGTERM or a raised `InterruptFlag`; `checkpoint` is the file
    /// written (nil when no checkpoint path was set).
    case interrupted(checkpoint: String?)
    /// The run could not go on (a NaN or infinite loss, a checkpoint that could not be
    /// written); the parameters are the last good ones.
    case failed(message: String, fix: String)

    /// True unless the run failed.
    public var isSuccess: Bool { if case .failed = self { return false } else { return true } }

    public var description: String {
        switch self {
        case .completed: return "completed"
        case .reachedTargetLoss(let v): return "reached the target loss \(v)"
        case .reachedTargetError(let v): return "reached the target error \(v)"
        case .timeBudgetExhausted(let s): return "stopped at the time budget of \(s) s"
        case .interrupted(let path): return "interrupted" + (path.map { "; checkpoint written to \($0)" } ?? "")
        case .failed(let message, let fix): return "\(message); \(fix)"
        }
    }
}

/// What `Trainer.run` returns.
public struct TrainingReport<Scalar: TensorScalar>: Sendable {
    public var status: TrainingStatus
    public var termNames: [String]
    public var history: [TrainingRecord<Scalar>]
    /// Global steps completed.
    public var steps: Int
    /// Objective evaluations in this session (line searches use several per step).
    public var evaluations: Int
    /// Seconds of training (across resumptions).
    public var elapsed: Double
    /// The loss at the final parameters (nil if the loss was not finite there).
    public var finalLoss: Scalar?
    /// The unweighted terms of that same evaluation, in `termNames` order (nil with `finalLoss`).
    public var finalTerms: [Scalar]?
    /// The reference error at the final parameters, when an evaluation closure was given.
    public var finalError: Scalar?
    /// The loss weights at the end.
    public var weights: [NamedValue<Scalar>]
}
