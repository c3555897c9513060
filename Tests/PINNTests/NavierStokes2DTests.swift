import Foundation
import Testing
import TestSupport
@testable import PINN
@testable import Problems

/// navier-stokes-2d: the problem's own residual closure sees the vorticity-streamfunction
/// equations (the Taylor-Green vortex, exact for any nu, at round-off; at the wrong nu, not), the
/// spectral reference follows the problem's conventions (initial vorticity, zero psi at x = 0),
/// solves the equation, is converged far below the 1e-2 target, and differs from purely viscous
/// decay by far more than it; and the problem trains with a reduced budget (bound about 3x the
/// measured error at the fixed seed; the default run is in Docs/problems-flows.md).
@Suite struct NavierStokes2DTests {
    typealias Support = ProblemTestSupport
    static let L = 2 * Double.pi

    /// The Taylor-Green vortex in (omega, psi) form at points `[n, 3]` (x, y, t), `[n, 2]`:
    /// omega = 2 sin x sin y e^{-2 nu t}, psi = sin x sin y e^{-2 nu t} (its advection vanishes).
    static func taylorGreen(_ p: Tensor<Double>, nu: Double) -> Tensor<Double> {
        let psi = p.column(0).sin() * p.column(1).sin() * (p.column(2) * (-2 * nu)).exp()
        return (psi * 2).scatteringColumns([0], width: 2) + psi.scatteringColumns([1], width: 2)
    }

