import ComplexModule
import RealModule

/// The Kuramoto-Sivashinsky equation on a periodic interval,
///
///     u_t + u u_x + u_xx + u_xxxx = 0,        x in [a, b) periodic.
///
/// As a `PeriodicSemilinearEquation`: l(k) = k^2 - k^4 (unstable for |k| < 1, strongly damped
/// above: the stiff test that Kassam & Trefethen 2005, SIAM J. Sci. Comput. 26, 1214, use for
/// ETDRK4), m(k) = -ik, g(u) = u^2/2. Defaults follow their example: [0, 32 pi],
/// u0 = cos(x/16)(1 + sin(x/16)), n = 128, dt = 1/4. The bundled problem in
/// REFERENCE-PROBLEMS.md uses [-3 pi, 3 pi] and u0 = -sin(x/3): pass those.
public struct KuramotoSivashinskySpectral: PeriodicSemilinearEquation {
    public static let name = "Kuramoto-Sivashinsky"
    public let lower: Double
    public let upper: Double
    public let n: Int
    public let dt: Double
    public let dealias: Bool
    public let initial: @Sendable (Double) -> Double

    /// Throws for n not even or < 4, dt <= 0, or an empty interval.
    public init(n: Int = 128, dt: Double = 0.25, lower: Double = 0, upper: Double = 32 * Double.pi,
                dealias: Bool = true,
                initial: @escaping @Sendable (Double) -> Double = { x in
                    Double.cos(x / 16) * (1 + Double.sin(x / 16))
                }) throws {
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.lower = lower
        self.upper = upper
        self.n = n
        self.dt = dt
        self.dealias = dealias
        self.initial = initial
    }

    public func linearSymbol(_ k: Double) -> Complex<Double> { Complex(k * k - k * k * k * k, 0) }
    public func nonlinearSymbol(_ k: Double) -> Complex<Double> { Complex(0, -k) }
    @inline(__always) public func pointwise(_ u: Double) -> Double { 0.5 * u * u }
}
