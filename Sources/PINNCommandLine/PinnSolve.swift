import ArgumentParser
import Foundation
import PINN

/// The whole of pinn-solve as a library: `list`, `describe`, `run`, `evaluate`, `reference`,
/// `plot`, `bench-step`, config files, checkpoints and MPI, over the problems a program gives.
/// The `pinn-solve` executable is
///
///     import PINNCommandLine
///     import Problems
///     PinnSolveCommandLine.main(problems: bundledProblems)
///
/// and a user's own package gets the same command line for its own problems with
/// `PinnSolveCommandLine.main(problems: ProblemCatalog([MyProblem()]), commandName: "my-solver")`
/// (Examples/custom-problem; Docs/defining-a-problem.md).
public enum PinnSolveCommandLine {
    /// Parses the process's arguments, runs the command and exits with its code (0 success,
    /// 1 the run failed, 2 usage error).
    public static func main(problems: ProblemCatalog, commandName: String = "pinn-solve") -> Never {
        ProcessSignals.install()   // first: a signal at any later moment ends with exit code 1
        CommandLineContext.catalog = problems
        CommandLineContext.commandName = commandName
        PinnSolve.main()
        exit(0)
    }
}

/// What the command line was started with: set once by `PinnSolveCommandLine.main`, before
/// any parsing or thread starts, and only read afterwards.
enum CommandLineContext {
    nonisolated(unsafe) static var catalog = ProblemCatalog([])
    nonisolated(unsafe) static var commandName = "pinn-solve"
}

struct PinnSolve: ParsableCommand {
    static let version = "0.1.0"

    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: CommandLineContext.commandName,
        abstract: "Solve partial differential equations with physics-informed neural networks.",
        discussion: """
        Exit codes: 0 success; 1 the run failed (divergence, interruption, a file that cannot \
        be read or written); 2 usage error (bad command line, unknown problem, bad option \
        value, bad config file). Docs/cli.md describes every command.
        """,
        version: version,
        subcommands: [List.self, Describe.self, Run.self, Evaluate.self, ReferenceCommand.self, Plot.self, BenchStep.self,
                      ProbeNetCDF.self]
    ) }

    /// Maps every error to its exit code (see `ExitStatus`) and prints its message on stderr.
    static func main() {
        BLASKernel.ensureOptimizedKernels()   // may re-execute the process, signals blocked
        ProcessSignals.open()
        do {
            try checkHelpTopic(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = ExitStatus.of(error)
            if code == .success { exit(withError: error) }   // --help, --version
            writeStandardError(ErrorText.line(for: error) + "\n")
            Foundation.exit(code.rawValue)
        }
    }
}

/// `pinn-solve help NAME` for a NAME that is no command: a usage error (ArgumentParser would
/// print the general help and exit 0).
func checkHelpTopic(_ args: [String]) throws {
    guard args.first == "help", let topic = args.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return }
    let names = PinnSolve.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName } + ["help"]
    guard names.contains(topic) else {
        throw UsageError("no command '\(topic)' to describe; the commands are \(names.dropLast().joined(separator: ", "))")
    }
}

/// The exit codes: 0 success, 1 the run failed, 2 usage error.
enum ExitStatus: Int32 {
    case success = 0, runFailed = 1, usage = 2

    static func of(_ error: Error) -> ExitStatus {
        if error is RunFailure { return .runFailed }
        if error is SettingsError || error is ConfigError || error is UsageError { return .usage }
        let code = PinnSolve.exitCode(for: error)
        if code == .success { return .success }
        // ArgumentParser's own errors (unknown option, bad value, ValidationError) are
        // usage errors; anything else that escaped a command is a failed run.
        if code == .validationFailure { return .usage }
        return .runFailed
    }
}

/// A run that started but could not finish, or a file that cannot be read or written:
/// exit code 1.
struct RunFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A request the command cannot satisfy as asked (e.g. a grid for a problem whose reference
/// has none): exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Options every command that computes shares.
struct ComputeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Threads for BLAS and elementwise loops (default: all cores).")
    var threads: Int?

    @Option(parsing: .unconditional, help: .setting("seed"), transform: parseSeed)
    var seed: UInt64?

    func validate() throws { try validateThreads(threads) }

    func apply() { if let t = threads { Parallel.setThreads(t) } }
}

/// The range of --threads: 1 to 1,024.
let threadLimit = 1...1024

func validateThreads(_ t: Int?) throws {
    if let t, !threadLimit.contains(t) {
        throw ValidationError("--threads must be in \(threadLimit.lowerBound)...\(threadLimit.upperBound), got \(t)")
    }
}

/// --seed: an integer in 0 ... 2^64 - 1, with the range in the message.
func parseSeed(_ text: String) throws -> UInt64 {
    guard let v = UInt64(text) else {
        throw ValidationError("--seed must be an integer in 0...\(UInt64.max), got '\(text)'")
    }
    return v
}

// The enumerated settings: parsed by ArgumentParser, applied as their names (`SettingArgument`).
extension Activation: ExpressibleByArgument, SettingArgument {}
extension DerivativeEngine: ExpressibleByArgument, SettingArgument {}
extension NetworkArchitecture: ExpressibleByArgument, SettingArgument {}
extension Settings.Precision: ExpressibleByArgument, SettingArgument {}
extension LaplacianEstimator: ExpressibleByArgument, SettingArgument {}
extension ScheduleKind: ExpressibleByArgument, SettingArgument {}
extension PointSampler: ExpressibleByArgument, SettingArgument {}
extension AdaptiveMethod: ExpressibleByArgument, SettingArgument {}
typealias Precision = Settings.Precision
