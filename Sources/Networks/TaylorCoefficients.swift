import Autodiff

/// Truncated Taylor series of a scalar function: coefficients c_0 ... c_K of
/// f(x0 + t) = sum_k c_k t^k, so that f^(k)(x0) = k! c_k.
///
/// Used for activation derivatives of high order, and in tests as an oracle independent of
/// the closed forms. Composition rules are the standard recurrences for power series
/// (e.g. Griewank & Walther, Evaluating Derivatives, 2nd ed., ch. 13): for y = exp(u),
/// y_n = (1/n) sum_{j=1..n} j u_j y_{n-j}; for y = tanh(u), y' = (1 - y^2) u'; for
/// (s, c) = (sin u, cos u), s' = c u' and c' = -s u'.
public struct TaylorCoefficients<S: TensorScalar> {
    public var c: [S]
    public var order: Int { c.count - 1 }

    public init(_ c: [S]) { self.c = c }

    /// The identity x0 + t, truncated at `order`.
    public static func variable(_ x0: S, order: Int) -> TaylorCoefficients {
        var c = [S](repeating: 0, count: order + 1)
        c[0] = x0
        if order >= 1 { c[1] = 1 }
        return TaylorCoefficients(c)
    }

    public static func + (a: Self, b: Self) -> Self { Self(zip(a.c, b.c).map { $0 + $1 }) }
    public static func + (a: Self, s: S) -> Self { var r = a; r.c[0] += s; return r }
    public static func * (a: Self, s: S) -> Self { Self(a.c.map { $0 * s }) }
    public static func * (a: Self, b: Self) -> Self {
        var r = [S](repeating: 0, count: a.c.count)
        for n in 0..<r.count { for j in 0...n { r[n] += a.c[j] * b.c[n - j] } }
        return Self(r)
    }

    public func exp() -> Self {
        var y = [S](repeating: 0, count: c.count)
        y[0] = S.exp(c[0])
        for n in stride(from: 1, to: c.count, by: 1) {
            var s: S = 0
            for j in 1...n { s += S(j) * c[j] * y[n - j] }
            y[n] = s / S(n)
        }
        return Self(y)
    }

    public func tanh() -> Self {
        let K = c.count
        var y = [S](repeating: 0, count: K), q = [S](repeating: 0, count: K)   // q = 1 - y^2
        y[0] = S.tanh(c[0])
        q[0] = 1 - y[0] * y[0]
        for n in stride(from: 1, to: K, by: 1) {
            var s: S = 0
            for j in 1...n { s += S(j) * c[j] * q[n - j] }
            y[n] = s / S(n)
            var yy: S = 0
            for i in 0...n { yy += y[i] * y[n - i] }
            q[n] = -yy
        }
        return Self(y)
    }

    /// (sin u, cos u).
    public func sinCos() -> (Self, Self) {
        let K = c.count
        var s = [S](repeating: 0, count: K), co = [S](repeating: 0, count: K)
        s[0] = S.sin(c[0]); co[0] = S.cos(c[0])
        for n in stride(from: 1, to: K, by: 1) {
            var a: S = 0, b: S = 0
            for j in 1...n { a += S(j) * c[j] * co[n - j]; b += S(j) * c[j] * s[n - j] }
            s[n] = a / S(n); co[n] = -b / S(n)
        }
        return (Self(s), Self(co))
    }

    /// The logistic function, as (1 + tanh(u/2)) / 2.
    public func sigmoid() -> Self { ((self * 0.5).tanh() + 1) * 0.5 }

    /// log(1 + exp(u)) from its derivative: (softplus u)' = sigmoid(u) u'.
    public func softplus() -> Self {
        let sg = sigmoid()
        var y = [S](repeating: 0, count: c.count)
        y[0] = Swift.max(c[0], 0) + S.log(onePlus: S.exp(-Swift.abs(c[0])))
        for n in stride(from: 1, to: c.count, by: 1) {
            var s: S = 0
            for j in 1...n { s += S(j) * c[j] * sg.c[n - j] }
            y[n] = s / S(n)
        }
        return Self(y)
    }

    /// The activation applied to this series.
    public func applying(_ a: Activation) -> Self {
        switch a {
        case .tanh: return tanh()
        case .sin: return sinCos().0
        case .sigmoid: return sigmoid()
        case .softplus: return softplus()
        case .silu: return self * sigmoid()
        case .gelu:
            let k = S.sqrt(2 / S.pi)
            let u = (self + self * self * self * 0.044715) * k
            return self * (u.tanh() + 1) * 0.5
        }
    }

    /// f^(order)(x0) for an activation f.
    public static func derivative(of a: Activation, order: Int, at x0: S) -> S {
        let series = variable(x0, order: order).applying(a)
        var factorial: S = 1
        for k in stride(from: 2, through: order, by: 1) { factorial *= S(k) }
        return series.c[order] * factorial
    }
}
