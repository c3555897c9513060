import Foundation

/// Gauss-Legendre nodes and weights on [-1, 1] (Newton's method on P_q from the Chebyshev
/// guesses; exact for polynomials of degree 2q - 1).
public func gaussLegendre(_ q: Int) -> (nodes: [Double], weights: [Double]) {
    var x = [Double](repeating: 0, count: q), w = [Double](repeating: 0, count: q)
    for i in 0..<q {
        var z = cos(Double.pi * (Double(i) + 0.75) / (Double(q) + 0.5))
        var dp = 0.0
        for _ in 0..<100 {
            var p0 = 1.0, p1 = z
            for j in 2...max(2, q) where q >= 2 {
                let p2 = ((2 * Double(j) - 1) * z * p1 - (Double(j) - 1) * p0) / Double(j)
                p0 = p1; p1 = p2
            }
            if q == 1 { p0 = 1; p1 = z }
            dp = Double(q) * (z * p1 - p0) / (z * z - 1)
            let dz = p1 / dp
            z -= dz
            if abs(dz) < 1e-15 { break }
        }
        x[i] = z
        w[i] = 2 / ((1 - z * z) * dp * dp)
    }
    return (x, w)
}
