import Autodiff
import Foundation

/// The discounted expected minimum of independent geometric Brownian motions,
///
///     F(t, x) = exp(-r (T - t)) E[min_i X_T,i | X_t = x],   dX_i = mu X_i dt + sigma X_i dW_i,
///
/// which solves the linear Black-Scholes equation
/// F_t + mu x . grad F + (sigma^2 / 2) sum_i x_i^2 F_ii - r F = 0 with F(T, x) = min_i x_i.
/// With tau = T - t, a = mu - sigma^2 / 2 and z_i(m) = (log m - log x_i - a tau) / (sigma sqrt tau),
/// the minimum exceeds m with probability S(m) = prod_i Phi(-z_i(m)), so
///
///     E[min] = integral_0^inf S(m) dm = m_lo + integral over y = log m in [log m_lo, log m_hi] of e^y S(e^y),
///
/// with the window +-8.5 sigma sqrt(tau) around log x_min + a tau (S = 1 below it and
/// S < Phi(-8.5) = 1e-17 above it), integrated by composite Gauss-Legendre. One integral in any
/// dimension: an exact reference for the linear problem, and for the nonlinear one with default
/// risk the part that a network need not learn.
///
/// Derivatives in x and t are taken under the integral with the nodes held where the point
/// puts them (the integrand's derivatives vanish to rounding at both ends of the window), in
/// closed form (`Jets`: L(z) = log Phi(-z) has L' = -lambda and L'' = -lambda (lambda - z),
/// lambda the inverse Mills ratio) and, for nested reverse mode, as tensor operations
/// (`tensorValue`). At tau = 0 the value is min_i x_i, its gradient e_argmin and its second
/// derivatives and time derivative are taken as 0 (there they are not finite).
public struct GeometricMinimum: Sendable {
    public let dimension: Int
    public let drift: Double
    public let volatility: Double
    public let rate: Double
    public let horizon: Double
    /// Composite Gauss-Legendre: panels of the window, nodes per panel (12 x 12 agrees with
    /// 48 x 20 to 3e-13 at d = 100; 8 x 12 to 3e-10).
    public let panels: Int
    public let nodesPerPanel: Int
    let rule: (nodes: [Double], weights: [Double])

    /// Half-width of the integration window in standard deviations sigma sqrt(tau).
    public static let window = 8.5
    /// Below this tau the terminal value is used.
    public static let terminalTau = 1e-14

    public init(dimension: Int, drift: Double, volatility: Double, rate: Double = 0, horizon: Double,
                panels: Int = 12, nodesPerPanel: Int = 12) {
        require(dimension >= 1 && volatility > 0 && horizon > 0 && panels >= 1 && nodesPerPanel >= 1,
                "GeometricMinimum: dimension \(dimension), volatility \(volatility), horizon \(horizon), panels \(panels), nodes \(nodesPerPanel)")
        self.dimension = dimension; self.drift = drift; self.volatility = volatility
        self.rate = rate; self.horizon = horizon; self.panels = panels; self.nodesPerPanel = nodesPerPanel
        rule = gaussLegendre(nodesPerPanel)
    }

    var logDrift: Double { drift - volatility * volatility / 2 }

    /// The window's lower end m_lo and the nodes y = log m with their weights times e^y.
    func quadrature(logMinimum: Double, tau: Double) -> (lower: Double, y: [Double], w: [Double]) {
        let half = Self.window * volatility * tau.squareRoot(), lo = logMinimum + logDrift * tau - half
        let h = 2 * half / Double(panels)
        var y: [Double] = [], w: [Double] = []
        y.reserveCapacity(panels * nodesPerPanel); w.reserveCapacity(panels * nodesPerPanel)
        for p in 0..<panels {
            for (node, weight) in zip(rule.nodes, rule.weights) {
                let yk = lo + h * (Double(p) + (1 + node) / 2)
                y.append(yk); w.append(h / 2 * weight * Foundation.exp(yk))
            }
        }
        return (Foundation.exp(lo), y, w)
    }

    /// F(t, x).
    public func callAsFunction(x: [Double], t: Double) -> Double {
        var jets = Jets(self)
        (x + [t]).withUnsafeBufferPointer { jets.prepare($0) }
        return jets.value
    }

    // MARK: log Phi(-z) and the inverse Mills ratio

