import Autodiff
import Foundation

/// Causal training for evolution equations (Wang, Sankaran & Perdikaris 2024, "Respecting
/// causality for training physics-informed neural networks", Comput. Methods Appl. Mech.
/// Engrg. 421, 116813): the residual loss is split over M time slabs of [t0, t1],
///
///     L_k = mean of r^2 over the points with t in slab k,
///     w_k = exp(-epsilon sum_{i<k} L_i)          (w_0 = 1, treated as constants),
///     L   = (1/M) sum_k w_k L_k,
///
/// so a slab's residual counts only once the slabs before it are solved: the network cannot
/// fit late times before early ones, which is how plain PINNs fail on Allen-Cahn.
///
/// `weigh` returns the residual scaled per point by sqrt(w_k n / (M n_k)) (n_k the points in
/// slab k), whose plain mean square is L, so the solver's ordinary `meanSquare` loss term
/// becomes the causal loss without any change to the trainer. The weights are computed from
/// the residual's values and carry no gradient.
public struct CausalWeighting: Sendable, Equatable {
    /// The number M of time slabs.
    public var slabs: Int
    /// The causality parameter epsilon (larger: stricter order).
    public var epsilon: Double
    /// The time interval [start, end] split into slabs.
    public var start: Double
    public var end: Double

    public init(slabs: Int = 32, epsilon: Double = 1, start: Double, end: Double) {
        require(slabs >= 1, "CausalWeighting: slabs must be at least 1, got \(slabs)")
        require(epsilon >= 0 && epsilon.isFinite, "CausalWeighting: epsilon must be finite and >= 0, got \(epsilon)")
        require(end > start, "CausalWeighting: empty time interval [\(start), \(end)]")
        self.slabs = slabs; self.epsilon = epsilon; self.start = start; self.end = end
    }

    /// The slab of each time (clamped to [0, M - 1]).
    func slab(_ t: Double) -> Int {
        Swift.min(slabs - 1, Swift.max(0, Int((t - start) / (end - start) * Double(slabs))))
    }

    /// The weights w_k from the slab losses of `residual` `[n, 1]` at times `time` `[n, 1]`,
    /// and the slab of each point. Slabs without points have loss 0.
    public func weights<S: TensorScalar>(_ residual: Tensor<S>, time: Tensor<S>) -> (weights: [Double], slabOf: [Int], counts: [Int]) {
        require(residual.shape == time.shape && residual.rank == 2 && residual.shape[1] == 1,
                "CausalWeighting: residual \(residual.shape) and time \(time.shape) must both be [n, 1]")
        let r = residual.scalars, t = time.scalars
        var sums = [Double](repeating: 0, count: slabs), counts = [Int](repeating: 0, count: slabs)
        var slabOf = [Int](repeating: 0, count: r.count)
        for i in 0..<r.count {
            let k = slab(Double(t[i]))
            slabOf[i] = k
            sums[k] += Double(r[i]) * Double(r[i])
            counts[k] += 1
        }
        var w = [Double](repeating: 1, count: slabs), cumulative = 0.0
        for k in 0..<slabs {
            w[k] = exp(-epsilon * cumulative)
            if counts[k] > 0 { cumulative += sums[k] / Double(counts[k]) }
        }
        return (w, slabOf, counts)
    }

    /// The residual scaled so that its mean square is the causal loss L (see the type).
    public func weigh<S: TensorScalar>(_ residual: Tensor<S>, time: Tensor<S>) -> Tensor<S> {
        let (w, slabOf, counts) = weights(residual, time: time)
        let n = Double(slabOf.count), M = Double(slabs)
        let scale = Tensor<S>(shape: [slabOf.count, 1], scalars: slabOf.map { k in
            S((w[k] * n / (M * Double(counts[k]))).squareRoot())
        })
        return residual.multiplyingColumn(scale)
    }

    /// The smallest weight w_{M-1} for the current residual: near 1 once every slab is solved.
    public func smallestWeight<S: TensorScalar>(_ residual: Tensor<S>, time: Tensor<S>) -> Double {
        weights(residual, time: time).weights.last ?? 1
    }
}
