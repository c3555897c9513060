import Autodiff

/// This rank's share of a global batch of B points: rank r of N takes the points with
/// global indices [⌊rB/N⌋, ⌊(r+1)B/N⌋).
///
/// The shares are contiguous, disjoint, cover 0..<B, and differ in size by at most one
/// (all equal when N divides B). Because the union over the ranks is exactly the batch one
/// process would draw, N ranks with global batch B evaluate the same loss as one process
/// with batch B, up to the order of the floating-point sums: that is what makes a
/// data-parallel run follow the single-process loss trajectory to round-off.
///
/// Two ways to draw a share from the run's random stream (the same stream, same seed, on
/// every rank):
/// - any sampler: draw the whole batch of B points on every rank and keep `rows(of:)`.
///   Sampling is a small cost next to training (O(B d) against O(B d width) per step);
/// - samplers that use a fixed number k of draws per point, point after point (uniform
///   boxes: k = d): start from `stream(from:drawsPerPoint:)` and draw only `count` points.
///   (Box-Muller normals pair draws 2j and 2j+1: keep start·k even.)
public struct BatchShare: Sendable, Equatable, CustomStringConvertible {
    public let globalCount: Int
    public let rank: Int
    public let size: Int

    public init(globalCount: Int, rank: Int, size: Int) {
        require(size >= 1 && rank >= 0 && rank < size, "BatchShare: rank \(rank) is not in 0..<\(size)")
        require(globalCount >= 0, "BatchShare: the global batch size must be non-negative, got \(globalCount)")
        self.globalCount = globalCount; self.rank = rank; self.size = size
    }

    public init(globalCount: Int, communicator: any Communicator) {
        self.init(globalCount: globalCount, rank: communicator.rank, size: communicator.size)
    }

    /// The global indices of this rank's points.
    public var range: Range<Int> {
        (rank * globalCount / size)..<((rank + 1) * globalCount / size)
    }

    /// The number of points on this rank.
    public var count: Int { range.count }

    /// count / B: this rank's weight in the mean over the global batch (1/N when N | B).
    public var fraction: Double { globalCount == 0 ? 0 : Double(count) / Double(globalCount) }

    /// This rank's rows of a batch tensor of shape [B, ...] (the whole batch, drawn alike on
    /// every rank). Shape [count, ...].
    public func rows<S: TensorScalar>(of batch: Tensor<S>) -> Tensor<S> {
        require(batch.rank >= 1 && batch.shape[0] == globalCount,
                "BatchShare.rows: the batch has shape \(batch.shape); expected \(globalCount) rows")
        return batch.rows(range)
    }

    /// The global stream moved to this share's first point, for a sampler that uses
    /// `drawsPerPoint` draws per point in point order. Advance the global stream itself by
    /// B · drawsPerPoint afterwards (`advance(_:drawsPerPoint:)`), so that every rank's copy
    /// stays equal.
    public func stream(from global: RandomStream, drawsPerPoint: Int) -> RandomStream {
        var s = global
        s.counter &+= UInt64(range.lowerBound * drawsPerPoint)
        return s
    }

    /// Moves the global stream past the whole batch (B · drawsPerPoint draws).
    public func advance(_ global: inout RandomStream, drawsPerPoint: Int) {
        global.counter &+= UInt64(globalCount * drawsPerPoint)
    }

    public var description: String { "points \(range.lowerBound)..<\(range.upperBound) of \(globalCount) (rank \(rank) of \(size))" }
}

/// A stream of the seed that is different on every rank: substream `rank` of the seed's
/// stream `purpose`. For randomness that is private to a rank and need not reproduce the
/// single-process run (e.g. extra exploration points); the collocation batch itself should
/// come from the shared stream through `BatchShare`, so that N ranks reproduce one process.
public func rankStream(seed: UInt64, rank: Int, purpose: UInt64 = 0) -> RandomStream {
    require(rank >= 0, "rankStream: rank must be non-negative, got \(rank)")
    return RandomStream(seed: seed, stream: purpose).substream(UInt64(rank))
}
