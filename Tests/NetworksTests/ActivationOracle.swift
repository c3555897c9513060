import Foundation
import Networks

/// Derivatives of every activation from written-out closed forms, computed here in Double and
/// independent of the code under test (`Activation.derivatives`, `TaylorCoefficients`, the
/// tanh polynomials of `ActivationDerivativeStack`):
///
/// - sigmoid: s^(k) = sum_{j=0..k} (-1)^j j! S(k+1, j+1) s^(j+1), a polynomial in s = sigmoid(z)
///   with Stirling numbers of the second kind S(n, m) (Minai & Williams 1993): s' = s(1 - s),
///   s'' = s(1 - s)(1 - 2s), s''' = s(1 - s)(1 - 6s + 6s^2), ... Evaluated at -|z| (s <= 1/2,
///   where the alternating sum cancels least) and mapped back by s^(k)(z) = (-1)^(k+1) s^(k)(-z).
/// - tanh(x) = 2 sigmoid(2x) - 1, so tanh^(k)(x) = 2^(k+1) sigmoid^(k)(2x) for k >= 1.
/// - sin^(k)(z) = sin(z + k pi/2), taken from the four-cycle sin, cos, -sin, -cos.
/// - softplus' = sigmoid, so softplus^(k) = sigmoid^(k-1) for k >= 1.
/// - silu = z sigmoid(z), so silu^(k) = z sigmoid^(k) + k sigmoid^(k-1) (Leibniz).
/// - gelu, the library's tanh form, = z g(z) with g = (1 + tanh(u)) / 2 and the cubic
///   u = c (z + a z^3), c = sqrt(2/pi), a = 0.044715: gelu^(k) = z g^(k) + k g^(k-1), and
///   g^(m) = (1/2) sum_{j=1..m} tanh^(j)(u) B_{m,j}(u', u'', u''') by Faa di Bruno's formula,
///   with the partial Bell polynomials of a cubic (u^(4) = 0) written out as a sum over
///   (j1, j2, j3) with j1 + j2 + j3 = j, j1 + 2 j2 + 3 j3 = m.
///
/// Round-off: the sums alternate, with terms up to about 10^3 times the result at order 7,
/// so allow about 1e-13 relative to the largest derivative on a set of points.
enum ActivationOracle {
    /// Stirling numbers of the second kind S(n, m) for n, m <= 12, by S(n, m) = m S(n-1, m) + S(n-1, m-1).
    static let stirling: [[Double]] = {
        var s = [[Double]](repeating: [Double](repeating: 0, count: 13), count: 13)
        s[0][0] = 1
        for n in 1...12 { for m in 1...n { s[n][m] = Double(m) * s[n - 1][m] + s[n - 1][m - 1] } }
        return s
    }()

    static func factorial(_ n: Int) -> Double { n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }

    /// The logistic function 1 / (1 + exp(-z)), written without overflow.
    static func logistic(_ z: Double) -> Double { z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z)) }

    static func sigmoid(_ k: Int, _ z: Double) -> Double {
        precondition(k >= 0 && k <= 11, "ActivationOracle.sigmoid: orders 0 ... 11")
        if k == 0 { return logistic(z) }
        let s = logistic(-Swift.abs(z))
        var sum = 0.0, power = s
        for j in 0...k {
            sum += (j % 2 == 0 ? 1 : -1) * factorial(j) * stirling[k + 1][j + 1] * power
            power *= s
        }
        // sigmoid(-z) = 1 - sigmoid(z): the k-th derivative (k >= 1) is (-1)^(k+1) times the one at -z.
        return z > 0 && k % 2 == 0 ? -sum : sum
    }

    static func tanh(_ k: Int, _ z: Double) -> Double {
        k == 0 ? Foundation.tanh(z) : Foundation.pow(2, Double(k + 1)) * sigmoid(k, 2 * z)
    }

    static func sin(_ k: Int, _ z: Double) -> Double {
        switch k % 4 { case 0: Foundation.sin(z); case 1: Foundation.cos(z); case 2: -Foundation.sin(z); default: -Foundation.cos(z) }
    }

    static func softplus(_ k: Int, _ z: Double) -> Double {
        k == 0 ? Swift.max(z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z))) : sigmoid(k - 1, z)
    }

    static func silu(_ k: Int, _ z: Double) -> Double {
        k == 0 ? z * logistic(z) : z * sigmoid(k, z) + Double(k) * sigmoid(k - 1, z)
    }

    static let geluC = (2 / Double.pi).squareRoot(), geluA = 0.044715

    /// The partial Bell polynomial B_{m,j}(x1, x2, x3) (x4 = x5 = ... = 0).
    static func bell(_ m: Int, _ j: Int, _ x1: Double, _ x2: Double, _ x3: Double) -> Double {
        var sum = 0.0
        for j3 in 0...j {
            for j2 in 0...(j - j3) {
                let j1 = j - j2 - j3
                guard j1 + 2 * j2 + 3 * j3 == m else { continue }
                let coefficient = factorial(m) / (factorial(j1) * factorial(j2) * factorial(j3)
                                                  * Foundation.pow(2, Double(j2)) * Foundation.pow(6, Double(j3)))
                sum += coefficient * Foundation.pow(x1, Double(j1)) * Foundation.pow(x2, Double(j2)) * Foundation.pow(x3, Double(j3))
            }
        }
        return sum
    }

    /// g^(m) for g(z) = (1 + tanh(c (z + a z^3))) / 2.
    static func geluGate(_ m: Int, _ z: Double) -> Double {
        let (c, a) = (geluC, geluA)
        let u = c * (z + a * z * z * z), u1 = c * (1 + 3 * a * z * z), u2 = 6 * a * c * z, u3 = 6 * a * c
        if m == 0 { return (1 + Foundation.tanh(u)) / 2 }
        var sum = 0.0
        for j in 1...m { sum += tanh(j, u) * bell(m, j, u1, u2, u3) }
        return sum / 2
    }

    static func gelu(_ k: Int, _ z: Double) -> Double {
        k == 0 ? z * geluGate(0, z) : z * geluGate(k, z) + Double(k) * geluGate(k - 1, z)
    }

    /// f^(k)(z) for the activation f.
    static func derivative(_ act: Activation, _ k: Int, at z: Double) -> Double {
        switch act {
        case .tanh: tanh(k, z)
        case .sin: sin(k, z)
        case .sigmoid: sigmoid(k, z)
        case .softplus: softplus(k, z)
        case .silu: silu(k, z)
        case .gelu: gelu(k, z)
        }
    }
}
