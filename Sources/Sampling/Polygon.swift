import Autodiff

/// A simple polygon in the plane (no self-intersections, any number of vertices, convex
/// or not), stored counter-clockwise.
///
/// Area by the shoelace formula; the interior is triangulated once by ear clipping
/// (Meisters 1975) and sampled by picking a triangle with probability proportional to its
/// area and a uniform point in it, P = (1 - sqrt a) A + sqrt a (1 - b) B + sqrt a b C for
/// (a, b) uniform in [0,1)^2. The boundary is parametrised by arc length, so edges get
/// points in proportion to their lengths. On the edge from (x_0, y_0) to (x_1, y_1) of a
/// counter-clockwise polygon the outward normal is (y_1 - y_0, x_0 - x_1) / length.
/// Membership is the even-odd crossing rule; points within `tolerance` of an edge count as
/// inside and on the boundary. The signed distance is the distance to the nearest edge,
/// negative inside.
public struct Polygon: SignedDistanceDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let xs: [Double]
    public let ys: [Double]
    /// Ear-clipping triangles as vertex-index triples, and their cumulative areas.
    let triangles: [(Int, Int, Int)]
    let cumulativeArea: [Double]
    let cumulativeLength: [Double]
    public let area: Double

    /// Throws when there are fewer than 3 vertices, a coordinate is not finite, two
    /// consecutive vertices coincide, the area is zero, or two edges cross.
    public init(vertices: [(Double, Double)]) throws {
        try self.init(vertices: vertices, what: "Polygon")
    }

    init(vertices: [(Double, Double)], what: String) throws {
        let n = vertices.count
        guard n >= 3 else {
            throw SamplingError.degenerateGeometry(what: what, reason: "it has \(n) vertices; expected at least 3")
        }
        var xs = vertices.map(\.0), ys = vertices.map(\.1)
        try checkFinite(xs, "\(what) vertex x")
        try checkFinite(ys, "\(what) vertex y")
        let scale = Swift.max(1, (xs + ys).map(Swift.abs).max()!)
        for i in 0..<n {
            let j = (i + 1) % n
            if xs[i] == xs[j] && ys[i] == ys[j] {
                throw SamplingError.degenerateGeometry(
                    what: what, reason: "vertices \(i) and \(j) coincide at (\(xs[i]), \(ys[i])); expected distinct consecutive vertices")
            }
        }
        var signed = 0.0
        for i in 0..<n { let j = (i + 1) % n; signed += xs[i] * ys[j] - xs[j] * ys[i] }
        signed *= 0.5
        guard Swift.abs(signed) > 1e-14 * scale * scale else {
            throw SamplingError.degenerateGeometry(what: what, reason: "its area is \(signed); expected a positive area (are the vertices collinear?)")
        }
        if signed < 0 { xs.reverse(); ys.reverse() }
        // Crossing edges: non-adjacent edges must not touch.
        for i in 0..<n {
            for j in (i + 1)..<n where j != i + 1 && !(i == 0 && j == n - 1) {
                if segmentsIntersect(xs[i], ys[i], xs[(i + 1) % n], ys[(i + 1) % n],
                                     xs[j], ys[j], xs[(j + 1) % n], ys[(j + 1) % n]) {
                    throw SamplingError.degenerateGeometry(
                        what: what, reason: "edges \(i) and \(j) intersect; expected a simple polygon (vertices in boundary order)")
                }
            }
        }
        self.xs = xs
        self.ys = ys
        area = Swift.abs(signed)
        triangles = earClip(xs, ys)
        var c = 0.0
        cumulativeArea = triangles.map { t in
            c += Swift.abs(triangleArea(xs[t.0], ys[t.0], xs[t.1], ys[t.1], xs[t.2], ys[t.2]))
            return c
        }
        var l = 0.0
        cumulativeLength = (0..<n).map { i in
            let j = (i + 1) % n
            l += ((xs[j] - xs[i]) * (xs[j] - xs[i]) + (ys[j] - ys[i]) * (ys[j] - ys[i])).squareRoot()
            return l
        }
    }

    public var dimension: Int { 2 }
    public var boundingBox: BoundingBox {
        BoundingBox(lower: [xs.min()!, ys.min()!], upper: [xs.max()!, ys.max()!])
    }
    public var volume: Double { area }
    public var boundaryMeasure: Double { cumulativeLength.last! }
    public var description: String { "Polygon(\(xs.count) vertices, area \(area))" }

    /// Distance to the nearest edge and that edge's index.
    func nearestEdge(_ px: Double, _ py: Double) -> (distance: Double, edge: Int) {
        var best = Double.infinity, edge = 0
        let n = xs.count
        for i in 0..<n {
            let j = (i + 1) % n
            let dx = xs[j] - xs[i], dy = ys[j] - ys[i]
            let t = Swift.min(1, Swift.max(0, ((px - xs[i]) * dx + (py - ys[i]) * dy) / (dx * dx + dy * dy)))
            let ex = xs[i] + t * dx - px, ey = ys[i] + t * dy - py
            let dist = (ex * ex + ey * ey).squareRoot()
            if dist < best { best = dist; edge = i }
        }
        return (best, edge)
    }

    /// Even-odd crossing rule.
    func insideByCrossing(_ px: Double, _ py: Double) -> Bool {
        var inside = false
        let n = xs.count
        var j = n - 1
        for i in 0..<n {
            if (ys[i] > py) != (ys[j] > py) {
                let xCross = xs[i] + (py - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i])
                if px < xCross { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        rowPredicate(points, 2, "Polygon.contains") { p in
            insideByCrossing(p[0], p[1]) || nearestEdge(p[0], p[1]).distance <= tolerance
        }
    }

    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        rowPredicate(points, 2, "Polygon.isOnBoundary") { p in nearestEdge(p[0], p[1]).distance <= tolerance }
    }

    public func signedDistance<S: TensorScalar>(_ points: Tensor<S>) -> Tensor<S> {
        rowMap(points, 2, outWidth: 1, "Polygon.signedDistance") { p, out in
            let d = nearestEdge(p[0], p[1]).distance
            out[0] = insideByCrossing(p[0], p[1]) ? -d : d
        }
    }

    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> {
        rowMap(points, 2, outWidth: 2, "Polygon.outwardNormals") { p, nrm in
            let i = nearestEdge(p[0], p[1]).edge, j = (i + 1) % xs.count
            let dx = xs[j] - xs[i], dy = ys[j] - ys[i], len = (dx * dx + dy * dy).squareRoot()
            nrm[0] = dy / len
            nrm[1] = -dx / len
        }
    }

    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Polygon.sampleInterior")
        let x: Tensor<Double> = mapInterior(fromUnitCube: Tensor<Double>.uniform([n, 2], using: &rng))
        return tensor(x.scalars, x.shape)
    }

    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "Polygon.sampleBoundary")
        let x: Tensor<Double> = mapBoundary(fromUnitCube: Tensor<Double>.uniform([n, 1], using: &rng))
        return tensor(x.scalars, x.shape)
    }

    /// The first coordinate picks a triangle (in proportion to area) and, rescaled within
    /// that triangle's share, becomes its first barycentric coordinate; the second is the other.
    public var interiorCubeDimension: Int { 2 }

    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        rowMap(u, 2, outWidth: 2, "Polygon.mapInterior") { t, x in
            let (k, a) = locate(t[0] * area, in: cumulativeArea)
            let (i, j, l) = triangles[k]
            let s = a.squareRoot(), b = t[1]
            x[0] = (1 - s) * xs[i] + s * (1 - b) * xs[j] + s * b * xs[l]
            x[1] = (1 - s) * ys[i] + s * (1 - b) * ys[j] + s * b * ys[l]
        }
    }

    /// One coordinate: the arc-length position along the boundary as a fraction of the perimeter.
    public var boundaryCubeDimension: Int { 1 }

    public func mapBoundary<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        rowMap(u, 1, outWidth: 2, "Polygon.mapBoundary") { t, x in
            let (i, f) = locate(t[0] * boundaryMeasure, in: cumulativeLength)
            let j = (i + 1) % xs.count
            x[0] = xs[i] + f * (xs[j] - xs[i])
            x[1] = ys[i] + f * (ys[j] - ys[i])
        }
    }
}

