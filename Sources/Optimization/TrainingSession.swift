import Autodiff

/// The mutable state of one `Trainer.run` call.
final class TrainingSession<Scalar: TensorScalar> {
    let trainer: Trainer<Scalar>
    let loss: Trainer<Scalar>.LossFunction
    let resample: ((inout RandomStream) -> Void)?
    let evaluate: (([Tensor<Scalar>]) -> Scalar)?
    let observer: ((TrainingRecord<Scalar>) -> Void)?
    let progress: ProgressReporter
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    var parameters: [Tensor<Scalar>]
    var lastGood: [Tensor<Scalar>]? = nil
    var weighting: LossWeighting<Scalar>
    var rng: RandomStream
    var rngBeforeResample: RandomStream? = nil
    var termNames: [String] = []
    var history: [TrainingRecord<Scalar>] = []
    var step = 0, phaseIndex = 0, phaseStep = 0, sessionSteps = 0, evaluations = 0
    var elapsedBefore = 0.0
    var restoredState: OptimizerStateRecord<Scalar>? = nil
    var divergence: DivergenceWatch<Scalar>?

    init(trainer: Trainer<Scalar>, parameters: [Tensor<Scalar>], loss: @escaping Trainer<Scalar>.LossFunction,
         resample: ((inout RandomStream) -> Void)?, evaluate: (([Tensor<Scalar>]) -> Scalar)?,
         observer: ((TrainingRecord<Scalar>) -> Void)?) {
        self.trainer = trainer; self.loss = loss; self.resample = resample; self.evaluate = evaluate
        self.observer = observer
        self.parameters = parameters.map { $0.detached.requiringGradient() }
        self.weighting = trainer.weighting
        self.rng = trainer.rng
        self.progress = ProgressReporter(trainer.progress)
        self.divergence = trainer.divergence.map { DivergenceWatch(rule: $0, history: []) }
        self.started = clock.now
    }

    var elapsed: Double {
        let d = clock.now - started
        return elapsedBefore + Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    // MARK: Resuming

    func restore(_ cp: Checkpoint<Scalar>) throws {
        let have = parameters.map(\.shape), found = cp.parameters.map(\.shape)
        guard have == found else {
            throw CheckpointError.parameterMismatch("the checkpoint has \(found.count) tensors of shapes \(found), the run has \(have.count) of shapes \(have)")
        }
        guard cp.phaseIndex <= trainer.phases.count else {
            throw CheckpointError.incompatibleState("the checkpoint is in phase \(cp.phaseIndex + 1) but the plan has \(trainer.phases.count) phases")
        }
        parameters = cp.parameters.map { $0.detached.requiringGradient() }
        step = cp.step; phaseIndex = cp.phaseIndex; phaseStep = cp.phaseStep; elapsedBefore = cp.elapsed
        weighting.set(cp.weights)
        termNames = cp.termNames
        history = cp.history
        divergence = trainer.divergence.map { DivergenceWatch(rule: $0, history: cp.history) }
        if let before = cp.rngBeforeResample, let resample {
            var r = before
            resample(&r)
            guard r == cp.rng else {
                throw CheckpointError.incompatibleState("replaying the last resampling drew \(r.counter - before.counter) numbers, the original run drew \(cp.rng.counter - before.counter)")
            }
            rngBeforeResample = before
        }
        rng = cp.rng
        // A checkpoint written at the end of the plan holds no optimiser state ("none"); phases
        // appended after it start with a fresh optimiser.
        restoredState = cp.optimizerState.kind == "none" ? nil : cp.optimizerState
    }

    func checkpoint(_ state: OptimizerStateRecord<Scalar>) -> Checkpoint<Scalar> {
        Checkpoint(step: step, phaseIndex: phaseIndex, phaseStep: phaseStep, elapsed: elapsed, rng: rng,
                   rngBeforeResample: rngBeforeResample, weights: weighting.values(for: termNames),
                   termNames: termNames, parameters: parameters, optimizerState: state, history: history)
    }

    /// Writes a checkpoint if a path is set; returns a failure status if that fails.
    func save(_ state: OptimizerStateRecord<Scalar>) -> TrainingStatus? {
        guard let path = trainer.checkpointPath else { return nil }
        do {
            let checksum = try checkpoint(state).write(to: path)
            try trainer.checkpointWritten?(path, checksum)
        } catch {
            return .failed(message: "could not write the checkpoint at step \(step): \(error)",
                           fix: "check that the directory of '\(path)' exists and is writable")
        }
        return nil
    }

    // MARK: The objective

    func terms(_ p: [Tensor<Scalar>]) -> [LossTerm<Scalar>] {
        let ts = loss(p)
        require(!ts.isEmpty, "Trainer: the loss closure returned no terms")
        let names = ts.map(\.name)
        if termNames.isEmpty { termNames = names }
        require(names == termNames, "Trainer: the loss closure returned terms \(names), earlier \(termNames)")
        return ts
    }

    func objective(_ p: [Tensor<Scalar>]) -> LossEvaluation<Scalar> {
        evaluations += 1
        let ts = terms(p)
        var total: Tensor<Scalar>? = nil
        for t in ts {
            let w = t.value.reshaped([]) * weighting.weight(t.name)
            total = total.map { $0 + w } ?? w
        }
        let g = gradients(of: total!, wrt: p)
        let e = LossEvaluation(loss: total!.scalar, terms: ts.map { NamedValue($0.name, $0.value.scalar) }, gradient: g)
        return trainer.reduceEvaluation?(e) ?? e
    }

    func updateWeights() {
        evaluations += 1
        let ts = terms(parameters)
        let local = ts.map { (name: $0.name, gradient: gradients(of: $0.value.reshaped([]), wrt: parameters)) }
        weighting.update(termGradients: trainer.reduceTermGradients?(local) ?? local)
    }
}
