import Foundation

/// The exact solution of u_t + u u_x = nu u_xx, u(0, x) = -sin(pi x), by the Cole-Hopf transform
/// (Whitham, *Linear and Nonlinear Waves*, sec. 4.4):
///
///     u(t, x) = -[int sin(pi (x - eta)) F(x - eta) G(eta) d eta] / [int F(x - eta) G(eta) d eta],
///     F(y) = exp(-cos(pi y) / (2 pi nu)),  G(eta) = exp(-eta^2 / (4 nu t)).
///
/// Independent of the spectral solver: the integrals over the real line are done by the
/// trapezoid rule on [-W, W], where the integrand is below e^-150 of its peak beyond W; for an
/// analytic integrand that decays this fast the rule converges exponentially in the node count.
/// Exponents are shifted by their maximum so that nothing overflows at small nu.
/// (Shared by SpectralTests, which hold `BurgersSpectral` to it, and PINNTests, burgers-1d.)
public struct ColeHopfBurgers: Sendable {
    public let nu: Double
    public var nodes = 4001

    public init(nu: Double, nodes: Int = 4001) { self.nu = nu; self.nodes = nodes }

    public func value(t: Double, x: Double) -> Double {
        if t == 0 { return -sin(Double.pi * x) }
        let width = sqrt(4 * nu * t * (150 + 1 / (Double.pi * nu)))
        let h = 2 * width / Double(nodes - 1)
        var exponents = [Double](repeating: 0, count: nodes)
        var largest = -Double.infinity
        for j in 0..<nodes {
            let eta = -width + Double(j) * h
            let e = -eta * eta / (4 * nu * t) - cos(Double.pi * (x - eta)) / (2 * Double.pi * nu)
            exponents[j] = e
            largest = max(largest, e)
        }
        var numerator = 0.0, denominator = 0.0
        for j in 0..<nodes {
            let eta = -width + Double(j) * h
            let w = exp(exponents[j] - largest) * (j == 0 || j == nodes - 1 ? 0.5 : 1)
            numerator += sin(Double.pi * (x - eta)) * w
            denominator += w
        }
        return -numerator / denominator
    }
}
