import Autodiff

/// A probability distribution on R^d to draw training points from, for problems posed on
/// all of R^d (or on a surface) where no bounded domain applies.
public protocol PointDistribution: Sendable {
    var dimension: Int { get }
    /// `n` independent draws, shape [n, dimension].
    func sample<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S>
}

/// The Gaussian N(mean, std^2 I_d) (isotropic).
///
/// `Gaussian.heatKernel(dimension:time:)` is N(x0, 2 t I), the law of x0 + sqrt(2) W_t, the
/// fundamental solution of u_t = Laplacian u used by semilinear heat training, and
/// `heatKernelPoints(times:...)` draws one point per row of a time column, each with its
/// own variance 2 t_i.
public struct Gaussian: PointDistribution, CustomStringConvertible {
    public let mean: [Double]
    public let std: Double

    /// Throws on an empty or non-finite mean, or a standard deviation that is negative or
    /// not finite (zero is allowed: a point mass).
    public init(mean: [Double], std: Double) throws {
        try checkDimension(mean.count, "Gaussian (length of mean)")
        try checkFinite(mean, "Gaussian mean")
        guard std >= 0 && std.isFinite else {
            throw SamplingError.invalidParameter(what: "Gaussian std", value: "\(std)", expected: "a finite std >= 0")
        }
        self.mean = mean
        self.std = std
    }

    /// The centred Gaussian N(0, std^2 I_d).
    public init(dimension: Int, std: Double = 1) throws {
        try checkDimension(dimension, "Gaussian")
        try self.init(mean: [Double](repeating: 0, count: dimension), std: std)
    }

    /// N(center, 2 t I_d): the heat kernel at time t >= 0.
    public static func heatKernel(dimension: Int, time t: Double, center: [Double]? = nil) throws -> Gaussian {
        guard t >= 0 && t.isFinite else {
            throw SamplingError.invalidParameter(what: "Gaussian.heatKernel time", value: "\(t)", expected: "a finite time t >= 0")
        }
        try checkDimension(dimension, "Gaussian.heatKernel")
        return try Gaussian(mean: center ?? [Double](repeating: 0, count: dimension), std: (2 * t).squareRoot())
    }

    public var dimension: Int { mean.count }
    public var description: String { "Gaussian(dimension: \(dimension), std: \(std))" }

    public func sample<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Gaussian.sample")
        let d = dimension
        var z = normalDoubles(n * d, using: &rng)
        for i in 0..<n { for k in 0..<d { z[i * d + k] = mean[k] + std * z[i * d + k] } }
        return tensor(z, [n, d])
    }

    /// Rows x_i ~ N(center, 2 t_i I_d), one for each of the `times` (shape [n] or [n, 1],
    /// all t_i >= 0): the spatial points of (x, t) pairs for heat-type problems.
    public static func heatKernelPoints<S: TensorScalar>(times: Tensor<S>, dimension d: Int, center: [Double]? = nil,
                                                         using rng: inout RandomStream) throws -> Tensor<S> {
        try checkDimension(d, "Gaussian.heatKernelPoints")
        require(times.rank == 1 || (times.rank == 2 && times.shape[1] == 1),
                     "Gaussian.heatKernelPoints: times must have shape [n] or [n, 1], got \(times.shape)")
        let c = center ?? [Double](repeating: 0, count: d)
        guard c.count == d else {
            throw SamplingError.invalidDimension(what: "Gaussian.heatKernelPoints center", value: c.count, expected: "\(d)")
        }
        let t = doubles(times), n = t.count
        if let i = t.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw SamplingError.invalidParameter(what: "Gaussian.heatKernelPoints times[\(i)]", value: "\(t[i])",
                                                 expected: "a finite time t >= 0")
        }
        var z = normalDoubles(n * d, using: &rng)
        for i in 0..<n {
            let s = (2 * t[i]).squareRoot()
            for k in 0..<d { z[i * d + k] = c[k] + s * z[i * d + k] }
        }
        return tensor(z, [n, d])
    }
}

/// Points of a ball with radius uniform on [0, r] and uniformly random direction (see
/// `Ball.sampleRadiusUniform`): the radial density is constant instead of proportional
/// to rho^(d-1), so in high dimension the points do not all crowd at the surface.
public struct RadiusUniformBall: PointDistribution {
    public let ball: Ball
    public init(_ ball: Ball) { self.ball = ball }
    public var dimension: Int { ball.dimension }
    public func sample<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try ball.sampleRadiusUniform(n, using: &rng)
    }
}

extension RadiusUniformBall {
    /// Radius-uniform points of the unit ball of R^d, x = r z / |z| with z ~ N(0, I_d) and
    /// r ~ U(0, 1) (the law of `RadiusUniformBall`), drawn straight into an `[n, d]`
    /// tensor in the working precision: one parallel Gaussian fill, then one fused scaling
    /// pass per row. O(n d), no intermediate Double copy (which matters at d = 10^6).
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func points<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) -> Tensor<S> {
        require(n >= 0 && d >= 1, "RadiusUniformBall.points: n = \(n), d = \(d)")
        var x = Tensor<S>.normal([n, d], using: &rng)
        var r = [S](repeating: 0, count: n)
        r.withUnsafeMutableBufferPointer { rng.fillUniform($0) }
        x.withUnsafeMutableBufferPointer { xb in
            r.withUnsafeBufferPointer { rb in
                let p = xb.baseAddress!, rp = rb.baseAddress!
                Parallel.forEachChunk(n, minChunk: Swift.max(1, 16_384 / d)) { range in
                    for i in range {
                        let row = p + i * d
                        let s = laneSumOfSquares(row, count: d)
                        let scale = s > 0 ? S(Double(rp[i]) / s.squareRoot()) : 0
                        for k in 0..<d { row[k] *= scale }
                    }
                }
            }
        }
        return x
    }
}