    /// log Phi(-z) and lambda(z) = phi(z) / Phi(-z), accurate in the tails: directly up to
    /// z = 37 (erfc near underflow beyond), by the asymptotic series above, whose first
    /// omitted terms there are below 1e-13.
    public static func logSurvival(_ z: Double) -> (value: Double, mills: Double) {
        if z > 37 {
            let r = 1 / (z * z)
            let series = r * (-1 + r * (3 + r * (-15 + r * (105 - 945 * r))))
            let value = -z * z / 2 - Foundation.log(z) - 0.5 * Foundation.log(2 * Double.pi) + Foundation.log1p(series)
            return (value, z + (1 / z) * (1 + r * (-2 + r * (10 + r * (-74 + 706 * r)))))
        }
        let density = Foundation.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        if z < 0 {
            let upper = 0.5 * Foundation.erfc(-z / 2.0.squareRoot())   // Phi(z), small
            return (Foundation.log1p(-upper), density / (1 - upper))
        }
        let survival = 0.5 * Foundation.erfc(z / 2.0.squareRoot())
        return (Foundation.log(survival), density / survival)
    }

    /// L(z) = log Phi(-z) as a `ScalarFunction` with every derivative: L' = -lambda and
    /// lambda^(n) a polynomial in lambda and z (lambda' = lambda^2 - z lambda).
    public static let logSurvivalFunction = ScalarFunction("logPhi(-q)") { k, z in
        let (value, lambda) = logSurvival(z)
        guard k > 0 else { return value }
        return -MillsDerivatives.shared.evaluate(order: k - 1, lambda: lambda, z: z)
    }

    // MARK: Tensor form

    /// F at a batch `[n, d + 1]` (x, then t) as tensor operations, so nested reverse mode
    /// differentiates it; the nodes are constants placed as `Jets` places them.
    public func tensorValue<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        let d = dimension, n = x.shape[0], s = x.detached.scalars
        require(x.rank == 2 && x.shape[1] == d + 1, "GeometricMinimum: points \(x.shape), expected [n, \(d + 1)]")
        let K = panels * nodesPerPanel
        var lower = [S](repeating: 0, count: n), nodeY = [[S]](repeating: [S](repeating: 0, count: n), count: K)
        var nodeW = nodeY
        for i in 0..<n {
            let tau = horizon - Double(s[i * (d + 1) + d])
            var m = Double.infinity
            for j in 0..<d { m = Swift.min(m, Double(s[i * (d + 1) + j])) }
            require(tau > Self.terminalTau, "GeometricMinimum.tensorValue: t = T (tau \(tau)) has no derivatives to differentiate; use Jets")
            let q = quadrature(logMinimum: Foundation.log(m), tau: tau)
            lower[i] = S(q.lower)
            for k in 0..<K { nodeY[k][i] = S(q.y[k]); nodeW[k][i] = S(q.w[k]) }
        }
        let logX = x.gatheringColumns(Array(0..<d)).log()
        let tau = S(horizon) - x.column(d)
        let kappa = S(1) / (tau.sqrt() * S(volatility))
        let shift = tau * S(logDrift)
        var e = Tensor<S>(shape: [n, 1], scalars: lower)
        for k in 0..<K {
            let centre = Tensor<S>(shape: [n, 1], scalars: nodeY[k]) - shift
            let z = (logX * S(-1)).addingColumn(centre).multiplyingColumn(kappa)
            let survival = z.applying(Self.logSurvivalFunction).sum(alongAxis: 1).exp()
            e = e + survival * Tensor<S>(shape: [n, 1], scalars: nodeW[k])
        }
        return e * (tau * S(-rate)).exp()
    }
}

extension GeometricMinimum {
    /// F and its first and second directional derivatives at one point at a time: `prepare`
    /// with the point (x_1 ... x_d, t), then `value`, `coordinate(axis)` (axis d is t) and
    /// `direction(v)` (d + 1 components). The buffers are kept between points.
    public struct Jets {
        let f: GeometricMinimum
        var tau = 0.0, kappa = 0.0, discount = 1.0, expectation = 0.0, argmin = 0
        var weighted: [Double] = []          // W_k S_k
        var z: [Double] = [], l1: [Double] = [], l2: [Double] = []   // [k * d + i]
        var inverse: [Double] = []           // 1 / x_i
        var logInverse: [Double] = []        // -log x_i
        public private(set) var value = 0.0

        public init(_ f: GeometricMinimum) {
            self.f = f
            let K = f.panels * f.nodesPerPanel
            weighted = [Double](repeating: 0, count: K)
            z = [Double](repeating: 0, count: K * f.dimension); l1 = z; l2 = z
            inverse = [Double](repeating: 0, count: f.dimension); logInverse = inverse
        }

        var terminal: Bool { tau <= GeometricMinimum.terminalTau }

