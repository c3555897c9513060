import ComplexModule
import RealModule
import Testing
import TestSupport
@testable import Spectral

@Suite("ETDRK4 solvers against exact solutions and invariants")
struct EvolutionTests {
    /// Burgers at nu = 0.05 against the Cole-Hopf solution at off-grid points.
    @Test func burgersModerateViscosity() throws {
        let nu = 0.05
        let solver = try BurgersSpectral(nu: nu, n: 256, dt: 1e-3)
        let oracle = ColeHopfBurgers(nu: nu)
        let times = [0.25, 0.5, 1.0]
        let points = stride(from: -0.987, through: 0.99, by: 0.0731).map { $0 }
        let u = try solver.solve(times: times, points: points)
        for (i, t) in times.enumerated() {
            let err = maxError(u[i], points.map { oracle.value(t: t, x: $0) })
            #expect(err < 1e-9, "Burgers nu = 0.05 at t = \(t): max error against Cole-Hopf \(err)")
        }
    }

    /// References are bit-reproducible: the solvers plan with FFTW_ESTIMATE, so a solve after
    /// FFTW has forgotten its wisdom gives the same bits (a measured plan may pick another
    /// algorithm, with other rounding, from one run to the next).
    @Test func referencesAreBitReproducible() throws {
        let burgers = try BurgersSpectral(nu: 0.01 / Double.pi, n: 1024, dt: 1e-3)
        let nls = try SchrodingerSpectral(n: 128, dt: 1e-3)
        let points = [-0.7, 0.01, 0.5]
        let first = try burgers.solve(times: [0.3], points: points), firstNLS = try nls.solve(times: [0.3], points: points)
        FFTWisdom.forget(Double.self)
        let again = try burgers.solve(times: [0.3], points: points), againNLS = try nls.solve(times: [0.3], points: points)
        #expect(first == again, "Burgers: \(first) then \(again)")
        #expect(firstNLS == againNLS, "NLS: \(firstNLS) then \(againNLS)")
    }

