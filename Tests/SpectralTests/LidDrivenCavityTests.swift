import RealModule
import Testing
@testable import Spectral

/// The finite-difference lid-driven cavity against Ghia, Ghia & Shin (1982), under grid
/// refinement, and its input checks.
@Suite("Lid-driven cavity, finite differences")
struct LidDrivenCavityTests {
    /// The sharp lid U = 1 at Re = 100 on a 65 x 65 grid: every centreline point of Ghia's
    /// Tables I and II within 1e-2 (measured: u 2.3e-3, v 5.9e-3; 129 x 129: 4.3e-3, 8.4e-3;
    /// 257 x 257: 4.9e-3, 9.0e-3: the finer grids move away from Ghia's v, within 1e-2).
    @Test func matchesGhiaCentrelines() throws {
        let s = try LidDrivenCavityFD(reynolds: 100, n: 64, lid: LidDrivenCavityFD.uniformLid).solve()
        for (y, u) in GhiaCavity.uVertical {
            let got = s.value(s.u, x: 0.5, y: y)
            #expect(abs(got - u) < 1e-2, "u(0.5, \(y)) = \(got), Ghia \(u)")
        }
        for (x, v) in GhiaCavity.vHorizontal {
            let got = s.value(s.v, x: x, y: 0.5)
            #expect(abs(got - v) < 1e-2, "v(\(x), 0.5) = \(got), Ghia \(v)")
        }
        // The primary vortex: Ghia's psi_min = -0.103423 at Re = 100.
        let psiMin = s.psi.min() ?? 0
        #expect(abs(psiMin + 0.103423) < 2e-3, "psi_min = \(psiMin)")
        #expect(s.residual < 1e-10)
    }

    /// Centreline differences between successive grids n = 16, 32, 64 fall at second order
    /// (measured, sharp lid: 3.55e-2 -> 9.34e-3 -> 2.26e-3 -> 5.50e-4 in u for n = 16 ... 256,
    /// ratios 3.8, 4.1, 4.1). Bound: ratio > 3.
    @Test func convergesAtSecondOrderUnderRefinement() throws {
        let grids = try [16, 32, 64].map { try LidDrivenCavityFD(reynolds: 100, n: $0, lid: LidDrivenCavityFD.uniformLid).solve() }
        func difference(_ a: LidDrivenCavitySolution, _ b: LidDrivenCavitySolution) -> (u: Double, v: Double) {
            let du = GhiaCavity.uVertical.map { abs(a.value(a.u, x: 0.5, y: $0.y) - b.value(b.u, x: 0.5, y: $0.y)) }.max() ?? 0
            let dv = GhiaCavity.vHorizontal.map { abs(a.value(a.v, x: $0.x, y: 0.5) - b.value(b.v, x: $0.x, y: 0.5)) }.max() ?? 0
            return (du, dv)
        }
        let coarse = difference(grids[0], grids[1]), fine = difference(grids[1], grids[2])
        #expect(coarse.u / fine.u > 3, "u: \(coarse.u) -> \(fine.u)")
        #expect(coarse.v / fine.v > 3, "v: \(coarse.v) -> \(fine.v)")
        #expect(fine.u < 1.5e-2 && fine.v < 1.5e-2, "n = 32 -> 64: \(fine)")
    }

    /// A smoothed lid vanishing at the corners: the pressure's RMS difference between grids
    /// halves with h (first order, from the walls), u's and v's fall faster (measured for
    /// U = 1 - cosh(20 (x - 1/2)) / cosh 10: p 2.5e-2 -> 1.25e-2 for n = 16 -> 32 -> 64;
    /// u 1.5e-2 -> 5.2e-3). Bounds: ratio > 1.6 for p, > 2.4 for u, v.
    @Test func smoothLidPressureConverges() throws {
        let lid: @Sendable (Double) -> Double = { x in 1 - cosh20(x - 0.5) / cosh20(0.5) }
        let grids = try [16, 32, 64].map { try LidDrivenCavityFD(reynolds: 100, n: $0, lid: lid).solve() }
        func rms(_ a: LidDrivenCavitySolution, _ b: LidDrivenCavitySolution, _ f: KeyPath<LidDrivenCavitySolution, [Double]>) -> Double {
            var sum = 0.0
            for i in 0...a.n { for j in 0...a.n {
                let d = a[keyPath: f][i * (a.n + 1) + j] - b[keyPath: f][2 * i * (b.n + 1) + 2 * j]
                sum += d * d
            } }
            return (sum / Double((a.n + 1) * (a.n + 1))).squareRoot()
        }
        for (f, bound) in [(\LidDrivenCavitySolution.p, 1.6), (\.u, 2.4), (\.v, 2.4)] {
            let coarse = rms(grids[0], grids[1], f), fine = rms(grids[1], grids[2], f)
            #expect(coarse / fine > bound, "\(f): \(coarse) -> \(fine)")
        }
        #expect(abs(grids[2].value(grids[2].p, x: 0.5, y: 0.5)) < 1e-14, "gauge p(0.5, 0.5) = 0")
    }

    @Test func badInputThrows() {
        let lid = LidDrivenCavityFD.uniformLid
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: 0, n: 32, lid: lid) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: -5, n: 32, lid: lid) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: .nan, n: 32, lid: lid) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: .infinity, n: 32, lid: lid) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: 100, n: 4, lid: lid) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: 100, n: 32, lid: { $0 > 0.5 ? .nan : 1 }) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: 100, n: 32, lid: lid, tolerance: 0) }
        #expect(throws: SpectralError.self) { try LidDrivenCavityFD(reynolds: 100, n: 32, lid: lid, maxIterations: 0) }
    }

    /// Too few sweeps: the convergence check throws instead of returning a partial solution.
    @Test func unconvergedRunThrows() throws {
        let solver = try LidDrivenCavityFD(reynolds: 100, n: 32, lid: LidDrivenCavityFD.uniformLid, maxIterations: 100)
        #expect(throws: SpectralError.self) { try solver.solve() }
        do { _ = try solver.solve() } catch let error as SpectralError {
            #expect(error.description.contains("did not converge"), "\(error)")
        }
    }
}

private func cosh20(_ x: Double) -> Double { (exp20(x) + exp20(-x)) / 2 }
private func exp20(_ x: Double) -> Double { Double.exp(20 * x) }
