import Autodiff

/// Constructive solid geometry: the union, intersection or difference of two domains of
/// the same dimension, sampled by rejection.
///
/// With A and B closed sets and int B the interior of B:
///   union          A u B, boundary (dA \ int B) u (dB \ int A)
///   intersection   A n B, boundary (dA n B) u (dB n A)
///   difference     A \ int B, boundary (dA \ int B) u (dB n A), normal -n_B on dB.
/// Interior proposals come from A and B in proportion to their volumes (union; a point
/// from B is kept only outside A, so the overlap is not counted twice), from the smaller
/// operand (intersection), or from A (difference). Boundary proposals come from dA and dB
/// in proportion to their measures and are kept on the pieces above, which makes the
/// result uniform with respect to the boundary measure. Volume and boundary measure are
/// estimates made at construction from 2^15 fixed-seed proposals per operand (shifted
/// Sobol points where the operand has a unit-cube map, else pseudo-random; relative
/// error well under 1e-2); `volumeIsEstimated` says so. A (nearly) empty result
/// throws at construction, and sampling throws when the acceptance rate falls below
/// `minimumAcceptance`.
public struct CSG: Domain {
    public enum Operation: String, Sendable { case union, intersection, difference }

    public let operation: Operation
    public let a: any Domain
    public let b: any Domain
    /// Rejection sampling gives up below this acceptance rate.
    public var minimumAcceptance: Double = 1e-3
    public let volume: Double
    public let boundaryMeasure: Double
    public var volumeIsEstimated: Bool { true }
    /// The interior and boundary acceptance rates measured at construction.
    public let estimatedInteriorAcceptance: Double
    public let estimatedBoundaryAcceptance: Double

    public init(_ operation: Operation, _ a: any Domain, _ b: any Domain) throws {
        guard a.dimension == b.dimension else {
            throw SamplingError.invalidDimension(what: "CSG \(operation) right operand", value: b.dimension,
                                                 expected: "\(a.dimension), the dimension of the left operand")
        }
        self.operation = operation
        self.a = a
        self.b = b
        var rng = RandomStream(seed: 0x5EED_C56, stream: 0)
        let m = 1 << 15
        let xa = try CSG.estimationPoints(a, m, boundary: false, using: &rng)
        let fracAinB = CSG.fraction(b.contains(xa, tolerance: 0))
        let xb = try CSG.estimationPoints(b, m, boundary: false, using: &rng)
        let fracBinA = CSG.fraction(a.contains(xb, tolerance: 0))
        switch operation {
        case .union:
            volume = a.volume + b.volume * (1 - fracBinA)
            estimatedInteriorAcceptance = (a.volume + b.volume * (1 - fracBinA)) / (a.volume + b.volume)
        case .intersection:
            volume = a.volume <= b.volume ? a.volume * fracAinB : b.volume * fracBinA
            estimatedInteriorAcceptance = a.volume <= b.volume ? fracAinB : fracBinA
        case .difference:
            volume = a.volume * (1 - fracAinB)
            estimatedInteriorAcceptance = 1 - fracAinB
        }
        let ba = try CSG.estimationPoints(a, m, boundary: true, using: &rng)
        let bb = try CSG.estimationPoints(b, m, boundary: true, using: &rng)
        let keepA = CSG.fraction(CSG.keepFromA(operation, a, b, ba, tolerance: 1e-9 * a.boundingBox.scale))
        let keepB = CSG.fraction(CSG.keepFromB(operation, a, b, bb, tolerance: 1e-9 * b.boundingBox.scale))
        boundaryMeasure = a.boundaryMeasure * keepA + b.boundaryMeasure * keepB
        estimatedBoundaryAcceptance = boundaryMeasure / (a.boundaryMeasure + b.boundaryMeasure)
        if !(volume > 0) || estimatedInteriorAcceptance < minimumAcceptance {
            throw SamplingError.rejectionFailed(domain: "CSG \(operation) of \(a) and \(b)",
                                                accepted: Int(estimatedInteriorAcceptance * Double(m)),
                                                proposals: m, minimumRate: minimumAcceptance)
        }
    }

