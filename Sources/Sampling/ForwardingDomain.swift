import Autodiff

/// A domain that is another domain under a new name and constructor (Interval is a 1-D
/// Box, TimeDomain a 1-D interval for the time axis, Triangle a 3-vertex Polygon): every
/// requirement forwards to `base`, and refining capabilities forward when `base` has them.
public protocol ForwardingDomain: Domain {
    associatedtype Base: Domain
    var base: Base { get }
}

extension ForwardingDomain {
    public var dimension: Int { base.dimension }
    public var boundingBox: BoundingBox { base.boundingBox }
    public var volume: Double { base.volume }
    public var boundaryMeasure: Double { base.boundaryMeasure }
    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        base.contains(points, tolerance: tolerance)
    }
    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        base.isOnBoundary(points, tolerance: tolerance)
    }
    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try base.sampleInterior(n, using: &rng)
    }
    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try base.sampleBoundary(n, using: &rng)
    }
    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> { base.outwardNormals(at: points) }
}

extension ForwardingDomain where Base: SignedDistanceDomain {
    public func signedDistance<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S> { base.signedDistance(points) }
}

extension ForwardingDomain where Base: GridDomain {
    public func uniformGrid<S: TensorScalar>(_ pointsPerAxis: [Int]) throws -> Tensor<S> {
        try base.uniformGrid(pointsPerAxis)
    }
}

extension ForwardingDomain where Base: UnitCubeMappable {
    public var interiorCubeDimension: Int { base.interiorCubeDimension }
    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> { base.mapInterior(fromUnitCube: u) }
}

extension ForwardingDomain where Base: BoundaryUnitCubeMappable {
    public var boundaryCubeDimension: Int { base.boundaryCubeDimension }
    public func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> { base.mapBoundary(fromUnitCube: u) }
}

/// The closed interval [lower, upper]: a one-dimensional `Box`. Its boundary is the two
/// end points (boundary measure 2, the counting measure), each drawn with probability 1/2,
/// with outward normals -1 and +1.
public struct Interval: ForwardingDomain, SignedDistanceDomain, GridDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let base: Box
    public var lower: Double { base.lower[0] }
    public var upper: Double { base.upper[0] }

    /// Throws when lower >= upper or a bound is not finite.
    public init(_ lower: Double, _ upper: Double) throws {
        do {
            base = try Box(lower: [lower], upper: [upper])
        } catch SamplingError.invalidBounds(_, let axis, let l, let u) {
            throw SamplingError.invalidBounds(what: "Interval", axis: axis, lower: l, upper: u)
        }
    }

    public var description: String { "Interval[\(lower), \(upper)]" }
}

/// A time interval [start, end] for evolution problems: the last coordinate of the
/// space-time points of `SpaceTimeDomain`. Its boundary is {start, end}.
public struct TimeDomain: ForwardingDomain, SignedDistanceDomain, GridDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let base: Box
    public var start: Double { base.lower[0] }
    public var end: Double { base.upper[0] }
    public var duration: Double { end - start }

    /// Throws when start >= end or a bound is not finite.
    public init(_ start: Double, _ end: Double) throws {
        do {
            base = try Box(lower: [start], upper: [end])
        } catch SamplingError.invalidBounds(_, let axis, let l, let u) {
            throw SamplingError.invalidBounds(what: "TimeDomain (start, end)", axis: axis, lower: l, upper: u)
        }
    }

    public var description: String { "TimeDomain[\(start), \(end)]" }
}
