import Foundation
import Testing
import TestSupport
@testable import PINN
@testable import Problems

/// lid-driven-cavity: the residual closure on a known Navier-Stokes solution, the wall and gauge
/// conditions, the finite-difference reference against Ghia et al., and a reduced training run.
@Suite struct LidDrivenCavityProblemTests {
    typealias Support = ProblemTestSupport

    /// Kovasznay's flow with Re = 100 is an exact steady Navier-Stokes solution at Re = 100:
    /// the cavity's closure gives residuals at round-off in all three equations; at Re = 40 the
    /// momentum residuals are visible (continuity, which holds for any Re, stays at round-off).
    @Test func closureVanishesOnAnExactNavierStokesSolution() throws {
        let p = try LidDrivenCavity().make(Double.self, options: ProblemOptions())
        var rng = RandomStream(seed: 5)
        let x: Tensor<Double> = try Box(lower: [0, 0], upper: [1, 1]).sampleInterior(400, using: &rng)
        let r = try Support.residuals(of: p, exact: { Kovasznay.exact($0, reynolds: 100) }, at: x).map(Support.maxAbs)
        #expect(r.count == 3)
        for (i, e) in r.enumerated() { #expect(e < 1e-12, "equation \(i): max |residual| = \(e)") }
        let other = try Support.residuals(of: p, exact: { Kovasznay.exact($0, reynolds: 40) }, at: x).map(Support.maxAbs)
        #expect(other[0] < 1e-12 && other[1] > 1e-2 && other[2] > 1e-2, "\(other)")
        #expect(p.residualNames == ["continuity", "momentum_x", "momentum_y"])
    }

    /// The field (y U(x), 0, 0) meets both conditions exactly; the lid is 0 at the corners and
    /// 1 - 1/cosh(10) at the centre; a field with the sharp lid misses the wall condition.
    @Test func wallAndGaugeConditions() throws {
        let p = try LidDrivenCavity().make(Double.self, options: ProblemOptions())
        let wall: (Tensor<Double>) -> Tensor<Double> = { x in
            LidDrivenCavity.wallVelocity(x).gatheringColumns([0, 1]).scatteringColumns([0, 1], width: 3)
        }
        let c = try Support.conditionResiduals(of: p, exact: wall)
        #expect(Set(c.map(\.name)) == ["wall_velocity", "pressure_gauge"])
        for (name, r) in c { #expect(Support.maxAbs(r) < 1e-14, "\(name): \(Support.maxAbs(r))") }
        #expect(Swift.abs(LidDrivenCavity.lid(0)) < 1e-15 && Swift.abs(LidDrivenCavity.lid(1)) < 1e-15)
        #expect(Swift.abs(LidDrivenCavity.lid(0.5) - (1 - 1 / cosh(10))) < 1e-15)
        let sharp: (Tensor<Double>) -> Tensor<Double> = { x in x.column(1).scatteringColumns([0], width: 3) }
        let missed = try Support.conditionResiduals(of: p, exact: sharp).first { $0.name == "wall_velocity" }
        #expect(Support.maxAbs(try #require(missed).residual) > 0.1)
    }

    /// The reference (the FD solution with the smoothed lid, 129 x 129): Ghia's centreline
    /// tables within 1e-2 (measured u 2.05e-3 at y = 0.9531, v 8.34e-3 at x = 0.8594), the lid on the top
    /// row, and the gauge p(0.5, 0.5) = 0.
    @Test func referenceMatchesGhiaAndTheConditions() throws {
        let s = try LidDrivenCavity.fineSolution()
        let d = GhiaCavity.maxDeviation { x, y in (s.value(s.u, x: x, y: y), s.value(s.v, x: x, y: y)) }
        #expect(d.u < 1e-2 && d.v < 1e-2, "\(d)")
        let r = try LidDrivenCavity().gridReference(on: .uniform(inputNames: ["x", "y"], inputs: [0, 1], lower: [0, 0],
                                                                 upper: [1, 1], counts: [11, 11]), options: ProblemOptions())
        #expect(r.values.count == 3 && r.values.allSatisfy { $0.count == 121 })
        // x = i/10 falls between the FD nodes: the lid is interpolated (measured 1.2e-6).
        for i in 0..<11 { #expect(Swift.abs(r.values[0][i * 11 + 10] - LidDrivenCavity.lid(Double(i) / 10)) < 1e-5) }
        #expect(Swift.abs(r.values[2][5 * 11 + 5]) < 1e-12, "p(0.5, 0.5) = \(r.values[2][60])")
    }

    /// Adam 200 + ssbfgs 1,300 on the default 4 x 32 network, 1,000 fixed points, seed 0.
    @Test func trainsWithAReducedBudget() throws {
        let p = try LidDrivenCavity().make(Double.self, options: ProblemOptions())
        var s = Support.reduced(p, width: 32, depth: 4, batch: 1000, phases: [.init(.adam, 200), .init(.ssbfgs, 1300)],
                                learningRate: 2e-3)
        s.resampleEvery = 0
        let solver = try Solver(problem: p, settings: s)
        let before = try #require(try solver.relativeL2Error())
        var options = RunOptions()
        options.progress = .silent
        let r = try solver.train(options)
        let after = try #require(r.relativeL2Error)
        let perOutput = r.relativeL2ErrorPerOutput
        #expect(Set(perOutput.keys) == ["u", "v", "p"])
        let ghia = GhiaCavity.maxDeviation { x, y in
            let uv = solver.predict(Tensor(shape: [1, 2], scalars: [x, y]))
            return (uv[0, 0], uv[0, 1])
        }
        // Measured (seed 0; 71 s in release beside a training run on 2 cores): 1.86 -> 6.3e-2 over
        // (u, v, p); u 4.4e-2, v 6.7e-2, p 0.13; Ghia's centrelines within u 1.26e-2, v 9.8e-3.
        #expect(before > 1, "untrained: \(before)")
        #expect(after < 0.2, "relative L2 \(before) -> \(after)")
        #expect((perOutput["u"] ?? 1) < 0.13 && (perOutput["v"] ?? 1) < 0.2 && (perOutput["p"] ?? 1) < 0.4, "\(perOutput)")
        #expect(ghia.u < 4e-2 && ghia.v < 3e-2, "largest deviation from Ghia's centreline tables: \(ghia)")
    }
}
