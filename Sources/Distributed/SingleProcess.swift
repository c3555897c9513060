import Autodiff
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The communicator of a run without MPI: rank 0 of 1. Reductions and broadcasts leave
/// their buffers unchanged, the barrier returns at once, and `abort` prints the message and
/// exits. MPI is never initialised, so a run without `mpirun` behaves exactly as a program
/// that does not link the Distributed module.
public struct SingleProcess: Communicator {
    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }
    public var description: String { "single process" }

    public func allreduce<S: TensorScalar>(_ buffer: inout [S], _ operation: ReductionOperation) throws {}
    public func broadcast<S: TensorScalar>(_ buffer: inout [S], root: Int) throws {
        require(root == 0, "SingleProcess.broadcast: root \(root) is not a rank of a single process")
    }
    public func broadcast(bytes: inout [UInt8], root: Int) throws {
        require(root == 0, "SingleProcess.broadcast: root \(root) is not a rank of a single process")
    }
    public func barrier() throws {}

    public func abort(message: String, code: Int32) -> Never {
        writeErrorLine("Error: \(message)")
        exit(code)
    }

    public func finalize() throws {}
}