    /// The PINN case nu = 0.01/pi: Cole-Hopf across the shock, and the published steepest slope.
    @Test func burgersPINNCase() throws {
        let nu = 0.01 / Double.pi
        let solver = try BurgersSpectral(nu: nu, n: 2048, dt: 2e-4)
        let oracle = ColeHopfBurgers(nu: nu)
        let tMin = 0.51047
        let series = try solver.snapshots(times: [tMin, 1.0])
        let points = [-0.9, -0.5, -0.1, -0.01, -0.003, -0.0007, 0.0004, 0.002, 0.02, 0.3, 0.77]
        for (s, t) in zip(series, [tMin, 1.0]) {
            let err = maxError(s.values(at: points.map { [$0] }), points.map { oracle.value(t: t, x: $0) })
            #expect(err < 1e-7, "Burgers nu = 0.01/pi at t = \(t): max error against Cole-Hopf \(err)")
        }
        let slope = series[0].derivative(axis: 0).values(at: [[0]])[0]
        let published = -152.00516
        #expect(abs(slope - published) / abs(published) < 1e-6,
                "min u_x(0, t) at t = 0.51047: got \(slope), published \(published)")
    }

    /// The Cole-Hopf oracle itself converges (node count doubled).
    @Test func coleHopfOracleIsConverged() {
        let coarse = ColeHopfBurgers(nu: 0.01 / Double.pi, nodes: 2001), fine = ColeHopfBurgers(nu: 0.01 / Double.pi, nodes: 8001)
        let diff = [-0.5, -0.002, 0.001, 0.4].reduce(0.0) { max($0, abs(coarse.value(t: 0.6, x: $1) - fine.value(t: 0.6, x: $1))) }
        #expect(diff < 1e-12, "Cole-Hopf quadrature: 2001 vs 8001 nodes differ by \(diff)")
    }

    /// ETDRK4 is fourth order: slope of log error against log dt on smooth Burgers (nu = 0.1).
    @Test func etdrk4IsFourthOrder() throws {
        let reference = try BurgersSpectral(nu: 0.1, n: 64, dt: 1.0 / 2560).solve(times: [1], points: [-0.3, 0.2, 0.61])[0]
        let steps = [1.0 / 20, 1.0 / 40, 1.0 / 80]
        let errors = try steps.map { dt in
            maxError(try BurgersSpectral(nu: 0.1, n: 64, dt: dt).solve(times: [1], points: [-0.3, 0.2, 0.61])[0], reference)
        }
        let slopes = (0..<2).map { Double.log(errors[$0] / errors[$0 + 1]) / Double.log(2) }
        for s in slopes { #expect(abs(s - 4) < 0.3, "ETDRK4 empirical orders \(slopes) from errors \(errors)") }
    }

    /// A KdV soliton travels at its exact speed and keeps its shape over one period.
    @Test func kdvSoliton() throws {
        let c = 4.0
        let probe = try KdVSpectral()
        let solver = try KdVSpectral(n: 512, dt: 2e-5, initial: { probe.soliton(speed: c, centre: 0, t: 0, x: $0) })
        let period = 2 / c
        let times = [period / 4, period]
        let grid = solver.gridPoints
        let u = try solver.solve(times: times, points: grid)
        for (i, t) in times.enumerated() {
            let exact = grid.map { x -> Double in
                // The nearest periodic image of the centre c t.
                let shift = (x - c * t + 1).truncatingRemainder(dividingBy: 2)
                return probe.soliton(speed: c, centre: 0, t: 0, x: (shift < 0 ? shift + 2 : shift) - 1)
            }
            let err = maxError(u[i], exact) / (3 * c)
            #expect(err < 1e-8, "KdV soliton at t = \(t): max error / amplitude \(err)")
        }
    }

    /// The NLS solver conserves mass and energy, and reaches the published max |h| at t = pi/4.
    @Test func schrodingerInvariants() throws {
        let solver = try SchrodingerSpectral(n: 256, dt: 2.5e-4)
        let times = [0, Double.pi / 4, Double.pi / 2]
        let c = try solver.snapshots(times: times)
        let (m0, e0) = (solver.mass(c[0]), solver.energy(c[0]))
        for i in 1..<3 {
            let dm = abs(solver.mass(c[i]) - m0) / m0, de = abs(solver.energy(c[i]) - e0) / abs(e0)
            #expect(dm < 1e-10 && de < 1e-10, "NLS at t = \(times[i]): mass drift \(dm), energy drift \(de)")
        }
        let fine = stride(from: -0.05, through: 0.05, by: 0.0005).map { $0 }
        let peak = solver.values(c[1], at: fine).reduce(0) { max($0, $1.length) }
        #expect(abs(peak - 3.9988) < 1e-4, "NLS max |h| at t = pi/4: \(peak), published 3.9988")
    }

    /// Allen-Cahn with epsilon = 0 and constant data is the logistic-cubic ODE u' = a(u - u^3),
    /// u(t) = u0 e^{at} / sqrt(1 + u0^2 (e^{2at} - 1)).
    @Test func allenCahnReactionMatchesODE() throws {
        let u0 = 0.2, a = 5.0
        let solver = try AllenCahnSpectral(epsilon: 0, a: a, n: 8, dt: 5e-4, initial: { _ in u0 })
        let times = [0.1, 0.5, 1.0]
        let u = try solver.solve(times: times, points: [0.3])
        for (i, t) in times.enumerated() {
            let g = Double.exp(a * t)
            let exact = u0 * g / Double.sqrt(1 + u0 * u0 * (g * g - 1))
            #expect(abs(u[i][0] - exact) < 1e-11, "Allen-Cahn ODE limit at t = \(t): \(u[i][0]) vs \(exact)")
        }
        // The benchmark case runs and stays in [-1, 1] (the maximum principle).
        let bench = try AllenCahnSpectral(n: 256, dt: 1e-3).solveOnGrid(finalTime: 1, timeCount: 3)
        let largest = bench.u.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
        #expect(largest < 1 + 1e-3, "Allen-Cahn benchmark: max |u| = \(largest) exceeds 1")
    }

    /// Kuramoto-Sivashinsky (Kassam-Trefethen's example): halving dt shrinks the change in the
    /// t = 20 solution by about 10 (fourth order, still pre-asymptotic at these steps).
    @Test func kuramotoSivashinskyConverges() throws {
        let points = [3.0, 20.0, 61.0, 90.0]
        let u = try [0.05, 0.025, 0.0125].map { try KuramotoSivashinskySpectral(dt: $0).solve(times: [20], points: points)[0] }
        let d1 = maxError(u[0], u[1]), d2 = maxError(u[1], u[2])
        #expect(d2 < d1 / 6 && d2 < 1e-8, "KS dt-refinement differences \(d1), \(d2)")
    }
}
