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

@Suite struct BFGSPhaseTests {
    @Test func bfgsPhasesBuildTheDenseOptimiser() throws {
        #expect(try Settings.Phase.parse("adam:5,bfgs:7,ssbfgs:9") == [.init(.adam, 5), .init(.bfgs, 7), .init(.ssbfgs, 9)])
        let p = try Poisson1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.phases = [.init(.bfgs, 1), .init(.ssbfgs, 1)]
        let phases = try Solver(problem: p, settings: s).makePhases()
        #expect((phases[0].optimizer as? BFGS<Double>)?.rule == .plain)
        #expect((phases[1].optimizer as? BFGS<Double>)?.rule == .selfScaled)
    }

    /// A network too large for the dense matrix is refused when the solver is built (a
    /// settings error: exit code 2 in pinn-solve), with a message that names the phase and
    /// the way out.
    @Test func bfgsRefusesANetworkTooLargeForItsMatrix() throws {
        let p = try Poisson1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.width = 100; s.depth = 4     // 30,601 parameters
        s.phases = [.init(.adam, 1)]
        #expect(ParameterAlgebra.count(try Solver(problem: p, settings: s).parameters) > BFGS<Double>.maximumParameters)
        s.phases = [.init(.adam, 1), .init(.ssbfgs, 5)]
        do {
            _ = try Solver(problem: p, settings: s)
            Issue.record("a dense BFGS phase over the parameter limit was accepted")
        } catch let error as SettingsError {
            let message = "\(error)"
            #expect(message.contains("ssbfgs:5") && message.contains("lbfgs"), "\(message)")
        }
    }
}
