import Autodiff
import Foundation

/// The closed ball {x : |x - c| <= r} in R^d, any d >= 1.
///
/// Volume pi^(d/2) r^d / Gamma(d/2 + 1) (computed in logarithms, exact in d = 100);
/// surface measure d V / r. Interior points x = c + r U^(1/d) z / |z| with z ~ N(0, I_d)
/// and U ~ U(0,1) are uniform in volume (Muller 1959; the radius has the law P(|x-c| <= s r)
/// = s^d). `sampleRadiusUniform` draws x = c + r U z / |z| instead: radius uniform on
/// [0, r], which high-dimensional ball problems use to put points at every radius.
/// Outward normal (x - c) / |x - c|; signed distance |x - c| - r.
public struct Ball: SignedDistanceDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let center: [Double]
    public let radius: Double

    /// Throws on an empty centre, a non-finite coordinate, or a radius that is not positive.
    public init(center: [Double], radius: Double) throws {
        try checkDimension(center.count, "Ball (length of center)")
        try checkFinite(center, "Ball center")
        try checkRadius(radius, "Ball")
        self.center = center
        self.radius = radius
    }

    /// The ball of the given radius about the origin of R^d.
    public init(dimension: Int, radius: Double = 1) throws {
        try checkDimension(dimension, "Ball")
        try self.init(center: [Double](repeating: 0, count: dimension), radius: radius)
    }

    public var dimension: Int { center.count }
    public var boundingBox: BoundingBox {
        BoundingBox(lower: center.map { $0 - radius }, upper: center.map { $0 + radius })
    }
    public var volume: Double { exp(logUnitBallVolume(dimension) + Double(dimension) * log(radius)) }
    public var boundaryMeasure: Double { Double(dimension) * volume / radius }
    /// The surface {|x - c| = r}.
    public var surface: Sphere { Sphere(ball: self) }
    public var description: String { "Ball(center: \(center.count <= 4 ? "\(center)" : "[\(center.count) coordinates]"), radius: \(radius))" }

    /// |x - c| for each row.
    func distances<S: TensorScalar>(_ points: Tensor<S>, _ op: String) -> [Double] {
        let d = dimension
        let n = rowCount(points, d, op)
        let x = doubles(points)
        return (0..<n).map { i in
            var s = 0.0
            for k in 0..<d { let t = x[i * d + k] - center[k]; s += t * t }
            return s.squareRoot()
        }
    }

    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        distances(points, "Ball.contains").map { $0 <= radius + tolerance }
    }

    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        distances(points, "Ball.isOnBoundary").map { Swift.abs($0 - radius) <= tolerance }
    }

    public func signedDistance<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S> {
        let s = distances(points, "Ball.signedDistance").map { $0 - radius }
        return tensor(s, [s.count, 1])
    }

    /// Rows c + r * radial[i] * z_i / |z_i| for Gaussian rows z ([n, d] flat).
    func place<S: TensorScalar>(_ z: [Double], radial: (Int) -> Double) -> Tensor<S> {
        let d = dimension, n = z.count / d
        var x = z
        for i in 0..<n {
            var s = 0.0
            for k in 0..<d { s += z[i * d + k] * z[i * d + k] }
            let norm = s.squareRoot()
            let f = radius * radial(i)
            if norm > 0 {
                for k in 0..<d { x[i * d + k] = center[k] + f * z[i * d + k] / norm }
            } else {
                // A zero Gaussian vector (possible only from a unit-cube map): take e_1.
                for k in 0..<d { x[i * d + k] = center[k] + (k == 0 ? f : 0) }
            }
        }
        return tensor(x, [n, d])
    }

    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Ball.sampleInterior")
        let z = normalDoubles(n * dimension, using: &rng), u = uniformDoubles(n, using: &rng)
        let e = 1 / Double(dimension)
        return place(z) { pow(u[$0], e) }
    }

    /// `n` points whose distance from the centre is uniform on [0, r] (not uniform in
    /// volume), in uniformly random directions.
    public func sampleRadiusUniform<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Ball.sampleRadiusUniform")
        let z = normalDoubles(n * dimension, using: &rng), u = uniformDoubles(n, using: &rng)
        return place(z) { u[$0] }
    }

    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Ball.sampleBoundary")
        return place(normalDoubles(n * dimension, using: &rng)) { _ in 1 }
    }

    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> {
        let d = dimension
        return rowMap(points, d, outWidth: d, "Ball.outwardNormals") { x, nrm in
            var s = 0.0
            for k in 0..<d { s += (x[k] - center[k]) * (x[k] - center[k]) }
            let norm = s.squareRoot()
            for k in 0..<d { nrm[k] = norm > 0 ? (x[k] - center[k]) / norm : (k == 0 ? 1 : 0) }
        }
    }

    /// d + 1 coordinates: the first d become a Gaussian vector through the normal
    /// quantile (its direction is uniform on the sphere), the last the radius U^(1/d).
    public var interiorCubeDimension: Int { dimension + 1 }

    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let d = dimension, k = d + 1
        let n = rowCount(u, k, "Ball.mapInterior")
        let t = doubles(u)
        var z = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { z[i * d + j] = normalQuantile(t[i * k + j]) } }
        let e = 1 / Double(d)
        return place(z) { pow(t[$0 * k + d], e) }
    }

    /// d coordinates, carried to a Gaussian vector and normalised.
    public var boundaryCubeDimension: Int { dimension }

    public func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let d = dimension
        _ = rowCount(u, d, "Ball.mapBoundary")
        return place(doubles(u).map(normalQuantile)) { _ in 1 }
    }
}

