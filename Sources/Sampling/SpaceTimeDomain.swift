import Autodiff

/// The space-time cylinder Omega x [t0, t1] for evolution problems. Points are rows
/// (x_1, ..., x_d, t): time is the last column.
///
/// Its boundary has three pieces: the initial slice Omega x {t0} (outward normal -e_t),
/// the terminal slice Omega x {t1} (+e_t) and the lateral boundary dOmega x [t0, t1]
/// (normal (n_Omega, 0)); measures |Omega|, |Omega| and |dOmega| (t1 - t0). Each piece has
/// its own sampler; `sampleBoundary` mixes them in proportion to their measures.
public struct SpaceTimeDomain<Space: Domain>: Domain {
    public let space: Space
    public let time: TimeDomain

    public init(space: Space, time: TimeDomain) {
        self.space = space
        self.time = time
    }

    public var dimension: Int { space.dimension + 1 }
    public var boundingBox: BoundingBox {
        let b = space.boundingBox
        return BoundingBox(lower: b.lower + [time.start], upper: b.upper + [time.end])
    }
    public var volume: Double { space.volume * time.duration }
    public var boundaryMeasure: Double { 2 * space.volume + space.boundaryMeasure * time.duration }
    public var description: String { "SpaceTime(\(space) x \(time))" }

    /// Splits rows [n, d+1] into the space part [n, d] and the times.
    func split<S: TensorScalar>(_ points: Tensor<S>, _ op: String) -> (Tensor<S>, [Double]) {
        let d = space.dimension
        let n = rowCount(points, d + 1, op)
        let x = doubles(points)
        var s = [Double](repeating: 0, count: n * d), t = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in 0..<d { s[i * d + k] = x[i * (d + 1) + k] }
            t[i] = x[i * (d + 1) + d]
        }
        return (tensor(s, [n, d]), t)
    }

    /// Rows (x_i, t_i) from space points [n, d] and times.
    func join<S: TensorScalar>(_ x: Tensor<S>, _ t: [Double]) -> Tensor<S> {
        let d = space.dimension, n = x.shape[0]
        var out = Tensor<S>.zeros([n, d + 1])
        x.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    for k in 0..<d { o[i * (d + 1) + k] = p[i * d + k] }
                    o[i * (d + 1) + d] = S(t[i])
                }
            }
        }
        return out
    }

    func uniformTimes(_ n: Int, using rng: inout RandomStream) -> [Double] {
        uniformDoubles(n, using: &rng).map { time.start + time.duration * $0 }
    }

    public func contains<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let (x, t) = split(points, "SpaceTimeDomain.contains")
        return zip(space.contains(x, tolerance: tolerance), t).map {
            $0 && $1 >= time.start - tolerance && $1 <= time.end + tolerance
        }
    }

    public func isOnBoundary<S: TensorScalar>(_ points: Tensor<S>, tolerance: Double) -> [Bool] {
        let (x, t) = split(points, "SpaceTimeDomain.isOnBoundary")
        let inside = space.contains(x, tolerance: tolerance), onSide = space.isOnBoundary(x, tolerance: tolerance)
        return (0..<t.count).map { i in
            let inTime = t[i] >= time.start - tolerance && t[i] <= time.end + tolerance
            let atEnd = Swift.abs(t[i] - time.start) <= tolerance || Swift.abs(t[i] - time.end) <= tolerance
            return inside[i] && inTime && (atEnd || onSide[i])
        }
    }

    /// `n` points uniform in Omega x [t0, t1].
    public func sampleInterior<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SpaceTimeDomain.sampleInterior")
        let x: Tensor<S> = try space.sampleInterior(n, using: &rng)
        return join(x, uniformTimes(n, using: &rng))
    }

    /// `n` points uniform on the initial slice Omega x {t0}.
    public func sampleInitial<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SpaceTimeDomain.sampleInitial")
        return join(try space.sampleInterior(n, using: &rng) as Tensor<S>, [Double](repeating: time.start, count: n))
    }

    /// `n` points uniform on the terminal slice Omega x {t1}.
    public func sampleTerminal<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SpaceTimeDomain.sampleTerminal")
        return join(try space.sampleInterior(n, using: &rng) as Tensor<S>, [Double](repeating: time.end, count: n))
    }

    /// `n` points uniform on the lateral boundary dOmega x [t0, t1].
    public func sampleLateral<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SpaceTimeDomain.sampleLateral")
        let x: Tensor<S> = try space.sampleBoundary(n, using: &rng)
        return join(x, uniformTimes(n, using: &rng))
    }

    /// The three pieces mixed in proportion to their measures (counts drawn multinomially).
    public func sampleBoundary<S: TensorScalar>(_ n: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SpaceTimeDomain.sampleBoundary")
        let total = boundaryMeasure, slice = space.volume / total
        var counts = [0, 0, 0]
        for u in uniformDoubles(n, using: &rng) { counts[u < slice ? 0 : (u < 2 * slice ? 1 : 2)] += 1 }
        let parts: [Tensor<S>] = [try sampleInitial(counts[0], using: &rng), try sampleTerminal(counts[1], using: &rng),
                                  try sampleLateral(counts[2], using: &rng)]
        return Tensor.concatenatingRows(parts)
    }

    public func outwardNormals<S: TensorScalar>(at points: Tensor<S>) -> Tensor<S> {
        let (x, t) = split(points, "SpaceTimeDomain.outwardNormals")
        let tol = 1e-9 * boundingBox.scale
        let lateral = space.isOnBoundary(x, tolerance: tol)
        let nx: Tensor<S> = space.outwardNormals(at: x)
        let d = space.dimension
        var out = join(nx, [Double](repeating: 0, count: t.count))
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<t.count {
                let dt = Swift.min(Swift.abs(t[i] - time.start), Swift.abs(t[i] - time.end))
                // On a time slice unless the point is on the lateral side strictly between them.
                if !lateral[i] || dt <= tol {
                    for k in 0..<d { o[i * (d + 1) + k] = 0 }
                    o[i * (d + 1) + d] = Swift.abs(t[i] - time.start) <= Swift.abs(t[i] - time.end) ? -1 : 1
                }
            }
        }
        return out
    }
}

