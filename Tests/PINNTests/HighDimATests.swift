import Foundation
import Testing
import TestSupport
@testable import PINN
import Problems

/// The high-dimensional bundled problems: their references (exact solutions satisfy the
/// PDEs, Monte Carlo against quadrature and published values) and reduced-budget training.
@Suite struct HighDimATests {
    /// The problem's first residual with u replaced by an exact solution given as tensor
    /// operations (its derivatives by nested reverse mode), at `points`.
    static func residual(of problem: Problem<Double>, exact: @escaping (Tensor<Double>) -> Tensor<Double>,
                         at points: Tensor<Double>) -> Tensor<Double> {
        let field = Field(points: points, normals: nil, targets: nil, inputNames: problem.inputNames,
                          timeIndex: problem.timeIndex, unknowns: [:], estimator: .exact, rng: RandomStream(seed: 1))
        _ = problem.residual(field)
        let d = ClosureFunction<Double>(inputDimension: points.shape[1], exact).taylor(points, plan: field.plan)
        field.mode = .answering(d)
        field.cursor = 0
        return problem.residual(field)[0]
    }

    // MARK: References

    @Test(arguments: [10, 100])
    func heatExactSolutionSatisfiesThePDE(d: Int) throws {
        let p = try HeatND().make(Double.self, options: ProblemOptions(dimension: d))
        var rng = testStream(5)
        let pts: Tensor<Double> = try p.interior(8, &rng)
        let r = Self.residual(of: p, exact: { HeatND.exact($0, dimension: d) }, at: pts)
        let worst = r.scalars.map(Swift.abs).max()!
        #expect(worst < 1e-8, "heat-nd d = \(d): exact solution leaves residual \(worst)")
        // And the hard constraint reproduces the initial value.
        var x0 = pts
        for i in 0..<8 { x0[i, d] = 0 }
        let g = p.offset!(x0)
        #expect(g.maxAbsDifference(HeatND.exact(x0, dimension: d)) < 1e-14)
    }

    @Test func blackScholesBarenblattExactSolutionSatisfiesThePDE() throws {
        let p = try BlackScholesBarenblatt100D().make(Double.self, options: ProblemOptions())
        var rng = testStream(6)
        let pts: Tensor<Double> = try p.interior(8, &rng)
        let r = Self.residual(of: p, exact: { BlackScholesBarenblatt100D.exact($0) }, at: pts)
        let worst = r.scalars.map(Swift.abs).max()!
        #expect(worst < 1e-8, "black-scholes-barenblatt: exact solution leaves residual \(worst)")
        let u0 = BlackScholesBarenblatt100D.exact(Tensor(shape: [1, 101], scalars: BlackScholesBarenblatt100D.start + [0])).scalar
        #expect(Swift.abs(u0 - 77.10488) < 5e-5, "u(0, x0) = \(u0), published 77.10488")
        #expect(Swift.abs(p.reference.point!.value - u0) < 1e-12)
    }

    @Test func hjbQuadratureMatchesPublishedValue() {
        let q = HJB100D.chiSquareQuadrature()
        #expect(Swift.abs(q - 4.5901617) < 1e-6, "chi-square quadrature gives \(q), published 4.5901617")
    }

    @Test func hjbMonteCarloAgreesWithQuadrature() {
        let mc = HJB100D.coleHopf(t: 0, x: [Double](repeating: 0, count: 100), samples: 1 << 16, seed: 7)
        let q = HJB100D.chiSquareQuadrature()
        #expect(Swift.abs(mc.mean - q) <= 3 * mc.standardError, "Monte Carlo \(mc) against quadrature \(q)")
        #expect(mc.standardError < 2e-3, "standard error \(mc.standardError) is too large to mean anything")
        // At t = 0.5 the quadrature runs over half the variance: check the time dependence too.
        let mcHalf = HJB100D.coleHopf(t: 0.5, x: [Double](repeating: 0, count: 100), samples: 1 << 16, seed: 8)
        let qHalf = HJB100D.chiSquareQuadrature(t: 0.5)
        #expect(Swift.abs(mcHalf.mean - qHalf) <= 3 * mcHalf.standardError, "t = 0.5: Monte Carlo \(mcHalf), quadrature \(qHalf)")
    }

    @Test func linearBlackScholesMonteCarloAgreesWithPublishedValue() {
        let x0 = [Double](repeating: 100, count: 100)
        let mc = BlackScholesDefaultRisk100D.linearMonteCarlo(t: 0, x: x0, samples: 1 << 17, seed: 9)
        // 60.781 is published to 5 digits: allow its rounding (5e-4) on top of 3 standard errors.
        #expect(Swift.abs(mc.mean - 60.781) <= 3 * mc.standardError + 5e-4, "Monte Carlo \(mc), published 60.781")
        // With the discount exp(-R) the value drops to 59.58: the published figure is undiscounted.
        let discounted = BlackScholesDefaultRisk100D.linearMonteCarlo(t: 0, x: x0, rate: 0.02, samples: 1 << 17, seed: 9)
        #expect(Swift.abs(discounted.mean - 60.781 * Foundation.exp(-0.02)) <= 3 * discounted.standardError + 5e-4)
    }

    @Test func semilinearHeatReferencesByDimension() throws {
        for (d, v) in [(10, 0.47006), (100, 0.31674), (1000, 0.28753)] {
            let p = try SemilinearHeat().make(Float.self, options: ProblemOptions(dimension: d))
            #expect(p.reference.point?.value == v)
            #expect(p.inputDimension == d + 1)
        }
        #expect(throws: SettingsError.self) { try SemilinearHeat().make(Double.self, options: ProblemOptions(dimension: 0)) }
        #expect(throws: SettingsError.self) { try HJB100D().make(Double.self, options: ProblemOptions(dimension: 10)) }
    }
}
