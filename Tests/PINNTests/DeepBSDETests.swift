import Foundation
import Testing
import TestSupport
@testable import PINN
import Problems

/// The Deep BSDE method (`DeepBSDE`): a linear problem with a closed form, the first-order
/// time-discretisation bias, and the semilinear parabolic form of every bundled problem that
/// has one against the problem's own residual closure.
@Suite(.serialized) struct DeepBSDETests {
    /// Brownian motion times sqrt(2) (the Laplacian), generator f, terminal g, from x0 over [0, T].
    static func heatForm(d: Int, T: Double, start: [Double], generator: @escaping SemilinearParabolic<Double>.Generator,
                         terminal: @escaping @Sendable (Tensor<Double>) -> Tensor<Double>) -> SemilinearParabolic<Double> {
        let b = SemilinearParabolic<Double>.brownian(sigma: 2.0.squareRoot())
        return SemilinearParabolic(dimension: d, horizon: T, start: start, drift: b.drift, diffusion: b.diffusion,
                                   generator: generator, terminal: terminal)
    }

    static func train(_ form: SemilinearParabolic<Double>, _ s: BSDESettings) throws -> (value: Double, result: RunResult, start: Double) {
        let bsde = try DeepBSDE(form: form, settings: s)
        let start = bsde.value
        var opts = RunOptions()
        opts.progress = .silent
        let r = try bsde.train(opts)
        return (bsde.value, r, start)
    }

    // u_t + Lap u = 0, u(1, x) = |x|^2 in d = 10: u(0, x) = |x|^2 + 2 d. The value starts at the
    // pilot paths' mean of g (Monte Carlo, 6.7e-3 off); the networks must learn Z = 2 sqrt(2) x
    // so that Y_N matches g path by path: the loss falls from Var g = 8 d T^2 = 80 towards the
    // Euler scheme's floor 8 d T^2 / N = 8 (what 2 sum (|dW_n|^2 - d dt) leaves).
    // measured (1,000 steps, 5 s): value 3.0e-4 off, loss 91 -> 27 on the last batch; bounds
    // 3e-3 (below the start's error) and 0.5 times the first loss.
    @Test func heatWithQuadraticTerminalValue() throws {
        let d = 10, x0 = (0..<d).map { 0.1 * Double($0 % 3) }
        let exact = x0.reduce(0) { $0 + $1 * $1 } + 2 * Double(d)
        let form = Self.heatForm(d: d, T: 1, start: x0, generator: { _, _, y, _ in y * 0 },
                                 terminal: { $0.squaredNorm(alongAxis: 1) })
        var s = BSDESettings(timeSteps: 10, paths: 64, width: 16, depth: 2, steps: 1000, learningRate: 1e-2, schedule: .cosine)
        s.outputScale = 3; s.precision = .f64; s.evaluateEvery = 0
        let (v, r, start) = try Self.train(form, s)
        let first = try #require(r.history.first?.loss), last = try #require(r.finalLoss)
        print("heat |x|^2: u(0, x0) = \(v) (start \(start)), exact \(exact), relative error \(Swift.abs(v - exact) / exact); loss \(first) -> \(last)")
        #expect(Swift.abs(v - exact) / exact < 3e-3, "u(0, x0) = \(v), exact \(exact)")
        #expect(last < 0.5 * first, "the terminal loss went from \(first) to \(last)")
    }

    /// Y_0 after training on u_t + Lap u - r u = 0, u(1, x) = sum x_i, with N time steps.
    /// The exact value is e^(-r) sum x0; the Euler scheme's exact answer is (1 + r/N)^(-N) sum x0
    /// (E[Y_N] = (1 + r dt)^N Y_0, E g(X_N) = sum x0, and the loss can reach 0), first order in 1/N.
    static func linearDiscountValue(steps N: Int) throws -> Double {
        let d = 4, r = 1.0, x0 = [Double](repeating: 1, count: d)
        let form = heatForm(d: d, T: 1, start: x0, generator: { _, _, y, _ in y * -r },
                            terminal: { $0.sum(alongAxis: 1) })
        var s = BSDESettings(timeSteps: N, paths: 64, width: 8, depth: 1, steps: 600, learningRate: 1e-2, schedule: .cosine)
        s.outputScale = 1; s.precision = .f64; s.evaluateEvery = 0; s.seed = 2
        return try train(form, s).value
    }

