import PINN

/// Poisson's equation on the unit square with a manufactured solution:
///
///     -Lap u = 2 pi^2 sin(pi x) sin(pi y)  on (0, 1)^2,   u = 0 on the boundary,
///
/// exact solution u = sin(pi x) sin(pi y). The boundary condition is built in as a hard
/// constraint, u = x (1 - x) y (1 - y) N(x, y) (Lagaris, Likas & Fotiadis 1998, IEEE TNN 9).
public struct Poisson2D: ProblemDefinition {
    public init() {}
    public var name: String { "poisson-2d" }
    public var summary: String { "-Lap u = 2 pi^2 sin(pi x) sin(pi y) on the unit square, u = 0 on the boundary" }
    public var dimensionLabel: String { "2" }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 2, problem: name)
        let box = try Box(lower: [0, 0], upper: [1, 1])
        let pi = S.pi
        var settings = Settings()
        settings.width = 32; settings.depth = 3
        settings.phases = [.init(.adam, 1000), .init(.lbfgs, 1000)]
        settings.batch = 1000; settings.resampleEvery = 0; settings.evaluateEvery = 200
        return Problem<S>(
            name: name, summary: summary,
            details: """
            -(u_xx + u_yy) = 2 pi^2 sin(pi x) sin(pi y) on (0, 1)^2, u = 0 on the boundary.
            Exact solution u = sin(pi x) sin(pi y). The boundary condition is exact through the
            output transform u = x (1 - x) y (1 - y) N(x, y).
            """,
            inputNames: ["x", "y"], domain: box,
            residual: { f in
                let source = (f.coordinate(0) * pi).sin() * (f.coordinate(1) * pi).sin() * (2 * pi * pi)
                return [f.laplacian() + source]
            },
            factor: ClosureFunction(inputDimension: 2) { x in
                let a = x.column(0), b = x.column(1)
                return a * (1 - a) * b * (1 - b)
            },
            reference: Reference(summary: "exact solution sin(pi x) sin(pi y) on a 101 x 101 grid", solution: {
                let g = (0...100).map { Double($0) / 100 }
                return .exact(axes: [.init("x", g), .init("y", g)], axisInputs: [0, 1], inputDimension: 2) { p in
                    (p.column(0) * Double.pi).sin() * (p.column(1) * Double.pi).sin()
                }
            }),
            defaults: settings,
            expectedError: "relative L2 below 1e-4 (Docs/problems.md)")
    }
}

/// poisson-2d's exact solution on any (x, y) grid, for `pinn-solve reference poisson-2d`.
extension Poisson2D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid) { p in (p.column(0) * Double.pi).sin() * (p.column(1) * Double.pi).sin() }
    }
}
