import Autodiff

/// The axis-aligned box [l_1, u_1] x ... x [l_d, u_d] in any dimension (the hypercube
/// included: `Box.cube(dimension:lower:upper:)`).
///
/// Volume prod_k (u_k - l_k); the 2d faces {x_k = l_k} and {x_k = u_k} each have area
/// V / (u_k - l_k), so boundary sampling picks axis k with probability proportional to
/// 1 / (u_k - l_k), a side with probability 1/2, and a uniform point on that face. The
/// outward normal is -e_k or +e_k on the face the point is nearest to. The signed distance
/// with q = |x - c| - h (c the centre, h the half-widths) is |max(q, 0)| + min(max_k q_k, 0).
public struct Box: SignedDistanceDomain, GridDomain, UnitCubeMappable, BoundaryUnitCubeMappable, PointDistribution {
    public let lower: [Double]
    public let upper: [Double]

    /// Throws when the bounds differ in length, are empty, not finite, or lower >= upper.
    public init(lower: [Double], upper: [Double]) throws {
        try checkDimension(lower.count, "Box (number of lower bounds)")
        guard upper.count == lower.count else {
            throw SamplingError.invalidDimension(what: "Box upper bounds", value: upper.count,
                                                 expected: "\(lower.count), the number of lower bounds")
        }
        try checkFinite(lower, "Box lower")
        try checkFinite(upper, "Box upper")
        for k in 0..<lower.count where !(lower[k] < upper[k]) {
            throw SamplingError.invalidBounds(what: "Box", axis: k, lower: lower[k], upper: upper[k])
        }
        self.lower = lower
        self.upper = upper
    }

    /// The hypercube [lower, upper]^d.
    public static func cube(dimension d: Int, lower: Double = 0, upper: Double = 1) throws -> Box {
        try checkDimension(d, "Box.cube")
        return try Box(lower: [Double](repeating: lower, count: d), upper: [Double](repeating: upper, count: d))
    }

    public var dimension: Int { lower.count }
    public var boundingBox: BoundingBox { BoundingBox(lower: lower, upper: upper) }
    public var volume: Double { boundingBox.volume }
    public var boundaryMeasure: Double {
        dimension == 1 ? 2 : (0..<dimension).reduce(0) { $0 + 2 * volume / (upper[$1] - lower[$1]) }
    }
    public var description: String { "Box(lower: \(lower), upper: \(upper))" }

    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let d = dimension
        return rowPredicate(points, d, "Box.contains") { x in
            for k in 0..<d where x[k] < lower[k] - tolerance || x[k] > upper[k] + tolerance { return false }
            return true
        }
    }

    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let d = dimension
        return rowPredicate(points, d, "Box.isOnBoundary") { x in
            var inside = true, near = false
            for k in 0..<d {
                if x[k] < lower[k] - tolerance || x[k] > upper[k] + tolerance { inside = false }
                if Swift.abs(x[k] - lower[k]) <= tolerance || Swift.abs(x[k] - upper[k]) <= tolerance { near = true }
            }
            return inside && near
        }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Box.sampleInterior")
        var x = Tensor<S>.uniform([n, dimension], using: &rng)
        scaleRows(&x)
        return x
    }

    /// Maps unit-cube rows affinely to the box in place: x_k = l_k + (u_k - l_k) t_k.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func scaleRows<S: TensorScalar>(_ x: inout Tensor<S>) {
        let d = dimension
        let lo = lower.map { S($0) }, width = (0..<d).map { S(upper[$0] - lower[$0]) }
        let n = x.shape[0]
        lo.withUnsafeBufferPointer { lo in
            width.withUnsafeBufferPointer { w in
                x.withUnsafeMutableBufferPointer { p in
                    Parallel.forEachChunk(n, minChunk: 1 << 12) { rows in
                        for i in rows {
                            for k in 0..<d { p[i * d + k] = lo[k] + w[k] * p[i * d + k] }
                        }
                    }
                }
            }
        }
    }

    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Box.sampleBoundary")
        return mapBoundary(fromUnitCube: Tensor<S>.uniform([n, dimension], using: &rng))
    }

    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> {
        let d = dimension
        return rowMap(points, d, outWidth: d, "Box.outwardNormals") { x, nrm in
            var best = Double.infinity, axis = 0, sign = 1.0
            for k in 0..<d {
                let width = upper[k] - lower[k]
                let dl = Swift.abs(x[k] - lower[k]) / width, du = Swift.abs(x[k] - upper[k]) / width
                if dl < best { best = dl; axis = k; sign = -1 }
                if du < best { best = du; axis = k; sign = 1 }
            }
            nrm[axis] = sign
        }
    }

    public func signedDistance<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S> {
        let d = dimension
        return rowMap(points, d, outWidth: 1, "Box.signedDistance") { x, out in
            var outside = 0.0, maxQ = -Double.infinity
            for k in 0..<d {
                let c = 0.5 * (lower[k] + upper[k]), h = 0.5 * (upper[k] - lower[k])
                let q = Swift.abs(x[k] - c) - h
                if q > 0 { outside += q * q }
                maxQ = Swift.max(maxQ, q)
            }
            out[0] = outside.squareRoot() + Swift.min(maxQ, 0)
        }
    }

    public func uniformGrid<S: TensorScalar>(_ pointsPerAxis: [Int]) throws -> Tensor<S> {
        guard pointsPerAxis.count == dimension else {
            throw SamplingError.invalidDimension(what: "Box.uniformGrid (number of axes)", value: pointsPerAxis.count,
                                                 expected: "\(dimension), the box's dimension")
        }
        return try UniformGrid.points(lower: lower, upper: upper, counts: pointsPerAxis)
    }

    public var interiorCubeDimension: Int { dimension }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        _ = rowCount(u, dimension, "Box.mapInterior")
        var x = u
        scaleRows(&x)
        return x
    }

    /// The first coordinate picks one of the 2d faces (in proportion to its area) and is
    /// rescaled to [0,1) within that face's share; the other d - 1 place the point on it.
    public var boundaryCubeDimension: Int { dimension }

    public func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let d = dimension
        // Cumulative face weights: faces 2k (lower) and 2k+1 (upper) weigh 1/(u_k - l_k).
        var cumulative = [Double](repeating: 0, count: 2 * d)
        var total = 0.0
        for f in 0..<(2 * d) {
            total += 1 / (upper[f / 2] - lower[f / 2])
            cumulative[f] = total
        }
        return rowMap(u, d, outWidth: d, "Box.mapBoundary") { t, x in
            let s = t[0] * total
            var f = 0
            while f < 2 * d - 1 && s >= cumulative[f] { f += 1 }
            let axis = f / 2
            // Coordinates other than `axis` come from t[1...], the freed one from inFace.
            var src = 1
            for k in 0..<d {
                if k == axis {
                    x[k] = f % 2 == 0 ? lower[k] : upper[k]
                } else {
                    let v = t[src]
                    src += 1
                    x[k] = lower[k] + (upper[k] - lower[k]) * v
                }
            }
        }
    }

    // PointDistribution: uniform on the box.
    public func sample<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try sampleInterior(n, using: &rng)
    }
}
