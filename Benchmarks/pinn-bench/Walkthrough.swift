// The code between the BEGIN and END lines is the Swift code of Docs/defining-a-problem.md,
// its ```swift blocks in order, separated by one blank line, as in
// Tests/PINNTests/WalkthroughTests.swift (whose `walkthroughMatchesTheDoc` checks both copies
// against the doc; edit all three together).
// BEGIN Docs/defining-a-problem.md
import PINN

/// The damped heat equation, a linear reaction-diffusion equation in one space dimension:
///
///     u_t = D u_xx - k u   on 0 < x < pi, 0 < t < 1,
///     u(x, 0) = sin x,     u(0, t) = u(pi, t) = 0,
///
/// with the exact solution u = exp(-(D + k) t) sin x.
public struct DampedHeat1D: ProblemDefinition {
    public var diffusion = 0.5
    public var decay = 1.0
    public init() {}

    public var name: String { "damped-heat-1d" }
    public var summary: String { "u_t = D u_xx - k u on (0, pi) x (0, 1), u(x, 0) = sin x, u = 0 at x = 0 and pi" }
    public var dimensionLabel: String { "1+1" }

    /// The exact solution at points `[n, 2]` with columns (x, t), as `[n, 1]`.
    public func exact(_ p: Tensor<Double>) -> Tensor<Double> {
        (p.column(1) * -(diffusion + decay)).exp() * p.column(0).sin()
    }
}

extension DampedHeat1D {
    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let domain = SpaceTimeDomain(space: try Box(lower: [0], upper: [Double.pi]), time: try TimeDomain(0, 1))
        let D = S(diffusion), k = S(decay)

        var settings = Settings()
        settings.width = 20
        settings.depth = 3
        settings.phases = [.init(.adam, 1000), .init(.lbfgs, 1000)]
        settings.batch = 500
        settings.resampleEvery = 0
        settings.evaluateEvery = 100

        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t = \(diffusion) u_xx - \(decay) u on 0 < x < pi, 0 < t < 1; u(x, 0) = sin x; u = 0 at x = 0 and pi.
            Exact solution u = exp(-\(diffusion + decay) t) sin x.
            """,
            inputNames: ["x", "t"], timeIndex: 1,
            // The space-time domain gives the interior points (uniform, or --sampler's) and the
            // input scaling (its bounding box [0, pi] x [0, 1]).
            domain: domain,
            residual: { f in [f.dt() - f.d2(0, 0) * D + f.u * k] },
            conditions: [
                .initial(domain, batch: 100) { p in p.column(0).sin() },
                .dirichlet(domain, batch: 100) { p in Tensor.zeros([p.shape[0], 1]) },
            ],
            reference: Reference(summary: "exact solution exp(-(D + k) t) sin x on a 51 x 101 (t, x) grid", solution: {
                let grid = ReferenceGrid.uniform(inputNames: ["x", "t"], inputs: [1, 0], lower: [0, 0],
                                                 upper: [Double.pi, 1], counts: [51, 101])
                return try self.gridReference(on: grid, options: options)
            }),
            defaults: settings,
            expectedError: "relative L2 below 1e-3 (4.9e-4 measured)")
    }
}

extension DampedHeat1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid) { p in exact(p) }
    }
}

/// Trains the problem with `steps` optimiser steps (half Adam, half L-BFGS) and reports.
func solveDampedHeat(steps: Int, batch: Int = 500) throws -> RunResult {
    let problem = try DampedHeat1D().make(Double.self, options: ProblemOptions())
    var settings = problem.defaults
    settings.phases = [.init(.adam, steps / 2), .init(.lbfgs, steps - steps / 2)]
    settings.batch = batch
    let solver = try Solver(problem: problem, settings: settings)
    var options = RunOptions()
    options.progress = .silent
    let result = try solver.train(options)
    print(RunReportText.make(result, problem: problem, settings: settings))
    return result
}
// END Docs/defining-a-problem.md

import Foundation

/// The walkthrough problem with its default budget (1000 Adam + 1000 L-BFGS steps on 500
/// points): the figure Docs/defining-a-problem.md quotes (relative L2 4.9e-4). Minutes on two
/// cores; on request only (`pinn-bench walkthrough`).
func runWalkthroughDefaults() {
    print("\n## walkthrough: damped-heat-1d (Docs/defining-a-problem.md) with its defaults, 2000 steps")
    do {
        let result = try solveDampedHeat(steps: 2000)
        guard let e = result.relativeL2Error else { print("walkthrough: no relative L2 error"); return }
        let verdict = e < 1e-2 ? "below 1e-2 as expected" : "ABOVE the expected 1e-2"
        print(String(format: "walkthrough: relative L2 %.2e after %d steps in %.1f s (%.1f steps/s); doc quotes 4.9e-4; ",
                     e, result.steps, result.wallSeconds, result.stepsPerSecond) + verdict)
    } catch {
        print("walkthrough: failed: \(error)")
    }
}
