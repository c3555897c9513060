import Autodiff
import Synchronization

/// Shared assembly of closed-form jets for the closed-form `InputFunction`s
/// (`RadialFunction`, `AffineFunction`, `SeparableFunction`, and a problem's own, such as the
/// expected minimum of geometric Brownian motions in Problems).
///
/// A function with closed-form derivatives gives, per point, its value, its first
/// directional derivative along every direction of the plan (coordinates, shared
/// directions, per-point directions, in the plan's order) and its second directional
/// derivative along each; the channels are then weighted sums of the second ones. The
/// result has the stacked layout of `Derivatives`: `[(1 + k + c) n, 1]`.
public enum InputFunctionJets {
    /// The stacked jets of a function given pointwise: `value(i)` at point i,
    /// `coordinate(i, axis)` its first and second derivative along e_axis, and
    /// `direction(i, v)` along a direction v (D components: a shared direction, or row i of
    /// a per-point one). Computed in Double, returned as constants in `S`.
    ///
    /// The points are visited one after the other: `prepare(i)` is called first, then every
    /// query of point i, so a function may compute what the queries share (its per-point
    /// cache) in `prepare` and keep only the current point's.
    public static func assemble<S: TensorScalar>(_ x: Tensor<S>, plan: DerivativePlan<S>,
                                                 prepare: (Int) -> Void = { _ in },
                                                 value: (Int) -> Double,
                                                 coordinate: (Int, Int) -> (Double, Double),
                                                 direction: (Int, UnsafeBufferPointer<Double>) -> (Double, Double)) -> Derivatives<S> {
        let n = x.shape[0], D = x.shape[1], k = plan.directionCount, c = plan.channels.count
        var out = [Double](repeating: 0, count: (1 + k + c) * n)
        var second = [Double](repeating: 0, count: k * n)
        let q = plan.coordinates.count, shared = plan.sharedDirections.map { $0.map { Double($0) } }
        let pointDirections = plan.pointDirections.map(\.scalars)
        var v = [Double](repeating: 0, count: D)
        for i in 0..<n {
            prepare(i)
            out[i] = value(i)
            // Coordinate directions.
            for (j, axis) in plan.coordinates.enumerated() {
                let (a, b) = coordinate(i, axis)
                out[(1 + j) * n + i] = a; second[j * n + i] = b
            }
            // Shared directions.
            for (j, s) in shared.enumerated() {
                let (a, b) = s.withUnsafeBufferPointer { direction(i, $0) }
                out[(1 + q + j) * n + i] = a; second[(q + j) * n + i] = b
            }
            // Per-point directions.
            for (j, ps) in pointDirections.enumerated() {
                let p = q + shared.count + j
                for r in 0..<D { v[r] = Double(ps[i * D + r]) }
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

/// The last jets an expensive input function computed, given again while the points and the
/// plan are the same: a training batch is fixed between draws, so an offset such as the
/// expected minimum (thousands of special functions per point) is computed once per draw, not
/// once per step. The key is the content (every coordinate of the points and of the plan's
/// directions, weights and per-point weights), so a new batch, new random directions of a
/// stochastic estimator or another plan are computed afresh; nothing is keyed by identity.
public final class JetCache<S: TensorScalar>: Sendable {
    private struct State: Sendable { var key: [S] = []; var stack: Tensor<S>? = nil; var hits = 0 }
    private let state = Mutex(State())
    /// How many calls were answered from the cache (for tests).
    public var hits: Int { state.withLock { $0.hits } }

    public init() {}

    /// The jets of `x` under `plan`: the cached ones if both equal the last call's, else
    /// `compute()` (then cached).
    public func derivatives(_ x: Tensor<S>, plan: DerivativePlan<S>, compute: () -> Derivatives<S>) -> Derivatives<S> {
        let key = Self.key(x, plan)
        let cached = state.withLock { s -> Tensor<S>? in
            guard let stack = s.stack, s.key == key else { return nil }
            s.hits += 1
            return stack
        }
        if let stack = cached { return Derivatives(plan: plan, pointCount: x.shape[0], stack: stack) }
        let d = compute()
        let stack = d.stack
        state.withLock { $0.key = key; $0.stack = stack }
        return d
    }

    /// Everything the jets depend on, as one array (counts first, so that different layouts
    /// never compare equal).
    static func key(_ x: Tensor<S>, _ plan: DerivativePlan<S>) -> [S] {
        var k: [S] = [S(x.shape[0]), S(x.shape[1]), S(plan.coordinates.count), S(plan.sharedDirections.count),
                      S(plan.pointDirections.count), S(plan.channels.count), S(plan.higherOrders.count)]
        k += x.detached.scalars
        k += plan.coordinates.map { S($0) }
        for v in plan.sharedDirections { k += v }
        for p in plan.pointDirections { k += [S(p.scalars.count)] + p.scalars }
        for ch in plan.channels {
            k.append(S(ch.terms.count))
            for t in ch.terms { k += [S(t.direction.kind.rawValue), S(t.direction.index), t.weight] }
            if let w = ch.pointWeights { k += [1, S(w.scalars.count)] + w.scalars } else { k.append(0) }
        }
        for h in plan.higherOrders { k += [S(h.count)] + h.map { S($0) } }
        return k
    }
}
