import Autodiff
@testable import Networks
import Foundation
import Testing
import TestSupport

@Suite struct DeepSetsNetworkTests {
    /// D inputs, S = the first D - 1 (the last one, "time", is passed straight to rho) or all
    /// of them; a box that scales each coordinate.
    func network(_ D: Int, pooledAll: Bool, act: Activation = .tanh, seed: UInt64 = 3) -> DeepSetsNetwork<Double> {
        let S = pooledAll ? Array(0..<D) : Array(0..<(D - 1))
        var lo = [Double](repeating: -2, count: D), hi = [Double](repeating: 1, count: D)
        if !pooledAll { lo[D - 1] = 0; hi[D - 1] = 3 }
        return DeepSetsNetwork(.init(inputDimension: D, outputDimension: 2, pooled: S, features: 4, featureHidden: [6, 6],
                                     hidden: [7, 7], activation: act, inputLower: lo, inputUpper: hi, seed: seed))
    }

    @Test(arguments: [true, false])
    func taylorPathAgreesWithNestedReverseMode(_ pooledAll: Bool) {
        for D in [3, 6] {
            var rng = RandomStream(seed: UInt64(D))
            let net = network(D, pooledAll: pooledAll)
            let n = 5
            let x = Tensor<Double>.uniform([n, D], low: -1, high: 1, using: &rng)
            let plan = fullPlan(D, n: n, rng: &rng)
            expectClose(net.derivatives(at: x, plan: plan, engine: .taylor).stack,
                        net.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10, "D=\(D) all=\(pooledAll)")
        }
    }

    @Test func valueOnlyAndFirstOrderOnlyPlans() {
        var rng = RandomStream(seed: 2)
        let net = network(4, pooledAll: false, act: .sin)
        let x = Tensor<Double>.uniform([3, 4], low: -1, high: 1, using: &rng)
        let none = DerivativePlan<Double>(inputDimension: 4)
        expectClose(net.derivatives(at: x, plan: none).stack, net(x), relative: 1e-13)
        var first = DerivativePlan<Double>(inputDimension: 4)
        _ = first.gradient([3, 1])
        expectClose(net.derivatives(at: x, plan: first, engine: .taylor).stack,
                    net.derivatives(at: x, plan: first, engine: .nested).stack, relative: 1e-10)
    }

    /// Permuting the pooled coordinates leaves u unchanged; permuting a pooled with an
    /// unpooled one does not.
    @Test func invariantUnderPermutationsOfThePooledCoordinates() {
        var rng = RandomStream(seed: 7)
        let D = 6, net = network(D, pooledAll: false)
        let x = Tensor<Double>.uniform([8, D], low: -1, high: 1, using: &rng)
        let perm = [3, 0, 4, 1, 2, 5]
        expectClose(net(x.gatheringColumns(perm)), net(x), relative: 1e-12)
        let swapTime = [0, 1, 2, 3, 5, 4]
        #expect(net(x.gatheringColumns(swapTime)).maxAbsDifference(net(x)) > 1e-3)
    }

    /// The heat equation's residual loss: parameter gradients through the Taylor path equal
    /// those through nested reverse mode.
    @Test func parameterGradientsOfAResidualLossAgree() {
        var rng = RandomStream(seed: 11)
        let D = 5, net = network(D, pooledAll: false, act: .gelu)
        let x = Tensor<Double>.uniform([6, D], low: -1, high: 1, using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: D)
        let ut = plan.partial(D - 1)
        let lap = plan.laplacian(Array(0..<(D - 1)))
        func loss(_ e: DerivativeEngine) -> [Tensor<Double>] {
            let d = net.derivatives(at: x, plan: plan, engine: e)
            let r = d[ut] - d[lap] + d.value.square()
            return gradients(of: r.square().mean(), wrt: net.parameters)
        }
        for (j, (a, b)) in zip(loss(.taylor), loss(.nested)).enumerated() { expectClose(a, b, relative: 1e-9, "parameter \(j)") }
    }

    /// The same through a hard constraint u = g + d N (the channel's cross term 2 d_v N_v is
    /// one weighted sum over N's direction blocks).
    @Test func parameterGradientsThroughAHardConstraintAgree() {
        var rng = RandomStream(seed: 13)
        let D = 5
        let u = HardConstraint(network(D, pooledAll: false), offset: ClosureFunction<Double>(inputDimension: D) { $0.sin().sum(alongAxis: 1) },
                               factor: BallDistance(inputDimension: D))
        let x = Tensor<Double>.uniform([6, D], low: -0.5, high: 0.5, using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: D)
        let ut = plan.partial(D - 1)
        let lap = plan.laplacian(Array(0..<(D - 1)))
        let trace = plan.weightedTrace(diagonal: Tensor<Double>.uniform([6, D - 1], using: &rng), coordinates: Array(0..<(D - 1)))
        func loss(_ e: DerivativeEngine) -> [Tensor<Double>] {
            let d = u.derivatives(at: x, plan: plan, engine: e)
            let r = d[ut] - d[lap] + d[trace] * 0.3 + d.value.square()
            return gradients(of: r.square().mean(), wrt: u.parameters)
        }
        for (j, (a, b)) in zip(loss(.taylor), loss(.nested)).enumerated() { expectClose(a, b, relative: 1e-9, "parameter \(j)") }
    }

