import ComplexModule
import RealModule
import Testing
@testable import Spectral

@Suite("2-D Navier-Stokes on the torus")
struct NavierStokesTests {
    /// Taylor-Green: omega = 2 sin x sin y decays as exp(-2 nu t) exactly.
    @Test func taylorGreenDecaysAtExactRate() throws {
        let nu = 0.05
        let solver = try NavierStokes2DSpectral(nu: nu, n: 32, dt: 0.01)
        let box = solver.box
        let points = probePoints(box, count: 17)
        let times = [0.5, 2.0]
        let omega = try solver.solve(initial: { 2 * Double.sin($0) * Double.sin($1) }, times: times, points: points)
        for (i, t) in times.enumerated() {
            let exact = points.map { 2 * Double.sin($0[0]) * Double.sin($0[1]) * Double.exp(-2 * nu * t) }
            let err = maxError(omega[i], exact)
            #expect(err < 1e-10, "Taylor-Green at t = \(t): max error \(err)")
        }
    }

    /// The advection term u . grad omega for a field where it is known in closed form:
    /// psi = sin x cos 2y + cos 3y, so omega = 5 sin x cos 2y + 9 cos 3y.
    @Test func advectionTermMatchesClosedForm() throws {
        let solver = try NavierStokes2DSpectral(nu: 0, n: 32, dt: 0.01)
        let box = solver.box
        let fft = try RealFFT<Double>(shape: box.shape)
        let advection = Advection(box: box, fft: fft)
        let omega = box.sample { 5 * Double.sin($0[0]) * Double.cos(2 * $0[1]) + 9 * Double.cos(3 * $0[1]) }
        _ = fft.real.update(fromContentsOf: omega)
        fft.forward()
        let w = Array(fft.spectrum)
        var result = [Complex<Double>](repeating: .zero, count: w.count)
        w.withUnsafeBufferPointer { w in result.withUnsafeMutableBufferPointer { advection.evaluate(w, into: $0) } }
        let got = SpectralSeries(box: box, coefficients: result.map { $0 * (1 / Double(box.count)) })
        let points = probePoints(box)
        let exact = points.map { p -> Double in
            let (x, y) = (p[0], p[1])
            let u = -2 * Double.sin(x) * Double.sin(2 * y) - 3 * Double.sin(3 * y)   // psi_y
            let v = -Double.cos(x) * Double.cos(2 * y)                              // -psi_x
            let wx = 5 * Double.cos(x) * Double.cos(2 * y)
            let wy = -10 * Double.sin(x) * Double.sin(2 * y) - 27 * Double.sin(3 * y)
            return -(u * wx + v * wy)
        }
        let err = maxError(got.values(at: points), exact)
        #expect(err < 1e-11, "advection -u.grad(omega): max error \(err)")
    }

