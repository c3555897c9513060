import PINN

/// The Korteweg-de Vries equation of the PINN literature (Zabusky & Kruskal 1965, Phys. Rev.
/// Lett. 15, 240; Raissi, Perdikaris & Karniadakis 2019, J. Comput. Phys. 378, 686):
///
///     u_t + u u_x + 0.0025 u_xxx = 0,   x in [-1, 1] periodic, t in [0, 1],
///     u(0, x) = cos(pi x).
///
/// The cosine steepens and breaks into a train of solitons. The initial value is exact through
/// u = cos(pi x) + t N(x, t); periodicity of u, u_x and u_xx is a soft condition. u_xxx comes
/// from nested reverse mode (`Field.derivative([0, 0, 0])`), outside the one-pass Taylor plan.
/// Reference: `KdVSpectral` (Fourier n = 512, 2/3 dealiased, ETDRK4, dt = 1e-4) on a
/// 101 x 256 (t, x) grid.
public struct KdV1D: ProblemDefinition {
    public init() {}
    public var name: String { "kdv-1d" }
    public var summary: String { "u_t + u u_x + 0.0025 u_xxx = 0, periodic on [-1, 1], t in [0, 1], u0 = cos(pi x)" }
    public var dimensionLabel: String { "1+1" }

    /// The dispersion coefficient.
    public static let beta = 0.0025

    /// The spectral reference on the (t, x) grid.
    public static func reference(timeCount: Int = 101, pointCount: Int = 256) throws -> ReferenceSolution {
        let ts = SpectralGrid1D.uniform(0, 1, timeCount), xs = SpectralGrid1D.uniform(-1, 1, pointCount)
        let u = try KdVSpectral(beta: beta, n: 512, dt: 1e-4).solve(times: ts, points: xs)
        return SpectralGrid1D.reference(times: ts, points: xs, values: [u],
                                        source: "spectral (KdVSpectral: Fourier n = 512, ETDRK4 dt = 1e-4)")
    }

    /// u_xx(-1, t) = u_xx(1, t): with the u and u_x conditions, periodicity up to u_xx.
    static func curvaturePeriodic<S: TensorScalar>(_ domain: SpaceTimeDomain<Box>, batch: Int) -> Condition<S> {
        let inner = Condition<S>.periodic(axis: 0, lower: -1, upper: 1, batch: batch, other: SpectralGrid1D.spaceTimePoints(domain))
        return Condition(name: "periodic_uxx", batch: batch, sample: inner.sample, residual: { f in
            let n = f.count / 2, c = f.d2(0, 0)
            return c.rows(0..<n) - c.rows(n..<(2 * n))
        })
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        if let d = options.dimension, d != 1 { throw SettingsError("kdv-1d has one space dimension; --dim \(d) does not apply") }
        let domain = try SpectralGrid1D.domain(-1, 1, end: 1)
        let beta = S(KdV1D.beta)
        var settings = Settings()
        settings.width = 32; settings.depth = 4
        settings.phases = [.init(.adam, 5000)]
        settings.learningRate = 1e-3; settings.schedule = .cosine
        settings.batch = 500; settings.resampleEvery = 100; settings.evaluateEvery = 250
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t + u u_x + 0.0025 u_xxx = 0, x in [-1, 1] periodic, t in [0, 1], u(0, x) = cos(pi x)
            (Zabusky & Kruskal 1965; Raissi et al. 2019). Initial value exact through
            u = cos(pi x) + t N(x, t); periodicity of u, u_x, u_xx soft. u_xxx by nested reverse mode.
            Reference: KdVSpectral (Fourier n = 512, ETDRK4) on a 101 x 256 (t, x) grid.
            """,
            inputNames: ["x", "t"], timeIndex: 1, inputLower: [-1, 0], inputUpper: [1, 1],
            interior: SpectralGrid1D.spaceTimePoints(domain),
            residual: { f in
                let u = f.u
                return [f.dt() + u * f.d(0) + f.derivative([0, 0, 0]) * beta]
            },
            conditions: [.periodic(axis: 0, lower: -1, upper: 1, batch: 256, other: SpectralGrid1D.spaceTimePoints(domain)),
                         KdV1D.curvaturePeriodic(domain, batch: 256)],
            offset: ClosureFunction(inputDimension: 2) { p in (p.column(0) * S.pi).cos() },
            factor: ClosureFunction(inputDimension: 2) { p in p.column(1) },
            reference: Reference(summary: "KdVSpectral (Fourier n = 512, ETDRK4) on a 101 x 256 (t, x) grid",
                                 solution: { try KdV1D.reference() }),
            defaults: settings,
            expectedError: "target relative L2 <= 1e-3 (Docs/problems-b.md)")
    }
}
