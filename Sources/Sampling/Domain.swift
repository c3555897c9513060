import Autodiff

/// An axis-aligned box [lower, upper] that contains a domain.
public struct BoundingBox: Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }
    /// The product of the side lengths.
    public var volume: Double { zip(lower, upper).reduce(1) { $0 * ($1.1 - $1.0) } }
    /// The largest absolute coordinate of a corner (at least 1): the length scale that
    /// tolerances are relative to.
    public var scale: Double { Swift.max(1, (lower + upper).map(Swift.abs).max() ?? 1) }
}

/// A closed region of R^d from which collocation points are drawn.
///
/// Points are rank-2 tensors of shape `[n, dimension]`, one point per row, in any
/// `TensorScalar`; geometry is evaluated in `Double`. A domain is a value: sampling takes
/// the random stream `inout`, so the same seed gives the same points.
///
/// - `contains` is membership of the closed set (points within `tolerance` of the
///   boundary count as inside).
/// - `sampleInterior` is uniform in volume; `sampleBoundary` is uniform with respect to
///   the boundary measure (so each piece of the boundary receives points in proportion
///   to its length, area, ...).
/// - `outwardNormals` gives the unit outward normal at boundary points (rows of shape
///   `[n, dimension]`); at points not on the boundary the result is unspecified.
///
/// Optional capabilities are refining protocols: `SignedDistanceDomain` (hard
/// constraints), `GridDomain` (exact uniform grids), `UnitCubeMappable` and
/// `BoundaryUnitCubeMappable` (quasi-random samplers).
public protocol Domain: Sendable, CustomStringConvertible {
    /// The dimension d of the space the domain lives in.
    var dimension: Int { get }
    var boundingBox: BoundingBox { get }
    /// The d-dimensional measure (length, area, volume).
    var volume: Double { get }
    /// The (d-1)-dimensional measure of the boundary (for d = 1, the number of end points).
    var boundaryMeasure: Double { get }
    /// Membership of each row of `points` ([n, d]) in the closed domain.
    func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool]
    /// Whether each row of `points` lies within `tolerance` of the boundary.
    func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool]
    /// `n` points uniform in the domain, shape [n, d].
    func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S>
    /// `n` points uniform on the boundary with respect to its measure, shape [n, d].
    func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S>
    /// Unit outward normals at boundary points, shape [n, d].
    func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S>
}

/// A domain with an exact signed distance: negative inside, zero on the boundary,
/// positive outside, with |gradient| = 1 almost everywhere. Hard constraints use
/// `-signedDistance` (positive inside, vanishing on the boundary) as the factor that
/// makes a network output meet a Dirichlet condition exactly (Sukumar & Srivastava 2022).
public protocol SignedDistanceDomain: Domain {
    /// The signed distance of each row of `points` ([n, d]), shape [n, 1].
    func signedDistance<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S>
}

/// A domain with exact tensor-product uniform grids (end points included), for evaluation.
public protocol GridDomain: Domain {
    /// The grid with `pointsPerAxis[k]` equally spaced points on axis k (at least 2 each),
    /// shape [prod(pointsPerAxis), d], the last axis varying fastest.
    func uniformGrid<S: TensorScalar>(_ pointsPerAxis: [Int]) throws -> Tensor<S>
}

/// A domain whose interior is the image of the unit cube [0,1)^k under a map that sends
/// the uniform measure to the uniform measure on the domain, so that any unit-cube
/// sampler (Sobol, Halton, Latin hypercube) gives points in the domain.
public protocol UnitCubeMappable: Domain {
    /// k, the number of unit-cube coordinates one interior point uses.
    var interiorCubeDimension: Int { get }
    /// Maps rows of `u` ([n, k], entries in [0,1)) to interior points [n, d].
    func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S>
}

/// The boundary counterpart of `UnitCubeMappable`: the map sends the uniform measure on
/// [0,1)^k to the normalised boundary measure.
public protocol BoundaryUnitCubeMappable: Domain {
    var boundaryCubeDimension: Int { get }
    /// Maps rows of `u` ([n, k]) to boundary points [n, d].
    func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S>
}

extension Domain {
    /// The default tolerance for `contains` and `isOnBoundary` at precision `S`:
    /// 64 ulps of 1, times the bounding-box scale.
    public func defaultTolerance<S: TensorScalar>(_: S.Type) -> Double {
        64 * Double(S.ulpOfOne) * boundingBox.scale
    }

    /// Membership in the closed domain with the default tolerance.
    public func contains<S: TensorScalar>(_ points: Tensor<S>) -> [Bool] {
        contains(points, tolerance: defaultTolerance(S.self))
    }

    /// Boundary membership with the default tolerance.
    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>) -> [Bool] {
        isOnBoundary(points, tolerance: defaultTolerance(S.self))
    }

    /// Membership in the open interior: inside and not on the boundary.
    public func containsInInterior<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let a = contains(points, tolerance: tolerance), b = isOnBoundary(points, tolerance: tolerance)
        return zip(a, b).map { $0 && !$1 }
    }
}

extension UnitCubeMappable {
    /// `n` interior points from a unit-cube sampler (quasi-random or stratified).
    public func sampleInterior<S: TensorScalar>(_ n: Int, sampler: some UnitCubeSampler,
                                                using rng: inout RandomStream) throws -> Tensor<S> {
        let u: Tensor<S> = try sampler.sample(n, dimension: interiorCubeDimension, using: &rng)
        return mapInterior(fromUnitCube: u)
    }
}

extension BoundaryUnitCubeMappable {
    /// `n` boundary points from a unit-cube sampler.
    public func sampleBoundary<S: TensorScalar>(_ n: Int, sampler: some UnitCubeSampler,
                                                using rng: inout RandomStream) throws -> Tensor<S> {
        let u: Tensor<S> = try sampler.sample(n, dimension: boundaryCubeDimension, using: &rng)
        return mapBoundary(fromUnitCube: u)
    }
}
