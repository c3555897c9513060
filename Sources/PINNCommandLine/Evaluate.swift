import ArgumentParser
import Foundation
import PINN

/// `pinn-solve evaluate --checkpoint FILE`: rebuilds the network of a run from its checkpoint
/// and the settings file next to it, and reports (and optionally writes) its error.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a checkpoint written by `run --checkpoint` against the problem's reference.",
        discussion: """
        The problem, --dim and settings come from FILE.json, written next to the checkpoint \
        FILE by `pinn-solve run --checkpoint FILE`. Prints the report of `run`; --output writes \
        the same NetCDF result file as `run --output` (the loss history is the checkpoint's).
        """)

    @Option(help: "A checkpoint written by `pinn-solve run --checkpoint FILE`.") var checkpoint: String
    @Option(help: "Write the results (prediction, reference, error, loss history, parameters, settings) as NetCDF.") var output: String?
    @Option(help: "Write the report as JSON (the keys of `run --summary`).") var summary: String?
    @Option(parsing: .unconditional, help: "Threads for BLAS and elementwise loops (default: all cores).") var threads: Int?

    func validate() throws { try validateThreads(threads) }

    func run() throws {
        if let t = threads { Parallel.setThreads(t) }
        try checkDistinct(outputs: [("--output", output), ("--summary", summary)],
                          inputs: [("--checkpoint", checkpoint), ("the checkpoint's settings file", CheckpointSidecar.path(for: checkpoint))])
        for (option, path) in [("--output", output), ("--summary", summary)] {
            if let path { try checkWritable(path, option: option) }
        }
        ProcessSignals.whenStopped(" during evaluate; the files being written were removed, those written before are complete")
        let sidecar = try CheckpointSidecar.read(for: checkpoint)
        let def: any ProblemDefinition
        do { def = try lookUpProblem(sidecar.problem) } catch {
            throw RunFailure(message: "checkpoint '\(checkpoint)' belongs to problem '\(sidecar.problem)', which this build of pinn-solve does not have (\(error))")
        }
        let options = ProblemOptions(dimension: sidecar.dim)
        do {
            switch sidecar.settings.precision {
            case .f32: try evaluate(def.make(Float.self, options: options), sidecar.settings)
            case .f64: try evaluate(def.make(Double.self, options: options), sidecar.settings)
            }
        } catch let e as RunFailure { throw e } catch {
            throw RunFailure(message: "cannot evaluate checkpoint '\(checkpoint)': \(error)")
        }
    }

    func evaluate<S: TensorScalar>(_ problem: Problem<S>, _ settings: Settings) throws {
        let solver = try Solver(problem: problem, settings: settings)
        let result = try solver.load(try Checkpoint<S>.read(from: checkpoint), path: checkpoint)
        print(RunReportText.make(result, problem: problem, settings: settings))
        try Outputs.write(solver: solver, result: result, settings: settings, output: output, summary: summary)
    }
}