    // The bias e^(-r) - (1 + r/N)^(-N) ~ e^(-r) r^2 / (2N) halves when the step halves.
    @Test func timeDiscretisationBiasIsFirstOrder() throws {
        let exact = 4 * Foundation.exp(-1.0)
        let ns = [5, 10, 20]
        let values = try ns.map { try Self.linearDiscountValue(steps: $0) }
        let bias = values.map { $0 - exact }
        print("linear discount: Y0 \(values), bias \(bias), ratios \(bias[0] / bias[1]), \(bias[1] / bias[2])")
        for (n, v) in zip(ns, values) {
            let euler = 4 * Foundation.pow(1 + 1 / Double(n), -Double(n))
            #expect(Swift.abs(v - euler) / euler < 2e-3, "N = \(n): Y0 = \(v), the Euler scheme's value \(euler)")
        }
        for k in 0..<2 {
            let ratio = bias[k] / bias[k + 1]
            #expect(ratio > 1.7 && ratio < 2.3, "N = \(ns[k]) -> \(ns[k + 1]): the bias went from \(bias[k]) to \(bias[k + 1]) (ratio \(ratio), first order gives 2)")
        }
    }

    // MARK: The parabolic forms of the bundled problems

    /// A smooth test function of (x, t) of size `scale` (not a solution): scale (1 + 0.2 sin(w)) + 1e-3 |x|^2,
    /// w = 0.3 sum x_i / sqrt(d) / xs + t, where xs is the coordinates' size.
    static func testFunction(d: Int, scale: Double, size xs: Double) -> (Tensor<Double>) -> Tensor<Double> {
        { p in
            let x = p.gatheringColumns(Array(0..<d)), t = p.column(d)
            let w = x.sum(alongAxis: 1) * (0.3 / Double(d).squareRoot() / xs) + t
            return (w.sin() * 0.2 + 1) * scale + x.squaredNorm(alongAxis: 1) * (1e-3 / (xs * xs))
        }
    }

    static let forms: [(any ProblemDefinition, Double, Double)] = [
        (HJB100D(), 4.6, 1), (SemilinearHeat(), 0.3, 1), (AllenCahn100D(), 0.05, 1),
        (BlackScholesBarenblatt100D(), 77, 1), (BlackScholesDefaultRisk100D(), 60, 100),
        (BlackScholesDefaultRisk100D(defaultRisk: false), 60, 100),
    ]

    @Test(arguments: forms.indices)
    func parabolicFormMatchesTheResidualClosure(index: Int) throws {
        let (def, scale, size) = Self.forms[index]
        let p = try def.make(Double.self, options: ProblemOptions())
        let form = try #require(p.parabolic, "\(def.name) has no parabolic form")
        let d = form.dimension
        #expect(p.timeIndex == d && p.inputDimension == d + 1)
        #expect(p.reference.point.map { Array($0.point.prefix(d)) } == form.start, "x0 is the reported point")
        #expect(p.reference.point?.point.last == 0)
        var rng = testStream(9)
        let pts: Tensor<Double> = try p.interior(16, &rng)
        let u = Self.testFunction(d: d, scale: scale, size: size)
        let own = HighDimensionalReferenceTests.residual(of: p, exact: u, at: pts)
        var q = p
        q.residual = { f in [form.residual(f)] }
        let implied = HighDimensionalReferenceTests.residual(of: q, exact: u, at: pts)
        let worst = own.maxAbsDifference(implied), size2 = own.scalars.map(Swift.abs).max()!
        #expect(size2 > 1e-3 * scale, "\(def.name): the test function leaves a residual of \(size2), too small to compare")
        #expect(worst <= 1e-10 * Swift.max(size2, 1), "\(def.name): the parabolic form's residual differs by \(worst) (residual size \(size2))")
        // And the terminal value: g equals the problem's value at t = T where it is hard-wired,
        // and is finite on the forward paths.
        let paths = try form.sde.simulate(paths: 8, from: form.start, over: TimeDomain(0, form.horizon), steps: 4, using: &rng)
        let g = form.terminal(paths.states.last!)
        #expect(g.shape == [8, 1] && g.scalars.allSatisfy(\.isFinite))
    }

    // The default-risk generator crosses Q's kinks: at u = 40 (Q = gh), 60 (between), 80 (Q = gl).
    @Test func defaultRiskGenerator() throws {
        let p = try BlackScholesDefaultRisk100D().make(Double.self, options: ProblemOptions())
        let form = try #require(p.parabolic)
        let y = Tensor<Double>(shape: [3, 1], scalars: [40, 60, 80])
        let f = form.generator(Tensor.zeros([3, 1]), Tensor.zeros([3, 100]), y, Tensor.zeros([3, 100])).scalars
        let q = [0.2, 0.2 + (0.02 - 0.2) * 0.5, 0.02]
        for k in 0..<3 {
            let expected = -(1 - 2.0 / 3) * q[k] * y.scalars[k] - 0.02 * y.scalars[k]
            #expect(Swift.abs(f[k] - expected) < 1e-12, "f(\(y.scalars[k])) = \(f[k]), expected \(expected)")
        }
    }
}
