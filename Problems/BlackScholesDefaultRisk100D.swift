import Foundation
import PINN

/// The nonlinear Black-Scholes equation with default risk in 100 dimensions (Han, Jentzen &
/// E 2018, PNAS 115, section "Black-Scholes equation with default risk"; Duffie, Schroder &
/// Skiadas 1996):
///
///     u_t + mubar x . grad u + (sigmabar^2 / 2) sum_i x_i^2 u_ii - (1 - delta) Q(u) u - R u = 0,
///     u(T, x) = min_i x_i,
///
/// Q(y) = gh for y < vh, gl for y >= vl, linear in between; T = 1, delta = 2/3, R = 0.02,
/// mubar = 0.02, sigmabar = 0.2, vh = 50, vl = 70, gh = 0.2, gl = 0.02; reported at
/// x0 = (100, ..., 100) against 57.300 (multilevel Picard). With `defaultRisk: false` the
/// equation is linear, u_t + mubar x . grad u + (sigmabar^2 / 2) sum x_i^2 u_ii = 0, so
/// u(t, x) = E[min_i X_T,i] (`GeometricMinimum`, the reference on test points along the
/// paths), reported against the paper's 60.781 and checked by our own Monte Carlo
/// (`linearMonteCarlo`). Note: 60.781 is the undiscounted expectation; keeping
/// the -R u term would give exp(-R) 60.781 = 59.577 (our Monte Carlo: 59.579 +- 0.014).
///
/// With default risk, u = F + (T - t) N with F the linear equation's solution
/// (`outputTransform`): exact at t = T, and smooth for t < T although min_i x_i is not. Without
/// it, the terminal value is a soft condition on path points at t = T (a hard constraint
/// g + (T - t) N would carry the kink into t < T) and u = 100 N(x, t). Training points on
/// the paths dX = mubar X dt + sigmabar X dW from x0 (exact geometric-Brownian marginals).
public struct BlackScholesDefaultRisk100D: ProblemDefinition {
    public let defaultRisk: Bool
    public init(defaultRisk: Bool = true) { self.defaultRisk = defaultRisk }
    public var name: String { defaultRisk ? "black-scholes-default-risk-100d" : "black-scholes-100d" }
    public var summary: String {
        defaultRisk ? "Black-Scholes with default risk, u(1, x) = min x_i, u(0, x0) at x0 = 100 (100 dimensions)"
                    : "linear Black-Scholes (no default risk), u(1, x) = min x_i, u(0, x0) at x0 = 100 (100 dimensions)"
    }
    public var dimensionLabel: String { "100+1" }

    public static let d = 100
    public static let T = 1.0, delta = 2.0 / 3, R = 0.02, mubar = 0.02, sigmabar = 0.2
    public static let vh = 50.0, vl = 70.0, gh = 0.2, gl = 0.02
    public static let publishedDefaultRisk = 57.300, publishedLinear = 60.781
    /// The linear problem's reference points along the paths (exact values).
    public static let testPoints = 256

    /// The linear case: exp(-rate (T - t)) E[min_i X_T,i] with X_T,i = x_i exp((mubar - sigmabar^2/2)(T - t)
    /// + sigmabar sqrt(T - t) Z_i), by Monte Carlo (rate 0: the bundled linear problem).
    public static func linearMonteCarlo(t: Double, x: [Double], rate: Double = 0, samples: Int = 1 << 16,
                                        seed: UInt64 = 1) -> MonteCarloEstimate {
        let s = T - t, drift = (mubar - sigmabar * sigmabar / 2) * s, vol = sigmabar * s.squareRoot()
        let discount = Foundation.exp(-rate * s)
        return MonteCarlo.mean(samples: samples, seed: seed) { rng in
            var m = Double.infinity
            for xi in x { m = Swift.min(m, xi * Foundation.exp(drift + vol * rng.normal(Double.self))) }
            return discount * m
        }
    }

