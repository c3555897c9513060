import ArgumentParser
import Foundation
import PINN

/// `pinn-solve run --method`.
enum SolverMethod: String, ExpressibleByArgument, CaseIterable, Sendable {
    case pinn, bsde
}

extension Run {
    /// The settings' options the Deep BSDE method takes (`--batch` is its paths per batch).
    static let bsdeKeys: Set = ["steps", "batch", "width", "depth", "learning_rate", "schedule", "precision",
                                "time_budget", "evaluate_every"]

    /// The Deep BSDE settings: the problem's defaults, then the options that apply to the method.
    func bsdeSettings(_ defaults: BSDESettings) throws -> BSDESettings {
        let o = settingsOptions
        // Every other setting given (the PINN's: phases, activation, engine, sampler, ...) is
        // refused, so a setting added to the table is refused here until the method uses it.
        let pinnOnly = o.given.map(\.key).filter { !Self.bsdeKeys.contains($0) }.map { Settings.descriptor($0)?.option ?? $0 }
            + (config != nil ? ["--config"] : []) + (plot ? ["--plot"] : [])
        if let name = pinnOnly.first {
            throw UsageError("\(name) does not apply to --method bsde (its options: --steps, --batch (paths), --width, --depth, --learning-rate, --schedule, --precision, --time-steps, --time-budget, --evaluate-every, --seed)")
        }
        var s = defaults
        if let v = o.steps { s.steps = v }
        if let v = o.batch { s.paths = v }
        if let v = o.width { s.width = v }
        if let v = o.depth { s.depth = v }
        if let v = o.learningRate { s.learningRate = v }
        if let v = o.schedule { s.schedule = v }
        if let v = o.precision { s.precision = v }
        if let v = o.timeBudget { s.timeBudget = v }
        if let v = o.evaluateEvery { s.evaluateEvery = v }
        if let v = timeSteps { s.timeSteps = v }
        if let v = compute.seed { s.seed = v }
        try s.validate()
        return s
    }

    /// `run NAME --method bsde`: the Deep BSDE method on the problem's semilinear parabolic form.
    func runBSDE(_ def: any ProblemDefinition, options: ProblemOptions, _ comm: any Communicator) throws {
        if comm.size > 1 { throw UsageError("--method bsde runs in one process (not under mpirun)") }
        guard let form = try def.make(Double.self, options: options).parabolic else {
            let names = CommandLineContext.catalog.problems.filter { (try? $0.make(Double.self, options: ProblemOptions()).parabolic) != nil }.map(\.name)
            throw UsageError("\(def.name) has no semilinear parabolic form, so --method bsde does not apply; problems with one: \(names.joined(separator: ", "))")
        }
        let settings = try bsdeSettings(form.defaults)
        switch settings.precision {
        case .f32: try executeBSDE(def.make(Float.self, options: options), settings)
        case .f64: try executeBSDE(def.make(Double.self, options: options), settings)
        }
    }

    func executeBSDE<S: TensorScalar>(_ problem: Problem<S>, _ settings: BSDESettings) throws {
        let bsde = try DeepBSDE(form: problem.parabolic!, settings: settings, name: problem.name, reference: problem.reference.point)
        var opts = RunOptions()
        opts.progress = quiet ? .silent : (log ? .log(every: 100) : .automatic)
        opts.checkpointPath = checkpoint
        opts.checkpointEvery = checkpointEvery
        opts.resumeFrom = resume
        let result: RunResult
        do {
            ProcessSignals.deferToTrainer()
            result = try bsde.train(opts)
        } catch {
            throw RunFailure(message: "\(error)")
        }
        let width = settings.width ?? problem.parabolic!.dimension + 10
        print(RunReportText.make(result, problem: problem, settings: problem.defaults)
              + "\nmethod:          Deep BSDE, \(settings.timeSteps) time steps, \(settings.paths) paths per batch, "
              + "\(settings.timeSteps - 1) networks of \(settings.depth) x \(width) (Docs/bsde.md)")
        if let path = output {
            do { try ResultWriter.write(bsde: bsde, result: result, to: path) } catch {
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
        switch result.status {
        case .failed(let message, let fix):
            throw RunFailure(message: "\(message)\n  fix: \(fix)")
        case .interrupted(let path):
            throw RunFailure(message: "training was interrupted at step \(result.steps)"
                             + (path.map { "; continue with `pinn-solve run \(problem.name) --method bsde --resume \($0)` and the same options" } ?? ""))
        default: break
        }
    }
}
