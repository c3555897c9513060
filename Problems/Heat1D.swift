import PINN

/// The heat equation on the unit interval with two sine modes:
///
///     u_t = nu u_xx  on (0, 1) x (0, 1],   u(0, t) = u(1, t) = 0,
///     u(x, 0) = sin(pi x) + 1/2 sin(2 pi x),        nu = 0.1,
///
/// exact solution u = exp(-nu pi^2 t) sin(pi x) + 1/2 exp(-4 nu pi^2 t) sin(2 pi x)
/// (separation of variables; e.g. Evans, PDE, 2nd ed., 2010, section 2.3). Both conditions are
/// built in: u = u0(x) + t x (1 - x) N(x, t) (Lagaris et al. 1998), u0 vanishing at x = 0, 1.
public struct Heat1D: ProblemDefinition {
    public static let nu = 0.1
    public init() {}
    public var name: String { "heat-1d" }
    public var summary: String { "u_t = 0.1 u_xx on (0, 1) x (0, 1], u = 0 at x = 0, 1, two sine modes initially" }
    public var dimensionLabel: String { "1+1" }

    /// u0(x) = sin(pi x) + 1/2 sin(2 pi x) for points `[n, 2]` (x, t), `[n, 1]`.
    public static func initial<T: TensorScalar>(_ p: Tensor<T>) -> Tensor<T> {
        let x = p.column(0) * T.pi
        return x.sin() + (x * 2).sin() * 0.5
    }

    /// The exact solution at points `[n, 2]` (x, t), `[n, 1]`.
    public static func exact<T: TensorScalar>(_ p: Tensor<T>) -> Tensor<T> {
        let x = p.column(0) * T.pi, t = p.column(1)
        let decay = T(nu) * T.pi * T.pi
        return (t * -decay).exp() * x.sin() + (t * (-4 * decay)).exp() * (x * 2).sin() * 0.5
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let domain = SpaceTimeDomain(space: try Box(lower: [0], upper: [1]), time: try TimeDomain(0, 1))
        let nu = S(Heat1D.nu)
        var settings = Settings()
        settings.width = 32; settings.depth = 3
        settings.phases = [.init(.adam, 1000), .init(.lbfgs, 2000)]
        settings.batch = 1500; settings.resampleEvery = 0; settings.evaluateEvery = 500
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t = nu u_xx on (0, 1) x (0, 1], nu = 0.1, u(0, t) = u(1, t) = 0,
            u(x, 0) = sin(pi x) + 1/2 sin(2 pi x). Exact solution
            u = exp(-nu pi^2 t) sin(pi x) + 1/2 exp(-4 nu pi^2 t) sin(2 pi x). Both conditions are exact
            through the output transform u = u0(x) + t x (1 - x) N(x, t).
            """,
            inputNames: ["x", "t"], timeIndex: 1, domain: domain,
            residual: { f in [f.dt() - f.d2(0, 0) * nu] },
            offset: ClosureFunction(inputDimension: 2) { Heat1D.initial($0) },
            factor: ClosureFunction(inputDimension: 2) { p in
                let x = p.column(0)
                return p.column(1) * x * (1 - x)
            },
            reference: Reference(summary: "exact solution on a 101 x 101 (t, x) grid", solution: {
                let g = (0...100).map { Double($0) / 100 }
                return .exact(axes: [.init("t", g), .init("x", g)], axisInputs: [1, 0], inputDimension: 2) {
                    Heat1D.exact($0)
                }
            }),
            defaults: settings,
            expectedError: "relative L2 below 1e-4 (Docs/problems-low-dimensional.md)")
    }
}

/// heat-1d's exact solution on any (t, x) grid, for `pinn-solve reference`.
extension Heat1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid) { Heat1D.exact($0) }
    }
}
