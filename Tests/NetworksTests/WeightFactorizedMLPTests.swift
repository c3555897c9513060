import Autodiff
import Networks
import Testing
import TestSupport

/// Random weight factorisation: the same function as the plain MLP at initialisation, W = V
/// diag(exp(s)) after any update, and parameter gradients that agree with finite differences.
@Suite struct WeightFactorizedMLPTests {
    static func plain() -> MLP<Double> { MLP(inputDimension: 2, outputDimension: 2, hidden: [5, 4], seed: 3) }
    static let x = Tensor<Double>(rows: [[0.1, -0.4], [0.7, 0.2], [-0.3, 0.9]])

    @Test func startsAsThePlainNetwork() {
        let m = Self.plain(), f = WeightFactorizedMLP(m, seed: 8)
        #expect(f(Self.x).maxAbsDifference(m(Self.x)) <= 1e-14)
        // Each layer adds its scales: s, V, b per layer.
        #expect(f.parameters.count == 9 && f.parameterCount == m.parameterCount + 5 + 4 + 2)
        let s = f.parameters[0].scalars
        #expect(s.allSatisfy { abs($0 - 1) < 0.5 } && Set(s).count == s.count, "scales \(s)")
    }

    /// After setting new (s, V, b) the network is the MLP with W = V diag(exp(s)).
    @Test func setParametersAreTheFactorisedWeights() {
        var f = WeightFactorizedMLP(Self.plain(), seed: 8)
        var rng = RandomStream(seed: 11)
        let p = f.parameters.map { t in Tensor<Double>(shape: t.shape) { _ in rng.normal(Double.self) } }
        f.parameters = p
        var m = Self.plain()
        var plain: [Tensor<Double>] = []
        for l in 0..<3 {
            let s = p[3 * l].scalars, V = p[3 * l + 1].scalars
            let W: [Double] = V.indices.map { i in V[i] * Double.exp(s[i % s.count]) }
            plain += [Tensor(shape: p[3 * l + 1].shape, scalars: W), p[3 * l + 2]]
        }
        m.parameters = plain
        #expect(f(Self.x).maxAbsDifference(m(Self.x)) <= 1e-12)
        // Input derivatives are the plain network's (Taylor mode).
        var plan = DerivativePlan<Double>(inputDimension: 2)
        _ = plan.laplacian([0, 1])
        #expect(f.taylor(Self.x, plan: plan).stack.maxAbsDifference(m.taylor(Self.x, plan: plan).stack) <= 1e-11)
    }

    /// The gradient of a loss with respect to s, V and b, against central differences.
    @Test func gradientsAgreeWithFiniteDifferences() {
        var f = WeightFactorizedMLP(Self.plain(), seed: 8)
        func loss(_ p: [Tensor<Double>]) -> Tensor<Double> {
            f.parameters = p
            let u = f(Self.x)
            return (u * u).sum()
        }
        let p0 = f.parameters
        let g = gradients(of: loss(p0), wrt: f.parameters)
        let h = 1e-6
        for (k, t) in p0.enumerated() {
            for i in [0, t.count - 1] {
                var plus = p0.map(\.detached), minus = p0.map(\.detached)
                var a = plus[k].scalars; a[i] += h; plus[k] = Tensor(shape: t.shape, scalars: a)
                var b = minus[k].scalars; b[i] -= h; minus[k] = Tensor(shape: t.shape, scalars: b)
                let fd = (loss(plus).scalar - loss(minus).scalar) / (2 * h)
                #expect(abs(g[k].scalars[i] - fd) <= 1e-7 * Swift.max(1, abs(fd)), "tensor \(k) entry \(i): \(g[k].scalars[i]) vs \(fd)")
            }
        }
    }
}
