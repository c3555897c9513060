import Autodiff

/// A line search for a step length α along a descent direction d that satisfies the strong
/// Wolfe conditions for φ(α) = f(x + α d):
///
///     φ(α) ≤ φ(0) + c1 α φ'(0)          (sufficient decrease)
///     |φ'(α)| ≤ c2 |φ'(0)|              (curvature)
///
/// Bracketing phase then zoom with safeguarded cubic interpolation: Nocedal & Wright,
/// Numerical Optimization (2nd ed., 2006), Algorithms 3.5 and 3.6, interpolation (3.59).
/// A trial point whose value is NaN or infinite is treated as too long a step.
struct StrongWolfeLineSearch<Scalar: TensorScalar> {
    var c1: Scalar = 1e-4
    var c2: Scalar = 0.9
    var maxEvaluations: Int = 25

    /// A trial point: α, φ(α), φ'(α), and what the objective returned there.
    struct Point {
        var alpha: Scalar
        var value: Scalar
        var slope: Scalar
        var gradient: [Scalar]
        var evaluation: LossEvaluation<Scalar>?
    }

    /// Returns an accepted point (or nil when none was found within `maxEvaluations`; the
    /// best point with sufficient decrease is returned instead when there is one) and the
    /// number of evaluations used.
    func search(start: Point, initialStep: Scalar, phi: (Scalar) -> Point) -> (Point?, Int) {
        let f0 = start.value, d0 = start.slope
        require(d0 < 0, "StrongWolfeLineSearch: direction is not a descent direction (slope \(d0))")
        var evaluations = 0
        var previous = start
        var alpha = initialStep
        var best: Point? = nil
        func decreases(_ p: Point) -> Bool { p.value.isFinite && p.value <= f0 + c1 * p.alpha * d0 }
        func curvatureHolds(_ p: Point) -> Bool { p.slope.isFinite && Swift.abs(p.slope) <= -c2 * d0 }

        func zoom(_ lo0: Point, _ hi0: Point) -> Point? {
            var lo = lo0, hi = hi0
            while evaluations < maxEvaluations {
                let a = trialStep(lo, hi)
                if Swift.abs(hi.alpha - lo.alpha) <= Scalar.ulpOfOne * Swift.max(lo.alpha, hi.alpha) { break }
                let p = phi(a)
                evaluations += 1
                if !decreases(p) || p.value >= lo.value {
                    hi = p
                } else {
                    if curvatureHolds(p) { return p }
                    if best == nil || p.value < best!.value { best = p }
                    if p.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = p
                }
            }
            return nil
        }

        while evaluations < maxEvaluations {
            let p = phi(alpha)
            evaluations += 1
            if !decreases(p) || (evaluations > 1 && p.value >= previous.value) {
                return (zoom(previous, p) ?? best, evaluations)
            }
            if curvatureHolds(p) { return (p, evaluations) }
            best = p
            if p.slope >= 0 { return (zoom(p, previous) ?? best, evaluations) }
            previous = p
            alpha = alpha * 4
        }
        return (best, evaluations)
    }

    /// The minimiser of the cubic through (lo, hi) with their slopes, kept at least 10%
    /// of the interval away from its ends; bisection when the cubic is unusable (a point
    /// with a non-finite value or slope).
    func trialStep(_ lo: Point, _ hi: Point) -> Scalar {
        let a = lo.alpha, b = hi.alpha
        let left = Swift.min(a, b), right = Swift.max(a, b), width = right - left
        var t = (a + b) / 2
        if lo.value.isFinite, hi.value.isFinite, lo.slope.isFinite, hi.slope.isFinite {
            let d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (a - b)
            let disc = d1 * d1 - lo.slope * hi.slope
            if disc >= 0 {
                let d2 = (b > a ? 1 : -1) * Scalar.sqrt(disc)
                let c = b - (b - a) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2)
                if c.isFinite { t = c }
            }
        }
        return Swift.min(Swift.max(t, left + width / 10), right - width / 10)
    }
}
