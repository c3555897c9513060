import Testing
@testable import PINN
import Problems

/// Runs a residual closure on a `Field` whose derivatives are those of a given function
/// (by `NestedEngine`, nested reverse mode, derivatives of any order included) instead of a
/// network's: with the exact solution, the returned residuals must vanish. The closure is
/// recorded and answered as `Solver` does it (`RecordedResidual`).
func problemsAResiduals<S: TensorScalar>(_ problem: Problem<S>, of u: @escaping (Tensor<S>) -> Tensor<S>,
                                         at points: Tensor<S>,
                                         _ residual: ((Field<S>) -> [Tensor<S>])? = nil) -> [Tensor<S>] {
    func field() -> Field<S> { Field(points: points, inputNames: problem.inputNames, timeIndex: problem.timeIndex) }
    let recorded = RecordedResidual(residual ?? problem.residual, recordingOn: field())
    return recorded(field()) { x, plan in NestedEngine.evaluate(u, at: x, plan: plan) }
}

/// The largest absolute entry over a list of tensors.
func problemsAMaxAbs(_ ts: [Tensor<Double>]) -> Double {
    ts.flatMap(\.scalars).map { Swift.abs($0) }.max() ?? 0
}

/// Trains a bundled problem with its defaults changed by `adjust`, in precision S.
func problemsATrain<S: TensorScalar>(_ definition: any ProblemDefinition, _: S.Type,
                                     adjust: (inout Settings) -> Void) throws -> RunResult {
    let problem = try definition.make(S.self, options: ProblemOptions())
    var settings = problem.defaults
    adjust(&settings)
    var options = RunOptions()
    options.progress = .silent
    return try Solver(problem: problem, settings: settings).train(options)
}

/// As `problemsATrain`, with the untrained network's errors measured first on the same solver
/// (same settings and seed): its relative L2 error, and its relative error at the problem's
/// reference point (nil without one).
func trainFromUntrained<S: TensorScalar>(_ definition: any ProblemDefinition, _: S.Type,
                                                  adjust: (inout Settings) -> Void) throws
    -> (untrainedL2: Double, untrainedPoint: Double?, result: RunResult) {
    let problem = try definition.make(S.self, options: ProblemOptions())
    var settings = problem.defaults
    adjust(&settings)
    let solver = try Solver(problem: problem, settings: settings)
    let l2 = try #require(try solver.relativeL2Error())
    let point = solver.pointValue().flatMap { v in
        problem.reference.point.map { Swift.abs(v - $0.value) / Swift.max(Swift.abs($0.value), .leastNormalMagnitude) }
    }
    var options = RunOptions()
    options.progress = .silent
    return (l2, point, try solver.train(options))
}
