import ArgumentParser
import PINN

@main
struct PinnSolve: ParsableCommand {
    static let version = "0.1.0"

    static func main() {
        BLASKernel.ensureOptimizedKernels()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "pinn-solve",
        abstract: "Solve partial differential equations with physics-informed neural networks.",
        version: version,
        subcommands: [List.self, BenchStep.self, Plot.self]
    )
}

/// Options every command that computes shares.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Threads for BLAS and elementwise loops (default: all cores).")
    var threads: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
    }

    func apply() { if let t = threads { Parallel.setThreads(t) } }
}

enum Precision: String, ExpressibleByArgument, CaseIterable {
    case f32, f64
}

extension Activation: ExpressibleByArgument {}
extension DerivativeEngine: ExpressibleByArgument {}