    /// Above q + K^2 blocks (q = |O| + K) the plan goes through rho's Hessian in the
    /// pooled space: values and parameter gradients equal nested reverse mode's, with and
    /// without a hard constraint, for Laplacians, Hessian diagonals and weighted traces over S.
    @Test func pooledHessianRouteAgreesWithNestedReverseMode() {
        var rng = RandomStream(seed: 17)
        let D = 40, S = Array(0..<(D - 1)), n = 4
        let net = network(D, pooledAll: false, act: .tanh)
        let single = DeepSetsNetwork<Double>(.init(inputDimension: D, pooled: S, features: 4, featureHidden: [],
                                                   hidden: [7, 7], inputLower: net.configuration.inputLower,
                                                   inputUpper: net.configuration.inputUpper, seed: 5))
        let x = Tensor<Double>.uniform([n, D], low: -1, high: 1, using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: D)
        let ut = plan.partial(D - 1)
        let lap = plan.laplacian(S)
        let diag = plan.hessianDiagonal([3, 7])
        let trace = plan.weightedTrace(diagonal: Tensor<Double>.uniform([n, D - 1], using: &rng), coordinates: S)
        #expect(single.usesPooledHessian(plan) && !net.usesPooledHessian(plan))   // net has two outputs
        expectClose(single.derivatives(at: x, plan: plan, engine: .taylor).stack,
                    single.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10)
        let u = HardConstraint(single, offset: ClosureFunction<Double>(inputDimension: D) { $0.sin().sum(alongAxis: 1) },
                               factor: AffineFunction(weights: [Double](repeating: 0, count: D - 1) + [0.3], bias: 0))
        func loss(_ e: DerivativeEngine) -> [Tensor<Double>] {
            let d = u.derivatives(at: x, plan: plan, engine: e)
            let r = d[ut] - d[lap] + d[trace] * 0.3 + d[diag[1]] * d[diag[0]] + d.value.square()
            return gradients(of: r.square().mean(), wrt: u.parameters)
        }
        for (j, (a, b)) in zip(loss(.taylor), loss(.nested)).enumerated() { expectClose(a, b, relative: 1e-9, "parameter \(j)") }
        // A plan with a mixed partial (its terms leave the coordinate directions) takes the direct path.
        var mixed = plan
        _ = mixed.secondPartial(0, 1)
        #expect(!single.usesPooledHessian(mixed))
        expectClose(single.derivatives(at: x, plan: mixed, engine: .taylor).stack,
                    single.derivatives(at: x, plan: mixed, engine: .nested).stack, relative: 1e-10)
    }

    /// The centring constant is the mean of phi over [-1, 1]: Gauss-Legendre against the
    /// closed-form integrals of 1, y^2, y^30 and cos.
    @Test func gaussLegendreIntegratesPolynomialsExactly() {
        let (x, w) = gaussLegendre(16)
        func integral(_ f: (Double) -> Double) -> Double { zip(x, w).reduce(0) { $0 + $1.1 * f($1.0) } }
        expectClose(integral { _ in 1 }, 2, relative: 1e-14)
        expectClose(integral { $0 * $0 }, 2.0 / 3, relative: 1e-14)
        expectClose(integral { Foundation.pow($0, 30) }, 2.0 / 31, relative: 1e-12)
        expectClose(integral { Foundation.cos($0) }, 2 * Foundation.sin(1), relative: 1e-14)
    }

    /// Pooled features have mean zero over the box (the centring), whatever |S|.
    @Test func pooledFeaturesAreCentred() {
        let D = 200
        let net = DeepSetsNetwork<Double>(.init(inputDimension: D, pooled: Array(0..<D), features: 3, featureHidden: [8],
                                                hidden: [4], seed: 1))
        var rng = RandomStream(seed: 5)
        let x = Tensor<Double>.uniform([400, D], low: -1, high: 1, using: &rng)
        let f = net.pooledFeatures(x)
        let mean = f.mean(alongAxis: 0).scalars, sd = (f.square().mean(alongAxis: 0).scalars).map { $0.squareRoot() }
        // The sample mean of 400 order-one features is within 4 / sqrt(400) of 0.
        for (m, s) in zip(mean, sd) { #expect(abs(m) < 4 * s / 20 && s > 1e-3, "mean \(m), sd \(s)") }
    }
}
