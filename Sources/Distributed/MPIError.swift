/// A failure reported by an MPI call (the communicator installs MPI_ERRORS_RETURN, so MPI
/// returns error codes instead of ending the process), or a disagreement between ranks
/// found before a collective.
public enum MPIError: Error, CustomStringConvertible, Equatable {
    /// `operation` (e.g. "MPI_Allreduce") returned `code`; `text` is MPI_Error_string's.
    case call(operation: String, code: Int32, text: String)
    /// MPI_Init_thread gave a lower thread level than the engine needs.
    case threadLevel(provided: Int32, required: Int32)
    /// The ranks disagree on something that must be equal (tensor count, shapes).
    case mismatch(String)

    public var description: String {
        switch self {
        case .call(let operation, let code, let text):
            return "\(operation) failed with MPI error \(code): \(text)"
        case .threadLevel(let provided, let required):
            return "MPI_Init_thread provided thread level \(provided), but \(required) (MPI_THREAD_SERIALIZED) is needed; use an MPI built with thread support"
        case .mismatch(let what):
            return "the ranks disagree: \(what); every rank must run the same program with the same settings"
        }
    }
}