    @Test func taylorGreenSatisfiesTheProblemsEquations() throws {
        let p = try NavierStokes2D().make(Double.self, options: ProblemOptions())
        #expect(p.outputNames == ["omega", "psi"] && p.residualNames == ["vorticity_transport", "stream_function"])
        let x = try FlowProblemsTests.points(400, [0, 0, 0], [Self.L, Self.L, 1])
        let w = try FlowProblemsTests.worst(p, { Self.taylorGreen($0, nu: NavierStokes2D.nu) }, at: x)
        #expect(w.equations.count == 2)
        for (i, r) in w.equations.enumerated() { #expect(r < 1e-13, "equation \(i): max |residual| = \(r)") }
        // The gauge psi(0, 0, t) = 0 holds for Taylor-Green too (its initial vorticity is another).
        #expect((w.conditions["stream_function_gauge"] ?? 1) < 1e-15, "\(w.conditions)")
        // At nu = 0.01 the decay is too fast for nu = 1e-3: the transport residual is 2 (0.01 - 1e-3) omega.
        let other = try FlowProblemsTests.worst(p, { Self.taylorGreen($0, nu: 0.01) }, at: x)
        #expect(other.equations[0] > 1e-2 && other.equations[1] < 1e-13, "\(other.equations)")
        let solver = try Solver(problem: p, settings: p.defaults)
        var rng = RandomStream(seed: 1)
        try solver.resample(&rng)
        #expect(solver.lossTerms().map(\.name) == ["residual_vorticity_transport", "residual_stream_function",
                                                   "initial_vorticity", "stream_function_gauge"])
        // The embedding makes the network exactly periodic in x and y.
        let a = try FlowProblemsTests.points(50, [0, 0, 0], [Self.L, Self.L, 1])
        var b = a
        for i in 0..<50 { b[i, 0] -= Self.L; b[i, 1] += Self.L }
        #expect(solver.predict(a).maxAbsDifference(solver.predict(b)) < 1e-12)
    }

    /// The reference on its own grid: omega0 at t = 0, psi = 0 on x = 0 (the gauge's line) at
    /// every time, and against 128 x 128 modes with dt = 1e-3 converged far below 1e-2.
    @Test func referenceFollowsTheConventionsAndIsConverged() throws {
        let start = ContinuousClock.now
        let r = try NavierStokes2D.reference(on: NavierStokes2D.referenceGrid)
        let elapsed = ContinuousClock.now - start
        let fine = try NavierStokes2D.reference(on: NavierStokes2D.referenceGrid, modes: 128, dt: 1e-3)
        let g = NavierStokes2D.referenceGrid.axes.map(\.values)
        let (nt, nx, ny) = (g[0].count, g[1].count, g[2].count)
        #expect(r.values.count == 2 && r.values.allSatisfy { $0.count == nt * nx * ny })
        var initialError = 0.0, psiOnLine = 0.0, psiScale = 0.0
        for i in 0..<nx { for j in 0..<ny {
            initialError = max(initialError, abs(r.values[0][i * ny + j] - NavierStokes2D.initialVorticity(g[1][i], g[2][j])))
        } }
        for t in 0..<nt { for j in 0..<ny {
            psiOnLine = max(psiOnLine, abs(r.values[1][(t * nx) * ny + j]))
        } }
        psiScale = r.values[1].reduce(0) { max($0, abs($1)) }
        #expect(initialError < 1e-12, "omega(0) - omega0: \(initialError)")
        #expect(psiOnLine < 1e-12 && psiScale > 0.5, "max |psi(0, y, t)| = \(psiOnLine), max |psi| = \(psiScale)")
        let change = (0..<2).map { c in Self.relativeL2(r.values[c], fine.values[c]) }
        print("navier-stokes-2d reference: 64 modes against 128: omega \(change[0]), psi \(change[1]); \(elapsed)")
        #expect(change[0] < 1e-5 && change[1] < 1e-7, "64 x 64 modes, dt 2e-3 against 128 x 128, dt 1e-3: \(change)")
    }

    /// The advection term matters: at t = 1 the vorticity is far (26.5 %, measured) from the purely
    /// viscous decay of omega0, each mode by e^{-nu |k|^2 t}.
    @Test func nonlinearTermMatters() throws {
        let r = try NavierStokes2D.reference(on: NavierStokes2D.referenceGrid)
        let g = NavierStokes2D.referenceGrid.axes.map(\.values)
        let t = g[0].last!, nu = NavierStokes2D.nu, n = g[1].count * g[2].count
        let (a, b) = (Double.exp(-2 * nu * t), Double.exp(-5 * nu * t))
        let linear = g[1].flatMap { x in g[2].map { y in
            2 * Double.sin(x) * Double.cos(y) * a + (Double.sin(x) * Double.sin(2 * y) + Double.sin(2 * x) * Double.cos(y)) * b
        } }
        let last = Array(r.values[0][(r.values[0].count - n)...])
        let difference = Self.relativeL2(linear, last)
        print("navier-stokes-2d: omega(1) against viscous decay alone: \(difference)")
        #expect(difference > 0.2, "relative L2 difference from the linear decay: \(difference)")
        // At t = 0 the linear formula is omega0 itself.
        #expect(Self.relativeL2(g[1].flatMap { x in g[2].map { y in NavierStokes2D.initialVorticity(x, y) } },
                                Array(r.values[0][..<n])) < 1e-12)
    }

    /// The spectral solution satisfies the problem's transport equation: spectral x, y
    /// derivatives and a central difference in t over +-h at t = 0.5.
    @Test func referenceSolvesTheTransportEquation() throws {
        let solver = try NavierStokes2D.spectralSolver()
        let h = 1e-3, t = 0.5, nu = NavierStokes2D.nu
        let s = try solver.snapshots(initial: NavierStokes2D.initialVorticity, times: [t - h, t, t + h])
        let axes = [linspace(0, Self.L, 23), linspace(0, Self.L, 23)]
        let psi = solver.streamFunction(of: s[1])
        let (before, after) = (s[0].values(onGrid: axes), s[2].values(onGrid: axes))
        let wx = s[1].derivative(axis: 0).values(onGrid: axes), wy = s[1].derivative(axis: 1).values(onGrid: axes)
        let px = psi.derivative(axis: 0).values(onGrid: axes), py = psi.derivative(axis: 1).values(onGrid: axes)
        let lap = s[1].derivative(axis: 0, order: 2).values(onGrid: axes)
        let lapY = s[1].derivative(axis: 1, order: 2).values(onGrid: axes)
        var worst = 0.0, scale = 0.0
        for i in wx.indices {
            let wt = (after[i] - before[i]) / (2 * h)
            worst = max(worst, abs(wt + py[i] * wx[i] - px[i] * wy[i] - nu * (lap[i] + lapY[i])))
            scale = max(scale, abs(wt))
        }
        #expect(scale > 0.5 && worst < 1e-5 * scale, "max |residual| \(worst), max |omega_t| \(scale)")
    }

    /// 1,200 steps (Adam 200, ssbfgs 1,000) of the default 4 x 32 network on 1,000 fixed points.
    @Test func trainsWithAReducedBudget() throws {
        let p = try NavierStokes2D().make(Double.self, options: ProblemOptions())
        var s = Support.reduced(p, width: 32, depth: 4, batch: 1000, phases: [.init(.adam, 200), .init(.ssbfgs, 1000)],
                                learningRate: 2e-3)
        s.resampleEvery = 0
        let start = ContinuousClock.now
        let (before, after, r) = try Support.errorBeforeAndAfter(p, s)
        let perOutput = r.relativeL2ErrorPerOutput
        print("navier-stokes-2d reduced: relative L2 \(before) -> \(after), \(perOutput), \(ContinuousClock.now - start)")
        #expect(Set(perOutput.keys) == ["omega", "psi"])
        // Measured (seed 0): 1.06 -> 3.7e-2 over (omega, psi); omega 3.7e-2, psi 4.0e-2, in 26 s
        // (release, beside another job). The untrained 1.06 is far above the bounds.
        #expect(before > 0.5 && after < 0.11, "relative L2 \(before) -> \(after)")
        #expect((perOutput["omega"] ?? 1) < 0.11 && (perOutput["psi"] ?? 1) < 0.12, "\(perOutput)")
    }

    static func relativeL2(_ a: [Double], _ b: [Double]) -> Double {
        let d = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (d / b.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }
}
