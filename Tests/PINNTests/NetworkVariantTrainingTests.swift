import Testing
@testable import PINN
@testable import Problems

/// The modified MLP and random weight factorisation train through the solver: heat-1d on a
/// small network, bounds 3x the measured errors (seed 5, 2 x 16 tanh, 256 fixed points,
/// adam:200,lbfgs:300; the plain MLP: 7.5e-4, untrained about 1).
@Suite struct NetworkVariantTrainingTests {
    @Test(arguments: [
        // (architecture, weight factorisation, measured error)
        (NetworkArchitecture.modifiedMLP, false, 4.4e-4),
        (.mlp, true, 1.37e-3),
        (.modifiedMLP, true, 4.05e-4),
    ])
    func variantTrains(architecture: NetworkArchitecture, factorised: Bool, measured: Double) throws {
        let p = try Heat1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.width = 16; s.depth = 2; s.batch = 256; s.seed = 5; s.evaluateEvery = 0
        s.phases = [.init(.adam, 200), .init(.lbfgs, 300)]
        s.architecture = architecture; s.weightFactorization = factorised
        let solver = try Solver(problem: p, settings: s)
        // Gates add two layers of the input's width; factorisation one scale per neuron.
        let gates = architecture == .modifiedMLP ? 2 * (2 * 16 + 16) : 0
        let scales = factorised ? 16 + 16 + 1 + (architecture == .modifiedMLP ? 32 : 0) : 0
        #expect(solver.model.parameterCount == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1) + gates + scales)
        var o = RunOptions(); o.progress = .silent
        let e = try #require(try solver.train(o).relativeL2Error)
        #expect(e < 3 * measured, "\(architecture) factorised \(factorised): relative L2 \(e)")
    }
}
