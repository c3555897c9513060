import ComplexModule
import RealModule

/// The Korteweg-de Vries equation on a periodic interval,
///
///     u_t + u u_x + beta u_xxx = 0,        x in [a, b) periodic.
///
/// As a `PeriodicSemilinearEquation`: l(k) = -beta (ik)^3 = i beta k^3 (dispersive, purely
/// imaginary: ETDRK4's full-circle contour handles it), m(k) = -ik, g(u) = u^2/2.
/// Defaults: the PINN benchmark beta = 0.0025 on [-1, 1], u0 = cos(pi x) (Zabusky & Kruskal 1965,
/// Phys. Rev. Lett. 15, 240; Raissi et al. 2019). A single soliton
/// u = 3c sech^2(sqrt(c/beta) (x - ct)/2) travels at speed c unchanged, which the tests check.
/// Stiffness: the step must satisfy dt max|u| k_max <~ 1; the dispersive part is exact.
public struct KdVSpectral: PeriodicSemilinearEquation {
    public static let name = "KdV"
    public let beta: Double
    public let lower: Double
    public let upper: Double
    public let n: Int
    public let dt: Double
    public let dealias: Bool
    public let initial: @Sendable (Double) -> Double

    /// Throws for beta < 0, n not even or < 4, dt <= 0, or an empty interval.
    public init(beta: Double = 0.0025, n: Int = 512, dt: Double = 1e-4, lower: Double = -1, upper: Double = 1,
                dealias: Bool = true,
                initial: @escaping @Sendable (Double) -> Double = { Double.cos(Double.pi * $0) }) throws {
        try Check.nonNegative("dispersion beta", beta)
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.beta = beta
        self.lower = lower
        self.upper = upper
        self.n = n
        self.dt = dt
        self.dealias = dealias
        self.initial = initial
    }

    public func linearSymbol(_ k: Double) -> Complex<Double> { Complex(0, beta * k * k * k) }
    public func nonlinearSymbol(_ k: Double) -> Complex<Double> { Complex(0, -k) }
    @inline(__always) public func pointwise(_ u: Double) -> Double { 0.5 * u * u }

    /// The single soliton of speed c > 0 centred at x0 at t = 0, on the infinite line:
    /// 3c sech^2(sqrt(c/beta) (x - x0 - ct)/2). On a periodic interval of length L it is exact to
    /// about 12c exp(-sqrt(c/beta) L/2) (the overlap of neighbouring images).
    public func soliton(speed c: Double, centre x0: Double, t: Double, x: Double) -> Double {
        let s = 1 / Double.cosh(0.5 * Double.sqrt(c / beta) * (x - x0 - c * t))
        return 3 * c * s * s
    }
}
