import Autodiff
import Networks
import Testing
import TestSupport

/// A plan exercising every operator kind: partials, gradient subset, Laplacian subset,
/// Hessian diagonal, a mixed partial, shared and per-point directions, weighted traces.
func fullPlan(_ D: Int, n: Int, rng: inout RandomStream) -> DerivativePlan<Double> {
    var plan = DerivativePlan<Double>(inputDimension: D)
    _ = plan.gradient()
    _ = plan.laplacian(Array(1..<max(D, 2)).filter { $0 < D })
    _ = plan.hessianDiagonal([0, D - 1])
    if D > 1 { _ = plan.secondPartial(0, 1) }
    let v = (0..<D).map { _ in rng.normal(Double.self) }
    _ = plan.secondDirectional(plan.directional(v))
    let P = Tensor<Double>.normal([n, D], using: &rng)
    _ = plan.secondDirectional(plan.directional(perPoint: P))
    _ = plan.weightedTrace(diagonal: Tensor<Double>.normal([n, D], using: &rng))
    _ = plan.weightedTrace(factor: Tensor<Double>.normal([D, 2], using: &rng))
    return plan
}

@Suite struct TaylorVersusNested {
    @Test(arguments: Activation.allCases)
    func enginesAgreeForEveryActivation(_ act: Activation) {
        for D in [1, 2, 5, 20] {
            var rng = RandomStream(seed: UInt64(D))
            let net = MLP<Double>(MLP.Configuration(inputDimension: D, outputDimension: 2, hidden: [8, 8, 8],
                                                    activation: act, seed: 3))
            let n = 4
            let x = Tensor<Double>.uniform([n, D], low: -1, high: 1, using: &rng)
            let plan = fullPlan(D, n: n, rng: &rng)
            let t = net.derivatives(at: x, plan: plan, engine: .taylor)
            let r = net.derivatives(at: x, plan: plan, engine: .nested)
            expectClose(t.stack, r.stack, relative: 1e-10, "\(act) D=\(D)")
        }
    }

    @Test func inputScalingFourierAndResidual() {
        var rng = RandomStream(seed: 9)
        let D = 3
        let config = MLP<Double>.Configuration(inputDimension: D, outputDimension: 1, hidden: [6, 6, 6],
                                               activation: .tanh, residual: true,
                                               inputLower: [0, -1, -2], inputUpper: [1, 1, 2],
                                               fourierFeatures: 4, fourierScale: 0.5, seed: 5)
        let net = MLP<Double>(config)
        let x = Tensor<Double>.uniform([5, D], low: -1, high: 1, using: &rng)
        let plan = fullPlan(D, n: 5, rng: &rng)
        expectClose(net.derivatives(at: x, plan: plan, engine: .taylor).stack,
                    net.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10)
    }

