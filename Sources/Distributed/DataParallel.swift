import Autodiff
import Optimization
import Synchronization

/// Turns a per-rank objective (loss and gradient on this rank's share of the points) into
/// the global one, with ONE allreduce per evaluation.
///
/// With a global batch of B points split into shares S_r (`BatchShare`) and a loss that is
/// a mean over the batch, the global loss and gradient are
///
///     L = Σ_r w_r L_r,   ∇L = Σ_r w_r ∇L_r,   w_r = |S_r| / B   (= 1/N when N divides B)
///
/// where L_r is the mean over rank r's points. Each evaluation packs
/// [loss, term_1 … term_k, gradient (all tensors flattened)] into one buffer, scales it by
/// w_r, sums it over the ranks (MPI_Allreduce, in place) and unpacks it: every rank gets
/// the same loss, terms and gradient, so every rank takes the same optimiser step and the
/// parameters stay identical (deterministic optimisers; L-BFGS's line-search evaluations
/// go through the same objective and are reduced the same way). Loss weights λ_i are the
/// same on all ranks, so the weighted total reduces like its terms.
///
/// With a single process (size 1, weight 1) the evaluation is returned untouched: a run
/// without MPI computes exactly what it did before. An MPI failure inside a reduction ends
/// the job (`Communicator.abort`): a collective that failed on one rank cannot be retried.
///
/// Time spent in the reductions is accumulated in `statistics` (for benchmarks).
public struct DataParallel<Scalar: TensorScalar>: Sendable {
    public let communicator: any Communicator
    /// This rank's weight w_r in the global mean.
    public let weight: Scalar
    public let statistics: ReductionStatistics

    /// Equal weights 1/N (the shares are equal when N divides the batch size).
    public init(_ communicator: any Communicator) {
        self.init(communicator, weight: 1 / Scalar(communicator.size))
    }

    /// Weight |S_r| / B from this rank's share (exact for uneven splits when every loss
    /// term is a mean over the same split batch).
    public init(_ communicator: any Communicator, share: BatchShare) {
        require(share.size == communicator.size && share.rank == communicator.rank,
                "DataParallel: \(share) does not belong to \(communicator.description)")
        self.init(communicator, weight: Scalar(share.fraction))
    }

    public init(_ communicator: any Communicator, weight: Scalar) {
        require(weight.isFinite && weight >= 0, "DataParallel: the rank weight must be finite and non-negative, got \(weight)")
        self.communicator = communicator
        self.weight = weight
        self.statistics = ReductionStatistics()
    }

    /// True when reductions do something (more than one rank).
    public var isDistributed: Bool { communicator.size > 1 }

    /// The global objective: `local` evaluated on this rank's share, then reduced.
    public func objective(_ local: @escaping Objective<Scalar>) -> Objective<Scalar> {
        { parameters in self.reduce(local(parameters)) }
    }

    /// The global evaluation from this rank's: one allreduce of [loss, terms…, gradient…].
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func reduce(_ evaluation: LossEvaluation<Scalar>) -> LossEvaluation<Scalar> {
        if communicator.size == 1 && weight == 1 { return evaluation }
        var e = evaluation
        let k = e.terms.count
        var flat = [Scalar]()
        flat.reserveCapacity(1 + k + ParameterAlgebra.count(e.gradient))
        flat.append(e.loss)
        for t in e.terms { flat.append(t.value) }
        for g in e.gradient { g.withUnsafeBufferPointer { flat.append(contentsOf: $0) } }
        let w = weight
        for i in flat.indices { flat[i] *= w }
        allreduce(&flat, what: "the loss and gradient")
        e.loss = flat[0]
        for j in 0..<k { e.terms[j].value = flat[1 + j] }
        var offset = 1 + k
        for j in e.gradient.indices {
            e.gradient[j].withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] = flat[offset + i] }
                offset += dst.count
            }
        }
        return e
    }

    /// Reduces per-term gradients (for adaptive loss weighting) with one allreduce: every
    /// term's gradient list flattened into one buffer, scaled by w_r and summed.
    public func reduce(termGradients: [(name: String, gradient: [Tensor<Scalar>])])
        -> [(name: String, gradient: [Tensor<Scalar>])] {
        if communicator.size == 1 && weight == 1 { return termGradients }
        var flat = termGradients.flatMap { ParameterAlgebra.flatten($0.gradient) }
        let w = weight
        for i in flat.indices { flat[i] *= w }
        allreduce(&flat, what: "the per-term gradients")
        var offset = 0
        return termGradients.map { term in
            var g = term.gradient
            let n = ParameterAlgebra.count(g)
            ParameterAlgebra.assign(Array(flat[offset..<(offset + n)]), to: &g)
            offset += n
            return (term.name, g)
        }
    }

    func allreduce(_ flat: inout [Scalar], what: String) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try communicator.allreduce(&flat, .sum)
        } catch {
            communicator.abort(message: "data-parallel reduction of \(what) (\(flat.count) values) failed: \(error)", code: 70)
        }
        statistics.record(elements: flat.count, duration: clock.now - start)
    }
}

/// Counts and times the reductions of a `DataParallel` objective (thread-safe).
public final class ReductionStatistics: Sendable {
    public struct Totals: Sendable, Equatable {
        public var calls = 0
        public var elements = 0
        public var seconds = 0.0
        /// Mean seconds per reduction.
        public var secondsPerCall: Double { calls == 0 ? 0 : seconds / Double(calls) }
    }

    private let totals = Mutex(Totals())

    public init() {}

    public var current: Totals { totals.withLock { $0 } }

    public func reset() { totals.withLock { $0 = Totals() } }

    func record(elements: Int, duration: Duration) {
        let s = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        totals.withLock { $0.calls += 1; $0.elements += elements; $0.seconds += s }
    }
}
