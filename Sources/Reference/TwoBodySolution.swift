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
/// Everything is O(d) per point: vectorised passes over blocks of coordinates (each sin/cos
/// of a coordinate computed once per block), trigonometry in the points' precision
/// (`fastSinCos`), sums in Double, the batch split over the cores with
/// `Parallel.forEachChunk`. Nothing of size d x d, and no allocation per point.
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

    /// Coordinates per block of `point`: its scratch holds 5 rows of `block + 1`.
    @usableFromInline static let block = 512

    /// u and Lap u at one point (a row of length d), in blocks of `block` coordinates: the
    /// sin and cos of the block's coordinates (and the next one), then the terms' phases, their
    /// sin and cos (`fastSinCos`) and the three summands, then lane sums (`laneSum`). Terms in
    /// the points' precision, sums of blocks in Double. Float goes to `pointFloat` (explicit
    /// vectors); this generic loop serves Double (the reference values), where speed matters less.
    @inlinable
    static func point<S: TensorScalar>(_ x: UnsafePointer<S>, _ d: Int, _ c: UnsafePointer<S>,
                                       laplacian: Bool, scratch w: UnsafeMutablePointer<S>) -> (u: Double, lap: Double) {
        if S.self == Float.self {
            return pointFloat(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), d,
                              UnsafeRawPointer(c).assumingMemoryBound(to: Float.self), laplacian: laplacian,
                              scratch: UnsafeMutableRawPointer(w).assumingMemoryBound(to: Float.self))
        }
        let B = block
        let sx = w, cx = w + (B + 1), ts = w + 2 * (B + 1), tg = w + 3 * (B + 1), tl = w + 4 * (B + 1)
        var s = 0.0, xg = 0.0, lapS = 0.0
        var k0 = 0
        while k0 < d - 1 {
            let m = Swift.min(B, d - 1 - k0)
            let xb = x + k0, cb = c + k0
            for t in 0...m { (sx[t], cx[t]) = fastSinCos(xb[t]) }
            if laplacian {
                for t in 0..<m {
                    let p = xb[t], q = xb[t &+ 1], sp = sx[t], cp = cx[t], sq = sx[t &+ 1], cq = cx[t &+ 1]
                    let (sphi, cphi) = fastSinCos(p + cq + q * cp)
                    let ci = cb[t], fp = 1 - q * sp, fq = cp - sq
                    ts[t] = ci * sphi
                    tg[t] = ci * cphi * (p * fp + q * fq)
                    tl[t] = ci * (cphi * (-q * cp - cq) - sphi * (fp * fp + fq * fq))
                }
                xg += laneSum(tg, count: m)
                lapS += laneSum(tl, count: m)
            } else {
                for t in 0..<m {
                    let q = xb[t &+ 1]
                    ts[t] = cb[t] * fastSinCos(xb[t] + cx[t &+ 1] + q * cx[t]).sin
                }
            }
            s += laneSum(ts, count: m)
            k0 += m
        }
        let a = 1 - laneSumOfSquares(x, count: d)
        return (a * s, laplacian ? -2 * Double(d) * s - 4 * xg + a * lapS : 0)
    }

    /// `point` in Float with explicit eight-lane vectors (the generic loops above stay scalar:
    /// the compiler does not vectorise them), partial sums of a block in eight Float lanes.
    @inlinable
    static func pointFloat(_ x: UnsafePointer<Float>, _ d: Int, _ c: UnsafePointer<Float>,
                           laplacian: Bool, scratch w: UnsafeMutablePointer<Float>) -> (u: Double, lap: Double) {
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> Float8 { UnsafeRawPointer(p).loadUnaligned(as: Float8.self) }
        let B = block
        let sx = w, cx = w + (B + 1)
        var s = 0.0, xg = 0.0, lapS = 0.0
        var k0 = 0
        while k0 < d - 1 {
            let m = Swift.min(B, d - 1 - k0)
            let xb = x + k0, cb = c + k0
            var t = 0
            while t + 8 <= m + 1 {
                let (sv, cv) = fastSinCos(load(xb + t))
                UnsafeMutableRawPointer(sx + t).storeBytes(of: sv, as: Float8.self)
                UnsafeMutableRawPointer(cx + t).storeBytes(of: cv, as: Float8.self)
                t += 8
            }
            while t <= m { (sx[t], cx[t]) = fastSinCos(xb[t]); t += 1 }
            var aS = Float8(), aG = Float8(), aL = Float8()
            t = 0
            while t + 8 <= m {
                let p = load(xb + t), q = load(xb + t + 1)
                let sp = load(sx + t), cp = load(cx + t), sq = load(sx + t + 1), cq = load(cx + t + 1)
                let (sphi, cphi) = fastSinCos(p + cq + q * cp)
                let ci = load(cb + t)
                aS += ci * sphi
                if laplacian {
                    let fp = 1 - q * sp, fq = cp - sq
                    aG += ci * cphi * (p * fp + q * fq)
                    aL += ci * (cphi * (-q * cp - cq) - sphi * (fp * fp + fq * fq))
                }
                t += 8
            }
            s += Double(aS.sum()); xg += Double(aG.sum()); lapS += Double(aL.sum())
            while t < m {
                let p = xb[t], q = xb[t + 1], sp = sx[t], cp = cx[t], sq = sx[t + 1], cq = cx[t + 1]
                let (sphi, cphi) = fastSinCos(p + cq + q * cp)
                let ci = cb[t], fp = 1 - q * sp, fq = cp - sq
                s += Double(ci * sphi)
                xg += Double(ci * cphi * (p * fp + q * fq))
                lapS += Double(ci * (cphi * (-q * cp - cq) - sphi * (fp * fp + fq * fq)))
                t += 1
            }
            k0 += m
        }
        let a = 1 - laneSumOfSquares(x, count: d)
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
        let cs = coefficients.map { S($0) }
        points.withUnsafeBufferPointer { xb in
            cs.withUnsafeBufferPointer { cb in
                u.withUnsafeMutableBufferPointer { ub in
                    lap.withUnsafeMutableBufferPointer { lb in
                        let x = xb.baseAddress!, c = cb.baseAddress!, up = ub.baseAddress!
                        let lp = laplacian ? lb.baseAddress : nil   // an empty array may still have a base address
                        Parallel.forEachChunk(n, minChunk: Swift.max(1, 16_384 / d)) { range in
                            let scratch = UnsafeMutablePointer<S>.allocate(capacity: 5 * (TwoBodySolution.block + 1))
                            defer { scratch.deallocate() }
                            for i in range {
                                let r = TwoBodySolution.point(x + i * d, d, c, laplacian: laplacian, scratch: scratch)
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
