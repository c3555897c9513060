import PINN

/// A periodic embedding for `Settings.fourierMatrix`, which acts on the inputs scaled to
/// [-1, 1] (so an input periodic over its whole interval has period 2 in x'): the network sees
/// sin and cos of k pi x' for k = 1 ... `harmonics` of each `periodic` input, and of 0.5 t',
/// t', 1.5 t' for the `time` input (slow enough to stay one-to-one on t' in [-1, 1]). A network
/// on these features is exactly periodic in those inputs, with all its derivatives.
func periodicEmbedding(inputs: Int, periodic: [Int], harmonics: Int, time: Int) -> [[Double]] {
    let k = (1...harmonics).map { Double($0) * Double.pi }, slow = [0.5, 1, 1.5]
    return (0..<inputs).map { i in
        periodic.flatMap { $0 == i ? k : [Double](repeating: 0, count: harmonics) }
            + (i == time ? slow : [0, 0, 0])
    }
}

/// The evaluation grid shared by the bundled one-dimensional space-time problems: uniform in
/// t and x with both ends included, axes named "t" and "x" (t slowest), for inputs in the
/// order (x, t), so `axisInputs` is [1, 0]. Spectral solvers give their solution as rows in
/// time of values at points, which is exactly this layout flattened
/// (`ReferenceSolution.evolving(on:timeIndex:source:_:)`).
enum SpectralGrid1D {
    /// `count` equally spaced values from `lower` to `upper`, both included (`linspace`).
    static func uniform(_ lower: Double, _ upper: Double, _ count: Int) -> [Double] { linspace(lower, upper, count) }

    /// The (t, x) grid of `timeCount` times in [0, end] by `pointCount` points of [lower, upper].
    static func grid(_ lower: Double, _ upper: Double, end: Double, timeCount: Int, pointCount: Int) -> ReferenceGrid {
        .uniform(inputNames: ["x", "t"], inputs: [1, 0], lower: [lower, 0], upper: [upper, end],
                 counts: [timeCount, pointCount])
    }

    /// The reference of a problem with inputs (x, t) on `grid` (time first) from a periodic
    /// spectral solver: it steps exactly to each of the grid's times and sums its Fourier series
    /// at each x (band-limited interpolation), so any grid is served.
    static func reference<E: PeriodicSemilinearEquation>(on grid: ReferenceGrid, solver: E, source: String) throws -> ReferenceSolution {
        try .evolving(on: grid, timeIndex: 1, source: source) { times, space in
            [try solver.solve(times: times, points: space[0])]
        }
    }

    /// The (x, t) space-time domain [lower, upper] x [0, end].
    static func domain(_ lower: Double, _ upper: Double, end: Double) throws -> SpaceTimeDomain<Box> {
        SpaceTimeDomain(space: try Box(lower: [lower], upper: [upper]), time: try TimeDomain(0, end))
    }

    /// The periodic embedding of an (x, t) problem periodic in x over its whole interval:
    /// `periodicEmbedding(inputs: 2, periodic: [0], harmonics: K, time: 1)`.
    static func periodicEmbedding(harmonics: Int) -> [[Double]] {
        Problems.periodicEmbedding(inputs: 2, periodic: [0], harmonics: harmonics, time: 1)
    }
}
