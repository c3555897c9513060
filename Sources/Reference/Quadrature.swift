import Foundation

/// One-dimensional quadrature for reference values.
public enum Quadrature {
    /// The integral of f over [a, b] by adaptive Simpson (Lyness 1969) with absolute
    /// tolerance `tolerance`, at most `depth` bisections deep.
    public static func adaptiveSimpson(_ f: (Double) -> Double, _ a: Double, _ b: Double,
                                       tolerance: Double = 1e-12, depth: Int = 50) -> Double {
        func simpson(_ a: Double, _ fa: Double, _ b: Double, _ fb: Double) -> (Double, Double, Double) {
            let m = (a + b) / 2, fm = f(m)
            return (m, fm, (b - a) / 6 * (fa + 4 * fm + fb))
        }
        func recurse(_ a: Double, _ fa: Double, _ b: Double, _ fb: Double, _ m: Double, _ fm: Double,
                     _ whole: Double, _ tol: Double, _ depth: Int) -> Double {
            let (lm, flm, left) = simpson(a, fa, m, fm), (rm, frm, right) = simpson(m, fm, b, fb)
            let delta = left + right - whole
            if depth <= 0 || Swift.abs(delta) <= 15 * tol { return left + right + delta / 15 }
            return recurse(a, fa, m, fm, lm, flm, left, tol / 2, depth - 1) + recurse(m, fm, b, fb, rm, frm, right, tol / 2, depth - 1)
        }
        // Split into pieces first so a narrow peak is not missed by the first estimates.
        let pieces = 64
        var total = 0.0
        for p in 0..<pieces {
            let x0 = a + (b - a) * Double(p) / Double(pieces), x1 = a + (b - a) * Double(p + 1) / Double(pieces)
            let f0 = f(x0), f1 = f(x1)
            let (m, fm, whole) = simpson(x0, f0, x1, f1)
            total += recurse(x0, f0, x1, f1, m, fm, whole, tolerance / Double(pieces), depth)
        }
        return total
    }
}
