import Autodiff
@testable import Networks
import Testing
import TestSupport

/// Univariate Taylor mode (`Model.series`, `CoordinateSeries`) against its two oracles:
/// nested reverse mode (`CoordinateSeries.nested`) and finite differences.
@Suite struct CoordinateSeriesTests {
    static func points(_ n: Int, _ D: Int, seed: UInt64) -> Tensor<Double> {
        var rng = RandomStream(seed: seed)
        return Tensor<Double>.uniform([n, D], low: -1, high: 1, using: &rng)
    }

    static func expectSeriesAgree<M: Model>(_ model: M, _ x: Tensor<Double>, along i: Int, order: Int,
                                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
        where M.Scalar == Double {
        let taylor = model.series(at: x, along: i, order: order)
        let nested = CoordinateSeries.nested(model.callAsFunction, at: x, coordinate: i, order: order)
        #expect(taylor.count == order + 1, sourceLocation: sourceLocation)
        for k in 0...order {
            expectClose(taylor[k], nested[k], relative: 1e-10, floor: 1e-12, "\(what), coefficient \(k)",
                        sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: Activation.allCases)
    func derivativeStackMatchesTheScalarDerivativesToOrderSix(_ act: Activation) {
        // The fused primitive (tanh through its polynomials in tanh, sin by its cycle, the
        // others through `Activation.derivative`: closed forms to order 3, power series beyond)
        // against the written-out closed forms of `ActivationOracle`, at 15 points in [-2, 2].
        let z = Self.points(3, 5, seed: 8) * 2
        let stack = ActivationDerivativeStack(activation: act, lowest: 1, count: 6).apply(z)
        for k in 1...6 {
            let expected = Tensor<Double>(shape: z.shape, scalars: z.scalars.map { ActivationOracle.derivative(act, k, at: $0) })
            expectClose(stack.rows((3 * (k - 1))..<(3 * k)), expected, relative: 1e-12, floor: 1e-12, "\(act) order \(k)")
        }
        // Its backward rule: d/dz sum_j w_j f^(j) = sum_j w_j f^(j+1).
        let zt = z.requiringGradient()
        let w = Tensor<Double>(shape: [18, 5]) { Double($0 % 7) - 3 }
        let g = gradient(of: (ActivationDerivativeStack(activation: act, lowest: 1, count: 6).apply(zt) * w).sum(), wrt: zt)
        var expected = Tensor<Double>.zeros(z.shape)
        for k in 1...6 {
            expected = expected + w.rows((3 * (k - 1))..<(3 * k))
                * Tensor<Double>(shape: z.shape, scalars: z.scalars.map { ActivationOracle.derivative(act, k + 1, at: $0) })
        }
        expectClose(g, expected, relative: 1e-11, floor: 1e-12, "\(act) backward")
    }

    /// The fused stacked activation (`SeriesActivation`, tanh and sin) against the generic
    /// per-coefficient path (`CoordinateSeries.activation`, Cauchy products of tape tensors):
    /// values of orders 0 ... 5, a gradient (the fused pullback), and a gradient of that
    /// gradient (the pullback's own rule, through both its inputs), for the series of f and of f'.
    @Test(arguments: [Activation.tanh, .sin])
    func fusedSeriesActivationMatchesTheGenericPath(_ act: Activation) {
        let n = 3, w = 4
        for K in 0...5 {
            var rng = RandomStream(seed: UInt64(10 + K))
            let z = Tensor<Double>.uniform([(K + 1) * n, w], low: -1.5, high: 1.5, using: &rng).requiringGradient()
            let u = Tensor<Double>.uniform([(K + 1) * n, w], low: -1, high: 1, using: &rng)
            let blocks = (0...K).map { z.rows(($0 * n)..<(($0 + 1) * n)) }
            let fused = SeriesActivation(activation: act, derivative: 0, order: K).apply(z)
            let generic = Tensor.concatenatingRows(CoordinateSeries.activation(act, blocks, order: K))
            expectClose(fused, generic, relative: 1e-12, floor: 1e-13, "\(act) K = \(K) values")
            // Gradients of <u, y^2>, kept on the tape (the cotangent 2 u y depends on z, so
            // the second pass goes through both inputs of the pullback), then differentiated
            // again through a second contraction.
            let gf = gradient(of: (fused * fused * u).sum(), wrt: z, createGraph: true)
            let gg = gradient(of: (generic * generic * u).sum(), wrt: z, createGraph: true)
            expectClose(gf, gg, relative: 1e-11, floor: 1e-12, "\(act) K = \(K) gradient")
            let hf = gradient(of: (gf * gf).sum(), wrt: z), hg = gradient(of: (gg * gg).sum(), wrt: z)
            expectClose(hf, hg, relative: 1e-10, floor: 1e-11, "\(act) K = \(K) second-order")
            // The series of f': its coefficient 0 is f'(z_0), and a = 1 is what the pullback uses.
            let prime = SeriesActivation(activation: act, derivative: 1, order: K).apply(z.detached)
            let expected = Tensor<Double>(shape: [n, w], scalars: blocks[0].scalars.map { ActivationOracle.derivative(act, 1, at: $0) })
            expectClose(prime.rows(0..<n), expected, relative: 1e-12, floor: 1e-13, "\(act) K = \(K) f' value")
        }
    }

    @Test func fusedSeriesActivationInFloatMatchesDouble() {
        var rng = RandomStream(seed: 4)
        let z = Tensor<Double>.uniform([4 * 5, 3], low: -1, high: 1, using: &rng)
        for act in [Activation.tanh, .sin] {
            let d = SeriesActivation(activation: act, derivative: 0, order: 3).apply(z)
            let f = SeriesActivation(activation: act, derivative: 0, order: 3).apply(Tensor<Float>(shape: z.shape, scalars: z.scalars.map(Float.init)))
            expectClose(Tensor<Double>(shape: f.shape, scalars: f.scalars.map(Double.init)), d, relative: 1e-5, floor: 1e-6, "\(act) Float")
        }
    }

    @Test(arguments: Activation.allCases)
    func mlpSeriesMatchNestedReverseModeToOrderFour(_ act: Activation) {
        let net = MLP<Double>(MLP.Configuration(inputDimension: 3, outputDimension: 2, hidden: [8, 8, 8],
                                                activation: act, seed: 3))
        let x = Self.points(5, 3, seed: 1)
        for i in 0..<3 { Self.expectSeriesAgree(net, x, along: i, order: 4, "\(act) along x\(i)") }
    }

    /// The gated (modified) MLP's series: the gates mix by the Cauchy product.
    @Test func gatedNetworkSeriesAgree() {
        let plain = MLP<Double>(MLP.Configuration(inputDimension: 3, hidden: [6, 6, 6], inputLower: [0, -1, -2],
                                                  inputUpper: [1, 1, 2], gated: true, seed: 5))
        Self.expectSeriesAgree(plain, Self.points(4, 3, seed: 2), along: 1, order: 4, "gated")
        let embedded = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [8, 8], activation: .sin,
                                                     fourierMatrix: [[Double.pi, 2 * Double.pi], [0, 0.5]], gated: true, seed: 4))
        Self.expectSeriesAgree(embedded, Self.points(4, 2, seed: 3), along: 0, order: 3, "gated, periodic embedding")
    }

    @Test func inputScalingFourierFeaturesAndResidualConnections() {
        let random = MLP<Double>(MLP.Configuration(inputDimension: 3, hidden: [6, 6, 6], residual: true,
                                                   inputLower: [0, -1, -2], inputUpper: [1, 1, 2],
                                                   fourierFeatures: 4, fourierScale: 0.5, seed: 5))
        let x = Self.points(4, 3, seed: 2)
        Self.expectSeriesAgree(random, x, along: 2, order: 3, "random Fourier features, scaling, skips")
        let fixed = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [10, 10], activation: .sin,
                                                  inputLower: [-1, 0], inputUpper: [1, 1],
                                                  fourierMatrix: [[Double.pi, 2 * Double.pi, 0], [0, 0, 0.5]], seed: 4))
        Self.expectSeriesAgree(fixed, Self.points(4, 2, seed: 3), along: 0, order: 5, "periodic embedding")
        Self.expectSeriesAgree(fixed, Self.points(4, 2, seed: 3), along: 1, order: 3, "periodic embedding, along t")
        // Order 0 is the network itself.
        expectClose(fixed.series(at: x.gatheringColumns([0, 1]), along: 0, order: 0)[0], fixed(x.gatheringColumns([0, 1])),
                    relative: 1e-15)
    }

    @Test func hardConstraintCombinesTheSeriesByTheLeibnizRule() {
        // u = cos(pi x) + t (1 - x^2) N(x, t): offset and factor both depend on x.
        let net = MLP<Double>(inputDimension: 2, outputDimension: 1, hidden: [8, 8], seed: 6)
        let model = HardConstraint(net,
                                   offset: ClosureFunction(inputDimension: 2) { p in (p.column(0) * Double.pi).cos() },
                                   factor: ClosureFunction(inputDimension: 2) { p in p.column(1) * (1 - p.column(0).square()) })
        let x = Self.points(6, 2, seed: 4)
        Self.expectSeriesAgree(model, x, along: 0, order: 4, "hard constraint along x")
        Self.expectSeriesAgree(model, x, along: 1, order: 2, "hard constraint along t")
    }

    @Test(arguments: [Activation.tanh, .sin, .gelu])
    func parameterGradientsOfAThirdOrderResidualAgree(_ act: Activation) {
        // A KdV-like loss mean((u_t + u u_x + 0.1 u_xxx)^2) through both paths.
        let net = MLP<Double>(MLP.Configuration(inputDimension: 2, hidden: [8, 8], activation: act,
                                                fourierMatrix: [[Double.pi, 2 * Double.pi], [0, 0]], seed: 7))
        let model = HardConstraint(net, offset: ClosureFunction(inputDimension: 2) { p in (p.column(0) * Double.pi).cos() },
                                   factor: ClosureFunction(inputDimension: 2) { p in p.column(1) })
        let x = Self.points(7, 2, seed: 5)
        var plan = DerivativePlan<Double>(inputDimension: 2)
        let ux = plan.partial(0), ut = plan.partial(1)
        let d = model.derivatives(at: x, plan: plan)
        func grads(_ uxxx: Tensor<Double>) -> [Tensor<Double>] {
            let r = d[ut] + d.value * d[ux] + uxxx * 0.1
            return gradients(of: r.square().mean(), wrt: model.parameters)
        }
        let viaSeries = grads(model.derivatives(at: x, along: 0, order: 3)[3])
        let viaNested = grads(CoordinateSeries.derivatives(
            CoordinateSeries.nested(model.callAsFunction, at: x, coordinate: 0, order: 3))[3])
        for (a, b) in zip(viaSeries, viaNested) { expectClose(a, b, relative: 1e-9, floor: 1e-12, "\(act)") }
    }

    @Test func thirdDerivativeMatchesFiniteDifferences() {
        let net = MLP<Double>(inputDimension: 2, hidden: [12, 12], seed: 9)
        let x = Self.points(4, 2, seed: 6)
        let d = net.derivatives(at: x, along: 0, order: 3)
        let h = 1e-3
        func u(_ p: Int, _ delta: Double) -> Double {
            var xp = x.detached
            xp[p, 0] += delta
            return net(xp)[p, 0]
        }
        for p in 0..<4 {
            // Central differences, O(h^2): f''' = (f(2h) - 2 f(h) + 2 f(-h) - f(-2h)) / (2 h^3).
            let fd3 = (u(p, 2 * h) - 2 * u(p, h) + 2 * u(p, -h) - u(p, -2 * h)) / (2 * h * h * h)
            expectClose(d[3][p, 0], fd3, relative: 1e-4, "u_xxx at point \(p)")
            let fd1 = (u(p, h) - u(p, -h)) / (2 * h)
            expectClose(d[1][p, 0], fd1, relative: 1e-5, "u_x at point \(p)")
        }
    }

    @Test func floatSeriesFollowTheDoubleOnes() {
        let c = MLP<Double>.Configuration(inputDimension: 2, hidden: [8, 8], seed: 10)
        let xd = Self.points(5, 2, seed: 7)
        let xf = Tensor<Float>(shape: xd.shape, scalars: xd.scalars.map(Float.init))
        let netD = MLP<Double>(c)
        var netF = MLP<Float>(MLP<Float>.Configuration(inputDimension: 2, hidden: [8, 8], seed: 10))
        netF.parameters = netD.parameters.map { Tensor<Float>(shape: $0.shape, scalars: $0.scalars.map(Float.init)) }
        let sd = netD.derivatives(at: xd, along: 0, order: 3)
        let sf = netF.derivatives(at: xf, along: 0, order: 3)
        for k in 0...3 {
            let back = Tensor<Double>(shape: sf[k].shape, scalars: sf[k].scalars.map(Double.init))
            expectClose(back, sd[k], relative: 1e-4, "order \(k)")
        }
    }
}
