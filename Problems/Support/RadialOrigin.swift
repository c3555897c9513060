import Foundation
import PINN

/// u(0, 0) of a radial terminal-value problem (`RadialParabolic`: the one-dimensional solve in
/// s = |x|^2, extrapolated, with its error estimate), computed once per process for each key:
/// every command makes its problem more than once, `list` makes them all.
enum RadialOrigin {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: (value: Double, errorEstimate: Double)] = [:]

    static func value(_ key: String, _ problem: () -> RadialParabolic) -> (value: Double, errorEstimate: Double) {
        lock.lock(); defer { lock.unlock() }
        if let v = cache[key] { return v }
        let v = problem().originValue()
        cache[key] = v
        return v
    }

    /// The point reference at the origin of (x_1, ..., x_d, t = 0), naming the published value
    /// it replaces.
    static func reference(_ key: String, dimension d: Int, published: (value: Double, source: String)?,
                          _ problem: () -> RadialParabolic) -> PointReference {
        let (v, e) = value(key, problem)
        var source = String(format: "radial solve in s = |x|^2, error estimate %.0e", e)
        if let p = published {
            source += String(format: "; %@ gives %g, %.1e off", p.source, p.value, Swift.abs(p.value - v) / Swift.abs(v))
        }
        return PointReference(point: [Double](repeating: 0, count: d + 1), value: v, source: source)
    }
}
