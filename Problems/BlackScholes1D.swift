import Foundation
import PINN

/// A European call under Black-Scholes (Black & Scholes 1973, J. Polit. Econ. 81(3);
/// Merton 1973), solved backwards from the payoff:
///
///     V_t + 1/2 sigma^2 S^2 V_SS + r S V_S - r V = 0   on (0, S_max) x [0, T),
///     V(S, T) = max(S - K, 0),   V(0, t) = 0,   V(S_max, t) = S_max - K exp(-r (T - t)),
///
/// with K = 1, r = 0.05, sigma = 0.2, T = 1, S_max = 3. Reference: the Black-Scholes formula
/// V = S N(d1) - K exp(-r tau) N(d2), tau = T - t, d1,2 = (log(S/K) + (r +- sigma^2/2) tau)
/// / (sigma sqrt(tau)). (At S_max = 3 the formula differs from the far-field boundary value by
/// below 3e-10.) The two boundaries are a hard constraint,
/// V = S (S_max - K e^{-r (T - t)}) / S_max + S (S_max - S) / S_max^2 N(S, t); the payoff is a
/// soft terminal condition (weight 10). Its kink at (K, T) limits the accuracy there, so
/// the reference grid stops at t = T - 0.1 ("away from the kink"); the at-the-money price
/// V(K, 0) is the point reference.
public struct BlackScholes1D: ProblemDefinition {
    public static let strike = 1.0, rate = 0.05, sigma = 0.2, maturity = 1.0, sMax = 3.0
    public init() {}
    public var name: String { "black-scholes-1d" }
    public var summary: String { "European call V_t + sigma^2 S^2 V_SS / 2 + r S V_S - r V = 0, K = 1, r = 0.05, sigma = 0.2, T = 1" }
    public var dimensionLabel: String { "1+1" }

    /// The standard normal distribution function.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The Black-Scholes call price at asset price S and time t (the payoff at t = T).
    public static func price(S: Double, t: Double) -> Double {
        let tau = maturity - t
        if tau <= 0 { return Swift.max(S - strike, 0) }
        if S <= 0 { return 0 }
        let sq = sigma * tau.squareRoot()
        let d1 = (log(S / strike) + (rate + sigma * sigma / 2) * tau) / sq
        return S * normalCDF(d1) - strike * exp(-rate * tau) * normalCDF(d1 - sq)
    }

    /// The price at points `[n, 2]` (S, t), `[n, 1]`.
    public static func exact(_ p: Tensor<Double>) -> Tensor<Double> {
        Tensor(shape: [p.shape[0], 1], scalars: (0..<p.shape[0]).map { price(S: p[$0, 0], t: p[$0, 1]) })
    }

    /// The payoff max(S - K, 0) at points `[n, 2]`, `[n, 1]`.
    public static func payoff<T: TensorScalar>(_ p: Tensor<T>) -> Tensor<T> {
        let m = p.column(0) - T(strike)
        return (m + m.abs()) * 0.5
    }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 1, problem: name)
        let (K, r, sigma, T, sMax) = (BlackScholes1D.strike, BlackScholes1D.rate, BlackScholes1D.sigma,
                                     BlackScholes1D.maturity, BlackScholes1D.sMax)
        let domain = SpaceTimeDomain(space: try Box(lower: [0], upper: [sMax]), time: try TimeDomain(0, T))
        var settings = Settings()
        settings.width = 40; settings.depth = 4
        settings.phases = [.init(.adam, 3000), .init(.lbfgs, 3000)]
        settings.batch = 3000; settings.resampleEvery = 0; settings.evaluateEvery = 500
        let halfSigma2 = S(sigma * sigma / 2), rs = S(r)
        return Problem<S>(
            name: name, summary: summary,
            details: """
            V_t + 1/2 sigma^2 S^2 V_SS + r S V_S - r V = 0 on (0, 3) x [0, 1), K = 1, r = 0.05, sigma = 0.2,
            V(S, 1) = max(S - 1, 0) (soft, weight 10), V(0, t) = 0 and V(3, t) = 3 - exp(-0.05 (1 - t)) (exact
            through V = S (3 - e^{-r (1 - t)}) / 3 + S (3 - S) / 9 N(S, t)). Reference: the Black-Scholes
            formula for t <= 0.9 (away from the payoff's kink) and the at-the-money price V(1, 0).
            """,
            inputNames: ["S", "t"], timeIndex: 1, domain: domain,
            residual: { f in
                let s = f.coordinate(0)
                return [f.dt() + f.d2(0, 0) * s * s * halfSigma2 + f.d(0) * s * rs - f.u * rs]
            },
            conditions: [.terminal(domain, batch: 1000, weight: 10) { BlackScholes1D.payoff($0) }],
            offset: ClosureFunction(inputDimension: 2) { p in
                let s = p.column(0), t = p.column(1)
                return s * (1 - ((t - S(T)) * rs).exp() * S(K / sMax))
            },
            factor: ClosureFunction(inputDimension: 2) { p in
                let s = p.column(0)
                return s * (S(sMax) - s) * S(1 / (sMax * sMax))
            },
            reference: Reference(
                summary: "Black-Scholes formula on a 151 (S) x 91 (t in [0, 0.9]) grid; V(1, 0)",
                solution: {
                    let sg = (0...150).map { Double($0) / 50 }, tg = (0...90).map { Double($0) / 100 }
                    return .exact(axes: [.init("t", tg), .init("S", sg)], axisInputs: [1, 0], inputDimension: 2,
                                  source: "Black-Scholes formula, t <= T - 0.1") { BlackScholes1D.exact($0) }
                },
                point: PointReference(point: [K, 0], value: BlackScholes1D.price(S: K, t: 0),
                                      source: "Black-Scholes formula")),
            defaults: settings,
            expectedError: "relative L2 about 1e-3 for t <= 0.9 (Docs/problems-low-dimensional.md)")
    }
}

/// black-scholes-1d's Black-Scholes formula on any (t, S) grid, for `pinn-solve reference`
/// (at t = T the formula is the payoff max(S - K, 0)).
extension BlackScholes1D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid, source: "Black-Scholes formula") { BlackScholes1D.exact($0) }
    }
}
