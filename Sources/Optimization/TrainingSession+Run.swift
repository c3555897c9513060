import Autodiff

extension TrainingSession {
    enum PhaseEnd { case finished, stop(TrainingStatus) }

    func run() -> TrainingReport<Scalar> {
        var status = TrainingStatus.completed
        while phaseIndex < trainer.phases.count {
            let phase = trainer.phases[phaseIndex]
            let record = restoredState
            restoredState = nil
            let end: PhaseEnd
            do {
                end = try runPhase(phase.optimizer, steps: phase.steps, restored: record)
            } catch {
                end = .stop(.failed(message: "the checkpoint's optimiser state does not fit phase \(phaseIndex + 1) (\(phase.name)): \(error)",
                                    fix: "resume with the same phase list that wrote the checkpoint"))
            }
            if case .stop(let s) = end { status = s; break }
            phaseIndex += 1
            phaseStep = 0
        }
        if status == .completed {
            if let failure = save(OptimizerStateRecord(kind: "none")) { status = failure }
        }

        var finalLoss: Scalar? = nil
        var finalTerms: [Scalar]? = nil
        if status.isSuccess || lastGood != nil {
            let e = objective(parameters)
            finalLoss = e.loss.isFinite ? e.loss : nil
            finalTerms = finalLoss == nil ? nil : e.terms.map(\.value)
        }
        let finalError = evaluate.map { $0(parameters) }
        progress.finish("training \(status)")
        return TrainingReport(status: status, termNames: termNames, history: history, steps: step,
                              evaluations: evaluations, elapsed: elapsed, finalLoss: finalLoss, finalTerms: finalTerms,
                              finalError: finalError,
                              weights: weighting.values(for: termNames))
    }

    func remainingSteps() -> Int {
        var n = trainer.phases[phaseIndex].steps - phaseStep
        for p in trainer.phases.dropFirst(phaseIndex + 1) { n += p.steps }
        return n
    }

    func runPhase<O: Optimizer>(_ optimizer: O, steps: Int, restored: OptimizerStateRecord<Scalar>?) throws -> PhaseEnd
    where O.Scalar == Scalar {
        var state = try restored.map { try O.State(record: $0) } ?? optimizer.makeState(for: parameters)
        let sessionStart = elapsed
        var stepsHere = 0
        while phaseStep < steps {
            var interrupted = trainer.interrupt.isRaised
            var outOfTime = trainer.timeBudget.map { elapsed >= $0 } ?? false
            if let agree = trainer.agree { interrupted = agree(interrupted); outOfTime = agree(outOfTime) }
            if interrupted {
                if let failure = save(state.record) { return .stop(failure) }
                return .stop(.interrupted(checkpoint: trainer.checkpointPath))
            }
            if outOfTime, let budget = trainer.timeBudget {
                if let failure = save(state.record) { return .stop(failure) }
                return .stop(.timeBudgetExhausted(seconds: budget))
            }
            if let resample, step == 0 || (trainer.resampleEvery > 0 && step % trainer.resampleEvery == 0) {
                rngBeforeResample = rng
                resample(&rng)
                optimizer.objectiveDidChange(state: &state)
            }
            if weighting.needsUpdate(at: step) {
                updateWeights()
                optimizer.objectiveDidChange(state: &state)
            }
            var error: Scalar? = nil
            if let evaluate, trainer.evaluateEvery > 0, step % trainer.evaluateEvery == 0 { error = evaluate(parameters) }

            let start = parameters
            let result = optimizer.step(&parameters, state: &state, objective: objective)
            let e = result.evaluation
            if result.status == .nonFinite || !e.loss.isFinite {
                parameters = lastGood ?? start
                let kind = e.loss.isNaN ? "NaN" : e.loss.isFinite ? "finite but its gradient is not" : "infinite"
                let place = e.firstNonFiniteTerm.map { "in the \($0) term" } ?? (e.loss.isFinite ? "in the gradient" : "in the weighted sum")
                let kept = lastGood == nil ? "the parameters are the initial ones"
                    : "the parameters are those of step \(step), the last with a finite loss"
                return .stop(.failed(message: "Loss became \(kind) at step \(step + 1) (\(optimizer.name) phase) \(place)",
                                     fix: "\(optimizer.divergenceHint); \(kept)"))
            }
            lastGood = start

            let values = termNames.map { n in e.terms.first { $0.name == n }?.value ?? .nan }
            let row = TrainingRecord(step: step, loss: e.loss, terms: values, error: error, wallTime: elapsed)
            history.append(row)
            // A runaway loss (finite) is recorded, then stops the run with the best parameters.
            if let message = divergence?.observe(loss: e.loss, error: error, step: step, parameters: start) {
                let best = divergence?.bestParameters
                parameters = best ?? start
                let kept = best == nil ? "the parameters are those of step \(step + 1)"
                    : "the parameters are those of the best loss, step \((divergence?.bestStep ?? 0) + 1)"
                return .stop(.failed(message: message + " (\(optimizer.name) phase)", fix: "\(optimizer.divergenceHint); \(kept)"))
            }
            step += 1; phaseStep += 1; sessionSteps += 1; stepsHere += 1
            observer?(row)
            let now = elapsed
            let rate = Double(stepsHere) / Swift.max(now - sessionStart, 1e-9)
            var eta = Double(remainingSteps()) / Swift.max(rate, 1e-9)
            if let budget = trainer.timeBudget { eta = Swift.min(eta, Swift.max(budget - now, 0)) }
            progress.report(phase: optimizer.name, row: row, termNames: termNames, rate: rate, eta: eta, now: now)

            if let target = trainer.targetLoss, e.loss <= target {
                if let failure = save(state.record) { return .stop(failure) }
                return .stop(.reachedTargetLoss(Double(target)))
            }
            if let target = trainer.targetError, let error, error <= target {
                if let failure = save(state.record) { return .stop(failure) }
                return .stop(.reachedTargetError(Double(target)))
            }
            if trainer.checkpointEvery > 0, step % trainer.checkpointEvery == 0, let failure = save(state.record) {
                return .stop(failure)
            }
            if case .converged = result.status { break }
        }
        return .finished
    }
}
