import Foundation
import Testing
@testable import PINN
import Problems
import TestSupport

/// Bundled problems of issue 8: each exact solution satisfies its problem's own residual
/// closure (derivatives by nested reverse mode), the references are right, and each problem
/// trains to a stated bound with a reduced budget.
@Suite("Low-dimensional problems: references")
struct LowDimensionalReferenceTests {
    func randomPoints(_ n: Int, lower: [Double], upper: [Double], seed: UInt64) throws -> Tensor<Double> {
        var rng = testStream(seed)
        return try Box(lower: lower, upper: upper).sampleInterior(n, using: &rng)
    }

    @Test func poisson1DExactSolvesItsEquation() throws {
        let p = try Poisson1D().make(Double.self, options: ProblemOptions())
        let r = problemsAResiduals(p, of: { Poisson1D.exact($0) }, at: try randomPoints(200, lower: [0], upper: [1], seed: 1))
        #expect(problemsAMaxAbs(r) < 1e-8, "poisson-1d residual of the exact solution: \(problemsAMaxAbs(r))")
        let ends = Poisson1D.exact(Tensor<Double>(shape: [2, 1], scalars: [0, 1]))
        #expect(problemsAMaxAbs([ends]) < 1e-15)
    }

    @Test func helmholtz2DExactSolvesItsEquation() throws {
        let p = try Helmholtz2D().make(Double.self, options: ProblemOptions())
        let x = try randomPoints(300, lower: [-1, -1], upper: [1, 1], seed: 2)
        let r = problemsAResiduals(p, of: { Helmholtz2D.exact($0) }, at: x)
        #expect(problemsAMaxAbs(r) < 1e-8, "helmholtz-2d residual of the exact solution: \(problemsAMaxAbs(r))")
        // The residual is not trivially zero: u = 0 leaves the source q, of size up to ~165.
        let zero = problemsAResiduals(p, of: { $0.column(0) * 0 }, at: x)
        #expect(problemsAMaxAbs(zero) > 50)
    }

    @Test func poissonCSGExactSolvesItsEquationOnItsDomain() throws {
        let p = try PoissonCSG().make(Double.self, options: ProblemOptions())
        var rng = testStream(3)
        let x = try p.interior(500, &rng)
        let omega = try PoissonCSG.domain()
        #expect(omega.contains(x, tolerance: 1e-12).allSatisfy { $0 })
        let inHole = (0..<500).filter { Swift.abs(x[$0, 0]) < 0.25 && Swift.abs(x[$0, 1]) < 0.25 }
        #expect(inHole.isEmpty, "\(inHole.count) interior points fell in the square hole")
        let r = problemsAResiduals(p, of: { PoissonCSG.exact($0) }, at: x)
        #expect(problemsAMaxAbs(r) < 1e-8, "poisson-csg residual of the exact solution: \(problemsAMaxAbs(r))")
        // Boundary points lie on the circle or on the square's edges.
        let b = try p.conditions[0].sample(400, &rng).points
        for i in 0..<400 {
            let (u, v) = (b[i, 0], b[i, 1])
            let onCircle = Swift.abs(u * u + v * v - 1) < 1e-9
            let onSquare = Swift.max(Swift.abs(u), Swift.abs(v)) - 0.25 < 1e-9 && Swift.max(Swift.abs(u), Swift.abs(v)) > 0.25 - 1e-9
            #expect(onCircle || onSquare, "boundary point (\(u), \(v)) is on neither piece")
        }
    }

