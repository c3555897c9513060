import Autodiff

/// Shared assembly of closed-form jets for the closed-form `InputFunction`s
/// (`RadialFunction`, `AffineFunction`, `SeparableFunction`).
///
/// A function with closed-form derivatives gives, per point, its value, its first
/// directional derivative along every direction of the plan (coordinates, shared
/// directions, per-point directions, in the plan's order) and its second directional
/// derivative along each; the channels are then weighted sums of the second ones. The
/// result has the stacked layout of `Derivatives`: `[(1 + k + c) n, 1]`.
enum InputFunctionJets {
    /// The stacked jets of a function given pointwise: `value(i)` at point i,
    /// `coordinate(i, axis)` its first and second derivative along e_axis, and
    /// `direction(i, v)` along a direction v (D components: a shared direction, or row i of
    /// a per-point one). Computed in Double, returned as constants in `S`.
    static func assemble<S: TensorScalar>(_ x: Tensor<S>, plan: DerivativePlan<S>,
                                          value: (Int) -> Double,
                                          coordinate: (Int, Int) -> (Double, Double),
                                          direction: (Int, UnsafeBufferPointer<Double>) -> (Double, Double)) -> Derivatives<S> {
        let n = x.shape[0], D = x.shape[1], k = plan.directionCount, c = plan.channels.count
        var out = [Double](repeating: 0, count: (1 + k + c) * n)
        var second = [Double](repeating: 0, count: k * n)
        for i in 0..<n { out[i] = value(i) }
        // Coordinate directions.
        for (j, axis) in plan.coordinates.enumerated() {
            for i in 0..<n {
                let (a, b) = coordinate(i, axis)
                out[(1 + j) * n + i] = a; second[j * n + i] = b
            }
        }
        var v = [Double](repeating: 0, count: D)
        // Shared directions.
        for (j, s) in plan.sharedDirections.enumerated() {
            let p = plan.coordinates.count + j
            for q in 0..<D { v[q] = Double(s[q]) }
            v.withUnsafeBufferPointer { vb in
                for i in 0..<n {
                    let (a, b) = direction(i, vb)
                    out[(1 + p) * n + i] = a; second[p * n + i] = b
                }
            }
        }
        // Per-point directions.
        for (j, P) in plan.pointDirections.enumerated() {
            let p = plan.coordinates.count + plan.sharedDirections.count + j
            let ps = P.scalars
            for i in 0..<n {
                for q in 0..<D { v[q] = Double(ps[i * D + q]) }
                let (a, b) = v.withUnsafeBufferPointer { direction(i, $0) }
                out[(1 + p) * n + i] = a; second[p * n + i] = b
            }
        }
        // Channels: sum_e w_e p_e(i) d^2/dv_e^2.
        for (ci, ch) in plan.channels.enumerated() {
            let base = (1 + k + ci) * n
            let pw = ch.pointWeights?.scalars
            let m = ch.terms.count
            for (e, t) in ch.terms.enumerated() {
                let p = plan.position(of: t.direction), w = Double(t.weight)
                for i in 0..<n {
                    var s = w * second[p * n + i]
                    if let pw { s *= Double(pw[i * m + e]) }
                    out[base + i] += s
                }
            }
        }
        return Derivatives(plan: plan, pointCount: n, stack: Tensor(shape: [(1 + k + c) * n, 1], scalars: out.map { S($0) }))
    }
}
