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
        (problem, --dim, settings and the checkpoint's checksum), which `pinn-solve evaluate` and \
        --resume read. --resume refuses settings other than the checkpoint's, except \
        --evaluate-every, --time-budget and phases appended to the checkpoint's.
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
                // "Error: rank R of N: MESSAGE", as every error under MPI (ErrorText).
                comm.abort(message: ErrorText.message(for: error), code: ExitStatus.of(error).rawValue)
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
        for (option, path) in [("--output", output), ("--summary", summary), ("--checkpoint", checkpoint),
                               ("the checkpoint's settings file", checkpoint.map(CheckpointSidecar.path(for:)))] {
            if let path { try checkWritable(path, option: option) }
        }
        // Only now that the paths are known to be safe may a signal write the summary.
        ProcessSignals.whenStopped(" before training started; no checkpoint or result file was written"
                                   + (summary.map { "; \($0) records the interruption" } ?? ""),
                                   summary: RunSummary(problem: def.name, status: "interrupted before training started"),
                                   at: comm.isRoot ? summary : nil)
        let options = ProblemOptions(dimension: dim)
        if method == .bsde { return try runBSDE(def, options: options, comm) }
        if timeSteps != nil { throw UsageError("--time-steps applies to --method bsde only") }
        var settings = try def.make(Double.self, options: options).defaults
        if let c = config { settings = try ConfigFile.apply(path: c, to: settings) }
        settings = try settingsOptions.apply(to: settings, seed: compute.seed)
        // A checkpoint without its settings file cannot be checked, and is refused.
        if let r = resume {
            try ResumeCheck.check(try CheckpointSidecar.read(for: r), checkpoint: r, problem: def, dimension: dim, settings: settings)
        }
        switch settings.precision {
        case .f32: try execute(def.make(Float.self, options: options), settings, comm, catalogueName: def.name)
        case .f64: try execute(def.make(Double.self, options: options), settings, comm, catalogueName: def.name)
        }
    }

    func execute<S: TensorScalar>(_ problem: Problem<S>, _ settings: Settings, _ comm: any Communicator,
                                  catalogueName: String) throws {
        let solver = try Solver(problem: problem, settings: settings)
        var opts = RunOptions()
        opts.progress = quiet ? .silent : (log ? .log(every: 100) : .automatic)
        opts.checkpointPath = checkpoint
        opts.checkpointEvery = checkpointEvery
        opts.resumeFrom = resume
        // The settings file goes after each checkpoint it describes (with the checkpoint's
        // checksum), so an interrupted run has one too; only rank 0 writes checkpoints.
        let (name, dimension) = (catalogueName, dim)
        opts.checkpointWritten = { path, checksum in
            do {
                try CheckpointSidecar(problem: name, dimension: dimension, settings: settings, checkpointChecksum: checksum).write(for: path)
            } catch {
                throw RunFailure(message: "could not write \(CheckpointSidecar.path(for: path)): \(error)")
            }
        }
        opts.communicator = comm
        if comm.isRoot, let summary {
            // Should a second signal end the process while it stops, the summary it leaves
            // gives the steps and loss of at most half a second before.
            var updated = -Double.infinity
            opts.observer = { row in
                guard row.wallTime - updated >= 0.5 else { return }
                updated = row.wallTime
                var s = RunSummary(problem: problem.name, status: "interrupted")
                s.settings = settings
                s.steps = row.step + 1; s.wall_seconds = row.wallTime
                s.steps_per_second = row.wallTime > 0 ? Double(row.step + 1) / row.wallTime : 0
                s.final_loss = row.loss.isFinite ? row.loss : nil
                ProcessSignals.whenStopped(ProcessSignals.stoppingExplanation + "; \(summary) records the interruption",
                                           summary: s, at: summary)
            }
        }
        try solver.checkOptions(opts)
        var result: RunResult
        do {
            // The reference first (a spectral solve can take a while): a signal stops it at once.
            _ = try solver.referenceSolution()
            ProcessSignals.deferToTrainer()
            result = try solver.train(opts)
        } catch {
            throw RunFailure(message: "\(error)")
        }
        Self.noteInterruption(&result, checkpoint: checkpoint)
        guard comm.isRoot else {
            // Only rank 0 reports and writes files; the others end with the run's exit code.
            switch result.status {
            case .interrupted:
                throw RunFailure(message: "interrupted at step \(result.steps); rank 0 reports the run")
            case .failed:
                throw RunFailure(message: "the run failed at step \(result.steps); rank 0 reports why")
            default: return
            }
        }
        // Should a second signal end the process while the files are written, the summary says so.
        ProcessSignals.whenStopped(" a second time, while the run was writing its files; the files being written were removed, those written before are complete"
                                   + (summary.map { "; \($0) records the interruption" } ?? ""),
                                   summary: RunSummary(Self.interrupted(result, checkpoint: nil), settings: settings), at: summary)
        print(RunReportText.make(result, problem: problem, settings: settings)
              + (comm.size > 1 ? "\nprocesses:       \(comm.size) (data-parallel over MPI)" : "")
              + (result.reductions.map { String(format: "\nallreduce:       %d calls, %.3f ms per call, %.1f%% of the run", $0.calls, 1000 * $0.seconds / Double(Swift.max($0.calls, 1)), 100 * $0.seconds / Swift.max(result.wallSeconds, 1e-9)) } ?? ""))
        try Outputs.write(solver: solver, result: result, settings: settings, output: output, summary: summary,
                          checkpoint: checkpoint)
        if plot, let path = output {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                for png in try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir) { print("wrote \(png)") }
            } catch { throw RunFailure(message: "could not plot \(path): \(error)") }
        }
        Self.noteInterruption(&result, checkpoint: checkpoint)
        switch result.status {
        case .failed(let message, let fix):
            throw RunFailure(message: "\(message)\n  fix: \(fix)")
        case .interrupted(let path):
            let written = [output, summary].compactMap { $0 }
            throw RunFailure(message: "interrupted by \(ProcessSignals.signalName) at step \(result.steps); "
                             + (path.map { "the checkpoint \($0) is complete: continue with `pinn-solve run \(problem.name) --resume \($0)` and the same options" }
                                ?? "no checkpoint was written (--checkpoint FILE keeps one to resume from)")
                             + (written.isEmpty ? "" : "; wrote \(written.joined(separator: " and ")) (status interrupted)"))
        default: break
        }
    }

    /// A signal that came after the Trainer's last check (during the final evaluation or the
    /// writes) still makes the run interrupted; its checkpoint, written at the end, is complete.
    static func noteInterruption(_ result: inout RunResult, checkpoint: String?) {
        if InterruptFlag.process.isRaised { result = interrupted(result, checkpoint: checkpoint) }
    }

    /// `result` with the status "interrupted", unless it failed (the failure says more).
    static func interrupted(_ result: RunResult, checkpoint: String?) -> RunResult {
        var r = result
        switch r.status {
        case .failed, .interrupted: break
        default: r.status = .interrupted(checkpoint: checkpoint)
        }
        return r
    }
}

/// The NetCDF result file and the JSON summary that `run` and `evaluate` write.
enum Outputs {
    static func write<S: TensorScalar>(solver: Solver<S>, result: RunResult, settings: Settings,
                                       output: String?, summary: String?, checkpoint: String? = nil) throws {
        var result = result
        Run.noteInterruption(&result, checkpoint: checkpoint)
        if let path = output {
            do { try ResultWriter.write(solver: solver, result: result, settings: settings, to: path) } catch {
                throw RunFailure(message: "could not write \(path): \(error)")
            }
            print("wrote \(path)")
        }
        if let path = summary {
            Run.noteInterruption(&result, checkpoint: checkpoint)
            do { try RunSummary(result, settings: settings).write(to: path) } catch {
                throw RunFailure(message: "could not write \(path): \(error)")
            }
            print("wrote \(path)")
        }
    }
}
