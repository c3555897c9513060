import Autodiff

/// The optimisers a run can name in its phases (`adam:5000,lbfgs:500`). Each kind builds its
/// own optimiser (`make`), so the PINN and Deep BSDE runs, the help text and the phase parser
/// all go through this one list: a new optimiser is a case here, its line in `make`, and its
/// test (Docs/contributing.md).
///
/// The raw values are the names in config files, checkpoints' settings files, result files
/// and summaries: keep them.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// Adam (Kingma & Ba 2015) with the run's learning-rate schedule.
    case adam
    /// AdamW: Adam with decoupled weight decay 0.01 (`Adam.adamW`).
    case adamw
    /// SGD with momentum 0.9.
    case sgd
    /// Limited-memory BFGS with a strong-Wolfe line search (`LBFGS`).
    case lbfgs
    /// Dense BFGS (`BFGS`).
    case bfgs
    /// Dense self-scaled BFGS (`BFGS(rule: .selfScaled)`).
    case ssbfgs
    /// Dense self-scaled Broyden (`BFGS(rule: .selfScaledBroyden)`; Urbán, Stefanou & Pons 2025).
    case ssbroyden

    /// The names, comma-separated, for help texts and messages: "adam, adamw, sgd, ...".
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Whether the kind keeps a dense n x n matrix of the parameter count n (BFGS's memory).
    public var keepsDenseMatrix: Bool { self == .bfgs || self == .ssbfgs || self == .ssbroyden }

    /// The optimiser of this kind. The first-order kinds follow `learningRate`; L-BFGS keeps
    /// `lbfgsHistory` curvature pairs (nil: `LBFGS`'s default, 10).
    public func make<Scalar: TensorScalar>(learningRate: LearningRateSchedule<Scalar>,
                                           lbfgsHistory: Int? = nil) -> any Optimizer<Scalar> {
        switch self {
        case .adam: Adam<Scalar>(learningRate: learningRate)
        case .adamw: Adam<Scalar>.adamW(learningRate: learningRate)
        case .sgd: SGD<Scalar>(learningRate: learningRate, momentum: 0.9)
        case .lbfgs: lbfgsHistory.map { LBFGS<Scalar>(historySize: $0) } ?? LBFGS<Scalar>()
        case .bfgs: BFGS<Scalar>()
        case .ssbfgs: BFGS<Scalar>(rule: .selfScaled)
        case .ssbroyden: BFGS<Scalar>(rule: .selfScaledBroyden)
        }
    }

    /// A training phase of `steps` steps with this kind's optimiser (see `make`).
    public func phase<Scalar: TensorScalar>(steps: Int, learningRate: LearningRateSchedule<Scalar>,
                                            lbfgsHistory: Int? = nil) -> TrainingPhase<Scalar> {
        TrainingPhase(make(learningRate: learningRate, lbfgsHistory: lbfgsHistory), steps: steps)
    }
}

/// The learning-rate schedules a run can name (`--schedule`), each over the steps of one phase
/// from the run's learning rate: one construction (`schedule(rate:steps:)`) for every caller.
/// The raw values are the names in config files, checkpoints' settings files and summaries.
public enum ScheduleKind: String, Codable, Sendable, CaseIterable {
    /// The learning rate throughout.
    case constant
    /// Cosine decay to 1/100 of the rate at the end of the phase.
    case cosine
    /// Exponential decay by 0.1 over the phase.
    case exponential
    /// Linear decay to 0 at the end of the phase.
    case linear

    /// The schedule of this kind from `rate` over a phase of `steps` steps.
    public func schedule<Scalar: TensorScalar>(rate: Scalar, steps: Int) -> LearningRateSchedule<Scalar> {
        switch self {
        case .constant: .constant(rate)
        case .cosine: .cosine(rate, totalSteps: steps, minimum: rate / 100)
        case .exponential: .exponential(rate, decayRate: 0.1, decaySteps: Swift.max(steps, 1))
        case .linear: .linear(from: rate, to: 0, steps: steps)
        }
    }
}
