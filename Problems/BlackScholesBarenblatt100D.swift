import Foundation
import PINN

/// The Black-Scholes-Barenblatt equation in 100 dimensions (Raissi 2018, "Forward-backward
/// stochastic neural networks", arXiv:1804.07010, section 4.1):
///
///     u_t + (sigma^2 / 2) sum_i x_i^2 u_ii - r (u - sum_i x_i u_i) = 0,   u(1, x) = |x|^2,
///
/// sigma = 0.4, r = 0.05, exact u = exp((r + sigma^2)(1 - t)) |x|^2; reported at t = 0,
/// x0 = (1, 0.5, 1, 0.5, ...) (u = 77.10488), and in relative L2 on points of 64 test
/// paths dX = sigma diag(X) dW from x0 (Euler-Maruyama, 20 steps). Training points on the
/// same paths (exact geometric-Brownian marginals at t ~ U[0, 1]); the terminal value is
/// exact through u = |x|^2 + 15 (1 - t) N(x, t) (15: the size of (u - g)/(1 - t)).
public struct BlackScholesBarenblatt100D: ProblemDefinition {
    public init() {}
    public var name: String { "black-scholes-barenblatt-100d" }
    public var summary: String { "u_t + 0.08 sum x_i^2 u_ii - 0.05 (u - x . grad u) = 0, u(1, x) = |x|^2, 100 dimensions" }
    public var dimensionLabel: String { "100+1" }

    public static let d = 100
    public static let sigma = 0.4, rate = 0.05
    public static var start: [Double] { (0..<d).map { $0 % 2 == 0 ? 1 : 0.5 } }

    /// exp((r + sigma^2)(1 - t)) |x|^2 for rows (x, t), `[n, d + 1]` -> `[n, 1]`.
    public static func exact<S: TensorScalar>(_ p: Tensor<S>) -> Tensor<S> {
        let x = p.gatheringColumns(Array(0..<d)), t = p.column(d)
        return ((1 - t) * S(rate + sigma * sigma)).exp() * x.squaredNorm(alongAxis: 1)
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: Self.d, problem: name)
        let d = Self.d, T = 1.0, sigma = Self.sigma, r = Self.rate, x0 = Self.start
        let (lo, hi) = HighDimensional.bounds(d, 0, 2.5, T)
        let (g, factor): (RadialFunction<S>, AffineFunction<S>) = HighDimensional.terminalConstraint(d, T: T, scale: 15, phi: .affine(slope: 1))
        let halfSigma = S(sigma / 2.0.squareRoot())
        var problem = Problem<S>(
            name: name, summary: summary,
            details: """
            u_t + 0.5 sigma^2 sum x_i^2 u_ii - r (u - sum x_i u_i) = 0, u(1, x) = |x|^2, sigma = 0.4, r = 0.05
            (Raissi 2018, FBSNN). Exact u = exp((r + sigma^2)(1 - t)) |x|^2; u(0, x0) = 77.10488 at
            x0 = (1, 0.5, 1, 0.5, ...). Relative L2 on 64 test paths x 21 times. Training points on the paths
            dX = sigma diag(X) dW from x0; u = |x|^2 + 15 (1 - t) N(x, t).
            """,
            inputNames: HighDimensional.inputNames(d), timeIndex: d, inputLower: lo, inputUpper: hi,
            interior: { n, rng in PathPoints.geometric(n, start: x0, drift: 0, volatility: sigma, times: 0...T, using: &rng) },
            residual: { f in
                let x = f.x, u = f.u
                let trace = f.weightedTrace { $0.x * halfSigma }
                let transport = (x * f.gradient()).sum(alongAxis: 1)
                return [f.dt() + trace - (u - transport) * S(r)]
            },
            offset: g, factor: factor,
            reference: Reference(
                summary: "exact solution on 64 test paths x 21 times; u(0, x0) = 77.10488",
                solution: {
                    var rng = RandomStream(seed: 2024, stream: 12)
                    let sde = try SDE<Double>.geometricBrownian(dimension: d, rate: 0, volatility: sigma)
                    let paths = try sde.simulate(paths: 64, from: x0, over: TimeDomain(0, T), steps: 20, using: &rng)
                    let pts = paths.spaceTimePoints
                    return .exact(points: pts, names: HighDimensional.inputNames(d)) { Self.exact($0) }
                },
                point: PointReference(point: x0 + [0], value: Foundation.exp(r + sigma * sigma) * x0.reduce(0) { $0 + $1 * $1 },
                                      source: "exact solution exp(0.21) |x0|^2"),
                exact: { Self.exact($0) },
                notOnGrids: "posed in 100 space dimensions (grids have at most 3)"),
            defaults: HighDimensional.deepSetsSettings(steps: 1500, batch: 500, timeBudget: 300),
            expectedError: "u(0, x0) relative error 4.7e-9, relative L2 2.3e-8 after 1,500 steps (197 s, one thread) (Docs/problems-high-dimensional.md)")
        // The transport term r x . grad u as the drift of dX = r X dt + sigma X dW, leaving f = -r u.
        let geometric = SemilinearParabolic<S>.geometric(rate: r, volatility: sigma)
        var bsde = BSDESettings(timeSteps: 20, paths: 64, steps: 2000, learningRate: 1e-2, schedule: .cosine)
        bsde.outputScale = 1   // sigma x_i u_i = 2 sigma x_i^2 e^(0.21 (1 - t)): of order one, not 1/d
        problem.parabolic = SemilinearParabolic(
            dimension: d, horizon: T, start: x0, drift: geometric.drift, diffusion: geometric.diffusion,
            generator: { _, _, y, _ in y * S(-r) },
            terminal: { x in x.squaredNorm(alongAxis: 1) },
            defaults: bsde)
        // The equation, |x|^2 and the constraint are symmetric in x_1 ... x_d (x0 is not: that only moves where the points lie).
        problem.exchangeable = Array(0..<d)
        return problem
    }
}
