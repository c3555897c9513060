import Autodiff
import NetCDF

/// A reference solution on a set of points: exact values, a spectral solver's grid, or a
/// Monte Carlo estimate. Values are Double whatever precision the network trains in.
public struct ReferenceSolution: Sendable {
    /// Where the values live: a tensor-product grid (axes named after inputs, first axis
    /// slowest) or scattered points.
    public var layout: Solution.Layout
    /// For a grid: the input index of each axis (e.g. axes (t, x) for inputs (x, t): [1, 0]).
    public var axisInputs: [Int]
    /// Values per output component, each of `layout.fieldShape`.
    public var values: [[Double]]
    /// Where the values come from ("exact", "spectral (ETDRK4, 512 modes)", ...).
    public var source: String

    public init(layout: Solution.Layout, axisInputs: [Int] = [], values: [[Double]], source: String) {
        self.layout = layout; self.axisInputs = axisInputs; self.values = values; self.source = source
    }

    /// The points as `[n, D]` rows in input order.
    public func points(inputDimension D: Int) -> [Double] {
        switch layout {
        case .points(let p, _, _): return p
        case .grid(let axes):
            let counts = axes.map(\.values.count), n = counts.reduce(1, *)
            var out = [Double](repeating: 0, count: n * D)
            for flat in 0..<n {
                var rem = flat
                for a in stride(from: axes.count - 1, through: 0, by: -1) {
                    let i = rem % counts[a]
                    rem /= counts[a]
                    out[flat * D + axisInputs[a]] = axes[a].values[i]
                }
            }
            return out
        }
    }

    /// A reference on a tensor-product grid from an exact solution `u(points [n, D]) -> [n, outputs]`.
    public static func exact(axes: [Solution.Axis], axisInputs: [Int], inputDimension D: Int,
                             source: String = "exact solution",
                             _ u: (Tensor<Double>) -> Tensor<Double>) -> ReferenceSolution {
        var r = ReferenceSolution(layout: .grid(axes), axisInputs: axisInputs, values: [], source: source)
        let pts = Tensor<Double>(shape: [r.layout.fieldShape.reduce(1, *), D], scalars: r.points(inputDimension: D))
        let v = u(pts)
        r.values = (0..<v.shape[1]).map { c in v.column(c).scalars }
        return r
    }

    /// A reference at scattered points from an exact solution.
    public static func exact(points: Tensor<Double>, names: [String], source: String = "exact solution",
                             _ u: (Tensor<Double>) -> Tensor<Double>) -> ReferenceSolution {
        let v = u(points)
        return ReferenceSolution(layout: .points(points: points.scalars, dimension: points.shape[1], names: names),
                                 values: (0..<v.shape[1]).map { v.column($0).scalars }, source: source)
    }
}

/// A published or independently computed value of u at one point.
public struct PointReference: Sendable {
    public var point: [Double]
    public var value: Double
    /// The standard error, for Monte Carlo values.
    public var standardError: Double?
    public var source: String
    public init(point: [Double], value: Double, standardError: Double? = nil, source: String) {
        self.point = point; self.value = value; self.standardError = standardError; self.source = source
    }

    /// |v - r| / |r|: the error of a value v against the reference value r, as the report, the
    /// summary and the history of both methods give it.
    public static func relativeError(_ v: Double, reference r: Double) -> Double {
        Swift.abs(v - r) / Swift.max(Swift.abs(r), .leastNormalMagnitude)
    }
}

/// Published values of one output along a straight line of the domain (a benchmark table, e.g.
/// Ghia, Ghia & Shin's cavity centrelines): a run reports the network's largest deviation
/// from them, the result file carries the network along the line with the table
/// (`BenchmarkCut`), and `pinn-solve plot` draws the two.
public struct BenchmarkLine: Sendable {
    /// A NetCDF-safe name, e.g. "u_vertical_centreline".
    public var name: String
    public var output: Int
    /// A point of the line, in input order; `axis` is the input that varies along it.
    public var origin: [Double]
    public var axis: Int
    /// The line's extent along `axis`.
    public var lower: Double, upper: Double
    /// The table: coordinates along `axis` and the output's values there.
    public var coordinates: [Double]
    public var values: [Double]
    public var source: String

    public init(name: String, output: Int, origin: [Double], axis: Int, lower: Double, upper: Double,
                coordinates: [Double], values: [Double], source: String) {
        self.name = name; self.output = output; self.origin = origin; self.axis = axis
        self.lower = lower; self.upper = upper; self.coordinates = coordinates; self.values = values; self.source = source
    }

    /// The points [n, D] at coordinates `s` along the line.
    public func points(_ s: [Double]) -> [Double] {
        s.flatMap { v in var x = origin; x[axis] = v; return x }
    }
}

/// What a problem's result is checked against: a solution on evaluation points, a value
/// at a point, or both; and benchmark tables along lines.
public struct Reference: Sendable {
    /// Computed on first use (spectral solves take a moment).
    public var solution: (@Sendable () throws -> ReferenceSolution)?
    public var point: PointReference?
    /// A one-line description for `describe`.
    public var summary: String
    /// The exact solution as a function of points `[n, D] -> [n, outputs]`, when there is
    /// one: result files then carry u along a line through the reported point.
    public var exact: (@Sendable (Tensor<Double>) -> Tensor<Double>)?
    /// For a problem that does not adopt `GridReferenceProblem`: why `pinn-solve reference`
    /// cannot write this reference on a grid of the user's choosing (`describe` shows it).
    public var notOnGrids: String?
    /// Published tables along lines of the domain (`BenchmarkLine`).
    public var benchmarks: [BenchmarkLine]

    public init(summary: String, solution: (@Sendable () throws -> ReferenceSolution)? = nil, point: PointReference? = nil,
                exact: (@Sendable (Tensor<Double>) -> Tensor<Double>)? = nil, notOnGrids: String? = nil,
                benchmarks: [BenchmarkLine] = []) {
        self.summary = summary; self.solution = solution; self.point = point; self.exact = exact
        self.notOnGrids = notOnGrids; self.benchmarks = benchmarks
    }
}