    /// Points for the construction-time estimates: Sobol points (randomly shifted) through
    /// the unit-cube map where the operand has one, for a smaller error, else pseudo-random.
    static func estimationPoints(_ d: any Domain, _ m: Int, boundary: Bool,
                                 using rng: inout RandomStream) throws -> Tensor<Double> {
        let sobol = SobolSampler(randomShift: true)
        if boundary {
            if let q = d as? any BoundaryUnitCubeMappable { return try q.sampleBoundary(m, sampler: sobol, using: &rng) }
            return try d.sampleBoundary(m, using: &rng)
        }
        if let q = d as? any UnitCubeMappable { return try q.sampleInterior(m, sampler: sobol, using: &rng) }
        return try d.sampleInterior(m, using: &rng)
    }

    static func fraction(_ flags: [Bool]) -> Double {
        Double(flags.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(Swift.max(flags.count, 1))
    }

    /// Whether points of dA belong to the boundary of the result.
    static func keepFromA<S: TensorScalar>(_ op: Operation, _ a: any Domain, _ b: any Domain, _ x: Tensor<S>,
                                           tolerance: Double) -> [Bool] {
        switch op {
        case .union, .difference: return b.containsInInterior(x, tolerance: tolerance).map { !$0 }
        case .intersection: return b.contains(x, tolerance: tolerance)
        }
    }

    /// Whether points of dB belong to the boundary of the result.
    static func keepFromB<S: TensorScalar>(_ op: Operation, _ a: any Domain, _ b: any Domain, _ x: Tensor<S>,
                                           tolerance: Double) -> [Bool] {
        switch op {
        case .union: return a.containsInInterior(x, tolerance: tolerance).map { !$0 }
        case .intersection, .difference: return a.contains(x, tolerance: tolerance)
        }
    }

    public var dimension: Int { a.dimension }
    public var description: String { "CSG.\(operation)(\(a), \(b))" }

    public var boundingBox: BoundingBox {
        let p = a.boundingBox, q = b.boundingBox
        switch operation {
        case .union:
            return BoundingBox(lower: zip(p.lower, q.lower).map { Swift.min($0, $1) },
                               upper: zip(p.upper, q.upper).map { Swift.max($0, $1) })
        case .intersection:
            return BoundingBox(lower: zip(p.lower, q.lower).map { Swift.max($0, $1) },
                               upper: zip(p.upper, q.upper).map { Swift.min($0, $1) })
        case .difference:
            return p
        }
    }

    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let inA = a.contains(points, tolerance: tolerance)
        switch operation {
        case .union:
            return zip(inA, b.contains(points, tolerance: tolerance)).map { $0 || $1 }
        case .intersection:
            return zip(inA, b.contains(points, tolerance: tolerance)).map { $0 && $1 }
        case .difference:
            return zip(inA, b.containsInInterior(points, tolerance: tolerance)).map { $0 && !$1 }
        }
    }

    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let onA = a.isOnBoundary(points, tolerance: tolerance), onB = b.isOnBoundary(points, tolerance: tolerance)
        let keepA = CSG.keepFromA(operation, a, b, points, tolerance: tolerance)
        let keepB = CSG.keepFromB(operation, a, b, points, tolerance: tolerance)
        return (0..<onA.count).map { (onA[$0] && keepA[$0]) || (onB[$0] && keepB[$0]) }
    }

    /// Interior points with the rejection report (proposals, acceptance rate).
    public func sampleInteriorReporting<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws
        -> (points: Tensor<S>, report: RejectionReport) {
        let (a, b, op) = (self.a, self.b, operation)
        let total = a.volume + b.volume
        return try rejectionSample(n, dimension: dimension, what: "CSG \(op) interior", minimumRate: minimumAcceptance,
                                   using: &rng) { m, rng in
            switch op {
            case .union:
                return try CSG.mixture(m, a.volume / total, using: &rng,
                                       { k, r in try a.sampleInterior(k, using: &r) }, { k, r in try b.sampleInterior(k, using: &r) },
                                       keepA: { x in [Bool](repeating: true, count: x.shape[0]) },
                                       keepB: { x in a.contains(x, tolerance: 0).map { !$0 } })
            case .intersection:
                let (p, q) = a.volume <= b.volume ? (a, b) : (b, a)
                let x: Tensor<S> = try p.sampleInterior(m, using: &rng)
                return (x, q.contains(x, tolerance: 0))
            case .difference:
                let x: Tensor<S> = try a.sampleInterior(m, using: &rng)
                return (x, b.contains(x, tolerance: 0).map { !$0 })
            }
        }
    }

    /// Boundary points with the rejection report.
    public func sampleBoundaryReporting<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws
        -> (points: Tensor<S>, report: RejectionReport) {
        let (a, b, op) = (self.a, self.b, operation)
        let wa = a.boundaryMeasure / (a.boundaryMeasure + b.boundaryMeasure)
        let ta = 1e-9 * a.boundingBox.scale, tb = 1e-9 * b.boundingBox.scale
        return try rejectionSample(n, dimension: dimension, what: "CSG \(op) boundary", minimumRate: minimumAcceptance,
                                   using: &rng) { m, rng in
            try CSG.mixture(m, wa, using: &rng,
                            { k, r in try a.sampleBoundary(k, using: &r) }, { k, r in try b.sampleBoundary(k, using: &r) },
                            keepA: { x in CSG.keepFromA(op, a, b, x, tolerance: ta) },
                            keepB: { x in CSG.keepFromB(op, a, b, x, tolerance: tb) })
        }
    }

    /// m proposals, each from the first source with probability `p`, in random order.
    static func mixture<S: TensorScalar>(
        _ m: Int, _ p: Double, using rng: inout RandomStream,
        _ sourceA: (Int, inout RandomStream) throws -> Tensor<S>, _ sourceB: (Int, inout RandomStream) throws -> Tensor<S>,
        keepA: (Tensor<S>) -> [Bool], keepB: (Tensor<S>) -> [Bool]
    ) throws -> (points: Tensor<S>, accept: [Bool]) {
        let choice = uniformDoubles(m, using: &rng).map { $0 < p }
        let na = choice.reduce(0) { $0 + ($1 ? 1 : 0) }
        let xa = try sourceA(na, &rng), xb = try sourceB(m - na, &rng)
        let ka = keepA(xa), kb = keepB(xb)
        let d = xa.shape[1]
        var out = [S](), accept = [Bool]()
        out.reserveCapacity(m * d)
        accept.reserveCapacity(m)
        var ia = 0, ib = 0
        xa.withUnsafeBufferPointer { pa in
            xb.withUnsafeBufferPointer { pb in
                for c in choice {
                    if c {
                        out.append(contentsOf: pa[(ia * d)..<(ia * d + d)]); accept.append(ka[ia]); ia += 1
                    } else {
                        out.append(contentsOf: pb[(ib * d)..<(ib * d + d)]); accept.append(kb[ib]); ib += 1
                    }
                }
            }
        }
        return (Tensor(shape: [m, d], scalars: out), accept)
    }

    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try sampleInteriorReporting(n, using: &rng).points
    }

    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try sampleBoundaryReporting(n, using: &rng).points
    }

    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> {
        let tol = 1e-9 * boundingBox.scale
        let onA = a.isOnBoundary(points, tolerance: tol)
        let fromA = zip(onA, CSG.keepFromA(operation, a, b, points, tolerance: tol)).map { $0 && $1 }
        let na = a.outwardNormals(at: points), nb = b.outwardNormals(at: points)
        let d = dimension, flip: S = operation == .difference ? -1 : 1
        var out = na
        out.withUnsafeMutableBufferPointer { o in
            nb.withUnsafeBufferPointer { q in
                for i in 0..<fromA.count where !fromA[i] {
                    for k in 0..<d { o[i * d + k] = flip * q[i * d + k] }
                }
            }
        }
        return out
    }
}

extension Domain {
    /// self u other (throws when the dimensions differ or the result is empty).
    public func union(_ other: any Domain) throws -> CSG { try CSG(.union, self, other) }
    /// self n other.
    public func intersection(_ other: any Domain) throws -> CSG { try CSG(.intersection, self, other) }
    /// self \ other.
    public func subtracting(_ other: any Domain) throws -> CSG { try CSG(.difference, self, other) }
}
