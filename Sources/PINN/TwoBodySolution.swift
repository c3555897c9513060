import Autodiff

/// The inseparable "two-body" exact solution of the high-dimensional ball problems (SDGD,
/// Hu et al. 2024, Neural Networks 176; STDE, Shi et al. 2024, NeurIPS):
///
///     u(x) = (1 - |x|^2) s(x),   s(x) = sum_{i=0}^{d-2} c_i sin(phi_i),
///     phi_i = x_i + cos x_{i+1} + x_{i+1} cos x_i,
///
/// on the unit ball of R^d, c_i ~ N(0, 1) drawn once from a seed; u = 0 on the sphere.
///
/// Its Laplacian in closed form, with a = 1 - |x|^2 (Lap a = -2d, grad a = -2x):
///
///     Lap u = s Lap a + 2 grad a . grad s + a Lap s = -2d s - 4 x . grad s + a Lap s.
///
/// For one term g = sin(phi(p, q)) with p = x_i, q = x_{i+1}:
/// phi_p = 1 - q sin p, phi_q = cos p - sin q, phi_pp = -q cos p, phi_qq = -cos q, so
///
///     x . grad g = cos(phi) (p phi_p + q phi_q),
///     Lap g      = -sin(phi) (phi_p^2 + phi_q^2) + cos(phi) (phi_pp + phi_qq).
///
/// Everything is O(d) per point: one fused pass over the coordinates (each sin/cos of a
/// coordinate computed once and carried to the next term), trigonometry in the points'
/// precision, sums in Double, the batch split over the cores with `Parallel.forEachChunk`.
/// Nothing of size d x d, and no allocation per point.
public struct TwoBodySolution: Sendable {
    /// The dimension d.
    public let dimension: Int
    /// c_0 ... c_{d-2}.
    public let coefficients: [Double]

    /// Draws c_i ~ N(0, 1) from `RandomStream(seed: seed, stream: 0x7B0D7)`.
    public init(dimension: Int, seed: UInt64 = 0) {
        require(dimension >= 2, "TwoBodySolution: the two-body solution needs d >= 2, got \(dimension)")
        var rng = RandomStream(seed: seed, stream: 0x7B0D7)
        var c = [Double](repeating: 0, count: dimension - 1)
        c.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        self.init(dimension: dimension, coefficients: c)
    }

    public init(dimension: Int, coefficients: [Double]) {
        require(coefficients.count == dimension - 1,
                "TwoBodySolution: \(coefficients.count) coefficients for d = \(dimension), expected d - 1")
        self.dimension = dimension; self.coefficients = coefficients
    }

    /// u and Lap u at one point (a row of length d).
    @inlinable @inline(__always)
    static func point<S: TensorScalar>(_ x: UnsafePointer<S>, _ d: Int, _ c: UnsafePointer<Double>,
                                       laplacian: Bool) -> (u: Double, lap: Double) {
        var s = 0.0, xg = 0.0, lapS = 0.0, r2 = 0.0
        var p = x[0], sp = S.sin(p), cp = S.cos(p)
        for i in 0..<(d - 1) {
            let q = x[i + 1], sq = S.sin(q), cq = S.cos(q)
            let phi = p + cq + q * cp
            let sphi = S.sin(phi), ci = c[i]
            s += ci * Double(sphi)
            if laplacian {
                let cphi = S.cos(phi)
                let fp = 1 - q * sp, fq = cp - sq
                xg += ci * Double(cphi * (p * fp + q * fq))
                lapS += ci * Double(cphi * (-q * cp - cq) - sphi * (fp * fp + fq * fq))
            }
            r2 += Double(p * p)
            p = q; sp = sq; cp = cq
        }
        r2 += Double(p * p)
        let a = 1 - r2
        return (a * s, laplacian ? -2 * Double(d) * s - 4 * xg + a * lapS : 0)
    }

