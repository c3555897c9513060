import Autodiff
import Foundation
import NetCDF
import Plotting

/// Small synthetic result files in the layout `pinn-solve run` writes, shaped like real runs
/// (a decaying loss with noise, a prediction a little off the reference). The plotting tests
/// draw them; Docs/plots.md's example pictures are drawn from them by `pinn-bench plot-examples`.
public enum SyntheticResults {
    /// A PINN-like training history: each term decays from its start value towards a floor,
    /// with multiplicative noise; the error is evaluated every `errorEvery` steps.
    public static func history(steps: Int = 2000, every: Int = 10, errorEvery: Int = 100, seed: UInt64 = 7) -> LossHistory {
        var rng = RandomStream(seed: seed)
        var h = LossHistory()
        let terms: [(String, Double, Double, Double)] = [   // name, start, floor, decay steps
            ("residual", 3.0, 2e-5, 300), ("initial", 0.5, 5e-6, 200), ("boundary", 0.2, 1e-6, 250),
        ]
        for step in stride(from: 0, through: steps, by: every) {
            var row: [String: Double] = [:]
            for (name, start, floor, decay) in terms {
                let noise = exp(0.35 * rng.normal(Double.self))
                row[name] = (start * exp(-Double(step) / decay) + floor * (1 + Double(steps - step) / Double(steps))) * noise
            }
            let error = step % errorEvery == 0 ? 0.8 * exp(-Double(step) / 350) + 1e-3 : nil
            h.append(step: step, terms: row, error: error, wallTime: Double(step) * 0.01)
        }
        return h
    }

    /// The heat equation u_t = u_xx on x in [0, 1], t in [0, 0.2], u = exp(-pi^2 t) sin(pi x),
    /// with a prediction that is off by a smooth, growing amount.
    public static func heat1D() -> ResultFile {
        let t = (0...50).map { Double($0) / 250 }, x = (0...100).map { Double($0) / 100 }
        func exact(_ t: Double, _ x: Double) -> Double { exp(-Double.pi * Double.pi * t) * sin(Double.pi * x) }
        func offset(_ t: Double, _ x: Double) -> Double { 2e-2 * t * sin(3 * Double.pi * x) * (1 + x) }
        let reference: [Double] = t.flatMap { t in x.map { x in exact(t, x) } }
        let prediction: [Double] = t.flatMap { t in x.map { x in exact(t, x) + offset(t, x) } }
        return ResultFile(metadata: CFMetadata(title: "Heat 1D", source: "synthetic (Tests/PlottingTests)"),
                          solution: Solution(layout: .grid([.init("t", t, units: "s", longName: "time"),
                                                            .init("x", x, units: "m", longName: "position")]),
                                             prediction: prediction, reference: reference, quantity: "u"),
                          history: history())
    }

    /// A 2-D field on [0, 1]^2 given by `reference(x, y)`, with the prediction perturbed by
    /// `bump` (default none). Axes x (first, across) and y (second, up).
    public static func field2D(nx: Int = 41, ny: Int = 31, reference: (Double, Double) -> Double,
                        bump: (Double, Double) -> Double = { _, _ in 0 }) -> ResultFile {
        let x = (0..<nx).map { Double($0) / Double(nx - 1) }, y = (0..<ny).map { Double($0) / Double(ny - 1) }
        let r = x.flatMap { x in y.map { y in reference(x, y) } }
        let p = x.flatMap { x in y.map { y in reference(x, y) + bump(x, y) } }
        return ResultFile(metadata: CFMetadata(title: "Field 2D"),
                          solution: Solution(layout: .grid([.init("x", x), .init("y", y)]), prediction: p, reference: r),
                          history: history(steps: 200, every: 10, errorEvery: 50))
    }

    /// A 100-dimensional problem in the layout of the HJB benchmark: u(x) = log((1 + |x|^2) / 2)
    /// at `n` test points drawn in the unit ball's box, with a prediction whose error spreads
    /// over decades, and the line through the reported point x = 0 along x_1.
    public static func highDimensional(dimension d: Int = 100, n: Int = 500, seed: UInt64 = 3) -> (ResultFile, LineCut) {
        var rng = RandomStream(seed: seed)
        var points = [Double](repeating: 0, count: n * d)
        points.withUnsafeMutableBufferPointer { rng.fillUniform($0, low: -0.1, high: 0.1) }
        func exact(_ x: ArraySlice<Double>) -> Double { log((1 + x.reduce(0) { $0 + $1 * $1 }) / 2) }
        let reference = (0..<n).map { exact(points[$0 * d..<($0 + 1) * d]) }
        let prediction = reference.map { $0 + 2e-3 * exp(1.2 * rng.normal(Double.self)) * (rng.next() & 1 == 0 ? 1 : -1) }
        let s = (0...80).map { -1 + Double($0) / 40 }
        let line = LineCut(s: s, prediction: s.map { log((1 + $0 * $0) / 2) + 0.01 * sin(4 * $0) + 0.004 },
                           reference: s.map { log((1 + $0 * $0) / 2) },
                           point: [Double](repeating: 0, count: d),
                           direction: [1] + [Double](repeating: 0, count: d - 1),
                           label: "x_1 (other coordinates at the reported point)")
        let names = (1...d).map { "x_\($0)" }
        let result = ResultFile(metadata: CFMetadata(title: "HJB 100D", source: "synthetic (Tests/PlottingTests)"),
                                solution: Solution(layout: .points(points: points, dimension: d, names: names),
                                                   prediction: prediction, reference: reference, quantity: "u"),
                                history: history(steps: 3000, every: 20, errorEvery: 200, seed: 9))
        return (result, line)
    }

    /// Writes a high-dimensional result file with its line through the reported point.
    public static func writeHighDimensional(to path: String) throws {
        let (result, line) = highDimensional()
        try result.write(to: path)
        try withNetCDFFile(at: path, mode: .append) { try line.write(into: $0) }
    }
}
