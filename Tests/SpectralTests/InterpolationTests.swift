import Foundation
import Testing
@testable import Spectral

/// Band-limited (trigonometric) interpolation: `SpectralSeries.values(at:)` at scattered points
/// and `values(onGrid:)` on tensor grids, the evaluation behind every spectral reference on a
/// user's grid (`pinn-solve reference`).
@Suite("Trigonometric interpolation")
struct InterpolationTests {
    /// Off-node coordinates of [lower, upper], both ends included (the upper end is the periodic
    /// image of the lower one), none on an n-point periodic grid for the n used here.
    static func coordinates(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    }

    /// A function in the span of the basis (modes |m| <= n/2, the Nyquist mode as a cosine) is
    /// reproduced everywhere to round-off, in 1-D on [-1, 1] (so x - a is exercised).
    @Test func bandLimitedFunctionIsExact1D() throws {
        let n = 16
        let f: (Double) -> Double = { x in
            0.3 + cos(Double.pi * x) - 0.7 * sin(5 * Double.pi * x) + 0.4 * cos(3 * Double.pi * x + 0.2)
                + 0.25 * cos(8 * Double.pi * x) // the Nyquist mode m = 8
        }
        let box = try SpectralBox(lower: [-1], upper: [1], shape: [n])
        let series = try box.series(of: box.sample { f($0[0]) })
        let xs = Self.coordinates(-1, 1, count: 37)
        let scattered = series.values(at: xs.map { [$0] }), grid = series.values(onGrid: [xs])
        let exact = xs.map(f)
        let e1 = maxError(scattered, exact), e2 = maxError(grid, exact)
        #expect(e1 < 1e-13 && e2 < 1e-13, "max error at points \(e1), on the grid \(e2)")
        // Periodic: a point one period away gives the same value.
        #expect(abs(series.values(at: [[0.37 + 2]])[0] - f(0.37)) < 1e-13)
    }

    /// 2-D and 3-D band-limited functions on boxes not starting at 0: the tensor-grid sum equals
    /// the function and the pointwise sum at the same points (row-major, last axis fastest).
    @Test func bandLimitedFunctionIsExactOnTensorGrids() throws {
        let lower = [0.0, -1, 0.5], upper = [2 * Double.pi, 2, 1.5], shape = [8, 10, 6]
        let f: ([Double]) -> Double = { p in
            let x = p[0], y = 2 * Double.pi * (p[1] + 1) / 3, z = p.count > 2 ? 2 * Double.pi * (p[2] - 0.5) : 0
            return cos(x) * sin(2 * y) + 0.5 * sin(3 * x - y) + 0.2 * cos(4 * x) + 0.1 * cos(5 * y) * cos(2 * z)
                - 0.3 * sin(z + x)
        }
        for d in [2, 3] {
            let box = try SpectralBox(lower: Array(lower.prefix(d)), upper: Array(upper.prefix(d)), shape: Array(shape.prefix(d)))
            let series = try box.series(of: box.sample(f))
            let axes = (0..<d).map { Self.coordinates(lower[$0], upper[$0], count: [9, 7, 5][$0]) }
            var points: [[Double]] = [[]]
            for a in axes { points = points.flatMap { p in a.map { p + [$0] } } }
            let grid = series.values(onGrid: axes)
            let exact = points.map(f)
            #expect(grid.count == points.count)
            let e1 = maxError(grid, exact), e2 = maxError(grid, series.values(at: points))
            #expect(e1 < 1e-13 && e2 < 1e-13, "\(d)-D: max error \(e1) against f, \(e2) against values(at:)")
        }
    }

    /// Dirichlet boxes: a finite sine series is reproduced exactly on any grid.
    @Test func sineSeriesIsExact() throws {
        let box = try SpectralBox(lower: [0, -1], upper: [2, 1], shape: [7, 5], boundary: .dirichlet)
        let f: ([Double]) -> Double = { p in
            sin(Double.pi * p[0] / 2) * sin(Double.pi * (p[1] + 1) / 2)
                - 0.3 * sin(3 * Double.pi * p[0] / 2) * sin(2 * Double.pi * (p[1] + 1) / 2)
        }
        let series = try box.series(of: box.sample(f))
        let axes = [Self.coordinates(0, 2, count: 6), Self.coordinates(-1, 1, count: 4)]
        let exact = axes[0].flatMap { x in axes[1].map { f([x, $0]) } }
        let err = maxError(series.values(onGrid: axes), exact)
        #expect(err < 1e-13, "max error \(err)")
    }

    /// A smooth periodic function that is not band-limited, exp(sin(pi x)) on [-1, 1]: the
    /// interpolant's error off the nodes falls geometrically with n (its Fourier coefficients
    /// are Bessel values I_m(1) ~ 1 / (2^m m!)) until round-off.
    @Test func smoothPeriodicFunctionConvergesSpectrally() throws {
        let f: (Double) -> Double = { exp(sin(Double.pi * $0)) }
        let xs = Self.coordinates(-1, 1, count: 41).map { $0 + 0.0123 }
        let ns = [4, 8, 12, 16, 32]
        var errors: [Double] = []
        for n in ns {
            let box = try SpectralBox(lower: [-1], upper: [1], shape: [n])
            let series = try box.series(of: box.sample { f($0[0]) })
            errors.append(maxError(series.values(onGrid: [xs]), xs.map(f)))
        }
        for i in 0..<3 {
            #expect(errors[i + 1] < errors[i] * 0.02, "errors \(errors) for n = \(ns): not falling geometrically")
        }
        #expect(errors[0] > 1e-3, "n = 4 should be visibly off: \(errors)")
        #expect(errors[4] < 1e-14, "errors \(errors) for n = \(ns): not at round-off by n = 32")
    }
}
