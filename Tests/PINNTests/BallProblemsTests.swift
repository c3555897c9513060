import Autodiff
import Foundation
import Networks
import Testing
import TestSupport
@testable import PINN
@testable import Problems

/// The ball problems (poisson-ball, allen-cahn-ball, sine-gordon-ball): the closed-form
/// two-body kernels against independent oracles, the residuals on the exact solution, the
/// sampler's law, and reduced-budget training.
@Suite struct BallProblemsTests {
    /// The two-body solution written as differentiable tensor operations: the oracle the
    /// closed-form kernel is checked against (nested reverse mode differentiates it).
    static func oracle(_ x: Tensor<Double>, _ c: [Double]) -> Tensor<Double> {
        let d = x.shape[1]
        let p = x.gatheringColumns(Array(0..<(d - 1))), q = x.gatheringColumns(Array(1..<d))
        let phi = p + q.cos() + q * p.cos()
        let s = phi.sin().matmul(Tensor(shape: [d - 1, 1], scalars: c))
        return (1 - x.squaredNorm(alongAxis: 1)) * s
    }

    static func points(_ n: Int, _ d: Int, seed: UInt64 = 5) -> Tensor<Double> {
        var rng = RandomStream(seed: seed, stream: 1)
        return RadiusUniformBall.points(n, dimension: d, using: &rng)
    }

    @Test(arguments: [5, 50])
    func closedFormLaplacianMatchesNestedReverseMode(d: Int) {
        let exact = TwoBodySolution(dimension: d, seed: 2024)
        let x = Self.points(16, d)
        var plan = DerivativePlan<Double>(inputDimension: d)
        let lap = plan.laplacian()
        let nested = NestedEngine.evaluate({ Self.oracle($0, exact.coefficients) }, at: x, plan: plan)
        let (u, l) = exact.evaluate(x)
        expectClose(Tensor(shape: [16, 1], scalars: u), nested.value.detached, relative: 1e-12, "u at d = \(d):")
        expectClose(Tensor(shape: [16, 1], scalars: l), nested[lap].detached, relative: 1e-8, "Lap u at d = \(d):")
    }

    /// Central second differences (h = 1e-4): truncation h^2 u''''/12 and rounding
    /// eps |u| / h^2 both about 1e-8 of the scale, so 1e-6 relative.
    @Test func closedFormLaplacianMatchesFiniteDifferences() {
        let d = 5, h = 1e-4
        let exact = TwoBodySolution(dimension: d, seed: 2024)
        let x = Self.points(8, d)
        let (u0, l) = exact.evaluate(x)
        var fd = [Double](repeating: 0, count: 8)
        for k in 0..<d {
            var plus = x, minus = x
            for i in 0..<8 { plus[i, k] += h; minus[i, k] -= h }
            let up = exact.evaluate(plus, laplacian: false).u, um = exact.evaluate(minus, laplacian: false).u
            for i in 0..<8 { fd[i] += (up[i] - 2 * u0[i] + um[i]) / (h * h) }
        }
        expectClose(Tensor(shape: [8, 1], scalars: l), Tensor(shape: [8, 1], scalars: fd), relative: 1e-6, "Lap u vs finite differences:")
    }

    /// Each problem's residual closure, answered with the exact solution's derivatives
    /// (nested reverse mode on the tensor oracle), vanishes: this checks f, the reaction
    /// term and the signs of the equation together.
    @Test(arguments: [5, 50])
    func residualsVanishOnTheExactSolution(d: Int) throws {
        let defs: [any ProblemDefinition] = [PoissonBall(), AllenCahnBall(), SineGordonBall()]
        for def in defs {
            let p: Problem<Double> = try def.make(Double.self, options: ProblemOptions(dimension: d))
            var rng = RandomStream(seed: 9, stream: 4)
            let x = try p.interior(12, &rng)
            let recorded = RecordedResidual(p.residual, recordingOn: Field<Double>(points: x, inputNames: p.inputNames))
            let c = TwoBodySolution(dimension: d, seed: BallTwoBody.coefficientSeed).coefficients
            let r = recorded(Field<Double>(points: x, inputNames: p.inputNames)) { x, plan in
                NestedEngine.evaluate({ Self.oracle($0, c) }, at: x, plan: plan)
            }[0].detached
            let scale = TwoBodySolution(dimension: d, seed: BallTwoBody.coefficientSeed).evaluate(x).lap.map(abs).max()!
            let worst = r.scalars.map(abs).max()! / scale
            #expect(worst < 1e-8, "\(def.name), d = \(d): residual of the exact solution \(worst) relative to max |Lap u| = \(scale)")
        }
    }

    @Test func exactSolutionVanishesOnTheSphere() {
        for d in [3, 100, 10_000] {
            var rng = RandomStream(seed: 3, stream: 2)
            var z = Tensor<Double>.normal([8, d], using: &rng)
            for i in 0..<8 {
                var s = 0.0
                for k in 0..<d { s += z[i, k] * z[i, k] }
                for k in 0..<d { z[i, k] /= s.squareRoot() }
            }
            let exact = TwoBodySolution(dimension: d, seed: 2024)
            let onSphere = exact.evaluate(z, laplacian: false).u.map(abs).max()!
            let inside = exact.evaluate(Self.points(64, d), laplacian: false).u.map(abs).max()!
            #expect(onSphere < 1e-12 * max(inside, 1), "d = \(d): |u| on the sphere \(onSphere), inside up to \(inside)")
        }
    }

    /// The radius r = |x| is U(0, 1): mean 1/2, mean square 1/3 (standard errors 0.002
    /// at n = 20,000), and the mean point is the origin.
    @Test func radiusUniformSamplerLaw() {
        let n = 20_000, d = 20
        let x = Self.points(n, d, seed: 11)
        var m1 = 0.0, m2 = 0.0, c0 = 0.0
        for i in 0..<n {
            var s = 0.0
            for k in 0..<d { s += x[i, k] * x[i, k] }
            let r = s.squareRoot()
            #expect(r <= 1 + 1e-12)
            m1 += r; m2 += r * r; c0 += x[i, 0]
        }
        m1 /= Double(n); m2 /= Double(n); c0 /= Double(n)
        #expect(abs(m1 - 0.5) < 0.01, "mean radius \(m1), expected 1/2")
        #expect(abs(m2 - 1.0 / 3) < 0.01, "mean squared radius \(m2), expected 1/3")
        #expect(abs(c0) < 0.02, "mean first coordinate \(c0), expected 0")
    }

    @Test func rejectsBadDimensions() {
        #expect(throws: SettingsError.self) { try PoissonBall().make(Float.self, options: ProblemOptions(dimension: 1)) }
    }
}
