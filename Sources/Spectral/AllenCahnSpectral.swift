import ComplexModule
import RealModule

/// The Allen-Cahn equation on a periodic interval,
///
///     u_t = epsilon u_xx + a (u - u^3),        x in [lower, upper) periodic.
///
/// As a `PeriodicSemilinearEquation`: l(k) = a - epsilon k^2 (the linear growth a u sits in L,
/// where ETDRK4 treats it exactly), m = 1, g(u) = -a u^3. Defaults: the PINN benchmark
/// epsilon = 1e-4, a = 5 on [-1, 1], u0 = x^2 cos(pi x) (Raissi et al. 2019, J. Comput. Phys.
/// 378, 686; Kassam & Trefethen 2005 solve the same equation on a Chebyshev grid).
/// u0's periodic extension has a kink at x = +-1 (u0' jumps by 4), so Fourier coefficients
/// decay only algebraically until diffusion smooths it: use n >= 512 for 1e-6.
/// The cubic term is dealiased only partly by the 2/3 rule; `dealias` defaults to false.
public struct AllenCahnSpectral: PeriodicSemilinearEquation {
    public static let name = "Allen-Cahn"
    public let epsilon: Double
    public let a: Double
    public let lower: Double
    public let upper: Double
    public let n: Int
    public let dt: Double
    public let dealias: Bool
    public let initial: @Sendable (Double) -> Double

    /// Throws for epsilon < 0, a not finite, n not even or < 4, dt <= 0, or an empty interval.
    public init(epsilon: Double = 1e-4, a: Double = 5, n: Int = 512, dt: Double = 1e-3,
                lower: Double = -1, upper: Double = 1, dealias: Bool = false,
                initial: @escaping @Sendable (Double) -> Double = { x in x * x * Double.cos(Double.pi * x) }) throws {
        try Check.nonNegative("diffusion epsilon", epsilon)
        guard a.isFinite else {
            throw SpectralError.invalidParameter(name: "reaction rate a", value: "\(a)", expected: "a finite number")
        }
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.epsilon = epsilon
        self.a = a
        self.lower = lower
        self.upper = upper
        self.n = n
        self.dt = dt
        self.dealias = dealias
        self.initial = initial
    }

    public func linearSymbol(_ k: Double) -> Complex<Double> { Complex(a - epsilon * k * k, 0) }
    public func nonlinearSymbol(_ k: Double) -> Complex<Double> { Complex(1, 0) }
    @inline(__always) public func pointwise(_ u: Double) -> Double { -a * u * u * u }
}
