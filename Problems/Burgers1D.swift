import PINN

/// Viscous Burgers' equation, the classic PINN benchmark (Raissi, Perdikaris & Karniadakis
/// 2019, J. Comput. Phys. 378, 686):
///
///     u_t + u u_x = (0.01/pi) u_xx,   x in [-1, 1], t in [0, 1],
///     u(0, x) = -sin(pi x),           u(t, -1) = u(t, 1) = 0.
///
/// A shock forms at x = 0 (steepest near t = 0.51, min u_x = -152.005). The initial and
/// boundary conditions are built in exactly by the output transform
/// u = -sin(pi x) + t (1 - x^2) N(x, t), so the loss is the residual alone.
/// Reference: `BurgersSpectral` (Fourier, n = 2048, ETDRK4, dt = 2e-4; within 1e-9 of the
/// Cole-Hopf solution) on a 101 x 256 (t, x) grid. Raissi et al. report 6.7e-4.
public struct Burgers1D: ProblemDefinition {
    public init() {}
    public var name: String { "burgers-1d" }
    public var summary: String { "u_t + u u_x = (0.01/pi) u_xx on [-1, 1] x [0, 1], u0 = -sin(pi x), u(+-1) = 0" }
    public var dimensionLabel: String { "1+1" }

    /// The viscosity 0.01/pi.
    public static let viscosity = 0.01 / Double.pi

    /// The spectral reference on the uniform (t, x) grid of `timeCount` x `pointCount` points, viscosity `nu`.
    public static func reference(nu: Double = viscosity, timeCount: Int = 101, pointCount: Int = 256) throws -> ReferenceSolution {
        try reference(on: SpectralGrid1D.grid(-1, 1, end: 1, timeCount: timeCount, pointCount: pointCount), nu: nu)
    }

    /// The spectral reference on any (t, x) grid (time first), viscosity `nu`: the solver steps
    /// exactly to each of the grid's times and sums its Fourier series at each x.
    public static func reference(on grid: ReferenceGrid, nu: Double = viscosity) throws -> ReferenceSolution {
        try SpectralGrid1D.reference(on: grid, solver: BurgersSpectral(nu: nu, n: 2048, dt: 2e-4),
                                     source: "spectral (BurgersSpectral: Fourier n = 2048, ETDRK4 dt = 2e-4)")
    }

    /// u = -sin(pi x) + t (1 - x^2) N: the exact initial and boundary values.
    static func constraint<S: TensorScalar>(_: S.Type) -> (offset: ClosureFunction<S>, factor: ClosureFunction<S>) {
        (ClosureFunction(inputDimension: 2) { p in -(p.column(0) * S.pi).sin() },
         ClosureFunction(inputDimension: 2) { p in
             let x = p.column(0)
             return p.column(1) * (1 - x * x)
         })
    }

    /// The defaults of burgers-1d, shared by burgers-inverse.
    static var defaultSettings: Settings {
        var settings = Settings()
        settings.width = 32; settings.depth = 4
        // Adam 500 to leave the initial basin, then self-scaled Broyden (dense inverse Hessian of
        // the 3,297 parameters) with 10,000 fresh points every 500 steps, the matrix kept across
        // draws: 7.4e-7 after 10,000 steps (self-scaled BFGS: 2.1e-6; Adam 500 + self-scaled BFGS
        // 5,500, the previous default: 2.27e-5 in 569 s). On fixed points the error levels off
        // at 1.4e-4; Adam 3,000 + L-BFGS 5,000 reached 5.8e-4 in 1,531 s
        // (Docs/problems-nonlinear-1d.md).
        settings.phases = [.init(.adam, 500), .init(.ssbroyden, 9500)]
        settings.learningRate = 2e-3; settings.schedule = .cosine
        // 10,000 points (as Raissi et al.), re-drawn every 500 steps: with 2,000 the loss fell to
        // 2.6e-5 while the error stayed at 0.135 (the shock was under-resolved between the points).
        // L-BFGS (burgers-inverse) keeps 50 curvature pairs: with 10 its phases reached 1.58e-3 on
        // burgers-1d (Docs/problems-nonlinear-1d.md).
        settings.batch = 10000; settings.resampleEvery = 500; settings.evaluateEvery = 250
        settings.lbfgsHistory = 50
        return settings
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let domain = try SpectralGrid1D.domain(-1, 1, end: 1)
        let nu = S(Burgers1D.viscosity)
        let settings = Burgers1D.defaultSettings
        let (offset, factor) = Burgers1D.constraint(S.self)
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t + u u_x - (0.01/pi) u_xx = 0 on x in [-1, 1], t in [0, 1], u(0, x) = -sin(pi x),
            u(t, +-1) = 0 (Raissi, Perdikaris & Karniadakis 2019). Initial and boundary values are
            exact through u = -sin(pi x) + t (1 - x^2) N(x, t). Reference: BurgersSpectral
            (Fourier n = 2048, ETDRK4) on a 101 x 256 (t, x) grid.
            """,
            inputNames: ["x", "t"], timeIndex: 1, domain: domain,
            residual: { f in
                let u = f.u
                return [f.dt() + u * f.d(0) - f.d2(0, 0) * nu]
            },
            offset: offset, factor: factor,
            reference: Reference(summary: "BurgersSpectral (Fourier n = 2048, ETDRK4) on a 101 x 256 (t, x) grid",
                                 solution: { try Burgers1D.reference() }),
            defaults: settings,
            expectedError: "relative L2 7.4e-7 in 1,300-1,600 s on a shared thread (1e-2 after ~60-150 s, 1e-5 after ~310-460 s; Docs/problems-nonlinear-1d.md)")
    }
}

/// burgers-1d's spectral reference on any (t, x) grid, for `pinn-solve reference burgers-1d`.
extension Burgers1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        try Burgers1D.reference(on: grid)
    }
}