    @Test func heat1DExactSolvesItsEquationAndConditions() throws {
        let p = try Heat1D().make(Double.self, options: ProblemOptions())
        let x = try randomPoints(300, lower: [0, 0], upper: [1, 1], seed: 4)
        let r = problemsAResiduals(p, of: { Heat1D.exact($0) }, at: x)
        #expect(problemsAMaxAbs(r) < 1e-8, "heat-1d residual of the exact solution: \(problemsAMaxAbs(r))")
        // The hard constraint's offset is the initial value, and the exact solution matches it.
        var t0 = x
        for i in 0..<300 { t0[i, 1] = 0 }
        #expect(problemsAMaxAbs([Heat1D.exact(t0) - Heat1D.initial(t0)]) < 1e-14)
        var wall = x
        for i in 0..<300 { wall[i, 0] = Double(i % 2) }
        #expect(problemsAMaxAbs([Heat1D.exact(wall)]) < 1e-14)
    }

    @Test func heat2DResidualIsTheHeatOperator() throws {
        // A single mode exp(-nu (m^2 + n^2) t) sin(m x) cos(n y) solves u_t = nu Lap u.
        let p = try Heat2D().make(Double.self, options: ProblemOptions())
        let L = 2 * Double.pi
        let x = try randomPoints(300, lower: [0, 0, 0], upper: [L, L, 1], seed: 5)
        let mode: (Tensor<Double>) -> Tensor<Double> = { q in
            (q.column(2) * (-Heat2D.nu * 5)).exp() * q.column(0).sin() * (q.column(1) * 2).cos()
        }
        let r = problemsAResiduals(p, of: mode, at: x)
        #expect(problemsAMaxAbs(r) < 1e-8, "heat-2d residual of a single mode: \(problemsAMaxAbs(r))")
    }

    @Test func heat2DSpectralReferenceMatchesExactSingleMode() throws {
        let box = try SpectralBox(lower: [0, 0], upper: [2 * Double.pi, 2 * Double.pi], shape: [32, 32])
        let times = [0, 0.3, 1.0]
        var rng = testStream(6)
        let pts = (0..<50).map { _ in [2 * Double.pi * rng.uniform(Double.self), 2 * Double.pi * rng.uniform(Double.self)] }
        let u = try HeatSpectral(nu: Heat2D.nu, box: box).solve(initial: { Double.sin(2 * $0[0]) * Double.cos(3 * $0[1]) },
                                                                times: times, points: pts)
        var worst = 0.0
        for (ti, t) in times.enumerated() {
            for (j, q) in pts.enumerated() {
                let exact = Double.exp(-Heat2D.nu * 13 * t) * Double.sin(2 * q[0]) * Double.cos(3 * q[1])
                worst = Swift.max(worst, Swift.abs(u[ti][j] - exact))
            }
        }
        #expect(worst < 1e-12, "spectral heat solver vs exact single mode: max error \(worst)")
    }

    @Test func heat2DReferenceIsResolvedAndStartsAtTheInitialValue() throws {
        let fine = try Heat2D.spectralReference(times: [0, 0.5, 1], n: 9, modes: 64)
        let coarse = try Heat2D.spectralReference(times: [0, 0.5, 1], n: 9, modes: 32)
        let diff = zip(fine.values[0], coarse.values[0]).map { Swift.abs($0 - $1) }.max()!
        #expect(diff < 1e-12, "64 vs 32 modes differ by \(diff)")
        let pts = fine.points(inputDimension: 3)
        var worst = 0.0
        for i in 0..<(pts.count / 3) where pts[3 * i + 2] == 0 {
            worst = Swift.max(worst, Swift.abs(fine.values[0][i] - Heat2D.initial([pts[3 * i], pts[3 * i + 1]])))
        }
        #expect(worst < 1e-12, "reference at t = 0 vs u0: \(worst)")
    }

