import Autodiff
import NetCDF

/// A tensor-product grid over a problem's inputs, on which a reference can be evaluated:
/// `pinn-solve reference` asks for one with `linspace(lower, upper, count)` per axis (both
/// ends included), time first, then the space inputs in input order.
///
///     axes        [A] grid axes, e.g. (t, x) or (x, y); the first axis varies slowest
///     axisInputs  [A] the input index of each axis (for inputs (x, t): [1, 0])
///     points()    [n, D] the grid points in input order, n = product of the axis lengths
public struct ReferenceGrid: Sendable, Equatable {
    public var axes: [Solution.Axis]
    public var axisInputs: [Int]
    public var inputDimension: Int

    public init(axes: [Solution.Axis], axisInputs: [Int], inputDimension: Int) {
        require(axes.count == axisInputs.count,
                "ReferenceGrid: \(axes.count) axes but \(axisInputs.count) axis inputs")
        require(axisInputs.allSatisfy { (0..<inputDimension).contains($0) } && Set(axisInputs).count == axisInputs.count,
                "ReferenceGrid: axis inputs \(axisInputs) are not distinct inputs of 0..<\(inputDimension)")
        self.axes = axes; self.axisInputs = axisInputs; self.inputDimension = inputDimension
    }

    /// The uniform grid over `inputs` (input indices in axis order): axis k has `counts[k]`
    /// points from `lower[inputs[k]]` to `upper[inputs[k]]`, both included, named after the input.
    public static func uniform(inputNames: [String], inputs: [Int], lower: [Double], upper: [Double],
                               counts: [Int]) -> ReferenceGrid {
        require(inputs.count == counts.count, "ReferenceGrid.uniform: \(inputs.count) inputs but \(counts.count) counts")
        let axes = zip(inputs, counts).map { i, n in
            Solution.Axis(inputNames[i], linspace(lower[i], upper[i], n))
        }
        return ReferenceGrid(axes: axes, axisInputs: inputs, inputDimension: inputNames.count)
    }

    /// The number of grid points.
    public var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The values of the axis on input `i` (e.g. the times), if the grid has one.
    public func values(ofInput i: Int) -> [Double]? {
        axisInputs.firstIndex(of: i).map { axes[$0].values }
    }

    /// For an evolution problem: the times and the space axes of a grid laid out as
    /// `pinn-solve reference` lays it out, the time input `timeIndex` first and then every
    /// other input in input order, so that values[time][space point] (space row-major) flattened
    /// is the grid's own order. Throws for any other layout.
    public func timeAndSpaceAxes(timeIndex: Int) throws -> (times: [Double], space: [[Double]]) {
        let expected = [timeIndex] + (0..<inputDimension).filter { $0 != timeIndex }
        guard axisInputs == expected else {
            throw SettingsError("a grid with axes on inputs \(axisInputs); this reference needs the time input \(timeIndex) first and then every space input in order, \(expected)")
        }
        return (axes[0].values, axes.dropFirst().map(\.values))
    }

    /// The grid points as `[n, D]` rows in input order, the first axis slowest.
    public func points() -> Tensor<Double> {
        let r = ReferenceSolution(layout: .grid(axes), axisInputs: axisInputs, values: [], source: "")
        return Tensor(shape: [count, inputDimension], scalars: r.points(inputDimension: inputDimension))
    }
}

/// `n` evenly spaced values from `a` to `b`, both included (`[a]` when n == 1).
public func linspace(_ a: Double, _ b: Double, _ n: Int) -> [Double] {
    require(n >= 1, "linspace: n = \(n), expected at least 1")
    if n == 1 { return [a] }
    return (0..<n).map { k in k == n - 1 ? b : a + (b - a) * Double(k) / Double(n - 1) }
}

extension ReferenceSolution {
    /// The reference on `grid` from an exact solution `u(points [n, D]) -> [n, outputs]`.
    public static func exact(on grid: ReferenceGrid, source: String = "exact solution",
                             _ u: (Tensor<Double>) -> Tensor<Double>) -> ReferenceSolution {
        exact(axes: grid.axes, axisInputs: grid.axisInputs, inputDimension: grid.inputDimension, source: source, u)
    }
}

extension ReferenceSolution {
    /// The reference of an evolution problem on `grid` (`ReferenceGrid.timeAndSpaceAxes`) from a
    /// solver that gives, per output component, one row per time of the values on the tensor
    /// grid of the space axes (row-major): `solve(times, spaceAxes)[c][time][point]`.
    public static func evolving(on grid: ReferenceGrid, timeIndex: Int, source: String,
                                _ solve: (_ times: [Double], _ space: [[Double]]) throws -> [[[Double]]]) throws -> ReferenceSolution {
        let (times, space) = try grid.timeAndSpaceAxes(timeIndex: timeIndex)
        let rows = try solve(times, space)
        let points = space.reduce(1) { $0 * $1.count }
        require(rows.allSatisfy { $0.count == times.count && $0.allSatisfy { $0.count == points } },
                "ReferenceSolution.evolving: the solver gave \(rows.map { $0.map(\.count) }) values for \(times.count) times x \(points) points")
        return ReferenceSolution(layout: .grid(grid.axes), axisInputs: grid.axisInputs,
                                 values: rows.map { $0.flatMap { $0 } }, source: source)
    }
}

/// A problem whose reference can be evaluated on any grid the caller chooses, not only the
/// grid its `Reference` uses for error measurement. `pinn-solve reference NAME --nt M --nx N`
/// works for problems that adopt it; others can only write their reference's own grid.
///
/// An exact solution adopts it in a line:
///
///     extension Poisson2D: GridReferenceProblem {
///         public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
///             .exact(on: grid) { p in (p.column(0) * Double.pi).sin() * (p.column(1) * Double.pi).sin() }
///         }
///     }
///
/// A spectral reference steps its solver to each of the grid's times and sums its Fourier
/// series at the space points (`ReferenceSolution.evolving(on:timeIndex:source:_:)` with, e.g.,
/// `PeriodicSemilinearEquation.solve(times:points:)`; Burgers1D, Heat2D).
public protocol GridReferenceProblem: ProblemDefinition {
    /// The reference on `grid`: one value array per output component (for complex problems
    /// the real part u and the imaginary part v), each row-major over the grid axes.
    func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution

    /// The box the grid spans, per input. Defaults to the problem's input bounds.
    func gridBounds(options: ProblemOptions) throws -> (lower: [Double], upper: [Double])
}

extension GridReferenceProblem {
    public func gridBounds(options: ProblemOptions) throws -> (lower: [Double], upper: [Double]) {
        let p = try make(Double.self, options: options)
        guard let lo = p.inputLower, let hi = p.inputUpper else {
            throw SettingsError("problem \(name) has no input bounds; implement gridBounds(options:) to give the grid's box")
        }
        return (lo, hi)
    }
}
