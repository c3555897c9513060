import Autodiff
import CMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MPI_COMM_WORLD as a `Communicator`. Make it with `MPICommunicator.world()` (or let
/// `Communicators.start()` decide whether to use MPI at all).
///
/// MPI is initialised with MPI_Init_thread at MPI_THREAD_SERIALIZED: only one thread calls
/// MPI at a time (the training loop's), while the compute kernels use their own threads.
/// The world communicator's error handler is MPI_ERRORS_RETURN, so every failed call
/// becomes an `MPIError` with MPI_Error_string's text. Started without `mpirun`, MPI makes
/// a singleton job of size 1.
///
/// Buffers longer than 2^30 elements are reduced in chunks (MPI counts are 32-bit).
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    /// MPI_Get_library_version's first line, e.g. "Open MPI v4.1.4, ...".
    public let library: String

    private init(rank: Int, size: Int, library: String) {
        self.rank = rank; self.size = size; self.library = library
    }

    public var description: String { "MPI rank \(rank) of \(size) (\(library))" }

    // MARK: Start-up and shut-down

    /// The world communicator, initialising MPI on the first call (later calls return the
    /// same communicator). Throws when MPI cannot start or has been finalised.
    public static func world() throws -> MPICommunicator {
        try MPIRuntime.state.withLock { state in
            if let w = state.world { return w }
            if state.finalized {
                throw MPIError.call(operation: "MPI_Init_thread", code: 0,
                                    text: "MPI was already finalised in this process and cannot be started again")
            }
            var initialized: Int32 = 0
            try check(MPI_Initialized(&initialized), "MPI_Initialized")
            if initialized == 0 {
                var provided: Int32 = 0
                try check(MPI_Init_thread(nil, nil, pinn_mpi_thread_serialized(), &provided), "MPI_Init_thread")
                guard provided >= pinn_mpi_thread_serialized() else {
                    throw MPIError.threadLevel(provided: provided, required: pinn_mpi_thread_serialized())
                }
            }
            try check(MPI_Comm_set_errhandler(pinn_mpi_comm_world(), pinn_mpi_errors_return()), "MPI_Comm_set_errhandler")
            var r: Int32 = 0, n: Int32 = 0
            try check(MPI_Comm_rank(pinn_mpi_comm_world(), &r), "MPI_Comm_rank")
            try check(MPI_Comm_size(pinn_mpi_comm_world(), &n), "MPI_Comm_size")
            let w = MPICommunicator(rank: Int(r), size: Int(n), library: libraryVersion())
            state.world = w
            return w
        }
    }

    public func finalize() throws {
        try MPIRuntime.state.withLock { state in
            guard !state.finalized else { return }
            var done: Int32 = 0
            try Self.check(MPI_Finalized(&done), "MPI_Finalized")
            if done == 0 { try Self.check(MPI_Finalize(), "MPI_Finalize") }
            state.finalized = true
            state.world = nil
        }
    }

    public func abort(message: String, code: Int32) -> Never {
        writeErrorLine("Error: rank \(rank) of \(size): \(message)")
        _ = MPI_Abort(pinn_mpi_comm_world(), code == 0 ? 1 : code)
        exit(code == 0 ? 1 : code)   // not reached: MPI_Abort does not return
    }

    // MARK: Collectives

    public func allreduce<S: TensorScalar>(_ buffer: inout [S], _ operation: ReductionOperation) throws {
        let op: MPI_Op
        switch operation {
        case .sum: op = pinn_mpi_sum()
        case .max: op = pinn_mpi_max()
        case .min: op = pinn_mpi_min()
        }
        let type = Self.datatype(S.self)
        try buffer.withUnsafeMutableBufferPointer { p in
            try Self.chunks(p.count) { range in
                try Self.check(pinn_mpi_allreduce_in_place(p.baseAddress! + range.lowerBound, Int32(range.count), type, op,
                                                           pinn_mpi_comm_world()), "MPI_Allreduce")
            }
        }
    }

    public func broadcast<S: TensorScalar>(_ buffer: inout [S], root: Int) throws {
        require(root >= 0 && root < size, "MPICommunicator.broadcast: root \(root) is not in 0..<\(size)")
        let type = Self.datatype(S.self)
        try buffer.withUnsafeMutableBufferPointer { p in
            try Self.chunks(p.count) { range in
                try Self.check(MPI_Bcast(p.baseAddress! + range.lowerBound, Int32(range.count), type, Int32(root),
                                         pinn_mpi_comm_world()), "MPI_Bcast")
            }
        }
    }

    public func broadcast(bytes: inout [UInt8], root: Int) throws {
        require(root >= 0 && root < size, "MPICommunicator.broadcast: root \(root) is not in 0..<\(size)")
        var length: [Double] = [Double(bytes.count)]
        try broadcast(&length, root: root)
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(length[0])) }
        try bytes.withUnsafeMutableBufferPointer { p in
            try Self.chunks(p.count) { range in
                try Self.check(MPI_Bcast(p.baseAddress! + range.lowerBound, Int32(range.count), pinn_mpi_byte(),
                                         Int32(root), pinn_mpi_comm_world()), "MPI_Bcast")
            }
        }
    }

    public func barrier() throws {
        try Self.check(MPI_Barrier(pinn_mpi_comm_world()), "MPI_Barrier")
    }

    // MARK: Helpers

    static func datatype<S: TensorScalar>(_: S.Type) -> MPI_Datatype {
        if S.self == Double.self { return pinn_mpi_double() }
        require(S.self == Float.self, "MPICommunicator: no MPI datatype for \(S.self)")
        return pinn_mpi_float()
    }

    /// Calls `body` on consecutive index ranges of at most 2^30 elements (none when n = 0).
    static func chunks(_ n: Int, _ body: (Range<Int>) throws -> Void) rethrows {
        let chunk = 1 << 30
        var start = 0
        while start < n {
            let end = Swift.min(n, start + chunk)
            try body(start..<end)
            start = end
        }
    }

    /// Throws an `MPIError` with MPI_Error_string's text unless `code` is MPI_SUCCESS.
    static func check(_ code: Int32, _ operation: String) throws {
        guard code != pinn_mpi_success() else { return }
        throw MPIError.call(operation: operation, code: code, text: errorString(code))
    }

    static func errorString(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(pinn_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(code, &buffer, &length) == pinn_mpi_success() else { return "unknown MPI error" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func libraryVersion() -> String {
        var buffer = [CChar](repeating: 0, count: 8192)
        var length: Int32 = 0
        guard MPI_Get_library_version(&buffer, &length) == pinn_mpi_success() else { return "MPI" }
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let first = text.split(separator: "\n").first.map(String.init) ?? "MPI"
        return first.split(separator: ",").first.map { String($0).trimmingCharacters() } ?? first
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " || $0 == "\0" }.reversed())
    }
}
