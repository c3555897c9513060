import ArgumentParser
import Foundation
import PINN
import Problems

@main
struct PinnSolve: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "pinn-solve",
        abstract: "Solve partial differential equations with physics-informed neural networks.",
        discussion: """
        Exit codes: 0 success, 1 the run failed (divergence, unreadable file), 2 usage error.
        """,
        version: version,
        subcommands: [List.self, Describe.self, Run.self, Plot.self, BenchStep.self]
    )

    /// Exit codes: 0 success, 1 the run failed, 2 usage error (bad command line, unknown
    /// problem, bad option value or config file).
    static func main() {
        BLASKernel.ensureOptimizedKernels()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as RunFailure {
            FileHandle.standardError.write(Data("pinn-solve: error: \(failure.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            if code == .validationFailure || error is SettingsError || error is ConfigError {
                Foundation.exit(2)
            }
            Foundation.exit(code == .failure ? 1 : code.rawValue)
        }
    }
}

/// A run that started but could not finish: exit code 1.
struct RunFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Options every command that computes shares.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Threads for BLAS and elementwise loops (default: all cores).")
    var threads: Int?

    @Option(help: "Random seed.")
    var seed: UInt64?

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
    }

    func apply() { if let t = threads { Parallel.setThreads(t) } }
}

extension Activation: ExpressibleByArgument {}
extension DerivativeEngine: ExpressibleByArgument {}
extension Settings.Precision: ExpressibleByArgument {}
extension Settings.Estimator: ExpressibleByArgument {}
extension Settings.Schedule: ExpressibleByArgument {}
typealias Precision = Settings.Precision