    /// Q(y): gh below vh, gl above vl, linear between.
    public static func Q(_ y: Double) -> Double { gh + (gl - gh) * Swift.min(1, Swift.max(0, (y - vh) / (vl - vh))) }

    /// The linear problem's solution E[min_i X_T,i] (undiscounted).
    public static let linearSolution = GeometricMinimum(dimension: d, drift: mubar, volatility: sigmabar, horizon: T)

    /// The discount rate of the default-risk offset: R + (1 - delta) Q at the undiscounted
    /// E[min_i X_T,i] from x0 (60.78; rate 0.0543), the rate the nonlinearity has where the
    /// paths end on average. Computed once.
    public static let offsetRate: Double = R + (1 - delta) * Q(linearSolution(x: [Double](repeating: 100, count: d), t: 0))

    /// With default risk: u = F(t, x) + (T - t) N(x, t), F the linear equation's solution with
    /// the discount rate `offsetRate` (`GeometricMinimum`), exact at t = T; the network learns
    /// what the nonlinearity adds. Without: a soft terminal condition on path points at t = T
    /// and u = 100 N.
    func outputTransform<S: TensorScalar>(_: S.Type, paths: @escaping (Int, inout RandomStream, Double?) -> Tensor<S>,
                                          minimum: @escaping @Sendable (Tensor<S>) -> Tensor<S>)
        -> (conditions: [Condition<S>], offset: (any InputFunction<S>)?, factor: any InputFunction<S>) {
        let d = Self.d, T = Self.T
        guard defaultRisk else {
            return ([Condition(name: "terminal", batch: 128, sample: { n, rng in ConditionPoints(paths(n, &rng, T)) },
                               residual: { f in f.u - minimum(f.x) })],
                    nil, AffineFunction<S>(weights: [Double](repeating: 0, count: d + 1), bias: 100))
        }
        let offset = ExpectedMinimumOffset<S>(minimum: GeometricMinimum(dimension: d, drift: Self.mubar, volatility: Self.sigmabar,
                                                                         rate: Self.offsetRate, horizon: T))
        return ([], offset, AffineFunction<S>(weights: [Double](repeating: 0, count: d) + [-1], bias: T))
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: Self.d, problem: name)
        let d = Self.d, T = Self.T, x0 = [Double](repeating: 100, count: d)
        let (lo, hi) = HighDimensional.bounds(d, 0, 200, T)
        let halfSigma = S(Self.sigmabar / 2.0.squareRoot()), mu = S(Self.mubar), R = S(Self.R)
        let risk = S(1 - Self.delta), gh = S(Self.gh), slope = S((Self.gl - Self.gh)), vh = S(Self.vh), width = S(Self.vl - Self.vh)
        let withRisk = defaultRisk
        let paths: (Int, inout RandomStream, Double?) -> Tensor<S> = { n, rng, fixed in
            PathPoints.geometric(n, start: x0, drift: Self.mubar, volatility: Self.sigmabar, times: 0...T, fixedTime: fixed, using: &rng)
        }
        var settings = HighDimensional.settings(steps: 1500, batch: 128, timeBudget: 300)
        settings.conditionBatch = 128
        let published = defaultRisk ? Self.publishedDefaultRisk : Self.publishedLinear
        let source = defaultRisk ? "multilevel Picard, Han, Jentzen & E 2018" : "Han, Jentzen & E 2018; our Monte Carlo agrees"
        var reference = Reference(summary: "u(0, x0) = \(published) (\(source))",
                                  point: PointReference(point: x0 + [0], value: published, source: source),
                                  notOnGrids: defaultRisk ? "a value at one point in 100 space dimensions"
                                                          : "exact values at points along the paths in 100 space dimensions")
        if !defaultRisk {
            // The linear equation's solution is E[min_i X_T,i] (`GeometricMinimum`, one
            // quadrature to about 1e-12): exact values on test points along the paths.
            reference.summary = "exact (GeometricMinimum quadrature) on \(Self.testPoints) test-path points; u(0, x0) = 60.781"
            reference.solution = {
                var rng = RandomStream(seed: 2024, stream: 13)
                let pts: Tensor<Double> = PathPoints.geometric(Self.testPoints, start: x0, drift: Self.mubar, volatility: Self.sigmabar,
                                                               times: 0...T, using: &rng)
                let values = pts.rows.map { row in Self.linearSolution(x: Array(row[0..<d]), t: row[d]) }
                return ReferenceSolution(layout: .points(points: pts.scalars, dimension: d + 1, names: HighDimensional.inputNames(d)),
                                         values: [values], source: "GeometricMinimum (Gauss-Legendre in log m), exact to about 1e-12")
            }
        }
        // Q(u) u (1 - delta) with Q(u) = gh + (gl - gh) clamp((u - vh)/(vl - vh), 0, 1), clamp(z) = (|z| - |z - 1| + 1)/2.
        let risky: @Sendable (Tensor<S>) -> Tensor<S> = { u in
            let z = (u - vh) / width
            let q = gh + slope * ((z.abs() - (z - 1).abs() + 1) * S(0.5))
            return q * u * risk
        }
        let minimum: @Sendable (Tensor<S>) -> Tensor<S> = { x in
            let p = x.scalars, n = x.shape[0]
            return Tensor(shape: [n, 1], scalars: (0..<n).map { i in p[(i * d)..<((i + 1) * d)].min()! })
        }
        let transform = outputTransform(S.self, paths: paths, minimum: minimum)
        var problem = Problem<S>(
            name: name, summary: summary,
            details: """
            u_t + mubar x . grad u + (sigmabar^2/2) sum x_i^2 u_ii\(defaultRisk ? " - (1 - delta) Q(u) u - R u" : "") = 0,
            u(1, x) = min_i x_i; mubar = 0.02, sigmabar = 0.2\(defaultRisk ? ", R = 0.02, delta = 2/3, Q(y) = 0.2 below 50, 0.02 above 70, linear between" : " (no default risk, undiscounted)")
            (Han, Jentzen & E 2018). Reference u(0, x0 = 100) = \(published)\(defaultRisk ? " (multilevel Picard)" : " (published; checked by Monte Carlo)").
            \(defaultRisk ? "u = F(t, x) + (1 - t) N(x, t), F the linear equation's solution at discount rate \(String(format: "%.4f", Self.offsetRate)) (GeometricMinimum): the terminal value exact" : "Terminal value soft on path points at t = 1; u = 100 N(x, t)").
            """,
            inputNames: HighDimensional.inputNames(d), timeIndex: d, inputLower: lo, inputUpper: hi,
            interior: { n, rng in paths(n, &rng, nil) },
            residual: { f in
                let x = f.x, u = f.u
                var r = f.dt() + (x * f.gradient()).sum(alongAxis: 1) * mu + f.weightedTrace { $0.x * halfSigma }
                if withRisk { r = r - u * R - risky(u) }
                return [r]
            },
            conditions: transform.conditions, offset: transform.offset, factor: transform.factor,
            reference: reference,
            defaults: settings,
            expectedError: "u(0, x0) relative error: see Docs/problems-high-dimensional.md")
        let geometric = SemilinearParabolic<S>.geometric(rate: Self.mubar, volatility: Self.sigmabar)
        let generator: SemilinearParabolic<S>.Generator = { _, _, y, _ in withRisk ? -(y * R) - risky(y) : y * 0 }
        problem.parabolic = SemilinearParabolic(
            dimension: d, horizon: T, start: x0, drift: geometric.drift, diffusion: geometric.diffusion,
            generator: generator,
            terminal: minimum,
            // N = 40 (the paper's) leaves a first-order Euler bias of 5.1e-3; N = 80 2.2e-3 (Docs/bsde.md).
            defaults: BSDESettings(timeSteps: 80, paths: 64, steps: 3000, learningRate: 8e-3, schedule: .cosine))
        // The equation, min_i x_i, x0 and the scaling box are symmetric in x_1 ... x_d.
        problem.exchangeable = Array(0..<d)
        return problem
    }
}
