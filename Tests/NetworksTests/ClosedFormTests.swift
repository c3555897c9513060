import Autodiff
import Foundation
import Networks
import Testing
import TestSupport

@Suite struct ClosedForms {
    /// u = w2 f(w1 . x + b1) + b2 has gradient w2 f'(z) w1 and Laplacian w2 f''(z) |w1|^2, with
    /// f, f' and f'' from the written-out closed forms of `ActivationOracle` (not from
    /// `Activation.derivatives`, which the engines use).
    @Test(arguments: Activation.allCases)
    func oneNeuronNetwork(_ act: Activation) {
        var net = MLP<Double>(inputDimension: 3, hidden: [1], activation: act)
        let w1 = [0.3, -0.7, 1.1], b1 = 0.2, w2 = 1.7, b2 = -0.4
        net.parameters = [Tensor(shape: [3, 1], scalars: w1), Tensor([b1]), Tensor(shape: [1, 1], scalars: [w2]), Tensor([b2])]
        let x = Tensor<Double>(rows: [[0.1, 0.2, -0.3], [-0.5, 0.4, 0.9]])
        var plan = DerivativePlan<Double>(inputDimension: 3)
        let g = plan.gradient(), lap = plan.laplacian()
        for engine in DerivativeEngine.allCases {
            let d = net.derivatives(at: x, plan: plan, engine: engine)
            for p in 0..<2 {
                let z = zip(w1, x.rows[p]).reduce(b1) { $0 + $1.0 * $1.1 }
                let (f, f1, f2) = (ActivationOracle.derivative(act, 0, at: z), ActivationOracle.derivative(act, 1, at: z),
                                   ActivationOracle.derivative(act, 2, at: z))
                expectClose(d.value[p, 0], w2 * f + b2, relative: 1e-13, "\(act) \(engine) value")
                for i in 0..<3 {
                    expectClose(d[g[i]][p, 0], w2 * f1 * w1[i], relative: 1e-12, "\(act) \(engine) u_x\(i)")
                }
                expectClose(d[lap][p, 0], w2 * f2 * w1.reduce(0) { $0 + $1 * $1 }, relative: 1e-12, "\(act) \(engine) Laplacian")
            }
        }
    }

