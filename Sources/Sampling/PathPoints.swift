import Autodiff
import Foundation

/// Training points (x, t) distributed like the paths of a diffusion started at (t0, x0):
/// each row draws t and then x from the exact law of X_t (no time stepping), time last.
///
/// High-dimensional terminal-value problems are solved where the solution is wanted: the
/// Deep BSDE method (Han, Jentzen & E 2018, PNAS 115) and FBSNN (Raissi 2018) simulate
/// the forward diffusion from x0, and semilinear-heat PINNs draw x ~ N(0, 2 t I) (Hu et
/// al. 2024, SDGD); the exact marginal is the same distribution of points as a fine
/// Euler-Maruyama path, sampled at a uniformly random time.
public enum PathPoints {
    /// Rows (x, t), `[n, d + 1]`: t ~ U[t0, t1] (or all t = `fixedTime`), and
    /// x = x0 + sigma W_(t - t0) (Brownian motion; sigma = sqrt 2 is the heat operator's
    /// law N(x0, 2 (t - t0) I)).
    public static func brownian<S: TensorScalar>(_ n: Int, start x0: [Double], sigma: Double, times: ClosedRange<Double>,
                                                 fixedTime: Double? = nil, using rng: inout RandomStream) -> Tensor<S> {
        rows(n, d: x0.count, times: times, fixedTime: fixedTime, using: &rng) { t, k, z in
            x0[k] + sigma * (t - times.lowerBound).squareRoot() * z
        }
    }

    /// Rows (x, t) on geometric Brownian motion dX_i = mu X_i dt + sigma X_i dW_i:
    /// X_t,i = x0_i exp((mu - sigma^2/2)(t - t0) + sigma W_(t - t0),i).
    public static func geometric<S: TensorScalar>(_ n: Int, start x0: [Double], drift mu: Double, volatility sigma: Double,
                                                  times: ClosedRange<Double>, fixedTime: Double? = nil,
                                                  using rng: inout RandomStream) -> Tensor<S> {
        rows(n, d: x0.count, times: times, fixedTime: fixedTime, using: &rng) { t, k, z in
            let s = t - times.lowerBound
            return x0[k] * Foundation.exp((mu - sigma * sigma / 2) * s + sigma * s.squareRoot() * z)
        }
    }

    /// n rows; `coordinate(t, k, z)` maps a standard normal z to coordinate k at time t.
    static func rows<S: TensorScalar>(_ n: Int, d: Int, times: ClosedRange<Double>, fixedTime: Double?,
                                      using rng: inout RandomStream,
                                      _ coordinate: (Double, Int, Double) -> Double) -> Tensor<S> {
        require(n >= 0 && d >= 1, "PathPoints: \(n) points in dimension \(d)")
        var out = [S](repeating: 0, count: n * (d + 1))
        for i in 0..<n {
            let t = fixedTime ?? (times.lowerBound + (times.upperBound - times.lowerBound) * rng.uniform(Double.self))
            for k in 0..<d { out[i * (d + 1) + k] = S(coordinate(t, k, rng.normal(Double.self))) }
            out[i * (d + 1) + d] = S(t)
        }
        return Tensor(shape: [n, d + 1], scalars: out)
    }
}
