import PINN

/// The Allen-Cahn equation of the PINN literature (Raissi, Perdikaris & Karniadakis 2019,
/// J. Comput. Phys. 378, 686; Wang, Sankaran & Perdikaris 2024, CMAME 421, 116813):
///
///     u_t = 1e-4 u_xx + 5 u - 5 u^3,   x in [-1, 1] periodic, t in [0, 1],
///     u(0, x) = x^2 cos(pi x).
///
/// Plain PINNs fail here (relative L2 about 0.5): they fit the stable states u = +-1 at late
/// times before the early dynamics. This problem uses
/// - the initial value built in exactly, and the kink that x^2 cos(pi x) has at the periodic
///   seam x = +-1 carried by the output transform, decaying as e^(-10 t) and rounded by
///   diffusion as the reference's is (`seamKink`, `seamRounding`):
///   u = x^2 cos(pi x) + (e^(-10 t) - 1) K(x) + e^(-10 t) R(x, t) + t N(x, t);
/// - a periodic embedding: the network sees sin and cos of pi x ... 4 pi x, so N is exactly
///   periodic in x (`Settings.fourierMatrix`) and smooth across the seam;
/// - a small network (3 x 30) under self-scaled Broyden after 1,000 Adam steps, on points
///   redrawn every 500 steps from the residual-based adaptive distribution (Urban, Stefanou &
///   Pons 2025 use the same network, sampler and optimiser).
/// Causal weighting (`CausalWeighting`) was the earlier default; with the exact seam it is not
/// needed. Reference: `AllenCahnSpectral` (Fourier n = 4096, ETDRK4, dt = 1e-4) on a 101 x 256
/// (t, x) grid. Published: 5.37e-5 (causal training), 2.24e-5 (PirateNet), 4.0e-6 (jaxpi2).
public struct AllenCahn1D: ProblemDefinition {
    public init() {}
    public var name: String { "allen-cahn-1d" }
    public var summary: String { "u_t = 1e-4 u_xx + 5u - 5u^3, periodic on [-1, 1], t in [0, 1], u0 = x^2 cos(pi x)" }
    public var dimensionLabel: String { "1+1" }

    /// The solver of the reference: Fourier n = 4096, ETDRK4 dt = 1e-4. The seam's kink makes
    /// the Fourier series converge algebraically: against n = 4096 at dt = 5e-5 on the 101 x 256
    /// grid, n = 512 is off by 2.0e-5 (relative L2), n = 1024 by 5.7e-6, n = 2048 by 1.1e-6
    /// (98-99% of it in the two seam columns), and dt = 1e-4 by 1.7e-12. n = 512 was the
    /// reference up to 2026-12-06; a converged PINN is more accurate than that.
    public static func spectralSolver() throws -> AllenCahnSpectral { try AllenCahnSpectral(n: 4096, dt: 1e-4) }

    /// The spectral reference on the uniform (t, x) grid of `timeCount` x `pointCount` points.
    public static func reference(timeCount: Int = 101, pointCount: Int = 256) throws -> ReferenceSolution {
        try reference(on: SpectralGrid1D.grid(-1, 1, end: 1, timeCount: timeCount, pointCount: pointCount))
    }

    /// The spectral reference on any (t, x) grid (time first): the solver steps exactly to each
    /// of the grid's times and sums its Fourier series at each x.
    public static func reference(on grid: ReferenceGrid) throws -> ReferenceSolution {
        try SpectralGrid1D.reference(on: grid, solver: spectralSolver(),
                                     source: "spectral (AllenCahnSpectral: Fourier n = 4096, ETDRK4 dt = 1e-4)")
    }

    /// The diffusion coefficient.
    static let diffusion = 1e-4

    /// The rate at which the kink of u0 at the periodic seam decays: u = -1 there, where the
    /// reaction 5u - 5u^3 has derivative 5 - 15 = -10, so the jump of u_x decays as e^(-10 t).
    static let seamDecay = 10.0