    /// The gated (modified) MLP: its gates enter every hidden layer by the product rule for jets,
    /// with and without Fourier features (the gates then see the features), every operator kind;
    /// and its parameter gradients through a residual.
    @Test(arguments: [Activation.tanh, .sin, .gelu])
    func gatedNetworkEnginesAgree(_ act: Activation) {
        for fourier in [0, 3] {
            var rng = RandomStream(seed: 21)
            let D = 3
            let net = MLP<Double>(MLP.Configuration(inputDimension: D, outputDimension: 2, hidden: [6, 6, 6], activation: act,
                                                    inputLower: [0, -1, -2], inputUpper: [1, 1, 2],
                                                    fourierFeatures: fourier, fourierScale: 0.5, gated: true, seed: 5))
            #expect(net.parameters.count == 4 + 8)
            let x = Tensor<Double>.uniform([5, D], low: -1, high: 1, using: &rng)
            let plan = fullPlan(D, n: 5, rng: &rng)
            expectClose(net.derivatives(at: x, plan: plan, engine: .taylor).stack,
                        net.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10, "\(act) fourier \(fourier)")
            var small = DerivativePlan<Double>(inputDimension: D)
            let ut = small.partial(0), lap = small.laplacian([1, 2])
            func loss(_ e: DerivativeEngine) -> [Tensor<Double>] {
                let d = net.derivatives(at: x, plan: small, engine: e)
                return gradients(of: (d[ut] - d[lap] * 0.5 + d.value.square()).square().mean(), wrt: net.parameters)
            }
            for (a, b) in zip(loss(.taylor), loss(.nested)) { expectClose(a, b, relative: 1e-9, "\(act) fourier \(fourier) gradient") }
        }
        // The gates change the function; the layers start as the plain network's.
        let plain = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [5, 5], seed: 2))
        let gated = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [5, 5], gated: true, seed: 2))
        #expect(Array(gated.parameters.dropFirst(4)).map(\.scalars) == plain.parameters.map(\.scalars))
        let x = Tensor<Double>(rows: [[0.3, -0.2]])
        #expect(abs(gated(x).scalar - plain(x).scalar) > 1e-6)
    }

    @Test(arguments: Activation.allCases)
    func parameterGradientsOfAResidualLossAgree(_ act: Activation) {
        var rng = RandomStream(seed: 11)
        let D = 5
        let net = MLP<Double>(inputDimension: D, hidden: [10, 10], activation: act, seed: 2)
        let x = Tensor<Double>.uniform([6, D], low: -1, high: 1, using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: D)
        let ut = plan.partial(0)
        let lap = plan.laplacian(Array(1..<D))
        func loss(_ e: DerivativeEngine) -> [Tensor<Double>] {
            let d = net.derivatives(at: x, plan: plan, engine: e)
            let r = d[ut] - d[lap] * 0.5 + d.value.square()
            return gradients(of: r.square().mean(), wrt: net.parameters)
        }
        for (a, b) in zip(loss(.taylor), loss(.nested)) { expectClose(a, b, relative: 1e-9, "\(act)") }
    }

    @Test func derivativesMatchFiniteDifferences() {
        var rng = RandomStream(seed: 4)
        let D = 3
        let net = MLP<Double>(inputDimension: D, hidden: [7, 7], activation: .gelu, seed: 8)
        let x = Tensor<Double>.uniform([3, D], low: -1, high: 1, using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: D)
        let g = plan.gradient()
        let lap = plan.laplacian()
        let d = net.derivatives(at: x, plan: plan)
        let h = 1e-4
        for p in 0..<3 {
            for i in 0..<D {
                func u(_ delta: Double) -> Double {
                    var xp = x.detached
                    xp[p, i] += delta
                    return net(xp)[p, 0]
                }
                let fd1 = (u(h) - u(-h)) / (2 * h)
                expectClose(d[g[i]][p, 0], fd1, relative: 1e-7, "du/dx\(i)")
            }
            var fdLap = 0.0
            for i in 0..<D {
                var xp = x.detached, xm = x.detached
                xp[p, i] += h; xm[p, i] -= h
                fdLap += (net(xp)[p, 0] - 2 * net(x)[p, 0] + net(xm)[p, 0]) / (h * h)
            }
            expectClose(d[lap][p, 0], fdLap, relative: 1e-5, "Laplacian")
        }
    }
}

@Suite struct PeriodicEmbedding {
    /// Integer multiples of pi in x (period 2) and a slow frequency in t: u is exactly
    /// periodic in x, and both engines agree through the fixed features.
    @Test func fixedFrequenciesGiveAPeriodicNetwork() {
        let M: [[Double]] = [[Double.pi, 2 * Double.pi, 3 * Double.pi, 0], [0, 0, 0, 0.5]]
        let net = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [12, 12], fourierMatrix: M, seed: 3))
        var rng = RandomStream(seed: 8)
        let x = Tensor<Double>.uniform([6, 2], low: -1, high: 1, using: &rng)
        var shifted = x
        for i in 0..<6 { shifted[i, 0] += 2 }
        expectClose(net(shifted), net(x), relative: 1e-12, "u(x + 2, t) = u(x, t)")
        var plan = DerivativePlan<Double>(inputDimension: 2)
        _ = plan.gradient(); _ = plan.laplacian([0]); _ = plan.secondPartial(0, 1)
        expectClose(net.derivatives(at: x, plan: plan, engine: .taylor).stack,
                    net.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10)
    }
}