    @Test func blackScholesFormulaSolvesThePDE() throws {
        // Sixth-order central differences (truncation ~h^6, round-off ~1e-16 / h^2).
        let h = 0.01
        let c1 = [1.0 / 60, -3.0 / 20, 3.0 / 4], c2 = [1.0 / 90, -3.0 / 20, 3.0 / 2], c20 = -49.0 / 18
        func d1(_ f: (Double) -> Double, _ x: Double) -> Double {
            var acc = 0.0
            for j in 0..<3 {
                let step = Double(3 - j) * h
                acc += c1[j] * (f(x + step) - f(x - step))
            }
            return acc / h
        }
        func d2(_ f: (Double) -> Double, _ x: Double) -> Double {
            var acc = c20 * f(x)
            for j in 0..<3 {
                let step = Double(3 - j) * h
                acc += c2[j] * (f(x + step) + f(x - step))
            }
            return acc / (h * h)
        }
        let (r, s2) = (BlackScholes1D.rate, BlackScholes1D.sigma * BlackScholes1D.sigma)
        var rng = testStream(7)
        var worst = 0.0
        for _ in 0..<200 {
            let S = 0.2 + 2.6 * rng.uniform(Double.self), t = 0.85 * rng.uniform(Double.self)
            let V = BlackScholes1D.price(S: S, t: t)
            let Vt = d1({ BlackScholes1D.price(S: S, t: $0) }, t)
            let VS = d1({ BlackScholes1D.price(S: $0, t: t) }, S)
            let VSS = d2({ BlackScholes1D.price(S: $0, t: t) }, S)
            worst = Swift.max(worst, Swift.abs(Vt + 0.5 * s2 * S * S * VSS + r * S * VS - r * V))
        }
        #expect(worst < 1e-8, "Black-Scholes PDE residual of the formula: \(worst)")
    }

    @Test func blackScholesReferenceValuesAndBoundaries() throws {
        // Hull, Options, Futures and Other Derivatives: S = K = 100, r = 5%, sigma = 20%, T = 1 gives 10.4506.
        #expect(Swift.abs(BlackScholes1D.price(S: 1, t: 0) - 0.104505836) < 1e-8)
        let p = try BlackScholes1D().make(Double.self, options: ProblemOptions())
        let offset = try #require(p.offset), factor = try #require(p.factor)
        for t in [0.0, 0.4, 0.99] {
            let q = Tensor<Double>(rows: [[0, t], [3, t]])
            let far = 3 - exp(-BlackScholes1D.rate * (1 - t))
            #expect(Swift.abs(BlackScholes1D.price(S: 0, t: t)) < 1e-15)
            #expect(Swift.abs(BlackScholes1D.price(S: 3, t: t) - far) < 1e-9)
            let g = offset(q), d = factor(q)
            #expect(Swift.abs(g[0, 0]) < 1e-15 && Swift.abs(g[1, 0] - far) < 1e-13 && problemsAMaxAbs([d]) < 1e-15)
        }
        #expect(BlackScholes1D.price(S: 1.5, t: 1) == 0.5 && BlackScholes1D.price(S: 0.5, t: 1) == 0)
    }
}

/// Reduced-budget training: each problem with a small network and a few hundred steps, in
/// Double, seconds each in release. The bounds are about 3x the errors measured with these
/// exact settings and seeds (Docs/problems-low-dimensional.md), not the full-budget targets.
@Suite("Low-dimensional problems: reduced-budget training", .serialized)
struct LowDimensionalTrainingTests {
    static func report(_ r: RunResult) -> String {
        "\(r.problem): relative L2 \(r.relativeL2Error.map { String($0) } ?? "-") after \(r.steps) steps in \(r.wallSeconds) s"
    }

    @Test func poisson1DReduced() throws {
        // Full budget (adam:1000,lbfgs:1000) reaches ~1e-6.
        let r = try problemsATrain(Poisson1D(), Double.self) { s in
            s.width = 16; s.depth = 2; s.batch = 128; s.phases = [.init(.adam, 300), .init(.lbfgs, 200)]
        }
        print(Self.report(r))
        // Measured 2.3e-5.
        #expect(try #require(r.relativeL2Error) < 1e-4, "\(Self.report(r))")
    }