    /// Inviscid, unforced, dealiased: energy and enstrophy are invariants of the truncated system.
    @Test func inviscidInvariants() throws {
        let solver = try NavierStokes2DSpectral(nu: 0, n: 32, dt: 0.005)
        let initial: @Sendable (Double, Double) -> Double = { x, y in
            Double.sin(x) * Double.cos(2 * y) + 0.7 * Double.cos(3 * x + y) + 0.4 * Double.sin(2 * x - 3 * y)
        }
        let series = try solver.snapshots(initial: initial, times: [0, 2])
        func invariants(_ s: SpectralSeries) -> (energy: Double, enstrophy: Double) {
            let (u, v) = solver.velocity(of: s)
            let grid = (u.gridValues(), v.gridValues(), s.gridValues())
            let e = zip(grid.0, grid.1).reduce(0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 }
            return (e, grid.2.reduce(0) { $0 + $1 * $1 })
        }
        let (a, b) = (invariants(series[0]), invariants(series[1]))
        let change = maxError(series[0].gridValues(), series[1].gridValues())
        #expect(change > 0.1, "the flow should evolve; it changed by \(change)")
        #expect(abs(b.energy - a.energy) / a.energy < 1e-9 && abs(b.enstrophy - a.enstrophy) / a.enstrophy < 1e-9,
                "energy \(a.energy) -> \(b.energy), enstrophy \(a.enstrophy) -> \(b.enstrophy)")
    }

    /// Kolmogorov forcing f = F sin(4y) drives the steady state omega = F sin(4y) / (16 nu).
    @Test func forcedSteadyState() throws {
        let (nu, force) = (0.5, 2.0)
        let solver = try NavierStokes2DSpectral(nu: nu, n: 16, dt: 0.02, forcing: { _, y in force * Double.sin(4 * y) })
        let points = probePoints(solver.box, count: 9)
        let omega = try solver.solve(initial: { _, _ in 0 }, times: [3], points: points)[0]
        let t = 3.0
        let exact = points.map { force * Double.sin(4 * $0[1]) * (1 - Double.exp(-16 * nu * t)) / (16 * nu) }
        let err = maxError(omega, exact)
        #expect(err < 1e-10, "forced Kolmogorov flow: max error \(err)")
    }
    /// A smooth field of several directions and |k| up to sqrt(13), with nontrivial advection.
    static let mixed: @Sendable (Double, Double) -> Double = { x, y in
        Double.sin(x) * Double.cos(2 * y) + 0.7 * Double.cos(3 * x + y) + 0.4 * Double.sin(2 * x - 3 * y)
    }

    /// Spectral convergence at t = 0.5, nu = 0.01: the error against 128 x 128 modes (same dt)
    /// falls by orders of magnitude with each doubling, n = 16, 32, 64, faster at each step.
    @Test func convergesSpectrally() throws {
        let points = probePoints(try NavierStokes2DSpectral(nu: 0.01, n: 128, dt: 2e-3).box, count: 13)
        func solution(_ n: Int) throws -> [Double] {
            try NavierStokes2DSpectral(nu: 0.01, n: n, dt: 2e-3).solve(initial: Self.mixed, times: [0.5], points: points)[0]
        }
        let fine = try solution(128)
        let errors = try [16, 32, 64].map { maxError(try solution($0), fine) }
        print("Navier-Stokes 2-D, max error against n = 128 for n = 16, 32, 64: \(errors)")
        #expect(errors[0] / errors[1] > 100 && errors[1] / errors[2] > errors[0] / errors[1] && errors[2] < 2e-8,
                "max errors against n = 128: \(errors)")
    }

    /// The mean vorticity is an exact invariant (the advection term is a divergence, the
    /// Laplacian has no mean), here 0.3, held to round-off while the flow evolves.
    @Test func meanVorticityIsConserved() throws {
        let solver = try NavierStokes2DSpectral(nu: 0.01, n: 32, dt: 0.005)
        let series = try solver.snapshots(initial: { Self.mixed($0, $1) + 0.3 }, times: [0, 0.5, 1])
        for s in series {
            let mean = s.coefficients[0]
            #expect(abs(mean.real - 0.3) < 1e-14 && abs(mean.imaginary) < 1e-14, "mean vorticity \(mean)")
        }
        #expect(maxError(series[0].gridValues(), series[2].gridValues()) > 0.1)
    }

    /// With nu > 0 the energy E = <u^2 + v^2>/2 decays at dE/dt = -2 nu Z, Z = <omega^2>/2 the
    /// enstrophy (exact for the dealiased system, whose advection conserves E): dE/dt by a
    /// central difference over +-h at t = 0.5.
    @Test func energyDecaysAtTheEnstrophyRate() throws {
        let nu = 0.02, h = 1e-3, t = 0.5
        let solver = try NavierStokes2DSpectral(nu: nu, n: 32, dt: 1e-3)
        let s = try solver.snapshots(initial: Self.mixed, times: [t - h, t, t + h])
        func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(a.count) }
        func energy(_ w: SpectralSeries) -> Double {
            let (u, v) = solver.velocity(of: w)
            return mean(zip(u.gridValues(), v.gridValues()).map { $0 * $0 + $1 * $1 }) / 2
        }
        let rate = (energy(s[2]) - energy(s[0])) / (2 * h)
        let enstrophy = mean(s[1].gridValues().map { $0 * $0 }) / 2
        #expect(rate < 0 && abs(rate + 2 * nu * enstrophy) < 1e-6 * abs(rate),
                "dE/dt = \(rate), -2 nu Z = \(-2 * nu * enstrophy)")
    }
}
