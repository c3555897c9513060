import Optimization
import Testing
@testable import PINN
@testable import Problems

/// Settings reach the optimisers the solver builds.
@Suite struct SolverSettingsTests {
    @Test func lbfgsHistoryReachesTheLBFGSPhase() throws {
        let p = try Poisson1D().make(Double.self, options: ProblemOptions())
        func history(_ h: Int?) throws -> Int? {
            var s = p.defaults
            s.phases = [.init(.adam, 1), .init(.lbfgs, 1)]
            s.lbfgsHistory = h
            let phases = try Solver(problem: p, settings: s).makePhases()
            return (phases[1].optimizer as? LBFGS<Double>)?.historySize
        }
        #expect(try history(7) == 7)
        #expect(try history(nil) == LBFGS<Double>().historySize)
    }
}
