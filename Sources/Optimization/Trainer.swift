import Autodiff

/// One phase of a training plan: an optimiser and how many steps it may take (an L-BFGS
/// phase may end earlier when it converges). Example: `[TrainingPhase(Adam(learningRate:
/// 1e-3), steps: 5000), TrainingPhase(LBFGS(), steps: 500)]`.
public struct TrainingPhase<Scalar: TensorScalar>: Sendable {
    public var optimizer: any Optimizer<Scalar>
    public var steps: Int

    public init(_ optimizer: some Optimizer<Scalar>, steps: Int) {
        require(steps >= 0, "TrainingPhase: steps must be non-negative, got \(steps)")
        self.optimizer = optimizer
        self.steps = steps
    }

    public var name: String { optimizer.name }
}

/// Runs a loss to convergence through a list of optimiser phases, and reports honestly.
///
/// Each step: (1) stop if the interrupt flag is raised (checkpoint, `.interrupted`) or the
/// time budget is spent; (2) call the resampling hook on step 0 and every
/// `resampleEvery` steps, and update adaptive loss weights when their rule says so (both
/// tell the optimiser its objective changed); (3) evaluate the reference error every
/// `evaluateEvery` steps; (4) take one optimiser step; (5) record a history row (loss
/// and terms at the step's starting parameters), report progress, check the targets and
/// write a periodic checkpoint.
///
/// The loss closure maps the parameters (tracked leaves owned by the Trainer: build the
/// network from them) to named terms; the Trainer forms L = Σ λ_i L_i and its gradient.
/// It must be deterministic given the parameters; randomness belongs in the resampling
/// hook, which draws from the Trainer's `RandomStream` so that a checkpoint can replay it.
///
/// A NaN or infinite loss stops the run with `.failed`, naming the step and the term and
/// suggesting a fix, with the parameters restored to the last ones whose loss was finite.
public struct Trainer<Scalar: TensorScalar>: Sendable {
    public var phases: [TrainingPhase<Scalar>]
    public var weighting: LossWeighting<Scalar>
    /// Resample every this many steps (0: only at step 0).
    public var resampleEvery: Int = 0
    /// Evaluate the reference error every this many steps (0: only at the end).
    public var evaluateEvery: Int = 0
    /// Stop after this many seconds of training (across resumptions).
    public var timeBudget: Double? = nil
    public var targetLoss: Scalar? = nil
    public var targetError: Scalar? = nil
    /// Stops a run whose loss or error has run away (nil: only NaN and infinity stop it).
    public var divergence: DivergenceRule? = .standard
    /// Where checkpoints go (on interrupt, at the end, and every `checkpointEvery` steps).
    public var checkpointPath: String? = nil
    public var checkpointEvery: Int = 0
    /// Called after each checkpoint is written, with its path and the FNV-1a 64 checksum of
    /// its bytes (`pinn-solve` then writes the settings file that describes it, so the two are
    /// written in that order); an error fails the run like a failed checkpoint write.
    public var checkpointWritten: (@Sendable (_ path: String, _ checksum: UInt64) throws -> Void)? = nil
    public var progress: ProgressMode = .automatic
    /// The flag checked each step (the process flag, which SIGINT/SIGTERM raise once
    /// `InterruptFlag.installSignalHandlers()` ran, unless replaced).
    public var interrupt: InterruptFlag = .process
    /// The random stream handed to the resampling hook.
    public var rng: RandomStream = RandomStream(seed: 0, stream: 7)

    /// Data-parallel hooks (see the Distributed module): combine an evaluation or the
    /// per-term gradients across processes, and agree on a stop flag (true everywhere when
    /// true anywhere), so that every rank takes the same steps and stops at the same one.
    public var reduceEvaluation: (@Sendable (LossEvaluation<Scalar>) -> LossEvaluation<Scalar>)? = nil
    public var reduceTermGradients: (@Sendable ([(name: String, gradient: [Tensor<Scalar>])]) -> [(name: String, gradient: [Tensor<Scalar>])])? = nil
    public var agree: (@Sendable (Bool) -> Bool)? = nil

    public typealias LossFunction = ([Tensor<Scalar>]) -> [LossTerm<Scalar>]

    public init(phases: [TrainingPhase<Scalar>], weighting: LossWeighting<Scalar> = LossWeighting()) {
        self.phases = phases
        self.weighting = weighting
    }

    /// Trains `parameters` in place and returns the report.
    ///
    /// - Parameters:
    ///   - parameters: the tensors to optimise, in a fixed order; on return, the trained
    ///     (or last good) values, as tracked leaves.
    ///   - loss: the named loss terms at the given parameters.
    ///   - resample: draws a fresh batch (collocation points) from the stream.
    ///   - evaluate: the relative L2 error against the reference at the given parameters.
    ///   - observer: called with each history row after its step.
    ///   - checkpoint: a checkpoint to resume from (the same plan, network and hooks).
    /// - Throws: `CheckpointError` when the checkpoint does not fit this run.
    public func run(parameters: inout [Tensor<Scalar>], loss: @escaping LossFunction,
                    resample: ((inout RandomStream) -> Void)? = nil,
                    evaluate: (([Tensor<Scalar>]) -> Scalar)? = nil,
                    observer: ((TrainingRecord<Scalar>) -> Void)? = nil,
                    resumingFrom checkpoint: Checkpoint<Scalar>? = nil) throws -> TrainingReport<Scalar> {
        let session = TrainingSession(trainer: self, parameters: parameters, loss: loss, resample: resample,
                                      evaluate: evaluate, observer: observer)
        if let checkpoint { try session.restore(checkpoint) }
        let report = session.run()
        parameters = session.parameters
        return report
    }
}
