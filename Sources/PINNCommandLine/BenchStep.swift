import ArgumentParser
import Foundation
import BenchSteps
import PINN

/// `pinn-solve bench-step`: times the training step peers are compared on (see
/// ../shared/peers/jax_pinn_bench.py and Docs/benchmarks.md).
struct BenchStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-step",
        abstract: "Time one PINN training step (the step peers are compared on).",
        discussion: """
        heat: an MLP u(t, x) with input D+1, L hidden layers of W tanh units (Glorot uniform, zero \
        biases) and a linear output; N interior points (t in [0,1], x in [-1,1]^D) and N/4 initial \
        points drawn once; S Adam steps (lr 1e-3) of mean(r^2) + mean(b^2) with r = u_t - 0.5 Lap_x u \
        and b = u(0, x) - |x|^2/D, after one warm-up step. Prints the median seconds per step and, \
        last, `steps/s: <number>`. With --architecture deep-sets the network is the deep-sets network \
        over x_1 ... x_D (--pool-features tanh units per coordinate, summed, then L layers of W on \
        (t, sums)), as heat-nd and the high-dimensional problems use it.

        allen-cahn-ball: the whole training step of the ball problem (Docs/problems-ball.md): N fresh \
        radius-uniform points of the unit ball of R^D, the closed-form source of the two-body solution, \
        u = (1 - |x|^2) MLP(x) with the exact Laplacian (taylor, nested) or D/k times k sampled second \
        derivatives (stochastic, k = --directions), loss mean((Lap u + u - u^3 - f)^2), one Adam step.
        """)

    enum BenchProblem: String, ExpressibleByArgument, CaseIterable { case heat
        case allenCahnBall = "allen-cahn-ball" }
    /// The engine of the timed step: a `DerivativeEngine` with the exact Laplacian, or
    /// `stochastic`, the Taylor engine with the sampled Laplacian of k = --directions
    /// coordinates (`LaplacianEstimator.sampled`). The one place the three names meet the two
    /// types.
    enum Engine: RawRepresentable, ExpressibleByArgument, CaseIterable, Equatable {
        case exact(DerivativeEngine)
        case stochastic

        static var allCases: [Engine] { DerivativeEngine.allCases.map(Engine.exact) + [.stochastic] }
        init?(rawValue: String) {
            if rawValue == "stochastic" { self = .stochastic } else if let e = DerivativeEngine(rawValue: rawValue) { self = .exact(e) } else { return nil }
        }
        var rawValue: String {
            switch self {
            case .exact(let e): e.rawValue
            case .stochastic: "stochastic"
            }
        }
        /// The engine that computes the derivatives.
        var derivativeEngine: DerivativeEngine { if case .exact(let e) = self { e } else { .taylor } }
        /// How the Laplacian is computed.
        var estimator: LaplacianEstimator { self == .stochastic ? .sampled : .exact }
    }

    @Option(help: "The benchmark problem (\(BenchProblem.allCases.map(\.rawValue).joined(separator: ", "))).")
    var problem: BenchProblem = .heat
    @Option(parsing: .unconditional, help: "Space dimension D.") var dim: Int = 100
    @Option(parsing: .unconditional, help: "Hidden width W.") var width: Int = 128
    @Option(parsing: .unconditional, help: "Hidden layers L.") var depth: Int = 4
    @Option(parsing: .unconditional, help: "Interior points N.") var batch: Int = 256
    @Option(help: "f32 or f64.") var precision: Precision = .f32
    @Option(help: "Derivative engine (\(Engine.allCases.map(\.rawValue).joined(separator: ", "))).") var engine: Engine = .exact(.taylor)
    @Option(parsing: .unconditional, help: "Random directions for the stochastic engine.") var directions: Int = 16
    @Option(parsing: .unconditional, help: "Timed steps.") var steps: Int = 20
    @Option(help: "Network for heat: mlp or deep-sets.") var architecture: NetworkArchitecture = .mlp
    @Option(parsing: .unconditional, help: "Features per coordinate of the deep-sets network.") var poolFeatures: Int = 16
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        for (name, v) in [("--dim", dim), ("--width", width), ("--depth", depth), ("--steps", steps), ("--directions", directions),
                          ("--pool-features", poolFeatures)] where v < 1 {
            throw ValidationError("\(name) must be at least 1, got \(v)")
        }
        if batch < 4 { throw ValidationError("--batch must be at least 4 (N/4 initial points), got \(batch)") }
        if dim > ProblemOptions.maximumDimension {
            throw ValidationError("--dim must be at most \(ProblemOptions.maximumDimension), got \(dim)")
        }
        if steps > 1_000_000 { throw ValidationError("--steps must be at most 1000000, got \(steps)") }
        if architecture == .deepSets {
            if problem != .heat { throw ValidationError("--architecture deep-sets is for --problem heat only") }
            if dim < 2 { throw ValidationError("--architecture deep-sets needs --dim of at least 2 (coordinates to pool), got \(dim)") }
        }
        // The same ranges and memory check as a run of this size.
        var s = Settings()
        s.width = width; s.depth = depth; s.batch = batch; s.directions = directions; s.precision = precision
        s.estimator = engine.estimator
        s.architecture = architecture; s.poolFeatures = poolFeatures
        do {
            try s.validate()
            try s.checkMemory(inputDimension: dim + 1, outputs: 1, conditionPoints: batch / 4)
        } catch let e as SettingsError { throw ValidationError(e.description) }
    }

    func run() throws {
        compute.apply()
        ProcessSignals.whenStopped(" during bench-step; nothing was written")
        switch precision {
        case .f32: try runTyped(Float.self)
        case .f64: try runTyped(Double.self)
        }
    }

    func runTyped<S: TensorScalar>(_: S.Type) throws {
        let step: () -> S
        switch problem {
        case .heat:
            let bench = HeatBenchStep<S>(dim: dim, width: width, depth: depth, batch: batch, seed: compute.seed ?? 0,
                                         engine: engine.derivativeEngine,
                                         stochasticDirections: engine == .stochastic ? directions : nil,
                                         architecture: architecture, poolFeatures: poolFeatures)
            step = { bench.step() }
        case .allenCahnBall:
            if dim < 2 { throw ValidationError("--dim must be at least 2 for allen-cahn-ball, got \(dim)") }
            let bench = BallBenchStep<S>(dim: dim, width: width, depth: depth, batch: batch, seed: compute.seed ?? 0,
                                         engine: engine.derivativeEngine,
                                         sampledCoordinates: engine == .stochastic ? directions : nil)
            step = { bench.step() }
        }
        var times: [Double] = []
        var loss = step()
        for _ in 0..<steps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            loss = step()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        times.sort()
        let median = times[times.count / 2]
        print("problem: \(problem.rawValue)  architecture: \(architecture.rawValue)  dim: \(dim)  width: \(width)  depth: \(depth)  batch: \(batch)  precision: \(S.precisionName)  engine: \(engine.rawValue)\(engine == .stochastic ? " (k = \(directions))" : "")  threads: \(Parallel.threads)")
        print(String(format: "median step: %.6f s  min: %.6f s  final loss: %.6e", median, times[0], Double(loss)))
        print(String(format: "steps/s: %.3f", 1 / median))
    }
}
