import Foundation
import Testing
import TestSupport
@testable import PINN
@testable import Problems

/// wave-1d: the exact solution satisfies the equation through the problem's own residual
/// closure (and a wave of another speed does not), the output transform builds in all three
/// conditions for any network, and the problem trains with a reduced budget (bound about 3x the
/// measured error at the fixed seed; the default run is in Docs/problems-low-dimensional.md).
@Suite struct WaveProblemTests {
    typealias Support = ProblemTestSupport

    @Test func exactSolutionSatisfiesTheWaveEquation() throws {
        let p = try Wave1D().make(Double.self, options: ProblemOptions())
        let x = Support.points(400, x: 0, 1, t: 1)
        let r = try Support.residuals(of: p, exact: { Wave1D.exact($0) }, at: x)
        #expect(r.count == 1)
        // u_tt is up to 36 pi^2 ~ 355 in size: round-off of the second derivatives is ~1e-12.
        #expect(Support.maxAbs(r[0]) < 1e-9, "max |residual| = \(Support.maxAbs(r[0]))")
        // The wave of speed 1 solves u_tt = u_xx, not u_tt = 4 u_xx: its residual is 3 u_xx.
        let other = try Support.residuals(of: p, exact: { Wave1D.exact($0, speed: 1) }, at: x)
        #expect(Support.maxAbs(other[0]) > 10, "max |residual| at speed 1 = \(Support.maxAbs(other[0]))")
        #expect(p.conditions.isEmpty)
    }

    /// Any network (here an untrained one) meets u = u0 and u_t = 0 at t = 0 and u = 0 at the
    /// walls: the conditions are in the output transform, not in the loss.
    @Test func outputTransformBuildsInTheConditions() throws {
        let p = try Wave1D().make(Double.self, options: ProblemOptions())
        let solver = try Solver(problem: p, settings: p.defaults)
        let n = 64
        let xs = (0..<n).map { Double($0) / Double(n - 1) }
        let initial = Tensor<Double>(shape: [n, 2], scalars: xs.flatMap { [$0, 0] })
        #expect(solver.predict(initial).maxAbsDifference(Wave1D.initial(initial)) < 1e-14)
        // u(x, h) - u(x, 0) = O(h^2): the forward difference of u_t vanishes like h.
        for h in [1e-3, 1e-4] {
            let later = Tensor<Double>(shape: [n, 2], scalars: xs.flatMap { [$0, h] })
            let rate = (solver.predict(later) - solver.predict(initial)) / h
            #expect(Support.maxAbs(rate) < 1e3 * h, "u_t(x, 0) by forward difference over \(h): \(Support.maxAbs(rate))")
        }
        let walls = Tensor<Double>(shape: [2 * n, 2], scalars: xs.flatMap { [0, $0, 1, $0] })
        #expect(Support.maxAbs(solver.predict(walls)) < 1e-14)
        // The exact solution meets the same conditions.
        #expect(Wave1D.exact(initial).maxAbsDifference(Wave1D.initial(initial)) < 1e-14)
        #expect(Support.maxAbs(Wave1D.exact(walls)) < 1e-14)
    }

    /// 2,000 steps (Adam 500, ssbfgs 1,500) of the default 4 x 32 network on 4,000 fixed points:
    /// about 100 s in release. Smaller networks or fewer points (16 x 3 or 24 x 3 on 1,000 to
    /// 1,500 points, 32 x 4 on 2,000, 1,500 to 2,000 steps) were still at 0.58 to 1.16.
    @Test func trainsWithAReducedBudget() throws {
        let p = try Wave1D().make(Double.self, options: ProblemOptions())
        var s = Support.reduced(p, width: 32, depth: 4, batch: 4000, phases: [.init(.adam, 500), .init(.ssbfgs, 1500)],
                                learningRate: 2e-3)
        s.resampleEvery = 0
        let (before, after, _) = try Support.errorBeforeAndAfter(p, s)
        print("wave-1d reduced: relative L2 \(before) -> \(after)")
        // Measured (seed 0): 1.72 -> 3.2e-3 in 102 s (release, beside other tests).
        #expect(after < 1e-2, "relative L2 \(before) -> \(after)")
    }
}
