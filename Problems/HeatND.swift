import Foundation
import PINN

/// The heat equation in d dimensions with an exact solution:
///
///     u_t = Lap u on [-1, 1]^d x [0, 1],   u = exp(-t) (1/d) sum_i sin(x_i),
///
/// with the initial value (1/d) sum sin(x_i) built in, u = g(x) + (t / sqrt(d)) N(x, t)
/// (1/sqrt(d): the size of g), and the exact solution as Dirichlet data on the lateral
/// boundary. The manufactured solution is the high-dimensional heat test of
/// REFERENCE-PROBLEMS.md (cf. Hu et al. 2024, SDGD). d = 100 by default; `--dim`
/// (10, 100, 1000, 10000, ...). Relative L2 on 2,000 random points; the point value at
/// (x, t) = (0.1, ..., 0.1, 0.5) (about 2 standard deviations of u(x, 0.5) over the box from 0
/// at d = 100, 6 at d = 1000: an extrapolation there).
///
/// The problem cannot tell x_1 ... x_d apart, so N is by default a deep-sets network
/// (`DeepSetsNetwork`: 16 tanh features of each x_i, summed over i, then an MLP on t and the sums);
/// its size does not grow with d, it holds sums of one-dimensional terms exactly, and the
/// exact Laplacian costs one second-order jet per coordinate. An MLP's first layer needs
/// about d units for the cubic part of sum sin x_i (Docs/problems-high-dimensional.md,
/// "heat-nd diagnosis"); `--architecture mlp` gives it back.
public struct HeatND: ProblemDefinition {
    public init() {}
    public var name: String { "heat-nd" }
    public var summary: String { "u_t = Lap u on [-1, 1]^d x [0, 1], u = exp(-t) (1/d) sum sin(x_i) (d = 100; --dim)" }
    public var dimensionLabel: String { "d+1" }

    /// exp(-t) (1/d) sum sin(x_i) for rows (x, t), `[n, d + 1]` -> `[n, 1]`.
    public static func exact<S: TensorScalar>(_ p: Tensor<S>, dimension d: Int) -> Tensor<S> {
        let x = p.gatheringColumns(Array(0..<d)), t = p.column(d)
        return (-t).exp() * x.sin().sum(alongAxis: 1) * (1 / S(d))
    }

    /// The defaults at dimension d: deep-sets, self-scaled BFGS in Double, 10^5 (point,
    /// coordinate) pairs per batch but 50 to 1,000 points (1,000 at d = 100, 100 at d = 1,000,
    /// 50 from d = 2,000: 10 points at d = 10,000 generalised half as well), fresh every 100
    /// steps, ten minutes.
    static func settings(dimension d: Int) -> Settings {
        var s = HighDimensional.deepSetsSettings(batch: HighDimensional.deepSetsPoints(d, atMost: 1000),
                                                 conditionBatch: HighDimensional.deepSetsPoints(d, atMost: 64), timeBudget: 600)
        // One coordinate has nothing to permute: an MLP of the same size then.
        if d < 2 { s.architecture = .mlp }
        return s
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        let d = try HighDimensional.dimension(options, name, default: 100)
        let box = try Box.cube(dimension: d, lower: -1, upper: 1)
        let domain = SpaceTimeDomain(space: box, time: try TimeDomain(0, 1))
        let settings = Self.settings(dimension: d)
        let names = HighDimensional.inputNames(d)
        let g = SeparableFunction<S>(inputDimension: d + 1, coordinates: Array(0..<d), coefficient: 1 / Double(d), h: .sine)
        var w = [Double](repeating: 0, count: d + 1)
        w[d] = 1 / Double(d).squareRoot()
        let probe = [Double](repeating: 0.1, count: d)
        var problem = Problem<S>(
            name: name, summary: summary,
            details: """
            u_t = Lap u on [-1, 1]^\(d) x [0, 1], exact u = exp(-t) (1/d) sum sin(x_i): initial value built in
            (u = g(x) + t N(x, t) / sqrt(d)), exact Dirichlet data on the lateral boundary. Relative L2 on 2,000
            uniform random points; u(0.1, ..., 0.1, t = 0.5) = exp(-0.5) sin(0.1).
            """,
            inputNames: names, timeIndex: d, domain: domain,
            residual: { f in [f.dt() - f.laplacian()] },
            conditions: [.dirichlet(domain, batch: 64, name: "lateral") { Self.exact($0, dimension: d) }],
            offset: g, factor: AffineFunction(weights: w, bias: 0),
            reference: Reference(
                summary: "exact solution at 2,000 random points",
                solution: {
                    var rng = RandomStream(seed: 2024, stream: 14)
                    // 2,000 points while 2,000 (d + 1) <= 2e8 (1.6 GB), fewer beyond, never under 100.
                    let count = Swift.max(100, Swift.min(2000, 200_000_000 / (d + 1)))
                    let pts: Tensor<Double> = try domain.sampleInterior(count, using: &rng)
                    return .exact(points: pts, names: names) { Self.exact($0, dimension: d) }
                },
                point: PointReference(point: probe + [0.5], value: Foundation.exp(-0.5) * Foundation.sin(0.1), source: "exact solution"),
                exact: { Self.exact($0, dimension: d) }),
            defaults: settings,
            expectedError: "relative L2 4.9e-6 at d = 100 (373 s), 3.1e-5 at d = 1,000 (259 s), 5.0e-4 at d = 10,000 (the 600 s budget), one thread each (Docs/problems-high-dimensional.md)")
        // The equation, the cube, the lateral data, g and the factor are symmetric in x_1 ... x_d.
        if d >= 2 { problem.exchangeable = Array(0..<d) }
        return problem
    }
}

/// heat-nd's exact solution on any grid, for `pinn-solve reference heat-nd --dim D` with D <= 3
/// (reference grids have at most three space axes).
extension HeatND: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        let d = try HighDimensional.dimension(options, name, default: 100)
        return .exact(on: grid) { HeatND.exact($0, dimension: d) }
    }
}
