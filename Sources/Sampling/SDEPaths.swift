import Autodiff

/// An Ito diffusion dX = mu(t, X) dt + sigma(t, X) dW in R^d with diagonal (elementwise)
/// noise, simulated by the Euler-Maruyama scheme (Kloeden & Platen 1992, section 9.1):
///
///     X_(k+1) = X_k + mu(t_k, X_k) h + sigma(t_k, X_k) * dW_k,   dW_k ~ N(0, h I),
///
/// on the uniform grid t_k = t0 + k h, h = (t1 - t0) / steps, from one start point. The
/// drift and diffusion take the time and a batch [paths, d] and return [paths, d]; the
/// diffusion multiplies dW elementwise (sigma * I for Brownian motion, diag(sigma x) for
/// Black-Scholes). Deep BSDE and high-dimensional HJB / Black-Scholes training draw their
/// points (and the increments) from these paths.
public struct SDE<S: TensorScalar>: Sendable {
    public typealias Field = @Sendable (Double, Tensor<S>) -> Tensor<S>
    public let dimension: Int
    public let drift: Field
    public let diffusion: Field

    public init(dimension: Int, drift: @escaping Field, diffusion: @escaping Field) throws {
        try checkDimension(dimension, "SDE")
        self.dimension = dimension
        self.drift = drift
        self.diffusion = diffusion
    }

    /// Brownian motion scaled by `sigma`: mu = 0, sigma constant (sqrt 2 gives the heat
    /// operator's law N(x0, 2 t I) at time t).
    public static func brownian(dimension: Int, sigma: Double) throws -> SDE {
        let s = S(sigma)
        return try SDE(dimension: dimension, drift: { _, x in Tensor.zeros(x.shape) },
                       diffusion: { _, x in Tensor(repeating: s, shape: x.shape) })
    }

    /// Geometric Brownian motion dX_i = r X_i dt + sigma X_i dW_i (Black-Scholes).
    public static func geometricBrownian(dimension: Int, rate: Double, volatility: Double) throws -> SDE {
        let r = S(rate), v = S(volatility)
        return try SDE(dimension: dimension, drift: { _, x in x * r }, diffusion: { _, x in x * v })
    }

    /// `paths` Euler-Maruyama paths from `start` (length d) over [t0, t1] in `steps` steps.
    public func simulate(paths: Int, from start: [Double], over time: TimeDomain, steps: Int,
                         using rng: inout RandomStream) throws -> SDEPaths<S> {
        try checkCount(paths, "SDE.simulate paths")
        guard steps >= 1 else {
            throw SamplingError.invalidCount(what: "SDE.simulate steps", value: steps, expected: "at least 1 time step")
        }
        guard start.count == dimension else {
            throw SamplingError.invalidDimension(what: "SDE.simulate start point", value: start.count,
                                                 expected: "\(dimension), the SDE's dimension")
        }
        try checkFinite(start, "SDE.simulate start")
        let d = dimension, h = time.duration / Double(steps)
        let times = (0...steps).map { $0 == steps ? time.end : time.start + Double($0) * h }
        var x = Tensor<S>(shape: [paths, d], scalars: (0..<(paths * d)).map { S(start[$0 % d]) })
        var states = [x], increments: [Tensor<S>] = []
        for k in 0..<steps {
            let dw = Tensor<S>.normal([paths, d], std: S(h.squareRoot()), using: &rng)
            let mu = drift(times[k], x), sigma = diffusion(times[k], x)
            require(mu.shape == x.shape && sigma.shape == x.shape,
                         "SDE.simulate: drift \(mu.shape) and diffusion \(sigma.shape) must match the state \(x.shape)")
            x = (x + mu * S(h) + sigma * dw).detached
            states.append(x)
            increments.append(dw)
        }
        return SDEPaths(times: times, states: states, increments: increments)
    }
}

/// Simulated paths: states at each time of the grid and the Brownian increments between.
public struct SDEPaths<S: TensorScalar>: Sendable {
    /// t_0 ... t_N.
    public let times: [Double]
    /// X at each time, N + 1 tensors [paths, d].
    public let states: [Tensor<S>]
    /// dW_k = W(t_(k+1)) - W(t_k), N tensors [paths, d].
    public let increments: [Tensor<S>]

    /// All states with their times as space-time rows (x, t), shape [(N + 1) paths, d + 1],
    /// grouped by time.
    public var spaceTimePoints: Tensor<S> {
        let parts = zip(states, times).map { x, t -> Tensor<S> in
            let n = x.shape[0], d = x.shape[1]
            var out = Tensor<S>.zeros([n, d + 1])
            x.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n {
                        for k in 0..<d { o[i * (d + 1) + k] = p[i * d + k] }
                        o[i * (d + 1) + d] = S(t)
                    }
                }
            }
            return out
        }
        return Tensor.concatenatingRows(parts)
    }
}
