import Autodiff
import Networks
import Optimization

/// The settings of a run: network, optimiser phases, batches, precision, engine. Every
/// bundled problem has defaults; `pinn-solve run` options and config files override them.
/// Codable with the same keys as the command-line options (snake_case in files).
public struct Settings: Codable, Sendable, Equatable {
    public enum Precision: String, Codable, Sendable, CaseIterable { case f32, f64 }
    public enum Estimator: String, Codable, Sendable, CaseIterable { case exact, sampled, hutchinson }
    public enum Schedule: String, Codable, Sendable, CaseIterable { case constant, cosine, exponential, linear }

    /// One optimiser phase: "adam", "adamw", "sgd", "lbfgs", "bfgs" or "ssbfgs" (dense,
    /// self-scaled BFGS), and its step budget.
    public struct Phase: Codable, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Codable, Sendable, CaseIterable { case adam, adamw, sgd, lbfgs, bfgs, ssbfgs }
        public var optimizer: Kind
        public var steps: Int
        public init(_ optimizer: Kind, _ steps: Int) { self.optimizer = optimizer; self.steps = steps }
        public var description: String { "\(optimizer.rawValue):\(steps)" }

        /// Parses "adam:5000,lbfgs:500".
        public static func parse(_ text: String) throws -> [Phase] {
            try text.split(separator: ",").map { part in
                let bits = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard bits.count == 2, let kind = Kind(rawValue: bits[0].lowercased()), let n = Int(bits[1]), n >= 0 else {
                    throw SettingsError("phase '\(part)' is not OPTIMIZER:STEPS with OPTIMIZER one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")) (e.g. adam:5000,lbfgs:500)")
                }
                return Phase(kind, n)
            }
        }
    }

    public var width = 64
    public var depth = 4
    public var activation: Activation = .tanh
    public var fourierFeatures = 0
    public var fourierScale = 1.0
    /// Fixed Fourier frequencies `[inputs][F]` (a periodic embedding; see `MLP.Configuration`);
    /// problems set it in their defaults, it has no command-line option.
    public var fourierMatrix: [[Double]]? = nil
    public var residualConnections = false
    public var phases: [Phase] = [Phase(.adam, 2000)]
    /// Curvature pairs the L-BFGS phases keep (nil: `LBFGS`'s default, 10).
    public var lbfgsHistory: Int? = nil
    public var learningRate = 1e-3
    public var schedule: Schedule = .constant
    /// Interior (residual) points per batch.
    public var batch = 1000
    /// Points per batch for each condition (nil: the problem's own).
    public var conditionBatch: Int? = nil
    public var resampleEvery = 100
    public var evaluateEvery = 500
    public var precision: Precision = .f64
    public var engine: DerivativeEngine = .taylor
    public var estimator: Estimator = .exact
    /// Directions or sampled coordinates for the stochastic estimators.
    public var directions = 16
    public var seed: UInt64 = 0
    /// Stop after this many seconds of training.
    public var timeBudget: Double? = nil

    public init() {}

    /// Checks values; the message names the setting and what is expected.
    public func validate() throws {
        func positive(_ name: String, _ v: Int) throws {
            if v < 1 { throw SettingsError("\(name) must be at least 1, got \(v)") }
        }
        try positive("width", width); try positive("depth", depth); try positive("batch", batch)
        try positive("directions", directions)
        if let c = conditionBatch { try positive("condition_batch", c) }
        if let h = lbfgsHistory { try positive("lbfgs_history", h) }
        if fourierFeatures < 0 { throw SettingsError("fourier_features must be >= 0, got \(fourierFeatures)") }
        if !(learningRate > 0 && learningRate.isFinite) { throw SettingsError("learning_rate must be positive, got \(learningRate)") }
        if resampleEvery < 0 || evaluateEvery < 0 { throw SettingsError("resample_every and evaluate_every must be >= 0") }
        if phases.isEmpty { throw SettingsError("phases must name at least one optimiser phase, e.g. adam:5000") }
        if let t = timeBudget, !(t > 0) { throw SettingsError("time_budget must be positive seconds, got \(t)") }
    }

    /// The total step budget over all phases.
    public var totalSteps: Int { phases.reduce(0) { $0 + $1.steps } }
}

public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

import Foundation
