import Autodiff
import Networks
import Testing
import TestSupport

@Suite struct ClosedForms {
    /// u = w2 f(w1 . x + b1) + b2 has gradient w2 f'(z) w1 and Laplacian w2 f''(z) |w1|^2.
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
                let (f, f1, f2, _) = act.derivatives(at: z)
                expectClose(d.value[p, 0], w2 * f + b2, relative: 1e-14)
                for i in 0..<3 { expectClose(d[g[i]][p, 0], w2 * f1 * w1[i], relative: 1e-13) }
                expectClose(d[lap][p, 0], w2 * f2 * w1.reduce(0) { $0 + $1 * $1 }, relative: 1e-13, "\(act) \(engine)")
            }
        }
    }

    /// The closed-form activation derivatives agree with Taylor-series recurrences.
    @Test(arguments: Activation.allCases)
    func activationDerivativesAgainstSeries(_ act: Activation) {
        for z in stride(from: -3.0, through: 3.0, by: 0.37) {
            let d = act.derivatives(at: z)
            let closed = [d.0, d.1, d.2, d.3]
            for k in 0...3 {
                expectClose(closed[k], TaylorCoefficients<Double>.derivative(of: act, order: k, at: z),
                            relative: 1e-12, floor: 1e-12, "\(act)^(\(k))(\(z))")
            }
        }
    }

    /// Fourth and fifth derivatives through nested reverse mode match the series.
    @Test func highOrderNestedDerivatives() {
        for act in Activation.allCases {
            let x = Tensor<Double>([0.3, -1.2]).requiringGradient()
            var d = act(x)
            for _ in 0..<5 { d = gradient(of: d.sum(), wrt: x, createGraph: true) }
            for (i, z) in [0.3, -1.2].enumerated() {
                expectClose(d[flat: i], TaylorCoefficients<Double>.derivative(of: act, order: 5, at: z),
                            relative: 1e-9, floor: 1e-9, "\(act)^(5)")
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