/// The sphere {x : |x - c| = r} in R^d, the boundary of a `Ball`: a (d-1)-dimensional
/// surface, so a point distribution rather than a `Domain`. Samples z / |z| with
/// z ~ N(0, I) are uniform on it in any dimension.
public struct Sphere: PointDistribution, CustomStringConvertible {
    public let ball: Ball

    public init(center: [Double], radius: Double) throws { ball = try Ball(center: center, radius: radius) }
    public init(dimension: Int, radius: Double = 1) throws { ball = try Ball(dimension: dimension, radius: radius) }
    init(ball: Ball) { self.ball = ball }

    public var dimension: Int { ball.dimension }
    public var center: [Double] { ball.center }
    public var radius: Double { ball.radius }
    /// The surface area d pi^(d/2) r^(d-1) / Gamma(d/2 + 1).
    public var area: Double { ball.boundaryMeasure }
    public var description: String { "Sphere(dimension: \(dimension), radius: \(radius))" }

    public func sample<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try ball.sampleBoundary(n, using: &rng)
    }

    /// Whether each row lies on the sphere to `tolerance`.
    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        ball.isOnBoundary(points, tolerance: tolerance)
    }

    /// Unit outward normals (x - c) / |x - c|.
    public func normals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> { ball.outwardNormals(at: points) }
}

/// The disk {x in R^2 : |x - c| <= r}: a two-dimensional `Ball` whose unit-cube maps are
/// the polar ones, (u, v) -> c + r sqrt(u) (cos 2 pi v, sin 2 pi v) inside and
/// u -> c + r (cos 2 pi u, sin 2 pi u) on the circle, so 2-D (1-D) QMC points stay
/// low-discrepancy.
public struct Disk: ForwardingDomain, SignedDistanceDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let base: Ball

    public init(center: (Double, Double) = (0, 0), radius: Double) throws {
        do {
            base = try Ball(center: [center.0, center.1], radius: radius)
        } catch SamplingError.invalidRadius(_, let r) {
            throw SamplingError.invalidRadius(what: "Disk", value: r)
        }
    }

    public var center: [Double] { base.center }
    public var radius: Double { base.radius }
    public var description: String { "Disk(center: \(center), radius: \(radius))" }

    public var interiorCubeDimension: Int { 2 }

    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let (c, r) = (center, radius)
        return rowMap(u, 2, outWidth: 2, "Disk.mapInterior") { t, x in
            let rho = r * t[0].squareRoot(), a = 2 * Double.pi * t[1]
            x[0] = c[0] + rho * cos(a)
            x[1] = c[1] + rho * sin(a)
        }
    }

    public var boundaryCubeDimension: Int { 1 }

    public func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let (c, r) = (center, radius)
        return rowMap(u, 1, outWidth: 2, "Disk.mapBoundary") { t, x in
            let a = 2 * Double.pi * t[0]
            x[0] = c[0] + r * cos(a)
            x[1] = c[1] + r * sin(a)
        }
    }
}
