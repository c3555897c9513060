import Autodiff
import Networks
import Testing
import TestSupport

/// The Taylor engine's first layer takes coordinate directions e_i as gathered rows of W_1
/// and dense directions v through the product v W_1. At d = 50 both paths give the same
/// Laplacian, loss and parameter gradient to round-off (the issue-12 check), in the sampled
/// (stochastic) form as well as the exact one.
@Suite struct GatheredTangents {
    @Test(arguments: [50])
    func gatheredAndDensePathsAgree(_ d: Int) {
        var rng = RandomStream(seed: 50)
        let net = MLP<Double>(inputDimension: d, hidden: [32, 32], seed: 6)
        let x = Tensor<Double>.uniform([8, d], low: -0.5, high: 0.5, using: &rng)
        let sampled = Array(stride(from: 1, to: d, by: 3))   // 17 coordinates, weight d/k

        func lossAndGradient(dense: Bool) -> (Tensor<Double>, [Tensor<Double>]) {
            var plan = DerivativePlan<Double>(inputDimension: d)
            let w = Double(d) / Double(sampled.count)
            let terms: [DerivativePlan<Double>.Term] = sampled.map { i in
                if dense {
                    var v = [Double](repeating: 0, count: d)
                    v[i] = 1
                    return .init(direction: plan.directional(v), weight: w)
                }
                return .init(direction: plan.partial(i), weight: w)
            }
            let lap = plan.channel(terms)
            let u = net.derivatives(at: x, plan: plan, engine: .taylor)
            let r = u[lap] + u.value.sin()
            let loss = r.square().mean()
            return (u[lap], gradients(of: loss, wrt: net.parameters))
        }
        let (lapG, gG) = lossAndGradient(dense: false)
        let (lapD, gD) = lossAndGradient(dense: true)
        expectClose(lapG, lapD, relative: 1e-12, "Laplacian estimate")
        for (a, b) in zip(gG, gD) { expectClose(a, b, relative: 1e-11, "parameter gradient") }
    }
}
