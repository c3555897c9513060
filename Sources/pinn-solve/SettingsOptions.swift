import ArgumentParser
import Foundation
import PINN
import TOMLKit

/// The run settings as options; each overrides the config file, which overrides the
/// problem's defaults.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Total steps: scales the default phases to this many steps in all.") var steps: Int?
    @Option(help: "Optimiser phases, e.g. adam:5000,lbfgs:500 (adam, adamw, sgd, lbfgs, bfgs, ssbfgs).") var phases: String?
    @Option(help: "Curvature pairs kept by the L-BFGS phases (10 unless the problem sets more).") var lbfgsHistory: Int?
    @Option(help: "Interior (residual) points per batch.") var batch: Int?
    @Option(help: "Points per batch for each condition.") var conditionBatch: Int?
    @Option(help: "Hidden width.") var width: Int?
    @Option(help: "Hidden layers.") var depth: Int?
    @Option(help: "Activation function of the hidden layers.") var activation: Activation?
    @Option(help: "Learning rate of the first-order phases.") var learningRate: Double?
    @Option(help: "Learning-rate schedule of the first-order phases.") var schedule: Settings.Schedule?
    @Option(help: "Floating-point precision of the network and training.") var precision: Precision?
    @Option(help: "Derivative engine: Taylor-mode jets or nested reverse mode.") var engine: DerivativeEngine?
    @Option(help: "Laplacian: exact, sampled (stochastic dimension sampling) or Hutchinson's estimator.") var estimator: Settings.Estimator?
    @Option(help: "Directions for the stochastic Laplacian.") var directions: Int?
    @Option(help: "Draw fresh points every this many steps (0: once).") var resampleEvery: Int?
    @Option(help: "Evaluate the error every this many steps.") var evaluateEvery: Int?
    @Option(help: "Stop after this many seconds of training.") var timeBudget: Double?
    @Option(help: "Random Fourier features of the inputs (0: none).") var fourierFeatures: Int?
    @Option(help: "Standard deviation of the Fourier feature frequencies.") var fourierScale: Double?
    @Flag(inversion: .prefixedNo, help: "Residual (skip) connections between hidden layers.") var residualConnections: Bool?

    /// Applies the options over `base`.
    func apply(to base: Settings, seed: UInt64?) throws -> Settings {
        var s = base
        if let p = phases { s.phases = try Settings.Phase.parse(p) }
        if let n = steps {
            guard n >= 1 else { throw SettingsError("--steps must be at least 1, got \(n)") }
            let total = Swift.max(s.totalSteps, 1)
            s.phases = s.phases.map { Settings.Phase($0.optimizer, Swift.max(1, $0.steps * n / total)) }
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
        if let v = timeBudget { s.timeBudget = v }
        if let v = fourierFeatures { s.fourierFeatures = v }
        if let v = fourierScale { s.fourierScale = v }
        if let v = residualConnections { s.residualConnections = v }
        if let v = seed { s.seed = v }
        try s.validate()
        return s
    }
}

