import Foundation
import PINN
import Problems
import Testing
import TestSupport

/// The spectral problems' references on a user's grid (`pinn-solve reference NAME --nt M --nx N`):
/// at the points the user's grid shares with the problem's own reference grid they agree with
/// it, and off that grid they agree with an evaluation that does not go through the problem's
/// grid code (Cole-Hopf for Burgers, closed forms for heat, a separate solve to that time
/// interpolated by a naive DFT sum for the others).
@Suite("Grid references of the spectral problems")
struct GridReferenceTests {
    /// The reference of `def` on the uniform grid of `counts` (time first, then the space
    /// inputs in order, over the problem's input bounds), as `pinn-solve reference` asks for it,
    /// and the problem's own reference.
    static func references(_ def: some GridReferenceProblem, counts: [Int]) throws
        -> (user: ReferenceSolution, own: ReferenceSolution, grid: ReferenceGrid) {
        let p = try def.make(Double.self, options: ProblemOptions())
        let time = try #require(p.timeIndex)
        let grid = ReferenceGrid.uniform(inputNames: p.inputNames,
                                         inputs: [time] + (0..<p.inputDimension).filter { $0 != time },
                                         lower: try #require(p.inputLower), upper: try #require(p.inputUpper), counts: counts)
        let user = try def.gridReference(on: grid, options: ProblemOptions())
        let makeOwn = try #require(p.reference.solution)
        let own = try makeOwn()
        #expect(user.layout == .grid(grid.axes) && user.axisInputs == grid.axisInputs)
        #expect(user.values.count == p.outputCount && user.values.allSatisfy { $0.count == grid.count })
        return (user, own, grid)
    }

    /// The number of points two grid references (same axes, same order) share, coordinates
    /// equal to 1e-12 on every axis, and the largest difference of their values there.
    static func shared(_ a: ReferenceSolution, _ b: ReferenceSolution) -> (count: Int, maxDifference: Double) {
        guard case .grid(let ax) = a.layout, case .grid(let bx) = b.layout, ax.map(\.name) == bx.map(\.name) else {
            Issue.record("not two grids with the same axes: \(a.layout) and \(b.layout)")
            return (0, .infinity)
        }
        var pairs = [(0, 0)] // flat indices into a and b
        for (p, q) in zip(ax, bx) {
            let matches = p.values.indices.compactMap { i in
                q.values.firstIndex { abs($0 - p.values[i]) < 1e-12 }.map { (i, $0) }
            }
            pairs = pairs.flatMap { fa, fb in matches.map { (fa * p.values.count + $0.0, fb * q.values.count + $0.1) } }
        }
        var worst = 0.0
        for c in a.values.indices { for (fa, fb) in pairs { worst = max(worst, abs(a.values[c][fa] - b.values[c][fb])) } }
        return (pairs.count, worst)
    }

    /// Row `i` (time index) of component `c` of a (t, x) reference with `n` points per row.
    static func row(_ r: ReferenceSolution, _ i: Int, _ n: Int, component c: Int = 0) -> [Double] {
        Array(r.values[c][i * n ..< (i + 1) * n])
    }

    /// The trigonometric interpolant of `u` on the n periodic nodes lower + j L/n at each x,
    /// summed naively from its DFT over modes -n/2 ... n/2 with the two Nyquist terms halved
    /// (so the Nyquist mode is c cos): written here apart from the Spectral module.
    static func naiveInterpolant(_ u: [Double], lower: Double, length: Double, at xs: [Double]) -> [Double] {
        let n = u.count, modes = Array(-(n / 2)...(n / 2))
        let c: [(re: Double, im: Double)] = modes.map { m in
            var re = 0.0, im = 0.0
            for j in 0..<n {
                let theta = -2 * Double.pi * Double(m * j) / Double(n)
                re += u[j] * cos(theta); im += u[j] * sin(theta)
            }
            return (re / Double(n), im / Double(n))
        }
        return xs.map { x in
            var s = 0.0
            for (k, m) in modes.enumerated() {
                let phi = 2 * Double.pi * Double(m) * (x - lower) / length
                s += (abs(m) == n / 2 ? 0.5 : 1) * (c[k].re * cos(phi) - c[k].im * sin(phi))
            }
            return s
        }
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// 37 times (shared with the own 101: t = 0, 1/4, 1/2, 3/4, 1) by 52 points (a sub-grid of
    /// the own 256: every fifth); row 7, t = 7/36, lies between the own grid's times.
    static let counts1D = [37, 52], offRow = 7

    @Test func burgersOnAUserGrid() throws {
        let (user, own, grid) = try Self.references(Burgers1D(), counts: Self.counts1D)
        let s = Self.shared(user, own)
        print("burgers-1d: \(s.count) shared points, max difference \(s.maxDifference)")
        #expect(s.count == 5 * 52 && s.maxDifference < 1e-10, "\(s)")
        let t = grid.axes[0].values[Self.offRow], xs = grid.axes[1].values
        let oracle = ColeHopfBurgers(nu: Burgers1D.viscosity)
        let off = Self.maxDifference(Self.row(user, Self.offRow, 52), xs.map { oracle.value(t: t, x: $0) })
        print("burgers-1d: max difference from Cole-Hopf at t = \(t): \(off)")
        #expect(off < 1e-11, "u(\(t), x) differs from the Cole-Hopf solution by \(off)")
    }

    /// Allen-Cahn and KdV: the off-grid row against a separate solve to that time on the
    /// solver's nodes, interpolated by the naive DFT sum.
    @Test(arguments: ["allen-cahn-1d", "kdv-1d"])
    func periodicSemilinearOnAUserGrid(name: String) throws {
        let (user, own, grid) = name == "kdv-1d" ? try Self.references(KdV1D(), counts: Self.counts1D)
                                                 : try Self.references(AllenCahn1D(), counts: Self.counts1D)
        let s = Self.shared(user, own)
        print("\(name): \(s.count) shared points, max difference \(s.maxDifference)")
        #expect(s.count == 5 * 52 && s.maxDifference < (name == "kdv-1d" ? 1e-10 : 1e-8), "\(s)")
        let t = grid.axes[0].values[Self.offRow], xs = grid.axes[1].values
        let nodes = name == "kdv-1d" ? try KdV1D.spectralSolver().solveOnGrid(finalTime: t, timeCount: 2)
                                     : try AllenCahn1D.spectralSolver().solveOnGrid(finalTime: t, timeCount: 2)
        #expect(nodes.x.first == -1 && nodes.x.count % 2 == 0)
        let expected = Self.naiveInterpolant(nodes.u[1], lower: -1, length: 2, at: xs)
        let off = Self.maxDifference(Self.row(user, Self.offRow, 52), expected)
        print("\(name): max difference from a separate solve at t = \(t): \(off)")
        #expect(off < 1e-10, "u(\(t), x) differs from a separate solve by \(off)")
    }

    @Test func schrodingerOnAUserGrid() throws {
        let (user, own, grid) = try Self.references(Schrodinger1D(), counts: Self.counts1D)
        let s = Self.shared(user, own)
        print("schrodinger-1d: \(s.count) shared points, max difference \(s.maxDifference)")
        #expect(s.count == 5 * 52 && s.maxDifference < 1e-8, "\(s)")
        let t = grid.axes[0].values[Self.offRow], xs = grid.axes[1].values
        let h = try Schrodinger1D.spectralSolver().solveOnGrid(times: [t])[0]
        var off = 0.0
        for (c, part) in [h.map(\.real), h.map(\.imaginary)].enumerated() {
            let expected = Self.naiveInterpolant(part, lower: -5, length: 10, at: xs)
            off = max(off, Self.maxDifference(Self.row(user, Self.offRow, 52, component: c), expected))
        }
        print("schrodinger-1d: max difference from a separate solve at t = \(t): \(off)")
        #expect(off < 1e-10, "h(\(t), x) differs from a separate solve by \(off)")
    }

    @Test func heat1DOnAUserGrid() throws {
        // 26 points: a sub-grid of the own 101 (every fourth).
        let (user, own, grid) = try Self.references(Heat1D(), counts: [37, 26])
        let s = Self.shared(user, own)
        print("heat-1d: \(s.count) shared points, max difference \(s.maxDifference)")
        #expect(s.count == 5 * 26 && s.maxDifference < 1e-8, "\(s)")
        let t = grid.axes[0].values[Self.offRow], xs = grid.axes[1].values, k = Heat1D.nu * Double.pi * Double.pi
        let exact = xs.map { x in exp(-k * t) * sin(Double.pi * x) + 0.5 * exp(-4 * k * t) * sin(2 * Double.pi * x) }
        let off = Self.maxDifference(Self.row(user, Self.offRow, 26), exact)
        #expect(off < 1e-14, "u(\(t), x) differs from the exact solution by \(off)")
    }

    /// heat-2d: 37 times (shared with the own 11: t = 0, 1/2, 1) by 21 x 21 points (every other
    /// one of the own 41 x 41); the off-grid time against the closed form
    /// u = e^{-2 nu t} sin x sin y + I_0(1)/2 + sum_{m >= 1} I_m(1) e^{-2 nu m^2 t} cos(m (x + y)).
    @Test func heat2DOnAUserGrid() throws {
        let (user, own, grid) = try Self.references(Heat2D(), counts: [37, 21, 21])
        let s = Self.shared(user, own)
        print("heat-2d: \(s.count) shared points, max difference \(s.maxDifference)")
        #expect(s.count == 3 * 21 * 21 && s.maxDifference < 1e-8, "\(s)")
        // I_m(1) = sum_k (1/2)^(2k + m) / (k! (k + m)!).
        var bessel = [Double](repeating: 0, count: 31)
        for m in 0...30 {
            for k in 0...30 {
                let factorials: Double = tgamma(Double(k + 1)) * tgamma(Double(k + m + 1))
                bessel[m] += pow(0.5, Double(2 * k + m)) / factorials
            }
        }
        let t = grid.axes[0].values[Self.offRow], xs = grid.axes[1].values, ys = grid.axes[2].values, nu = Heat2D.nu
        var off = 0.0
        for (i, x) in xs.enumerated() {
            for (j, y) in ys.enumerated() {
                var u: Double = exp(-2 * nu * t) * sin(x) * sin(y) + 0.5 * bessel[0]
                for m in 1...30 {
                    let decay: Double = exp(-2 * nu * Double(m * m) * t)
                    u += bessel[m] * decay * cos(Double(m) * (x + y))
                }
                off = max(off, abs(user.values[0][(Self.offRow * 21 + i) * 21 + j] - u))
            }
        }
        print("heat-2d: max difference from the closed form at t = \(t): \(off)")
        #expect(off < 1e-12, "u(\(t), x, y) differs from the closed form by \(off)")
    }

    /// A grid in another axis order is refused with a message, not misread.
    @Test func spectralReferenceRefusesOtherAxisOrders() throws {
        let grid = ReferenceGrid.uniform(inputNames: ["x", "t"], inputs: [0, 1], lower: [-1, 0], upper: [1, 1], counts: [5, 3])
        #expect(throws: SettingsError.self) { try Burgers1D().gridReference(on: grid, options: ProblemOptions()) }
    }
}
