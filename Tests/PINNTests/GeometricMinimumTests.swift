import Foundation
import Testing
import TestSupport
@testable import PINN
import Problems

/// `GeometricMinimum`, the discounted expected minimum of geometric Brownian motions by one
/// quadrature, against independent oracles: the closed form at d = 1, Monte Carlo at d = 100,
/// its own quadrature refined, finite differences of its value, the PDE it solves, and its
/// tensor form under reverse mode.
@Suite struct GeometricMinimumTests {
    static let bs = BlackScholesDefaultRisk100D.self
    static func model(d: Int, rate: Double = 0, panels: Int = 12, nodes: Int = 12) -> GeometricMinimum {
        GeometricMinimum(dimension: d, drift: bs.mubar, volatility: bs.sigmabar, rate: rate, horizon: bs.T,
                         panels: panels, nodesPerPanel: nodes)
    }

    /// A point of the forward paths: x_i = 100 exp(a t + sigma sqrt(t) Z_i).
    static func pathPoint(d: Int, t: Double, seed: UInt64) -> [Double] {
        var rng = RandomStream(seed: seed)
        let a = bs.mubar - bs.sigmabar * bs.sigmabar / 2
        return (0..<d).map { _ in 100 * exp(a * t + bs.sigmabar * t.squareRoot() * rng.normal(Double.self)) }
    }

    /// One coordinate: E[X_T] = x e^(mu tau), discounted by e^(-r tau).
    @Test(arguments: [0.0, 0.5, 0.999, 1 - 1e-8])
    func oneCoordinateIsTheForward(t: Double) {
        let f = Self.model(d: 1, rate: 0.03), x = 87.5, tau = 1 - t
        let exact = x * exp((Self.bs.mubar - 0.03) * tau)
        #expect(abs(f(x: [x], t: t) - exact) < 1e-12 * exact, "t = \(t): \(f(x: [x], t: t)), exact \(exact)")
    }

    /// d = 100 at x0: against our Monte Carlo (2^18 samples) and the published 60.781
    /// (undiscounted), and the discounted value against exp(-R) times it.
    @Test func hundredDimensionsAgreeWithMonteCarlo() {
        let x0 = [Double](repeating: 100, count: 100)
        let value = Self.model(d: 100)(x: x0, t: 0)
        let mc = Self.bs.linearMonteCarlo(t: 0, x: x0, samples: 1 << 18, seed: 7)
        #expect(abs(value - mc.mean) < 4 * mc.standardError, "quadrature \(value), Monte Carlo \(mc)")
        #expect(abs(value - Self.bs.publishedLinear) < 1e-3, "quadrature \(value), published \(Self.bs.publishedLinear)")
        let discounted = Self.model(d: 100, rate: Self.bs.R)(x: x0, t: 0)
        #expect(abs(discounted - exp(-Self.bs.R) * value) < 1e-12 * value)
        // And at a point off the diagonal, late, where the window is narrow.
        let x = Self.pathPoint(d: 100, t: 0.9, seed: 3)
        let late = Self.model(d: 100)(x: x, t: 0.9)
        let mcLate = Self.bs.linearMonteCarlo(t: 0.9, x: x, samples: 1 << 16, seed: 8)
        #expect(abs(late - mcLate.mean) < 4 * mcLate.standardError, "t = 0.9: quadrature \(late), Monte Carlo \(mcLate)")
    }

    /// The default rule (12 panels of 12 nodes) against 32 panels of 16, early and late, with
    /// coordinates spread and bunched.
    @Test func quadratureIsConverged() {
        let coarse = Self.model(d: 100), fine = Self.model(d: 100, panels: 32, nodes: 16)
        var worst = 0.0
        for (t, seed) in [(0.0, 1), (0.5, 2), (0.99, 3), (1 - 1e-6, 4)] as [(Double, UInt64)] {
            for x in [Self.pathPoint(d: 100, t: Swift.max(t, 0.3), seed: seed), [Double](repeating: 100, count: 100)] {
                let a = coarse(x: x, t: t), b = fine(x: x, t: t)
                worst = Swift.max(worst, abs(a - b) / b)
            }
        }
        // Measured: 3e-13.
        #expect(worst < 3e-12, "default quadrature off the refined one by \(worst)")
    }

