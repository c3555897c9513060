import RealModule
import Testing
@testable import Spectral

/// Off-grid points spread through a box (deterministic, not on the grid).
func probePoints(_ box: SpectralBox, count: Int = 23) -> [[Double]] {
    (0..<count).map { i in
        (0..<box.dimension).map { a in
            let fraction = (Double(i) * [0.6180339887, 0.7548776662, 0.5698402910][a]).truncatingRemainder(dividingBy: 1)
            return box.lower[a] + (0.02 + 0.96 * fraction) * box.length(a)
        }
    }
}

func maxError(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } }

@Suite("Heat and Poisson against exact solutions")
struct HeatPoissonTests {
    static let dimensions = [1, 2, 3]

    /// Periodic heat: u0 = sum of modes on [0, 2pi)^d, exact u = sum a_m exp(-nu |k|^2 t) e_m.
    @Test(arguments: dimensions)
    func periodicHeat(dimension d: Int) throws {
        let box = try SpectralBox(lower: Array(repeating: 0, count: d), upper: Array(repeating: 2 * Double.pi, count: d),
                                  shape: Array(repeating: 16, count: d))
        let nu = 0.3
        // prod sin(x_i) has |k|^2 = d; cos(2 x_0 + x_{d-1} + 0.3) has |k|^2 = 4 + 1 (d > 1) or 9 (d = 1).
        let exact: @Sendable (Double, [Double]) -> Double = { t, x in
            let k2 = d == 1 ? 9.0 : 5.0
            return Double.exp(-nu * Double(d) * t) * x.map { Double.sin($0) }.reduce(1, *)
                + 0.5 * Double.exp(-nu * k2 * t) * Double.cos(2 * x[0] + x[d - 1] + 0.3)
        }
        let heat = try HeatSpectral(nu: nu, box: box)
        let times = [0, 0.1, 0.7, 2.0]
        let points = probePoints(box)
        let u = try heat.solve(initial: { exact(0, $0) }, times: times, points: points)
        for (i, t) in times.enumerated() {
            let err = maxError(u[i], points.map { exact(t, $0) })
            #expect(err < 1e-12, "periodic heat \(d)-D at t = \(t): max error \(err)")
        }
    }

    /// Dirichlet heat on [0, 1] x [0, 2] x ...: sine modes decay as exp(-nu pi^2 |m/L|^2 t).
    @Test(arguments: dimensions)
    func dirichletHeat(dimension d: Int) throws {
        let lengths = [1.0, 2.0, 1.5].prefix(d).map { $0 }
        let box = try SpectralBox(lower: Array(repeating: 0, count: d), upper: lengths, shape: Array(repeating: 15, count: d),
                                  boundary: .dirichlet)
        let nu = 0.05
        let exact: @Sendable (Double, [Double]) -> Double = { t, x in
            var a = 1.0, b = 0.4, ka = 0.0, kb = 0.0
            for i in 0..<d {
                let m1 = Double(i + 1), m2 = Double(3 - i)
                a *= Double.sin(m1 * Double.pi * x[i] / lengths[i]); ka += Double.pow(m1 * Double.pi / lengths[i], 2)
                b *= Double.sin(m2 * Double.pi * x[i] / lengths[i]); kb += Double.pow(m2 * Double.pi / lengths[i], 2)
            }
            return a * Double.exp(-nu * ka * t) + b * Double.exp(-nu * kb * t)
        }
        let heat = try HeatSpectral(nu: nu, box: box)
        let times = [0, 0.25, 1.5]
        let points = probePoints(box)
        let u = try heat.solve(initial: { exact(0, $0) }, times: times, points: points)
        for (i, t) in times.enumerated() {
            let err = maxError(u[i], points.map { exact(t, $0) })
            #expect(err < 1e-12, "Dirichlet heat \(d)-D at t = \(t): max error \(err)")
        }
        let grid = try heat.solveOnGrid(initial: { exact(0, $0) }, times: [0.5])[0]
        let gridErr = maxError(grid, box.gridPoints.map { exact(0.5, $0) })
        #expect(gridErr < 1e-12, "Dirichlet heat \(d)-D on the grid: max error \(gridErr)")
    }

    /// Poisson, periodic and Dirichlet: -Lap u = f with u a few modes, f = |k|^2-weighted.
    @Test(arguments: dimensions)
    func poisson(dimension d: Int) throws {
        for boundary in [SpectralBox.Boundary.periodic, .dirichlet] {
            let upper = boundary == .periodic ? 2 * Double.pi : 1.0
            let box = try SpectralBox(lower: Array(repeating: 0, count: d), upper: Array(repeating: upper, count: d),
                                      shape: Array(repeating: boundary == .periodic ? 12 : 11, count: d), boundary: boundary)
            let scale = boundary == .periodic ? 1.0 : Double.pi
            // u = prod sin(m_i s x_i) + 0.3 prod sin(2 s x_i); -Lap u = k2 * each term.
            let exact: @Sendable ([Double]) -> (u: Double, f: Double) = { x in
                var a = 1.0, b = 0.3, ka = 0.0, kb = 0.0
                for i in 0..<d {
                    let m = Double(i + 1) * scale
                    a *= Double.sin(m * x[i]); ka += m * m
                    b *= Double.sin(2 * scale * x[i]); kb += 4 * scale * scale
                }
                return (a + b, ka * a + kb * b)
            }
            let points = probePoints(box)
            let u = try PoissonSpectral(box: box).solve(source: { exact($0).f }, points: points)
            let err = maxError(u, points.map { exact($0).u })
            #expect(err < 1e-12, "Poisson \(boundary) \(d)-D: max error \(err)")
        }
    }

    /// Spectral convergence: for the analytic periodic u = exp(sin x) (f = -u''), the error
    /// falls geometrically with n until round-off.
    @Test func spectralConvergence() throws {
        let u: (Double) -> Double = { Double.exp(Double.sin($0)) }
        let f: ([Double]) -> Double = { x in
            let s = Double.sin(x[0]), c = Double.cos(x[0])
            return -(c * c - s) * Double.exp(s)
        }
        // exp(sin x) has mean I0(1); the zero-mean solution is u - I0(1).
        let besselI0at1 = 1.2660658777520083
        var errors: [Double] = []
        let ns = [4, 8, 12, 16, 20, 24]
        for n in ns {
            let box = try SpectralBox(lower: [0], upper: [2 * Double.pi], shape: [n])
            let points = probePoints(box, count: 31)
            let got = try PoissonSpectral(box: box, meanTolerance: 1).solve(source: f, points: points)
            errors.append(maxError(got, points.map { u($0[0]) - besselI0at1 }))
        }
        // The source's mean is round-off, so meanTolerance is loosened only for tiny n (n = 4
        // samples the mean with error ~ 1e-3): check that the solution error falls geometrically.
        for i in 0..<3 {
            #expect(errors[i + 1] < errors[i] * 0.05, "errors \(errors) for n = \(ns): not falling geometrically")
        }
        #expect(errors[5] < 1e-13, "errors \(errors) for n = \(ns): not at round-off by n = 24")
    }

    @Test func periodicPoissonRejectsNonZeroMean() throws {
        let box = try SpectralBox(lower: [0], upper: [1], shape: [16])
        #expect(throws: SpectralError.self) { try PoissonSpectral(box: box).solve(source: { _ in 1 }, points: [[0.5]]) }
    }
}
