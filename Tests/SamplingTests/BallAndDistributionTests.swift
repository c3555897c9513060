import Autodiff
import Foundation
import Sampling
import TestSupport
import Testing

@Suite("Balls, spheres and distributions")
struct BallAndDistributionTests {
    static func radii(_ x: Tensor<Double>, _ r: Double) -> [Double] {
        x.squaredNorm(alongAxis: 1).scalars.map { $0.squareRoot() / r }
    }

    @Test func ballRadiusFollowsPowerLawInDimension100() throws {
        let d = 100, n = 5000
        let ball = try Ball(dimension: d, radius: 3)
        var rng = testStream(20)
        let x: Tensor<Double> = try ball.sampleInterior(n, using: &rng)
        let ks = kolmogorovSmirnov(BallAndDistributionTests.radii(x, 3)) { pow($0, Double(d)) }
        #expect(ks < ksCritical(n), "KS statistic of |x|/r against s^\(d): \(ks)")
        // Directions uniform: E[(x_1/|x|)^2] = 1/d, standard error about sqrt(2/(d^2 n)).
        let m = x.rows.map { $0[0] * $0[0] / $0.reduce(0) { $0 + $1 * $1 } }.reduce(0, +) / Double(n)
        #expect(abs(m - 0.01) < 4 * (2.0 / Double(n)).squareRoot() / 100, "mean squared direction cosine \(m)")
        // The Sobol (unit-cube) map gives the same law.
        let q: Tensor<Double> = try ball.sampleInterior(4096, sampler: SobolSampler(skip: 1), using: &rng)
        let ksq = kolmogorovSmirnov(BallAndDistributionTests.radii(q, 3)) { pow($0, Double(d)) }
        #expect(ksq < ksCritical(4096), "Sobol-mapped ball: KS \(ksq)")
    }

    @Test func radiusUniformBall() throws {
        let ball = try Ball(dimension: 100, radius: 2)
        var rng = testStream(21)
        let x: Tensor<Double> = try RadiusUniformBall(ball).sample(4000, using: &rng)
        let ks = kolmogorovSmirnov(BallAndDistributionTests.radii(x, 2)) { $0 }
        #expect(ks < ksCritical(4000), "KS of radius against U(0, 1): \(ks)")
    }

    @Test func sphereIsUniformInDimension100() throws {
        let d = 100, n = 4000
        let sphere = try Sphere(dimension: d, radius: 1)
        var rng = testStream(22)
        let x: Tensor<Double> = try sphere.sample(n, using: &rng)
        #expect(sphere.contains(x, tolerance: 1e-12).allSatisfy { $0 })
        // E[x_1^2] = 1/d and E[x_1^4] = 3/(d(d+2)) for the uniform law on S^(d-1).
        let c = x.column(0).scalars
        let m2 = c.map { $0 * $0 }.reduce(0, +) / Double(n), m4 = c.map { pow($0, 4) }.reduce(0, +) / Double(n)
        #expect(abs(m2 - 0.01) < 4 * 0.01 * (2.0 / Double(n)).squareRoot(), "E[x1^2] = \(m2)")
        let e4 = 3.0 / Double(d * (d + 2))
        #expect(abs(m4 - e4) < 0.25 * e4, "E[x1^4] = \(m4), expected \(e4)")
        // Area of the unit sphere in R^3 is 4 pi.
        #expect(abs(try Sphere(dimension: 3).area - 4 * Double.pi) <= 1e-13)
    }

    @Test func ballVolumeFormula() throws {
        #expect(abs(try Ball(dimension: 2, radius: 2).volume - 4 * Double.pi) <= 1e-13)
        #expect(abs(try Ball(dimension: 3).volume - 4 * Double.pi / 3) <= 1e-14)
        // V_10 = pi^5 / 120.
        #expect(abs(try Ball(dimension: 10).volume - pow(Double.pi, 5) / 120) <= 1e-13)
    }