        public mutating func prepare(_ point: UnsafeBufferPointer<Double>) {
            let d = f.dimension
            require(point.count == d + 1, "GeometricMinimum.Jets: a point of \(point.count) coordinates, expected \(d + 1)")
            tau = f.horizon - point[d]
            var m = Double.infinity
            for j in 0..<d {
                require(point[j] > 0, "GeometricMinimum: x_\(j) = \(point[j]) is not positive")
                inverse[j] = 1 / point[j]; logInverse[j] = -Foundation.log(point[j])
                if point[j] < m { m = point[j]; argmin = j }
            }
            if terminal { value = m; return }
            kappa = 1 / (f.volatility * tau.squareRoot())
            discount = Foundation.exp(-f.rate * tau)
            let q = f.quadrature(logMinimum: Foundation.log(m), tau: tau), shift = f.logDrift * tau
            expectation = q.lower
            for k in 0..<q.y.count {
                var g = 0.0
                for i in 0..<d {
                    let zi = (q.y[k] + logInverse[i] - shift) * kappa
                    let (L, lambda) = GeometricMinimum.logSurvival(zi)
                    z[k * d + i] = zi; l1[k * d + i] = -lambda; l2[k * d + i] = -lambda * (lambda - zi)
                    g += L
                }
                weighted[k] = q.w[k] * Foundation.exp(g)
                expectation += weighted[k]
            }
            value = discount * expectation
        }

        /// The first and second derivative along e_axis (axis d: t).
        public func coordinate(_ axis: Int) -> (Double, Double) {
            let d = f.dimension
            if terminal { return (axis == argmin ? 1 : 0, 0) }
            guard axis < d else {
                var v = [Double](repeating: 0, count: d + 1)
                v[d] = 1
                return v.withUnsafeBufferPointer { direction($0) }
            }
            let dz = -kappa * inverse[axis], d2z = kappa * inverse[axis] * inverse[axis]
            var first = 0.0, second = 0.0
            for k in 0..<weighted.count {
                let a = l1[k * d + axis], dG = a * dz
                first += weighted[k] * dG
                second += weighted[k] * (dG * dG + l2[k * d + axis] * dz * dz + a * d2z)
            }
            return (discount * first, discount * second)
        }

        /// The first and second derivative along v = (v_x, v_t).
        public func direction(_ v: UnsafeBufferPointer<Double>) -> (Double, Double) {
            let d = f.dimension, vt = v[d]
            if terminal { return (v[argmin], 0) }
            let a = f.logDrift, twoTau = 2 * tau
            var first = 0.0, second = 0.0
            for k in 0..<weighted.count {
                var dG = 0.0, d2G = 0.0
                for i in 0..<d {
                    let zi = z[k * d + i], zt = a * kappa + zi / twoTau
                    let ztt = a * kappa / twoTau + zt / twoTau + zi / (twoTau * tau)
                    let u = v[i] * inverse[i]
                    let dz = -kappa * u + zt * vt
                    let d2z = kappa * u * u - kappa * u * vt / tau + ztt * vt * vt
                    dG += l1[k * d + i] * dz
                    d2G += l2[k * d + i] * dz * dz + l1[k * d + i] * d2z
                }
                first += weighted[k] * dG
                second += weighted[k] * (dG * dG + d2G)
            }
            let r = f.rate
            return (discount * (r * vt * expectation + first),
                    discount * (r * r * vt * vt * expectation + 2 * r * vt * first + second))
        }
    }
}

/// lambda^(n) for the inverse Mills ratio lambda(z) = phi(z) / Phi(-z) as a polynomial in
/// lambda and z: lambda' = lambda^2 - z lambda, so d/dz (lambda^i z^j) =
/// i (lambda^(i+1) z^j - lambda^i z^(j+1)) + j lambda^i z^(j-1).
final class MillsDerivatives: @unchecked Sendable {
    static let shared = MillsDerivatives()
    /// Coefficients of lambda^i z^j, by order.
    private var polynomials: [[[Int]: Double]] = [[[1, 0]: 1]]
    private let lock = NSLock()

    func evaluate(order n: Int, lambda: Double, z: Double) -> Double {
        lock.lock()
        while polynomials.count <= n {
            var next: [[Int]: Double] = [:]
            for (e, c) in polynomials[polynomials.count - 1] {
                let (i, j) = (e[0], e[1])
                if i > 0 {
                    next[[i + 1, j], default: 0] += Double(i) * c
                    next[[i, j + 1], default: 0] -= Double(i) * c
                }
                if j > 0 { next[[i, j - 1], default: 0] += Double(j) * c }
            }
            polynomials.append(next)
        }
        let p = polynomials[n]
        lock.unlock()
        var s = 0.0
        for (e, c) in p { s += c * Foundation.pow(lambda, Double(e[0])) * Foundation.pow(z, Double(e[1])) }
        return s
    }
}
