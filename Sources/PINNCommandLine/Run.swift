import ArgumentParser
import Foundation
import PINN

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a network on a bundled problem and report its error against the reference.",
        discussion: """
        Settings come from the problem's defaults, then --config FILE (TOML, or JSON when the \
        name ends in .json, with the options' names in snake_case: width = 64, phases = \
        "adam:5000,lbfgs:500", ...), then the options. --checkpoint FILE also writes FILE.json \
        (problem, --dim and settings), which `pinn-solve evaluate` and --resume read.
        """)

    @Argument(help: "The problem name (see `pinn-solve list`).")
    var problem: String

    @Option(parsing: .unconditional, help: "Space dimension, for problems posed in any dimension.") var dim: Int?
    @Option(help: "pinn: a network for u everywhere; bsde: the Deep BSDE method, u at the reported point only (semilinear parabolic problems; Docs/bsde.md).") var method: SolverMethod = .pinn
    @Option(parsing: .unconditional, help: "Deep BSDE: Euler time steps (default: the problem's).") var timeSteps: Int?
    @OptionGroup var settingsOptions: SettingsOptions
    @OptionGroup var compute: ComputeOptions
    @Option(help: "Settings file (TOML or JSON); options override it.") var config: String?
    @Option(help: "Write the results (prediction, reference, error, loss history, parameters, settings) as NetCDF.") var output: String?
    @Option(help: "Write a checkpoint (and its settings as FILE.json) here at the end, on SIGINT/SIGTERM, and every --checkpoint-every steps.") var checkpoint: String?
    @Option(parsing: .unconditional, help: "Steps between periodic checkpoints (0: none).") var checkpointEvery: Int = 0
    @Option(help: "Resume from this checkpoint (same problem and settings).") var resume: String?
    @Option(help: "Write the final report as JSON.") var summary: String?
    @Flag(help: "Draw the results as PNG next to --output (see `pinn-solve plot`).") var plot = false
    @Flag(help: "Plain log lines instead of a live progress line.") var log = false
    @Flag(help: "No progress output, only the final report.") var quiet = false

    func validate() throws {
        if checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be >= 0, got \(checkpointEvery)") }
        if checkpointEvery > 0 && checkpoint == nil { throw ValidationError("--checkpoint-every needs --checkpoint FILE") }
        if let d = dim, d < 1 { throw ValidationError("--dim must be at least 1, got \(d)") }
        if plot && output == nil { throw ValidationError("--plot needs --output FILE.nc (the pictures are drawn from it)") }
    }

    func run() throws {
        compute.apply()
        // Under mpirun: data-parallel over the ranks; otherwise one process, MPI untouched.
        let comm = try Communicators.start()
        do { try runOn(comm) } catch {
            if comm.size > 1 {
                comm.abort(message: "pinn-solve (rank \(comm.rank)): \(error)", code: error is RunFailure ? 1 : 2)
            }
            throw error
        }
        try comm.finalize()
    }

    func runOn(_ comm: any Communicator) throws {
        let def = try lookUpProblem(problem)
        // Every output apart from every other and from every input (a checkpoint may be resumed
        // and written again), before anything is written.
        try checkDistinct(
            outputs: [("--output", output), ("--summary", summary), ("--checkpoint", checkpoint),
                      ("the checkpoint's settings file", checkpoint.map(CheckpointSidecar.path(for:)))],
            inputs: [("--config", config), ("--resume", resume),
                     ("the resumed checkpoint's settings file", resume.map(CheckpointSidecar.path(for:)))],
            allowed: [["--checkpoint", "--resume"], ["the checkpoint's settings file", "the resumed checkpoint's settings file"]])
        for (option, path) in [("--output", output), ("--summary", summary), ("--checkpoint", checkpoint)] {
            if let path { try checkWritable(path, option: option) }
        }
        let options = ProblemOptions(dimension: dim)
        if method == .bsde { return try runBSDE(def, options: options, comm) }
        if timeSteps != nil { throw UsageError("--time-steps applies to --method bsde only") }
        var settings = try def.make(Double.self, options: options).defaults
        if let c = config { settings = try ConfigFile.apply(path: c, to: settings) }
        settings = try settingsOptions.apply(to: settings, seed: compute.seed)
        if let r = resume, let sidecar = try CheckpointSidecar.readIfPresent(for: r), sidecar.problem != def.name {
            throw UsageError("checkpoint '\(r)' belongs to a run of '\(sidecar.problem)' (see \(CheckpointSidecar.path(for: r))), not '\(def.name)'; resume it with `pinn-solve run \(sidecar.problem) --resume \(r)`")
        }
        if let c = checkpoint, comm.isRoot {
            do { try CheckpointSidecar(problem: def.name, dimension: dim, settings: settings).write(for: c) } catch {
                throw RunFailure(message: "could not write \(CheckpointSidecar.path(for: c)): \(error)")
            }
        }
        switch settings.precision {
        case .f32: try execute(def.make(Float.self, options: options), settings, comm)
        case .f64: try execute(def.make(Double.self, options: options), settings, comm)
        }
    }

    func execute<S: TensorScalar>(_ problem: Problem<S>, _ settings: Settings, _ comm: any Communicator) throws {
        let solver = try Solver(problem: problem, settings: settings)
        var opts = RunOptions()
        opts.progress = quiet ? .silent : (log ? .log(every: 100) : .automatic)
        opts.checkpointPath = checkpoint
        opts.checkpointEvery = checkpointEvery
        opts.resumeFrom = resume
        opts.communicator = comm
        if checkpoint != nil { InterruptFlag.installSignalHandlers() }
        let result: RunResult
        do { result = try solver.train(opts) } catch {
            throw RunFailure(message: "\(error)")
        }
        guard comm.isRoot else { return }   // only rank 0 reports and writes files
        print(RunReportText.make(result, problem: problem, settings: settings)
              + (comm.size > 1 ? "\nprocesses:       \(comm.size) (data-parallel over MPI)" : "")
              + (result.reductions.map { String(format: "\nallreduce:       %d calls, %.3f ms per call, %.1f%% of the run", $0.calls, 1000 * $0.seconds / Double(Swift.max($0.calls, 1)), 100 * $0.seconds / Swift.max(result.wallSeconds, 1e-9)) } ?? ""))
        try Outputs.write(solver: solver, result: result, settings: settings, output: output, summary: summary)
        if plot, let path = output {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                for png in try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir) { print("wrote \(png)") }
            } catch { throw RunFailure(message: "could not plot \(path): \(error)") }
        }
        switch result.status {
        case .failed(let message, let fix):
            throw RunFailure(message: "\(message)\n  fix: \(fix)")
        case .interrupted(let path):
            throw RunFailure(message: "training was interrupted at step \(result.steps)"
                             + (path.map { "; continue with `pinn-solve run \(problem.name) --resume \($0)` and the same options" } ?? ""))
        default: break
        }
    }
}

/// The NetCDF result file and the JSON summary that `run` and `evaluate` write.
enum Outputs {
    static func write<S: TensorScalar>(solver: Solver<S>, result: RunResult, settings: Settings,
                                       output: String?, summary: String?) throws {
        if let path = output {
            do { try ResultWriter.write(solver: solver, result: result, settings: settings, to: path) } catch {
                throw RunFailure(message: "could not write \(path): \(error)")
            }
            print("wrote \(path)")
        }
        if let path = summary {
            do { try RunSummary(result).write(to: path) } catch {
                throw RunFailure(message: "could not write \(path): \(error)")
            }
            print("wrote \(path)")
        }
    }
}