    @Test func gaussianAndHeatKernel() throws {
        var rng = testStream(23)
        let t = 0.3, d = 20, n = 20_000
        let g: Tensor<Double> = try Gaussian.heatKernel(dimension: d, time: t, center: [Double](repeating: 1, count: d))
            .sample(n, using: &rng)
        let v = g.scalars.map { ($0 - 1) * ($0 - 1) }.reduce(0, +) / Double(n * d)
        #expect(abs(v - 2 * t) < 4 * 2 * t * (2.0 / Double(n * d)).squareRoot(), "variance \(v), expected \(2 * t)")
        // Per-row times: row i has variance 2 t_i.
        let times = Tensor<Double>(shape: [n, 1], scalars: (0..<n).map { $0 % 2 == 0 ? 0 : 0.5 })
        let h = try Gaussian.heatKernelPoints(times: times, dimension: 3, using: &rng)
        #expect(h.rows.enumerated().filter { $0.offset % 2 == 0 }.allSatisfy { $0.element == [0, 0, 0] })
        let odd = h.rows.enumerated().filter { $0.offset % 2 == 1 }.flatMap { $0.element }
        let vo = odd.map { $0 * $0 }.reduce(0, +) / Double(odd.count)
        #expect(abs(vo - 1) < 4 * (2.0 / Double(odd.count)).squareRoot(), "variance at t = 0.5: \(vo)")
    }

    @Test func eulerMaruyamaMatchesExactMoments() throws {
        // Brownian motion sqrt(2) W from x0: X_T ~ N(x0, 2T I) exactly under Euler-Maruyama.
        var rng = testStream(24)
        let paths = 4000, d = 5
        let bm = try SDE<Double>.brownian(dimension: d, sigma: 2.0.squareRoot())
        let p = try bm.simulate(paths: paths, from: [1, 2, 3, 4, 5], over: try TimeDomain(0, 1), steps: 10, using: &rng)
        #expect(p.times.count == 11 && p.states.count == 11 && p.increments.count == 10)
        let last = p.states[10]
        for k in 0..<d {
            let c = last.column(k).scalars
            let mean = c.reduce(0, +) / Double(paths)
            let v = c.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(paths - 1)
            #expect(abs(mean - Double(k + 1)) < 4 * (2.0 / Double(paths)).squareRoot(), "axis \(k) mean \(mean)")
            #expect(abs(v - 2) < 4 * 2 * (2.0 / Double(paths)).squareRoot(), "axis \(k) variance \(v)")
        }
        #expect(p.spaceTimePoints.shape == [11 * paths, d + 1])
        // Geometric Brownian motion: E[X_T] = x0 (1 + r h)^N under Euler-Maruyama (exactly).
        let gbm = try SDE<Double>.geometricBrownian(dimension: 2, rate: 0.05, volatility: 0.2)
        let q = try gbm.simulate(paths: paths, from: [1, 2], over: try TimeDomain(0, 1), steps: 20, using: &rng)
        let growth: Double = pow(1.0 + 0.05 / 20.0, 20.0)
        for k in 0..<2 {
            let c = q.states[20].column(k).scalars
            let mean = c.reduce(0, +) / Double(paths)
            let sd = (c.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(paths - 1)).squareRoot()
            #expect(abs(mean - Double(k + 1) * growth) < 4 * sd / Double(paths).squareRoot(), "GBM axis \(k) mean \(mean)")
        }
    }

    @Test func normalQuantileThroughBallMap() throws {
        // The boundary map of a ball sends Sobol points to the sphere, and the first
        // coordinate of a uniform point on S^1 (a circle) has the arcsine law.
        let ball = try Ball(dimension: 2)
        var rng = testStream(25)
        let b: Tensor<Double> = try ball.sampleBoundary(4096, sampler: SobolSampler(skip: 1), using: &rng)
        let ks = kolmogorovSmirnov(b.column(0).scalars) { 1 - acos(max(-1, min(1, $0))) / Double.pi }
        #expect(ks < ksCritical(4096), "circle abscissa KS \(ks)")
    }
}
