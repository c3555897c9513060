import ArgumentParser
import Foundation
import PINN
import TOMLKit

/// The run settings as options; each overrides the config file, which overrides the
/// problem's defaults.
struct SettingsOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Total steps: scales the default phases to this many steps in all.") var steps: Int?
    @Option(help: "Optimiser phases, e.g. adam:5000,lbfgs:500 (\(OptimizerKind.names)).") var phases: String?
    @Option(parsing: .unconditional, help: "Curvature pairs kept by the L-BFGS phases (10 unless the problem sets more).") var lbfgsHistory: Int?
    @Option(parsing: .unconditional, help: "Interior (residual) points per batch.") var batch: Int?
    @Option(parsing: .unconditional, help: "Points per batch for each condition.") var conditionBatch: Int?
    @Option(parsing: .unconditional, help: "Hidden width.") var width: Int?
    @Option(parsing: .unconditional, help: "Hidden layers.") var depth: Int?
    @Option(help: "Activation function of the hidden layers.") var activation: Activation?
    @Option(parsing: .unconditional, help: "Learning rate of the first-order phases.") var learningRate: Double?
    @Option(help: "Learning-rate schedule of the first-order phases.") var schedule: ScheduleKind?
    @Option(help: "Floating-point precision of the network and training.") var precision: Precision?
    @Option(help: "Derivative engine: Taylor-mode jets or nested reverse mode.") var engine: DerivativeEngine?
    @Option(help: "Laplacian: exact, sampled (stochastic dimension sampling) or Hutchinson's estimator.") var estimator: LaplacianEstimator?
    @Option(parsing: .unconditional, help: "Directions for the stochastic Laplacian.") var directions: Int?
    @Option(parsing: .unconditional, help: "Draw fresh points every this many steps (0: once).") var resampleEvery: Int?
    @Option(help: "Interior points: uniform, or randomised quasi-random or Latin hypercube points of the problem's domain.") var sampler: PointSampler?
    @Option(help: "Adaptive points at each resampling, from the residual at a pool of candidates: RAR adds the worst, RAD draws with density |r|^k/mean + c.") var adaptive: AdaptiveMethod?
    @Option(parsing: .unconditional, help: "RAD's exponent k in 0...10 (default 1).") var radExponent: Double?
    @Option(parsing: .unconditional, help: "RAD's offset c in 0...1e12 (default 1; large c is uniform sampling).") var radOffset: Double?
    @Option(parsing: .unconditional, help: "Candidates per adaptive round (default 10 x batch).") var adaptivePool: Int?
    @Option(parsing: .unconditional, help: "Points RAR adds per round (default 1% of the batch).") var rarCount: Int?
    @Option(parsing: .unconditional, help: "Evaluate the error every this many steps.") var evaluateEvery: Int?
    @Option(parsing: .unconditional, help: "Stop after this many seconds of training.") var timeBudget: Double?
    @Option(parsing: .unconditional, help: "Random Fourier features of the inputs (0: none).") var fourierFeatures: Int?
    @Option(parsing: .unconditional, help: "Standard deviation of the Fourier feature frequencies.") var fourierScale: Double?
    @Flag(inversion: .prefixedNo, help: "Residual (skip) connections between hidden layers.") var residualConnections: Bool?

    /// Applies the options over `base`.
    func apply(to base: Settings, seed: UInt64?) throws -> Settings {
        var s = base
        if let p = phases { s.phases = try Settings.Phase.parse(p) }
        if let n = steps {
            let range = 1...Settings.Limits.steps.upperBound
            guard range.contains(n) else { throw SettingsError("--steps must be in 1...\(range.upperBound), got \(n)") }
            try Settings.validate(phases: s.phases)
            // Scaled in Double: steps * n can exceed Int before the division.
            let total = Double(Swift.max(s.totalSteps, 1))
            s.phases = s.phases.map { p in
                Settings.Phase(p.optimizer, Swift.max(1, Int(Swift.min((Double(p.steps) * Double(n) / total).rounded(.down), Double(n)))))
            }
        }
        if let v = lbfgsHistory { s.lbfgsHistory = v }
        if let v = batch { s.batch = v }
        if let v = conditionBatch { s.conditionBatch = v }
        if let v = width { s.width = v }
        if let v = depth { s.depth = v }
        if let v = activation { s.activation = v }
        if let v = learningRate { s.learningRate = v }
        if let v = schedule { s.schedule = v }
        if let v = precision { s.precision = v }
        if let v = engine { s.engine = v }
        if let v = estimator { s.estimator = v }
        if let v = directions { s.directions = v }
        if let v = resampleEvery { s.resampleEvery = v }
        if let v = evaluateEvery { s.evaluateEvery = v }
        if let v = sampler { s.sampler = v }
        if let v = adaptive { s.adaptive = v }
        if let v = radExponent { s.radExponent = v }
        if let v = radOffset { s.radOffset = v }
        if let v = adaptivePool { s.adaptivePool = v }
        if let v = rarCount { s.rarCount = v }
        if let v = timeBudget { s.timeBudget = v }
        if let v = fourierFeatures { s.fourierFeatures = v }
        if let v = fourierScale { s.fourierScale = v }
        if let v = residualConnections { s.residualConnections = v }
        if let v = seed { s.seed = v }
        try s.validate()
        return s
    }
}