    /// First and second derivatives along coordinates, t and random directions against central
    /// differences of the value (d = 5, step 1e-3 of the scale).
    @Test func jetsMatchFiniteDifferences() {
        let d = 5, f = Self.model(d: d, rate: 0.05)
        var jets = GeometricMinimum.Jets(f)
        var rng = RandomStream(seed: 11)
        for (t, seed) in [(0.2, 5), (0.7, 6), (0.97, 7)] as [(Double, UInt64)] {
            let x = Self.pathPoint(d: d, t: t, seed: seed)
            let p = x + [t]
            p.withUnsafeBufferPointer { jets.prepare($0) }
            var directions: [[Double]] = (0...d).map { j in (0...d).map { $0 == j ? 1 : 0 } }
            directions.append((0...d).map { _ in rng.normal(Double.self) })
            for (j, v) in directions.enumerated() {
                let (first, second) = j <= d ? jets.coordinate(j) : v.withUnsafeBufferPointer { jets.direction($0) }
                let (vf, vs) = v.withUnsafeBufferPointer { jets.direction($0) }
                #expect(abs(first - vf) < 1e-11 * Swift.max(1, abs(vf)) && abs(second - vs) < 1e-10 * Swift.max(1, abs(vs)),
                        "t = \(t), direction \(j): coordinate path (\(first), \(second)), general path (\(vf), \(vs))")
                // Step h in x units of 100 (h = 0.05), in t of 1 (h = 5e-4).
                let h = 5e-4
                func at(_ s: Double) -> Double {
                    let q = zip(p, v).enumerated().map { i, e in e.0 + s * e.1 * (i < d ? 100 : 1) }
                    return f(x: Array(q[0..<d]), t: q[d])
                }
                let scale = j == d ? 1.0 : 100.0
                let (fd1, fd2) = Self.differences(at, h)
                let (first1, second1) = (fd1 / scale, fd2 / (scale * scale))
                // Directions mixing x and t are scaled per component, so only the pure ones compare to fd here.
                if j <= d {
                    #expect(abs(first - first1) < 1e-7 * Swift.max(1, abs(first)), "t = \(t), axis \(j): d/dv \(first), differences \(first1)")
                    #expect(abs(second - second1) < 1e-5 * Swift.max(1, abs(second)), "t = \(t), axis \(j): d2/dv2 \(second), differences \(second1)")
                }
            }
            // The random direction against differences of the unscaled direction.
            let v = directions.last!, h = 1e-3
            func along(_ s: Double) -> Double { let q = zip(p, v).map { $0 + s * $1 }; return f(x: Array(q[0..<d]), t: q[d]) }
            let (first, second) = v.withUnsafeBufferPointer { jets.direction($0) }
            let (fd1, fd2) = Self.differences(along, h)
            #expect(abs(first - fd1) < 1e-7 * Swift.max(1, abs(first)), "t = \(t), random direction: \(first), differences \(fd1)")
            #expect(abs(second - fd2) < 1e-5 * Swift.max(1, abs(second)), "t = \(t), random direction: \(second), differences \(fd2)")
        }
    }

    /// Central differences for the first and second derivative at 0, Richardson-extrapolated
    /// from steps h and h / 2 (error O(h^4)).
    static func differences(_ f: (Double) -> Double, _ h: Double) -> (Double, Double) {
        func central(_ s: Double) -> (Double, Double) { ((f(s) - f(-s)) / (2 * s), (f(s) - 2 * f(0) + f(-s)) / (s * s)) }
        let (a1, a2) = central(h), (b1, b2) = central(h / 2)
        return ((4 * b1 - a1) / 3, (4 * b2 - a2) / 3)
    }

    /// F_t + mu x . grad F + (sigma^2 / 2) sum x_i^2 F_ii - r F = 0 from the jets, at d = 5
    /// and d = 100, early and late on the paths.
    @Test(arguments: [5, 100])
    func jetsSolveTheLinearEquation(d: Int) {
        let r = 0.0543, f = Self.model(d: d, rate: r)
        var jets = GeometricMinimum.Jets(f)
        var worst = 0.0
        for (t, seed) in [(0.0, 21), (0.4, 22), (0.9, 23), (0.999, 24)] as [(Double, UInt64)] {
            let x = Self.pathPoint(d: d, t: Swift.max(t, 0.05), seed: seed)
            (x + [t]).withUnsafeBufferPointer { jets.prepare($0) }
            var drift = 0.0, diffusion = 0.0, scale = abs(jets.value)
            for i in 0..<d {
                let (a, b) = jets.coordinate(i)
                drift += Self.bs.mubar * x[i] * a
                diffusion += Self.bs.sigmabar * Self.bs.sigmabar / 2 * x[i] * x[i] * b
                scale = Swift.max(scale, abs(x[i] * x[i] * b))
            }
            let ft = jets.coordinate(d).0
            let residual = ft + drift + diffusion - r * jets.value
            worst = Swift.max(worst, abs(residual) / Swift.max(scale, abs(ft)))
        }
        // Measured: 1e-13 (d = 5), 4e-13 (d = 100).
        #expect(worst < 1e-10, "d = \(d): residual of the linear equation \(worst) relative to its largest term")
    }

    /// The tensor form has the jets' values, and reverse mode through it their gradient.
    @Test func tensorFormMatchesTheJets() {
        let d = 5, f = Self.model(d: d, rate: 0.05)
        let rows = [(0.1, 31), (0.6, 32), (0.95, 33)].map { (t, s) in Self.pathPoint(d: d, t: t, seed: UInt64(s)) + [t] }
        let x = Tensor<Double>(shape: [rows.count, d + 1], scalars: rows.flatMap { $0 }).requiringGradient()
        let values = f.tensorValue(x)
        let g = gradients(of: values.sum(), wrt: [x])[0].scalars
        var jets = GeometricMinimum.Jets(f)
        for (i, row) in rows.enumerated() {
            row.withUnsafeBufferPointer { jets.prepare($0) }
            #expect(abs(values.scalars[i] - jets.value) < 1e-12 * jets.value)
            for j in 0...d {
                let a = jets.coordinate(j).0
                #expect(abs(g[i * (d + 1) + j] - a) < 1e-10 * Swift.max(1, abs(a)), "point \(i), axis \(j): reverse mode \(g[i * (d + 1) + j]), jets \(a)")
            }
        }
    }

    /// L(z) = log Phi(-z) and its derivatives of orders 1-4 against differences of the order
    /// below in the body (in the tail the polynomial derivatives of lambda cancel to a few
    /// digits, so orders 1-2 there), and the two branches meeting at z = 37.
    @Test(arguments: [-6.0, -1.0, 0.0, 0.7, 4.0, 12.0, 30.0, 45.0])
    func logSurvivalDerivatives(z: Double) {
        let L = GeometricMinimum.logSurvivalFunction
        for k in 1...(z > 20 ? 2 : 4) {
            let exact = L(z, derivative: k)
            let (fd, _) = Self.differences({ L(z + $0, derivative: k - 1) }, 1e-3)
            #expect(abs(exact - fd) < 1e-7 * Swift.max(1, abs(exact)), "z = \(z), order \(k): \(exact), differences \(fd)")
        }
        let direct = log(0.5 * erfc(z / 2.0.squareRoot()))
        if z < 37 { #expect(abs(L(z) - direct) < 1e-13 * Swift.max(1, abs(direct))) }
        let below = GeometricMinimum.logSurvival(37 - 1e-12), above = GeometricMinimum.logSurvival(37 + 1e-12)
        #expect(abs(below.value - above.value) < 1e-12 * abs(below.value) && abs(below.mills - above.mills) < 1e-12 * below.mills,
                "at z = 37: direct \(below), series \(above)")
    }
}
