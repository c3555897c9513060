// The code between the BEGIN and END lines is the Swift code of Docs/defining-a-problem.md,
// its ```swift blocks in order, separated by one blank line. `walkthroughMatchesTheDoc`
// fails when the two drift apart; edit both together.
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
import Testing

@Suite struct WalkthroughTests {
    /// The Swift blocks of the doc, joined as above, are this file's region verbatim, and that
    /// of Benchmarks/pinn-bench/Walkthrough.swift (`pinn-bench walkthrough`, the default budget)
    /// and of the example package Examples/custom-problem (built and run by `make test`).
    @Test(arguments: ["Tests/PINNTests/WalkthroughTests.swift", "Benchmarks/pinn-bench/Walkthrough.swift",
                      "Examples/custom-problem/Sources/custom-solver/DampedHeat1D.swift"])
    func walkthroughMatchesTheDoc(_ file: String) throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("Docs/defining-a-problem.md"), encoding: .utf8)
        let source = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var blocks: [String] = [], current: [Substring]? = nil
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" { current = [] }
            else if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        #expect(blocks.count == 4, "the doc has \(blocks.count) swift blocks")
        let begin = try #require(source.range(of: "// BEGIN Docs/defining-a-problem.md\n"))
        let end = try #require(source.range(of: "\n// END Docs/defining-a-problem.md"))
        let region = String(source[begin.upperBound..<end.lowerBound])
        let joined = blocks.joined(separator: "\n\n")
        if region != joined {
            let a = region.split(separator: "\n", omittingEmptySubsequences: false)
            let b = joined.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(file) and Docs/defining-a-problem.md differ at code line \(i + 1): '\(i < a.count ? a[i] : "<end>")' vs '\(i < b.count ? b[i] : "<end>")'")
        }
    }

    /// The exact solution satisfies the problem as written: its own residual closure and the
    /// residuals of its conditions, evaluated through the solver's `Field` machinery with the
    /// network replaced by the exact solution (u = exact + 0 * N), vanish to round-off at
    /// sampled points. A solution with the wrong decay rate leaves a residual, so the check
    /// can fail.
    @Test func exactSolutionSolvesTheEquation() throws {
        let definition = DampedHeat1D()
        let problem = try definition.make(Double.self, options: ProblemOptions())
        var rng = RandomStream(seed: 3, stream: 0)
        let interior = try problem.interior(64, &rng)
        func residuals(of u: @escaping (Tensor<Double>) -> Tensor<Double>) throws -> (interior: Double, conditions: [String: Double]) {
            let r = try ProblemTestSupport.residuals(of: problem, exact: u, at: interior)
            var p = problem
            p.offset = ClosureFunction(inputDimension: 2, u)
            p.factor = ClosureFunction(inputDimension: 2) { x in x.column(0) * 0 }
            let solver = try Solver(problem: p, settings: p.defaults)
            var conditions: [String: Double] = [:], crng = RandomStream(seed: 4)
            for (i, c) in problem.conditions.enumerated() {
                let points = try c.sample(32, &crng)
                #expect(points.points.shape == [32, 2], "\(c.name): \(points.points.shape)")
                conditions[c.name] = ProblemTestSupport.maxAbs(solver.conditionResidual(i, at: points))
            }
            return (r.map(ProblemTestSupport.maxAbs).max() ?? .infinity, conditions)
        }
        let exact = try residuals(of: { definition.exact($0) })
        #expect(exact.interior < 1e-12, "residual of the exact solution \(exact.interior)")
        #expect(exact.conditions.keys.sorted() == ["boundary", "initial"], "\(exact.conditions)")
        for (name, r) in exact.conditions { #expect(r < 1e-12, "\(name) residual of the exact solution \(r)") }
        // exp(-D t) sin x misses the decay term: its residual is k u, up to k = 1 in size.
        let D = definition.diffusion
        let wrong = try residuals(of: { p in (p.column(1) * -D).exp() * p.column(0).sin() })
        #expect(wrong.interior > 0.1, "a solution without the decay term leaves only \(wrong.interior)")
        // sin(x) + x t misses the boundary condition at x = pi and the equation, but not u(x, 0).
        let offBoundary = try residuals(of: { p in p.column(0).sin() + p.column(0) * p.column(1) })
        #expect(offBoundary.conditions["boundary"]! > 0.1 && offBoundary.conditions["initial"]! < 1e-12, "\(offBoundary.conditions)")
    }

    /// A reduced budget (200 steps, 200 points, a few seconds in release) reaches a relative
    /// L2 error below 5e-2 (measured: see the failure message); the defaults reach 4.9e-4
    /// (`pinn-bench walkthrough`, Docs/benchmarks.md).
    @Test func walkthroughProblemTrains() throws {
        let result = try solveDampedHeat(steps: 200, batch: 200)
        let e = try #require(result.relativeL2Error)
        #expect(result.status == .completed && e < 5e-2, "status \(result.status), relative L2 \(e)")
    }
}
