import Autodiff
import Networks
import Testing
import TestSupport

@Suite struct Estimators {
    let D = 10
    var net: MLP<Double> { MLP<Double>(inputDimension: D, hidden: [16, 16], seed: 21) }
    var x: Tensor<Double> { var r = RandomStream(seed: 1); return Tensor.uniform([1, D], low: -1, high: 1, using: &r) }

    func exact() -> (lap: Double, diag: [Double]) {
        var plan = DerivativePlan<Double>(inputDimension: D)
        let lap = plan.laplacian()
        let diag = plan.hessianDiagonal()
        let d = net.derivatives(at: x, plan: plan)
        return (d[lap].scalar, diag.map { d[$0].scalar })
    }

    func draws(_ count: Int, seed: UInt64, _ add: (inout DerivativePlan<Double>, inout RandomStream) -> DerivativePlan<Double>.SecondOrder) -> (mean: Double, variance: Double) {
        var rng = RandomStream(seed: seed)
        let net = self.net, x = self.x
        var s = 0.0, s2 = 0.0
        for _ in 0..<count {
            var plan = DerivativePlan<Double>(inputDimension: D)
            let h = add(&plan, &rng)
            let v = net.derivatives(at: x, plan: plan)[h].scalar
            s += v; s2 += v * v
        }
        let m = s / Double(count)
        return (m, (s2 - Double(count) * m * m) / Double(count - 1))
    }

    @Test(arguments: DerivativePlan<Double>.Probe.allCases)
    func hutchinsonIsUnbiasedAndVarianceFallsAsOneOverK(_ probe: DerivativePlan<Double>.Probe) {
        let truth = exact().lap
        let n = 10_000
        let k1 = draws(n, seed: 5) { p, r in p.hutchinsonLaplacian(probes: 1, distribution: probe, using: &r) }
        let se = (k1.variance / Double(n)).squareRoot()
        #expect(Swift.abs(k1.mean - truth) < 4 * se, "mean \(k1.mean) vs exact \(truth), 4 SE = \(4 * se)")
        let k4 = draws(4_000, seed: 6) { p, r in p.hutchinsonLaplacian(probes: 4, distribution: probe, using: &r) }
        let ratio = k1.variance / k4.variance
        #expect(ratio > 3.2 && ratio < 4.8, "variance ratio k=1/k=4 is \(ratio), expected 4")
    }

    @Test func dimensionSamplingIsUnbiasedWithItsExactVariance() {
        let (truth, diag) = exact()
        let n = 10_000
        for k in [1, 3] {
            let r = draws(n, seed: UInt64(10 + k)) { p, r in p.sampledLaplacian(samples: k, using: &r) }
            let se = (r.variance / Double(n)).squareRoot()
            #expect(Swift.abs(r.mean - truth) < 4 * se, "k=\(k): mean \(r.mean) vs exact \(truth), 4 SE = \(4 * se)")
            // Sampling k of d without replacement: Var = d^2 S^2 / k * (d - k) / d, S^2 the
            // variance of the diagonal entries with divisor d - 1.
            let d = Double(D), mean = truth / d
            let S2 = diag.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (d - 1)
            let expected = d * d * S2 / Double(k) * (d - Double(k)) / d
            expectClose(r.variance, expected, relative: 0.1, "k=\(k) variance")
        }
    }
}
