import PINN

/// Poisson's equation on the unit interval with a manufactured solution:
///
///     -u'' = pi^2 sin(pi x)  on (0, 1),   u(0) = u(1) = 0,
///
/// exact solution u = sin(pi x). The boundary condition is built in as a hard constraint,
/// u = x (1 - x) N(x) (Lagaris, Likas & Fotiadis 1998, IEEE TNN 9), so the loss is the
/// residual alone. The smallest bundled problem: a smoke test of the whole pipeline.
public struct Poisson1D: ProblemDefinition {
    public init() {}
    public var name: String { "poisson-1d" }
    public var summary: String { "-u'' = pi^2 sin(pi x) on (0, 1), u(0) = u(1) = 0" }
    public var dimensionLabel: String { "1" }

    /// The exact solution sin(pi x) at points `[n, 1]`, `[n, 1]`.
    public static func exact<T: TensorScalar>(_ p: Tensor<T>) -> Tensor<T> { (p.column(0) * T.pi).sin() }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let interval = try Box(lower: [0], upper: [1])
        let pi = S.pi
        var settings = Settings()
        settings.width = 20; settings.depth = 3
        settings.phases = [.init(.adam, 1000), .init(.lbfgs, 1000)]
        settings.batch = 256; settings.resampleEvery = 0; settings.evaluateEvery = 200
        return Problem<S>(
            name: name, summary: summary,
            details: """
            -u'' = pi^2 sin(pi x) on (0, 1), u(0) = u(1) = 0. Exact solution u = sin(pi x).
            The boundary condition is exact through the output transform u = x (1 - x) N(x).
            """,
            inputNames: ["x"], domain: interval,
            residual: { f in [f.d2(0, 0) + (f.coordinate(0) * pi).sin() * (pi * pi)] },
            factor: ClosureFunction(inputDimension: 1) { x in
                let a = x.column(0)
                return a * (1 - a)
            },
            reference: Reference(summary: "exact solution sin(pi x) at 1001 equispaced points", solution: {
                let g = (0...1000).map { Double($0) / 1000 }
                return .exact(axes: [.init("x", g)], axisInputs: [0], inputDimension: 1) { Poisson1D.exact($0) }
            }),
            defaults: settings,
            expectedError: "relative L2 below 1e-4 (Docs/problems-low-dimensional.md)")
    }
}

/// poisson-1d's exact solution on any x grid, for `pinn-solve reference`.
extension Poisson1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid) { Poisson1D.exact($0) }
    }
}
