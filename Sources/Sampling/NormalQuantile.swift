import Foundation

/// The standard normal quantile Phi^(-1)(p) for p in (0, 1), used to carry unit-cube points
/// to Gaussian ones (ball and sphere maps, Gaussian distributions under QMC).
///
/// Acklam's rational approximation (relative error below 1.2e-9; P. J. Acklam, "An
/// algorithm for computing the inverse normal cumulative distribution function", 2003),
/// polished by one Halley step on Phi(x) - p with Phi(x) = erfc(-x / sqrt 2) / 2, which
/// brings it to round-off. p is clamped to [2^-60, 1 - 2^-53] so that 0 maps to a finite
/// value (about -5.6 sigma... -8.3 sigma).
func normalQuantile(_ p0: Double) -> Double {
    let p = Swift.min(Swift.max(p0, 0x1p-60), 1 - 0x1p-53)
    let a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
    let b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
             6.680131188771972e+01, -1.328068155288572e+01)
    let c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
    let d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
    let low = 0.02425
    var x: Double
    if p < low || p > 1 - low {
        let q = (-2 * log(p < low ? p : 1 - p)).squareRoot()
        let num = ((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5
        let den = (((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1
        x = p < low ? num / den : -num / den
    } else {
        let q = p - 0.5, r = q * q
        let num = (((((a.0 * r + a.1) * r + a.2) * r + a.3) * r + a.4) * r + a.5) * q
        let den = ((((b.0 * r + b.1) * r + b.2) * r + b.3) * r + b.4) * r + 1
        x = num / den
    }
    // Halley refinement: e = Phi(x) - p, u = e / phi(x).
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
    let u = e * (2 * Double.pi).squareRoot() * exp(0.5 * x * x)
    x -= u / (1 + 0.5 * x * u)
    return x
}

/// log of the volume of the unit ball in R^d: (d/2) log(pi) - log Gamma(d/2 + 1).
func logUnitBallVolume(_ d: Int) -> Double {
    0.5 * Double(d) * log(Double.pi) - lgamma(0.5 * Double(d) + 1)
}