/// The segment k with cumulative[k-1] <= s < cumulative[k] (binary search), and the
/// fraction of the way through it, in [0, 1).
func locate(_ s: Double, in cumulative: [Double]) -> (Int, Double) {
    var lo = 0, hi = cumulative.count - 1
    while lo < hi {
        let mid = (lo + hi) / 2
        if s < cumulative[mid] { hi = mid } else { lo = mid + 1 }
    }
    let start = lo == 0 ? 0 : cumulative[lo - 1], width = cumulative[lo] - start
    let f = width > 0 ? (s - start) / width : 0
    return (lo, Swift.min(Swift.max(f, 0), 1.0.nextDown))
}

func triangleArea(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Double {
    0.5 * ((bx - ax) * (cy - ay) - (cx - ax) * (by - ay))
}

/// Whether the closed segments PQ and RS share a point.
func segmentsIntersect(_ px: Double, _ py: Double, _ qx: Double, _ qy: Double,
                       _ rx: Double, _ ry: Double, _ sx: Double, _ sy: Double) -> Bool {
    func orient(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Double {
        (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    }
    func onSegment(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Bool {
        Swift.min(ax, bx) <= cx && cx <= Swift.max(ax, bx) && Swift.min(ay, by) <= cy && cy <= Swift.max(ay, by)
    }
    let d1 = orient(rx, ry, sx, sy, px, py), d2 = orient(rx, ry, sx, sy, qx, qy)
    let d3 = orient(px, py, qx, qy, rx, ry), d4 = orient(px, py, qx, qy, sx, sy)
    if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
    if d1 == 0 && onSegment(rx, ry, sx, sy, px, py) { return true }
    if d2 == 0 && onSegment(rx, ry, sx, sy, qx, qy) { return true }
    if d3 == 0 && onSegment(px, py, qx, qy, rx, ry) { return true }
    if d4 == 0 && onSegment(px, py, qx, qy, sx, sy) { return true }
    return false
}

/// Ear clipping of a simple counter-clockwise polygon into n - 2 triangles.
func earClip(_ xs: [Double], _ ys: [Double]) -> [(Int, Int, Int)] {
    var remaining = Array(0..<xs.count)
    var out: [(Int, Int, Int)] = []
    while remaining.count > 3 {
        let m = remaining.count
        var clipped = false
        for k in 0..<m {
            let a = remaining[(k + m - 1) % m], b = remaining[k], c = remaining[(k + 1) % m]
            // Convex (or straight) corner with no other remaining vertex inside the ear.
            guard triangleArea(xs[a], ys[a], xs[b], ys[b], xs[c], ys[c]) >= 0 else { continue }
            var empty = true
            for v in remaining where v != a && v != b && v != c {
                if triangleArea(xs[a], ys[a], xs[b], ys[b], xs[v], ys[v]) >= 0
                    && triangleArea(xs[b], ys[b], xs[c], ys[c], xs[v], ys[v]) >= 0
                    && triangleArea(xs[c], ys[c], xs[a], ys[a], xs[v], ys[v]) >= 0 {
                    empty = false
                    break
                }
            }
            if empty {
                out.append((a, b, c))
                remaining.remove(at: k)
                clipped = true
                break
            }
        }
        // A simple polygon always has an ear (two-ears theorem); this guards round-off.
        if !clipped {
            out.append((remaining[m - 1], remaining[0], remaining[1]))
            remaining.remove(at: 0)
        }
    }
    out.append((remaining[0], remaining[1], remaining[2]))
    return out
}

/// A triangle: a three-vertex `Polygon`.
public struct Triangle: ForwardingDomain, SignedDistanceDomain, UnitCubeMappable, BoundaryUnitCubeMappable {
    public let base: Polygon

    /// Throws when two vertices coincide or the three are collinear.
    public init(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) throws {
        base = try Polygon(vertices: [a, b, c], what: "Triangle")
    }

    public var description: String { "Triangle(\(zip(base.xs, base.ys).map { "(\($0), \($1))" }.joined(separator: ", ")))" }
}
