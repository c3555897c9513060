/// Why a checkpoint could not be written, read or used. Each message names the file or
/// value, what was expected, and what to do.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case notACheckpoint(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    case precisionMismatch(path: String, found: String, expected: String)
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    case corrupted(path: String)
    case incompatibleState(String)
    case parameterMismatch(String)

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "cannot access checkpoint '\(path)': \(reason)"
        case .notACheckpoint(let path):
            return "'\(path)' is not a pinn-solve checkpoint (its first bytes are not the magic 'PINNCKPT'); pass a file written by --checkpoint"
        case .unsupportedVersion(let path, let found, let supported):
            return "checkpoint '\(path)' has format version \(found), this build reads version \(supported); resume with the version that wrote it or start a fresh run"
        case .precisionMismatch(let path, let found, let expected):
            return "checkpoint '\(path)' holds \(found) parameters but the run uses \(expected); resume with the same --precision"
        case .truncated(let path, let expected, let found):
            return "checkpoint '\(path)' is truncated: expected \(expected) bytes, found \(found) (the write was interrupted?); use an earlier checkpoint or start a fresh run"
        case .corrupted(let path):
            return "checkpoint '\(path)' fails its checksum (the file was modified or damaged); use an earlier checkpoint or start a fresh run"
        case .incompatibleState(let message):
            return "checkpoint does not fit this run: \(message); resume with the same settings that wrote it"
        case .parameterMismatch(let message):
            return "checkpoint parameters do not fit this network: \(message); resume with the same network architecture"
        }
    }
}
