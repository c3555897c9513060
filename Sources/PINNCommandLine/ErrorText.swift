import ArgumentParser
import Foundation
import PINN

/// The text an error is reported with on standard error: "Error: MESSAGE", and under an MPI
/// launcher "Error: rank R of N: MESSAGE", so that the lines of a job's ranks can be told
/// apart and still start with `Error:` (`Communicator.abort` writes the same form).
enum ErrorText {
    /// The message without the "Error: " prefix: a `RunFailure`'s text, or ArgumentParser's
    /// full message (with the usage line for a usage error).
    static func message(for error: Error) -> String {
        if error is RunFailure { return "\(error)" }
        let full = PinnSolve.fullMessage(for: error)
        return full.hasPrefix("Error: ") ? String(full.dropFirst("Error: ".count)) : full
    }

    /// The whole text to print for `error`, rank included under an MPI launcher.
    static func line(for error: Error, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let where_ = Communicators.launcherRank(environment: environment).map { "rank \($0.rank) of \($0.size): " } ?? ""
        return "Error: " + where_ + message(for: error)
    }
}
