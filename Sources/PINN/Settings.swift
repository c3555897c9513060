import Autodiff
import Networks
import Optimization
import Sampling

/// The settings of a run: network, optimiser phases, batches, precision, engine. Every
/// bundled problem has defaults; `pinn-solve run` options and config files override them.
/// Codable with the same keys as the command-line options (snake_case in files); every field
/// is described once in `Settings.table` (Settings+Table.swift).
public struct Settings: Codable, Sendable, Equatable {
    public enum Precision: String, Codable, Sendable, CaseIterable { case f32, f64 }

    /// One optimiser phase: an `OptimizerKind` (adam, adamw, sgd, lbfgs, bfgs, ssbfgs, ssbroyden) and its
    /// step budget.
    public struct Phase: Codable, Sendable, Equatable, CustomStringConvertible {
        public var optimizer: OptimizerKind
        public var steps: Int
        public init(_ optimizer: OptimizerKind, _ steps: Int) { self.optimizer = optimizer; self.steps = steps }
        public var description: String { "\(optimizer.rawValue):\(steps)" }

        /// Parses "adam:5000,lbfgs:500".
        public static func parse(_ text: String) throws -> [Phase] {
            try text.split(separator: ",").map { part in
                let bits = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard bits.count == 2, let kind = OptimizerKind(rawValue: bits[0].lowercased()), let n = Int(bits[1]), n >= 0 else {
                    throw SettingsError("phase '\(part)' is not OPTIMIZER:STEPS with OPTIMIZER one of \(OptimizerKind.names) (e.g. adam:5000,lbfgs:500)")
                }
                return Phase(kind, n)
            }
        }
    }

    /// The network: an MLP, or Deep Sets pooling over the problem's exchangeable coordinates
    /// (`DeepSetsNetwork`: one layer of `poolFeatures` units on each exchangeable coordinate,
    /// pooled; width and depth are those of the network on the pooled features).
    public var architecture: NetworkArchitecture = .mlp
    /// The Deep Sets network's features per exchangeable coordinate.
    public var poolFeatures = 16
    public var width = 64
    public var depth = 4
    public var activation: Activation = .tanh
    public var fourierFeatures = 0
    public var fourierScale = 1.0
    /// Fixed Fourier frequencies `[inputs][F]` (a periodic embedding; see `MLP.Configuration`);
    /// problems set it in their defaults, it has no command-line option.
    public var fourierMatrix: [[Double]]? = nil
    public var residualConnections = false
    /// Random weight factorisation of the MLP (`WeightFactorizedMLP`): W = V diag(exp(s)), s drawn
    /// from N(1, 0.1^2) per neuron, trained in (s, V).
    public var weightFactorization = false
    public var phases: [Phase] = [Phase(.adam, 2000)]
    /// Time-marching: the problem's time interval in this many equal windows, trained one
    /// after the other with every phase, each window's network built on the previous
    /// window's solution (`Solver.marchInTime`; Docs/optimization.md). 1: the whole interval at once.
    public var windows = 1
    /// Curvature pairs the L-BFGS phases keep (nil: `LBFGS`'s default, 10).
    public var lbfgsHistory: Int? = nil
    public var learningRate = 1e-3
    public var schedule: ScheduleKind = .constant
    /// Interior (residual) points per batch.
    public var batch = 1000
    /// Points per batch for each condition (nil: the problem's own).
    public var conditionBatch: Int? = nil
    public var resampleEvery = 100
    /// The distribution of the interior points: uniform, or a randomised quasi-random or
    /// stratified set on the problem's domain (`PointSampler`; Docs/sampling.md).
    public var sampler: PointSampler = .uniform
    /// Adaptive sampling at each resampling, from the residual at a pool of candidates drawn
    /// the same way: none, RAR (add the worst candidates) or RAD (draw the batch with density
    /// |r|^k / mean |r|^k + c).
    public var adaptive: AdaptiveMethod = .none
    /// RAD's exponent k and offset c (Wu et al. 2023's defaults k = 1, c = 1).
    public var radExponent = 1.0
    public var radOffset = 1.0
    /// Candidates whose residual adaptive sampling evaluates each round (nil: 10 x batch).
    public var adaptivePool: Int? = nil
    /// Points RAR adds per round (nil: 1% of the batch, at least 1).
    public var rarCount: Int? = nil
    public var evaluateEvery = 500
    public var precision: Precision = .f64
    public var engine: DerivativeEngine = .taylor
    public var estimator: LaplacianEstimator = .exact
    /// Directions or sampled coordinates for the stochastic estimators.
    public var directions = 16
    public var seed: UInt64 = 0
    /// Stop after this many seconds of training.
    public var timeBudget: Double? = nil

    public init() {}

