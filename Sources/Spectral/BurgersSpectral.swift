import ComplexModule
import RealModule

/// Viscous Burgers' equation on a periodic interval,
///
///     u_t + u u_x = nu u_xx,        x in [a, b) periodic,  u(0, x) = u0(x).
///
/// As a `PeriodicSemilinearEquation`: l(k) = -nu k^2, M = -d/dx (m(k) = -ik), g(u) = u^2/2.
/// The defaults are the classic PINN case (Raissi, Perdikaris & Karniadakis 2019, J. Comput.
/// Phys. 378, 686): nu = 0.01/pi on [-1, 1], u0 = -sin(pi x). That u0 is odd, so u stays
/// odd and 2-periodic and the Dirichlet conditions u(t, +-1) = 0 hold on the periodic grid.
/// The exact solution is the Cole-Hopf transform (Whitham, *Linear and Nonlinear Waves*, 4.4),
/// against which the tests hold this solver.
///
/// The shock at x = 0 has width about 2 nu / max|u|; at nu = 0.01/pi, n = 1024 resolves it to
/// about 1e-10 and n = 2048 to round-off. The step must satisfy dt max|u| k_max <~ 1.
public struct BurgersSpectral: PeriodicSemilinearEquation {
    public static let name = "Burgers"
    public let nu: Double
    public let lower: Double
    public let upper: Double
    public let n: Int
    public let dt: Double
    public let dealias: Bool
    public let initial: @Sendable (Double) -> Double

    /// Throws for nu < 0, n not even or < 4, dt <= 0, or an empty interval.
    public init(nu: Double = 0.01 / Double.pi, n: Int = 1024, dt: Double = 1e-4, lower: Double = -1, upper: Double = 1,
                dealias: Bool = true,
                initial: @escaping @Sendable (Double) -> Double = { -Double.sin(Double.pi * $0) }) throws {
        try Check.nonNegative("viscosity nu", nu)
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.nu = nu
        self.lower = lower
        self.upper = upper
        self.n = n
        self.dt = dt
        self.dealias = dealias
        self.initial = initial
    }

    public func linearSymbol(_ k: Double) -> Complex<Double> { Complex(-nu * k * k, 0) }
    public func nonlinearSymbol(_ k: Double) -> Complex<Double> { Complex(0, -k) }
    @inline(__always) public func pointwise(_ u: Double) -> Double { 0.5 * u * u }
}
