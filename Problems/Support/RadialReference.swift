import Foundation
import PINN

/// References of the radial terminal-value problems from `RadialParabolic`, the
/// one-dimensional solve in s = |x|^2: u(0, 0) (extrapolated, with its error estimate,
/// computed once per process for each key: every command makes its problem more than once,
/// `list` makes them all) and u on points of the paths from the origin.
enum RadialReference {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: (value: Double, errorEstimate: Double)] = [:]

    static func origin(_ key: String, _ problem: () -> RadialParabolic) -> (value: Double, errorEstimate: Double) {
        lock.lock(); defer { lock.unlock() }
        if let v = cache[key] { return v }
        let v = problem().originValue()
        cache[key] = v
        return v
    }

    /// The point reference at the origin of (x_1, ..., x_d, t = 0), naming the published value
    /// it replaces.
    static func point(_ key: String, dimension d: Int, published: (value: Double, source: String)?,
                      _ problem: () -> RadialParabolic) -> PointReference {
        let (v, e) = origin(key, problem)
        var source = String(format: "radial solve in s = |x|^2, error estimate %.0e", e)
        if let p = published {
            source += String(format: "; %@ gives %g, %.1e off", p.source, p.value, Swift.abs(p.value - v) / Swift.abs(v))
        }
        return PointReference(point: [Double](repeating: 0, count: d + 1), value: v, source: source)
    }

    /// u on `count` points (t ~ U[0, T], x ~ N(0, 2 a t I)) of the paths sqrt(2a) W_t from the
    /// origin, drawn from `stream` of seed 2024.
    static func onPaths(_ problem: RadialParabolic, count: Int, stream: UInt64) -> ReferenceSolution {
        var rng = RandomStream(seed: 2024, stream: stream)
        let d = problem.dimension
        let pts: Tensor<Double> = PathPoints.brownian(count, start: [Double](repeating: 0, count: d),
                                                      sigma: (2 * problem.diffusion).squareRoot(), times: 0...problem.horizon,
                                                      using: &rng)
        let rows = pts.rows
        let values = problem.values(at: rows.map { row in (t: row[d], s: row[0..<d].reduce(0) { $0 + $1 * $1 }) })
        return ReferenceSolution(layout: .points(points: pts.scalars, dimension: d + 1, names: HighDimensional.inputNames(d)),
                                 values: [values], source: "radial solve in s = |x|^2 (RadialParabolic)")
    }
}