    /// The ranges of the integer settings. The upper bounds keep every size product and step
    /// sum far from overflow; whether a run of a given size fits in memory is checked
    /// separately (`checkMemory`), since that depends on the problem's dimension.
    public enum Limits {
        public static let width = 1...16_384
        public static let poolFeatures = 1...1_024
        public static let depth = 1...1_000
        public static let batch = 1...100_000_000
        public static let directions = 1...1_000_000
        public static let fourierFeatures = 0...16_384
        public static let lbfgsHistory = 1...10_000
        /// Steps of one phase, and the period of resampling and evaluation.
        public static let steps = 0...1_000_000_000_000
        public static let phaseCount = 1...1_000
        public static let windows = 1...1_000
        /// Learning rate and Fourier scale: positive and finite, at most this.
        public static let scale = 1e12
        /// RAD's exponent k: |r|^k with k above 10 keeps only the few largest residuals.
        public static let radExponent = 0.0...10.0
        /// RAD's offset c (c -> infinity is uniform sampling).
        public static let radOffset = 0.0...1e12
    }

    /// Checks values: each setting's range (`Settings.table`), then the sampling settings
    /// together; the message names the setting, the value and the range expected.
    public func validate() throws {
        for d in Self.table { try d.validate(self) }
        try validateSampling()
    }

    /// Checks a phase list: 1 to 1,000 phases of 0 to 10^12 steps each.
    public static func validate(phases: [Phase]) throws {
        if phases.isEmpty { throw SettingsError("phases must name at least one optimiser phase, e.g. adam:5000") }
        guard Limits.phaseCount.contains(phases.count) else {
            throw SettingsError("phases: at most \(Limits.phaseCount.upperBound) phases, got \(phases.count)")
        }
        if let p = phases.first(where: { !Limits.steps.contains($0.steps) }) {
            throw SettingsError("phase '\(p)': steps must be in 0...\(Limits.steps.upperBound), got \(p.steps)")
        }
    }

    /// The total step budget over all phases (validated phases cannot overflow it).
    public var totalSteps: Int { phases.reduce(0) { $0 &+ $1.steps } }

    /// A lower estimate of the memory one training step takes (bytes): the batch's points
    /// (as drawn, scaled and in the working precision), the stacked derivative rows through
    /// every hidden layer (value, derivative pass and gradient), the parameters with their
    /// gradient and the optimiser's two moments, and BFGS's matrix. Computed in Double, so it
    /// cannot overflow.
    public func estimatedBytes(inputDimension D: Int, outputs: Int, conditionPoints: Int) -> Double {
        let s = precision == .f32 ? 4.0 : 8.0, d = Double(D), w = Double(width)
        let directionsPerPoint = estimator == .exact ? d : Double(directions)
        let points = largestBatch + Double(conditionPoints)
        let rows = points * (2 + directionsPerPoint)
        var activations = 3 * rows * w * Double(depth) * s
        let parameters: Double
        switch architecture {
        case .mlp, .modifiedMLP:
            let first = fourierFeatures > 0 ? 2 * Double(fourierFeatures) : d
            parameters = first * w * (architecture == .mlp ? 1 : 3) + Double(depth - 1) * w * w + w * Double(outputs) + d * Double(fourierFeatures)
        case .deepSets:
            // phi: one layer of K units at every (point, coordinate): three jet blocks, each
            // kept in about ten forms on the tape (input, product, activation, slices, their
            // sums and gradients; 3.9 GB resident measured at d = 10,000 with 50 interior and
            // 50 lateral points, estimated 4.6 GB); rho on the pooled features and at most one
            // other input per point (time).
            let K = Double(poolFeatures)
            activations += 30 * points * d * K * s
            parameters = 2 * K + (K + 2) * w + Double(depth - 1) * (w * w + w) + (w + 1) * Double(outputs)
        }
        // BFGS's dense matrix (a network over BFGS's parameter limit is refused on its own).
        let dense = phases.contains { $0.optimizer.keepsDenseMatrix }
            && parameters <= Double(BFGS<Double>.maximumParameters)
        let bfgs = dense ? parameters * parameters * 8 : 0
        let pool = adaptive == .none ? 0 : Double(candidatePool) * d * s
        return 3 * points * d * s + pool + activations + 4 * parameters * s + bfgs
    }

    /// Refuses a run whose `estimatedBytes` exceeds 90% of the machine's memory (the rest is
    /// the reference, the evaluation points and the process itself), with the estimate.
    public func checkMemory(inputDimension: Int, outputs: Int, conditionPoints: Int,
                            available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws {
        let need = estimatedBytes(inputDimension: inputDimension, outputs: outputs, conditionPoints: conditionPoints)
        guard need <= 0.9 * available else {
            func gib(_ b: Double) -> String { String(format: "%.3g GiB", b / 1_073_741_824) }
            throw SettingsError("this run needs at least \(gib(need)) of memory (\(inputDimension) inputs, batch \(batch), width \(width), depth \(depth), \(estimator == .exact ? "\(inputDimension) derivative directions" : "\(directions) directions")), the machine has \(gib(available)): lower --batch, --width, --depth, --directions or --dim")
        }
    }
}

public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

import Foundation