    /// The part of u0 = x^2 cos(pi x) that carries its kink at the periodic seam x = +-1:
    /// q e^(-5q) with q = 1 - x^2, which has u0's one-sided slopes there (-2 at x = 1, 2 at
    /// x = -1), so that u0 - seamKink is periodic with its first derivative; it falls to
    /// e^(-5) at x = 0. Near the seam it is 2|s|, s the distance to the seam.
    static func seamKink<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        let q = -(x * x) + 1
        return q * (q * S(-5)).exp()
    }

    /// What diffusion adds to the kink 2|s| by time t: 2 (E|s + sqrt(2 D t) Z| - |s|) =
    /// 2 w g(s / w), w = sqrt(4 D t), g(z) = e^(-z^2) / sqrt(pi) - z erfc(z), summed over the
    /// two sides of the seam (s = 1 - x and 1 + x, each negligible beyond a few w of its
    /// side). Without it the ansatz keeps a sharp kink that no collocation point can see and
    /// the periodic network cannot fit: 99% of the error of a converged run (1.25e-4) sat in
    /// the two seam columns at t near 0.06. erfc is Abramowitz & Stegun 7.1.26 (absolute error
    /// below 1.5e-7), built from exp and division so that nested reverse mode differentiates
    /// it; w has a floor of one ulp, so t = 0 stays finite and the initial value exact.
    static func seamRounding<S: TensorScalar>(_ x: Tensor<S>, _ t: Tensor<S>) -> Tensor<S> {
        let w = (t * S(4 * diffusion) + S.ulpOfOne * S.ulpOfOne).sqrt()
        func g(_ z: Tensor<S>) -> Tensor<S> {
            let tau = 1 / (z * S(0.3275911) + 1)
            var p = tau * S(1.061405429) + S(-1.453152027)
            p = p * tau + S(1.421413741)
            p = p * tau + S(-0.284496736)
            p = p * tau + S(0.254829592)
            p = p * tau
            return (-(z * z)).exp() * (-(z * p) + S(1 / Double.pi.squareRoot()))
        }
        return w * (g((-x + 1) / w) + g((x + 1) / w)) * 2
    }

    /// The residual u_t - 1e-4 u_xx - 5 u + 5 u^3 (unweighted).
    static func residual<S: TensorScalar>(_ f: Field<S>) -> Tensor<S> {
        let u = f.u
        return f.dt() - f.d2(0, 0) * S(diffusion) - u * 5 + u * u * u * 5
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let domain = try SpectralGrid1D.domain(-1, 1, end: 1)
        var settings = Settings()
        settings.width = 30; settings.depth = 3
        // Two time windows (time-marching), each Adam then self-scaled Broyden: 3.5e-6 against
        // 1.09e-5 for one window of adam:1000,ssbroyden:17000 in about the same time.
        settings.windows = 2
        settings.phases = [.init(.adam, 500), .init(.ssbroyden, 8500)]
        settings.learningRate = 1e-3; settings.schedule = .cosine
        settings.batch = 4000; settings.resampleEvery = 500; settings.evaluateEvery = 250
        // Residual-based adaptive distribution with k = 1, c = 0 (points drawn in proportion
        // to |residual|, none uniformly): the fronts that form near t = 0.1-0.3 get the points.
        settings.adaptive = .rad; settings.radExponent = 1; settings.radOffset = 0
        // Periodic embedding: x (period 2) through sin, cos of pi x ... 4 pi x.
        settings.fourierMatrix = SpectralGrid1D.periodicEmbedding(harmonics: 4)
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t - 1e-4 u_xx - 5 u + 5 u^3 = 0, x in [-1, 1] periodic, t in [0, 1],
            u(0, x) = x^2 cos(pi x) (Raissi et al. 2019). Initial value exact through
            u = x^2 cos(pi x) + (e^(-10 t) - 1) K(x) + e^(-10 t) R(x, t) + t N(x, t): K carries the
            kink of u0 at the periodic seam x = +-1, which decays as e^(-10 t) (the reaction's rate
            at u = -1), R its rounding by diffusion (heat kernel), and N is exactly periodic in x
            (features sin, cos of k pi x). Points redrawn every 500 steps from the residual-based
            adaptive distribution (k = 1, c = 0); two time windows, [0, 0.5] then [0.5, 1], each
            Adam then self-scaled Broyden, the second built on the first's solution.
            Reference: AllenCahnSpectral (Fourier n = 4096, ETDRK4) on a 101 x 256 (t, x) grid.
            """,
            inputNames: ["x", "t"], timeIndex: 1, domain: domain,
            residual: { f in [AllenCahn1D.residual(f)] },
            offset: ClosureFunction(inputDimension: 2) { p in
                let x = p.column(0), t = p.column(1)
                let decay = (t * S(-AllenCahn1D.seamDecay)).exp()
                return x * x * (x * S.pi).cos() + (decay - 1) * AllenCahn1D.seamKink(x) + decay * AllenCahn1D.seamRounding(x, t)
            },
            factor: ClosureFunction(inputDimension: 2) { p in p.column(1) },
            reference: Reference(summary: "AllenCahnSpectral (Fourier n = 4096, ETDRK4) on a 101 x 256 (t, x) grid",
                                 solution: { try AllenCahn1D.reference() }),
            defaults: settings,
            expectedError: "relative L2 3.5e-6 in about 900 s on a shared thread (over the whole interval 1e-3 once the second window starts, ~520 s, 2e-5 after ~590 s; Docs/problems-nonlinear-1d.md)")
    }
}

/// allen-cahn-1d's spectral reference on any (t, x) grid, for `pinn-solve reference`.
extension AllenCahn1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        try AllenCahn1D.reference(on: grid)
    }
}
