import Autodiff

/// Discrepancy measures of point sets in the unit cube: how far the empirical measure is
/// from uniform. Lower is better; for n independent uniform points the expected squared
/// L2-star discrepancy is (2^-d - 3^-d) / n, while low-discrepancy sets reach about
/// (log n)^d / n.
public enum Discrepancy {
    /// The L2-star discrepancy by Warnock's formula (Warnock 1972), O(n^2 d):
    ///
    ///     D^2 = 3^-d - (2^(1-d) / n) sum_i prod_k (1 - x_ik^2)
    ///           + (1 / n^2) sum_(i,j) prod_k (1 - max(x_ik, x_jk)).
    ///
    /// `points`: [n, d] with entries in [0, 1].
    public static func l2Star<S: TensorScalar>(_ points: Tensor<S>) -> Double {
        require(points.rank == 2, "Discrepancy.l2Star: points must have shape [n, d], got \(points.shape)")
        let n = points.shape[0], d = points.shape[1]
        require(n > 0, "Discrepancy.l2Star: needs at least one point")
        let x = doubles(points)
        var single = 0.0, pairs = 0.0
        for i in 0..<n {
            var p = 1.0
            for k in 0..<d { p *= 1 - x[i * d + k] * x[i * d + k] }
            single += p
            var row = 0.0
            for j in 0..<n {
                var q = 1.0
                for k in 0..<d { q *= 1 - Swift.max(x[i * d + k], x[j * d + k]) }
                row += q
            }
            pairs += row
        }
        let dd = Double(d), nn = Double(n)
        let squared = pow3(-dd) - pow2(1 - dd) / nn * single + pairs / (nn * nn)
        return Swift.max(squared, 0).squareRoot()
    }

    /// The expected L2-star discrepancy of n independent uniform points, sqrt((2^-d - 3^-d) / n).
    public static func expectedL2StarOfRandom(count n: Int, dimension d: Int) -> Double {
        ((pow2(-Double(d)) - pow3(-Double(d))) / Double(n)).squareRoot()
    }

    static func pow2(_ e: Double) -> Double { exp2Int(e, 2) }
    static func pow3(_ e: Double) -> Double { exp2Int(e, 3) }
    static func exp2Int(_ e: Double, _ b: Double) -> Double {
        let k = Int(e)
        var r = 1.0
        for _ in 0..<Swift.abs(k) { r *= b }
        return k >= 0 ? r : 1 / r
    }
}
