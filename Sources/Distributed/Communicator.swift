import Autodiff

/// How the values of the ranks are combined by `Communicator.allreduce`.
public enum ReductionOperation: Sendable, Equatable {
    case sum, max, min
}

/// A group of processes that train together: this process's `rank` in 0..<`size`, and the
/// collective operations data-parallel training needs.
///
/// Two implementations: `SingleProcess` (size 1, every collective a no-op; what a run
/// without `mpirun` gets) and `MPICommunicator` (MPI_COMM_WORLD). Code written against the
/// protocol runs unchanged in both. `Communicators.start()` picks the right one.
///
/// Collectives must be called by every rank, in the same order, with buffers of the same
/// length; a rank that skips one leaves the others waiting. A rank that cannot go on must
/// call `abort(message:code:)`, which ends all ranks. Collectives throw `MPIError` when MPI
/// reports a failure (the communicator uses MPI_ERRORS_RETURN, so MPI never exits on its
/// own).
public protocol Communicator: Sendable {
    /// This process's index, 0..<size. Rank 0 is the root: it prints and writes files.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// A short description for logs ("single process", "MPI rank 1 of 4 (Open MPI v4.1.4)").
    var description: String { get }

    /// Replaces `buffer` on every rank with the elementwise reduction over all ranks.
    func allreduce<S: TensorScalar>(_ buffer: inout [S], _ operation: ReductionOperation) throws

    /// Replaces `buffer` on every rank with the root's buffer (all buffers have one length).
    func broadcast<S: TensorScalar>(_ buffer: inout [S], root: Int) throws

    /// Replaces `bytes` on every rank with the root's bytes; the other ranks' arrays may have
    /// any length on entry (the length is broadcast first).
    func broadcast(bytes: inout [UInt8], root: Int) throws

    /// Returns once every rank has called it.
    func barrier() throws

    /// Ends every rank of the job: prints "Error: rank r of n: message" to standard error
    /// ("Error: message" for a single process), then
    /// stops the job with exit status `code` (MPI_Abort; `exit` for a single process).
    func abort(message: String, code: Int32) -> Never

    /// Shuts the communicator down (MPI_Finalize); later collectives are errors. Call it once,
    /// on every rank, at the end of a successful run. Safe to call twice.
    func finalize() throws
}

extension Communicator {
    /// True on rank 0, the rank that prints progress and writes output files and checkpoints.
    public var isRoot: Bool { rank == 0 }

    /// Elementwise sum over the ranks, in place.
    public func allreduceSum<S: TensorScalar>(_ buffer: inout [S]) throws { try allreduce(&buffer, .sum) }

    /// Elementwise mean over the ranks, in place: the sum, then multiplied by 1/size.
    public func allreduceAverage<S: TensorScalar>(_ buffer: inout [S]) throws {
        try allreduce(&buffer, .sum)
        guard size > 1 else { return }
        let scale = 1 / S(size)
        for i in buffer.indices { buffer[i] *= scale }
    }

    /// True on every rank when `flag` is true on at least one rank (a collective): use it to
    /// make the ranks stop together, e.g. when one of them saw an interrupt or a time limit.
    public func any(_ flag: Bool) throws -> Bool {
        guard size > 1 else { return flag }
        var b: [Double] = [flag ? 1 : 0]
        try allreduce(&b, .max)
        return b[0] > 0
    }

    /// Broadcasts one value from the root.
    public func broadcast<S: TensorScalar>(_ value: S, root: Int = 0) throws -> S {
        guard size > 1 else { return value }
        var b = [value]
        try broadcast(&b, root: root)
        return b[0]
    }

    /// Broadcasts a string from the root (e.g. a configuration file only the root read).
    public func broadcast(_ string: String, root: Int = 0) throws -> String {
        guard size > 1 else { return string }
        var bytes = Array(string.utf8)
        try broadcast(bytes: &bytes, root: root)
        return String(decoding: bytes, as: UTF8.self)
    }
}