    /// u (and Lap u when `laplacian`) at the rows of `points` (`[n, d]`), in Double.
    @_specialize(where S == Float) @_specialize(where S == Double)
    public func evaluate<S: TensorScalar>(_ points: Tensor<S>, laplacian: Bool = true) -> (u: [Double], lap: [Double]) {
        let d = dimension
        require(points.rank == 2 && points.shape[1] == d,
                "TwoBodySolution.evaluate: points of shape \(points.shape), expected [n, \(d)]")
        let n = points.shape[0]
        var u = [Double](repeating: 0, count: n), lap = [Double](repeating: 0, count: laplacian ? n : 0)
        points.withUnsafeBufferPointer { xb in
            coefficients.withUnsafeBufferPointer { cb in
                u.withUnsafeMutableBufferPointer { ub in
                    lap.withUnsafeMutableBufferPointer { lb in
                        let x = xb.baseAddress!, c = cb.baseAddress!, up = ub.baseAddress!
                        let lp = laplacian ? lb.baseAddress : nil   // an empty array may still have a base address
                        Parallel.forEachChunk(n, minChunk: Swift.max(1, 16_384 / d)) { range in
                            for i in range {
                                let r = TwoBodySolution.point(x + i * d, d, c, laplacian: laplacian)
                                up[i] = r.u
                                if let lp { lp[i] = r.lap }
                            }
                        }
                    }
                }
            }
        }
        return (u, lap)
    }

    /// The exact solution at `points` as an `[n, 1]` column.
    public func value<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S> {
        let u = evaluate(points, laplacian: false).u
        return Tensor(shape: [u.count, 1], scalars: u.map { S($0) })
    }

    /// The source term f = Lap u + reaction(u) at `points`, `[n, 1]`.
    public func source<S: TensorScalar>(_ points: Tensor<S>, reaction: BallReaction) -> Tensor<S> {
        let (u, lap) = evaluate(points, laplacian: true)
        var f = [S](repeating: 0, count: u.count)
        for i in 0..<u.count { f[i] = S(lap[i] + reaction.apply(u[i])) }
        return Tensor(shape: [u.count, 1], scalars: f)
    }

    /// The relative L2 error sqrt(sum (v - u)^2 / sum u^2) of `prediction` (`[n, 1]`) at
    /// `points` (`[n, d]`).
    public func relativeL2Error<S: TensorScalar>(_ prediction: Tensor<S>, at points: Tensor<S>) -> Double {
        let u = evaluate(points, laplacian: false).u
        require(prediction.count == u.count, "TwoBodySolution.relativeL2Error: \(prediction.count) predictions for \(u.count) points")
        var num = 0.0, den = 0.0
        prediction.withUnsafeBufferPointer { p in
            for i in 0..<u.count { let e = Double(p[i]) - u[i]; num += e * e; den += u[i] * u[i] }
        }
        return (num / Swift.max(den, .leastNormalMagnitude)).squareRoot()
    }
}

/// The zeroth-order term R(u) of Lap u + R(u) = f in the ball problems.
public enum BallReaction: String, Sendable, CaseIterable {
    /// Poisson: R = 0.
    case none
    /// Allen-Cahn: R = u - u^3.
    case allenCahn
    /// Sine-Gordon: R = sin u.
    case sineGordon

    public func apply(_ u: Double) -> Double {
        switch self {
        case .none: return 0
        case .allenCahn: return u - u * u * u
        case .sineGordon: return Double.sin(u)
        }
    }

    /// R applied to a tensor column (differentiable).
    public func apply<S: TensorScalar>(_ u: Tensor<S>) -> Tensor<S> {
        switch self {
        case .none: return Tensor.zeros(u.shape)
        case .allenCahn: return u - u * u.square()
        case .sineGordon: return u.sin()
        }
    }
}

/// Radius-uniform points of the unit ball of R^d, x = r z / |z| with z ~ N(0, I_d) and
/// r ~ U(0, 1) (the law of `Sampling.RadiusUniformBall`), drawn straight into an `[n, d]`
/// tensor in the working precision: one parallel Gaussian fill, then one fused scaling
/// pass per row. O(n d), no intermediate Double copy (which matters at d = 10^6).
@_specialize(where S == Float) @_specialize(where S == Double)
public func radiusUniformBallPoints<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) -> Tensor<S> {
    require(n >= 0 && d >= 1, "radiusUniformBallPoints: n = \(n), d = \(d)")
    var x = Tensor<S>.normal([n, d], using: &rng)
    var r = [S](repeating: 0, count: n)
    r.withUnsafeMutableBufferPointer { rng.fillUniform($0) }
    x.withUnsafeMutableBufferPointer { xb in
        r.withUnsafeBufferPointer { rb in
            let p = xb.baseAddress!, rp = rb.baseAddress!
            Parallel.forEachChunk(n, minChunk: Swift.max(1, 16_384 / d)) { range in
                for i in range {
                    let row = p + i * d
                    var s = 0.0
                    for k in 0..<d { s += Double(row[k] * row[k]) }
                    let scale = s > 0 ? S(Double(rp[i]) / s.squareRoot()) : 0
                    for k in 0..<d { row[k] *= scale }
                }
            }
        }
    }
    return x
}