extension SpaceTimeDomain: UnitCubeMappable where Space: UnitCubeMappable {
    /// The space's coordinates, then one for time.
    public var interiorCubeDimension: Int { space.interiorCubeDimension + 1 }

    public func mapInterior<S: TensorScalar>(fromUnitCube u: Tensor<S>) -> Tensor<S> {
        let k = space.interiorCubeDimension
        let n = rowCount(u, k + 1, "SpaceTimeDomain.mapInterior")
        let x: Tensor<S> = space.mapInterior(fromUnitCube: u.gatheringColumns(Array(0..<k)))
        let tu = u.column(k).scalars
        return join(x, (0..<n).map { time.start + time.duration * Double(tu[$0]) })
    }
}

extension SpaceTimeDomain: GridDomain where Space: GridDomain {
    /// `pointsPerAxis` has d + 1 entries, time last; time varies fastest.
    public func uniformGrid<S: TensorScalar>(_ pointsPerAxis: [Int]) throws -> Tensor<S> {
        let d = space.dimension
        guard pointsPerAxis.count == d + 1 else {
            throw SamplingError.invalidDimension(what: "SpaceTimeDomain.uniformGrid (number of axes)",
                                                 value: pointsPerAxis.count, expected: "\(d + 1): the space axes, then time")
        }
        let xs: Tensor<S> = try space.uniformGrid(Array(pointsPerAxis[0..<d]))
        let ts: Tensor<Double> = try time.uniformGrid([pointsPerAxis[d]])
        let nx = xs.shape[0], nt = ts.shape[0]
        let rowsX = (0..<(nx * nt)).map { $0 / nt }
        let times = (0..<(nx * nt)).map { ts[flat: $0 % nt] }
        return join(gatherRows(xs, rowsX), times)
    }
}

/// A domain with a time interval that can be replaced: time-marching trains one window of
/// the interval at a time on the same space.
public protocol TimeIntervalDomain: Domain {
    /// The time interval (time is the last coordinate).
    var timeInterval: TimeDomain { get }
    /// The same space over `time`.
    func replacingTime(with time: TimeDomain) -> any Domain
}

extension SpaceTimeDomain: TimeIntervalDomain {
    public var timeInterval: TimeDomain { time }
    public func replacingTime(with time: TimeDomain) -> any Domain { SpaceTimeDomain(space: space, time: time) }
}