    /// The oracle itself: its derivatives of order k are central differences of its order
    /// k - 1 (h = 1e-4: truncation h^2 |f^(k+2)| / 6 and round-off 1e-16 / h, both below
    /// 1e-7 of the largest value), its values are the definitions, and tanh's odd
    /// derivatives at 0 are the published series tanh x = x - x^3/3 + 2 x^5/15 - 17 x^7/315.
    @Test func activationOracleIsConsistent() {
        let h = 1e-4, zs = Array(stride(from: -2.9, through: 2.9, by: 0.29))
        for act in Activation.allCases {
            for k in 1...7 {
                let exact = zs.map { ActivationOracle.derivative(act, k, at: $0) }
                let fd = zs.map { (ActivationOracle.derivative(act, k - 1, at: $0 + h) - ActivationOracle.derivative(act, k - 1, at: $0 - h)) / (2 * h) }
                expectClose(Tensor(fd), Tensor(exact), relative: 1e-6, "\(act) order \(k) against differences of order \(k - 1)")
            }
        }
        for z in zs {
            let s = 1 / (1 + Foundation.exp(-z)), gelu = 0.5 * z * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (z + 0.044715 * z * z * z)))
            for (act, value) in [(Activation.sigmoid, s), (.tanh, Foundation.tanh(z)), (.softplus, Foundation.log(1 + Foundation.exp(z))),
                                 (.silu, z * s), (.gelu, gelu), (.sin, Foundation.sin(z))] {
                expectClose(ActivationOracle.derivative(act, 0, at: z), value, relative: 1e-14, floor: 1e-14, "\(act)(\(z))")
            }
        }
        for (k, value) in [(1, 1.0), (3, -2.0), (5, 16.0), (7, -272.0)] {
            expectClose(ActivationOracle.tanh(k, 0), value, relative: 1e-13, "tanh^(\(k))(0)")
        }
    }

    /// The library's closed forms (orders 0 ... 3) and its Taylor-series recurrences (orders
    /// 0 ... 7) against the written-out closed forms.
    @Test(arguments: Activation.allCases)
    func activationDerivativesAgainstTheOracle(_ act: Activation) {
        for z in stride(from: -3.0, through: 3.0, by: 0.37) {
            let d = act.derivatives(at: z)
            let closed = [d.0, d.1, d.2, d.3]
            let oracle = (0...7).map { ActivationOracle.derivative(act, $0, at: z) }
            for k in 0...7 {
                // Relative to the largest derivative of order <= 7 at z (some vanish near z = 0).
                let scale = oracle.map(Swift.abs).max()!
                if k <= 3 { expectClose(closed[k], oracle[k], relative: 1e-12, floor: scale, "\(act)^(\(k))(\(z)) closed form") }
                expectClose(TaylorCoefficients<Double>.derivative(of: act, order: k, at: z), oracle[k],
                            relative: 1e-11, floor: scale, "\(act)^(\(k))(\(z)) series")
            }
        }
    }

    /// Fourth, fifth and sixth derivatives through nested reverse mode match the written-out
    /// closed forms.
    @Test func highOrderNestedDerivatives() {
        for act in Activation.allCases {
            let x = Tensor<Double>([0.3, -1.2, 2.1]).requiringGradient()
            var d = act(x)
            for order in 1...6 {
                d = gradient(of: d.sum(), wrt: x, createGraph: order < 6)
                guard order >= 4 else { continue }
                let expected = Tensor<Double>([0.3, -1.2, 2.1].map { ActivationOracle.derivative(act, order, at: $0) })
                expectClose(d, expected, relative: 1e-9, "\(act)^(\(order))")
            }
        }
    }

    /// With the output transform u = g + 0 * N and g = sin(pi x) sin(pi y), the Laplacian
    /// is -2 pi^2 g exactly, whatever the network.
    @Test func outputTransformGivesExactLaplacian() {
        let g = ClosureFunction<Double>(inputDimension: 2) { x in
            (x.column(0) * Double.pi).sin() * (x.column(1) * Double.pi).sin()
        }
        let zero = ClosureFunction<Double>(inputDimension: 2) { x in x.column(0) * 0 }
        let u = HardConstraint(MLP<Double>(inputDimension: 2, hidden: [8, 8], seed: 1), offset: g, factor: zero)
        var rng = RandomStream(seed: 3)
        let x = Tensor<Double>.uniform([10, 2], using: &rng)
        var plan = DerivativePlan<Double>(inputDimension: 2)
        let lap = plan.laplacian()
        for engine in DerivativeEngine.allCases {
            let d = u.derivatives(at: x, plan: plan, engine: engine)
            expectClose(d[lap], g(x) * (-2 * Double.pi * Double.pi), relative: 1e-12)
        }
    }

    @Test func hardConstraintEnginesAgree() {
        var rng = RandomStream(seed: 12)
        let D = 6
        let g = ClosureFunction<Double>(inputDimension: D) { x in x.square().sum(alongAxis: 1).sin() }
        let u = HardConstraint(MLP<Double>(inputDimension: D, outputDimension: 2, hidden: [9, 9], seed: 4),
                               offset: g, factor: BallDistance(inputDimension: D))
        let x = Tensor<Double>.uniform([5, D], low: -0.5, high: 0.5, using: &rng)
        let plan = fullPlan(D, n: 5, rng: &rng)
        expectClose(u.derivatives(at: x, plan: plan, engine: .taylor).stack,
                    u.derivatives(at: x, plan: plan, engine: .nested).stack, relative: 1e-10)
        // And u vanishes on the sphere.
        let z = Tensor<Double>.normal([4, D], using: &rng)
        let onSphere = z.multiplyingColumn(1 / z.squaredNorm(alongAxis: 1).sqrt())
        let uz = u(onSphere) - Tensor.concatenatingRows([g(onSphere).transposed(), g(onSphere).transposed()]).transposed()
        #expect(uz.scalars.allSatisfy { Swift.abs($0) < 1e-12 })
    }
}
