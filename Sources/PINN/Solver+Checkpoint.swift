import Autodiff
import Optimization

extension Solver {
    /// Loads the parameters of a checkpoint written by `train` (`RunOptions.checkpointPath`)
    /// into the network and reports the run it came from: steps, wall time and loss history
    /// from the checkpoint, errors against the reference from the loaded network. The status is
    /// `.completed` when the checkpoint was written after the last phase, otherwise
    /// `.interrupted(checkpoint: path)`.
    ///
    /// - Throws: `CheckpointError.parameterMismatch` when the checkpoint's tensors do not fit
    ///   this network (another problem or architecture), or the reference's errors.
    public func load(_ checkpoint: Checkpoint<Scalar>, path: String? = nil) throws -> RunResult {
        let have = parameters.map(\.shape), found = checkpoint.parameters.map(\.shape)
        guard have == found else {
            throw CheckpointError.parameterMismatch(
                "the checkpoint has \(found.count) tensors of shapes \(found), the network of \(problem.name) with these settings has \(have.count) of shapes \(have)")
        }
        parameters = checkpoint.parameters
        let completed = checkpoint.phaseIndex >= settings.phases.count
        let history = checkpoint.history.map { r in
            TrainingRecord(step: r.step, loss: Double(r.loss), terms: r.terms.map { Double($0) },
                           error: r.error.map { Double($0) }, wallTime: r.wallTime)
        }
        let errors = try relativeL2Errors()
        return RunResult(problem: problem.name, status: completed ? .completed : .interrupted(checkpoint: path),
                         steps: checkpoint.step, wallSeconds: checkpoint.elapsed,
                         finalLoss: history.last.map(\.loss).flatMap { $0.isFinite ? $0 : nil },
                         finalTerms: history.last.flatMap { $0.loss.isFinite ? $0.terms : nil },
                         termNames: checkpoint.termNames, history: history,
                         relativeL2Error: errors?.total, relativeL2ErrorPerOutput: errors?.perOutput ?? [:],
                         pointValue: pointValue(), pointReference: problem.reference.point?.value, unknowns: unknownValues,
                         benchmarks: benchmarkCuts())
    }
}