    @Test func helmholtz2DReduced() throws {
        let (untrained, _, r) = try trainFromUntrained(Helmholtz2D(), Double.self) { s in
            s.width = 24; s.depth = 3; s.batch = 600; s.learningRate = 5e-3; s.schedule = .cosine
            s.phases = [.init(.adam, 400), .init(.lbfgs, 100)]
        }
        // With the default sin activation Adam 400 learns the a2 = 4 mode roughly (loss 7.0e3 ->
        // 14, relative L2 0.228; with tanh the loss fell only to 2.1e3 and the error stayed about
        // 4); the L-BFGS 100 after it takes the error down by another 4x (about 3-6 s in all).
        // measured: untrained 1.042, trained 0.0554 (18.8x, the same with 1 thread); F = 6.
        // Loss 7.0e3 -> 1.48.
        print(Self.report(r), "untrained", untrained, "first loss", r.history.first?.loss ?? -1, "final", r.finalLoss ?? -1)
        let first = try #require(r.history.first?.loss), last = try #require(r.finalLoss)
        #expect(last < 0.01 * first, "loss \(first) -> \(last); \(Self.report(r))")
        #expect(try #require(r.relativeL2Error) < untrained / 6, "untrained \(untrained); \(Self.report(r))")
    }

    @Test func poissonCSGReduced() throws {
        let r = try problemsATrain(PoissonCSG(), Double.self) { s in
            s.width = 24; s.depth = 3; s.batch = 400; s.conditionBatch = 200
            s.phases = [.init(.adam, 300), .init(.lbfgs, 100)]
        }
        print(Self.report(r))
        // Measured 3.9e-2 (L-BFGS with 50 curvature pairs, the default; 5.3e-2 with 10).
        #expect(try #require(r.relativeL2Error) < 0.12, "\(Self.report(r))")
    }

    @Test func heat1DReduced() throws {
        let r = try problemsATrain(Heat1D(), Double.self) { s in
            s.width = 20; s.depth = 3; s.batch = 400; s.phases = [.init(.adam, 300), .init(.lbfgs, 300)]
        }
        print(Self.report(r))
        // Measured 3.9e-4.
        #expect(try #require(r.relativeL2Error) < 1.5e-3, "\(Self.report(r))")
    }

    @Test func heat2DReduced() throws {
        let r = try problemsATrain(Heat2D(), Double.self) { s in
            s.width = 24; s.depth = 3; s.batch = 600
            s.phases = [.init(.adam, 300), .init(.lbfgs, 200)]
        }
        print(Self.report(r))
        // Measured 9.2e-3 with the periodic embedding and 50 L-BFGS pairs (5.1e-2 with soft
        // periodicity and 10 pairs).
        #expect(try #require(r.relativeL2Error) < 3e-2, "\(Self.report(r))")
    }

    @Test func blackScholesReduced() throws {
        let (untrained, untrainedPoint, r) = try trainFromUntrained(BlackScholes1D(), Double.self) { s in
            s.width = 24; s.depth = 3; s.batch = 600; s.conditionBatch = 200
            s.phases = [.init(.adam, 300), .init(.lbfgs, 200)]
        }
        let point = try #require(untrainedPoint)
        print(Self.report(r), "point error", r.pointRelativeError ?? -1, "untrained", untrained, point)
        // measured: relative L2 untrained 0.374, trained 1.88e-3 (1.59e-3 with 1 thread; 2.1e-3
        // for t <= 0.9); bound 5e-3. At V(1, 0), next to the payoff's kink: untrained 4.59,
        // trained 1.57e-2 (1.61e-2 with 1 thread; earlier builds whose tanh differs in the last
        // bits gave 3.1e-3 and 2.5e-2): this short run has not settled the at-the-money value,
        // so its factor is loose, F = 100 (bound 4.6e-2).
        #expect(untrained > 0.3 && point > 1, "untrained relative L2 \(untrained), point error \(point)")
        #expect(try #require(r.relativeL2Error) < 5e-3, "\(Self.report(r))")
        #expect(try #require(r.pointRelativeError) < point / 100, "V(1, 0) relative error \(point) -> \(r.pointRelativeError ?? -1)")
    }
}
