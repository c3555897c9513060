import ArgumentParser
import Foundation
import PINN
import TOMLKit

/// The run settings as options; each overrides the config file, which overrides the
/// problem's defaults.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Total steps: scales the default phases to this many steps in all.") var steps: Int?
    @Option(help: "Optimiser phases, e.g. adam:5000,lbfgs:500 (adam, adamw, sgd, lbfgs).") var phases: String?
    @Option(help: "Interior (residual) points per batch.") var batch: Int?
    @Option(help: "Points per batch for each condition.") var conditionBatch: Int?
    @Option(help: "Hidden width.") var width: Int?
    @Option(help: "Hidden layers.") var depth: Int?
    @Option(help: "Activation (\(Activation.allCases.map(\.rawValue).joined(separator: ", "))).") var activation: Activation?
    @Option(help: "Learning rate of the first-order phases.") var learningRate: Double?
    @Option(help: "Learning-rate schedule (\(Settings.Schedule.allCases.map(\.rawValue).joined(separator: ", "))).") var schedule: Settings.Schedule?
    @Option(help: "Floating-point precision (f32, f64).") var precision: Precision?
    @Option(help: "Derivative engine (taylor, nested).") var engine: DerivativeEngine?
    @Option(help: "Laplacian: exact, sampled (stochastic dimension sampling) or hutchinson.") var estimator: Settings.Estimator?
    @Option(help: "Directions for the stochastic Laplacian.") var directions: Int?
    @Option(help: "Draw fresh points every this many steps (0: once).") var resampleEvery: Int?
    @Option(help: "Evaluate the error every this many steps.") var evaluateEvery: Int?
    @Option(help: "Stop after this many seconds of training.") var timeBudget: Double?

    /// Applies the options over `base`.
    func apply(to base: Settings, seed: UInt64?) throws -> Settings {
        var s = base
        if let p = phases { s.phases = try Settings.Phase.parse(p) }
        if let n = steps {
            guard n >= 1 else { throw SettingsError("--steps must be at least 1, got \(n)") }
            let total = Swift.max(s.totalSteps, 1)
            s.phases = s.phases.map { Settings.Phase($0.optimizer, Swift.max(1, $0.steps * n / total)) }
        }
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
        if let v = seed { s.seed = v }
        try s.validate()
        return s
    }
}

/// A config file error: names the file, the key and the line.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
}

/// Reads a TOML or JSON config file with the same settings as the options (snake_case keys:
/// width, depth, activation, phases = "adam:5000,lbfgs:500", learning_rate, schedule, batch,
/// condition_batch, resample_every, evaluate_every, precision, engine, estimator, directions,
/// seed, time_budget, fourier_features, fourier_scale, residual_connections).
enum ConfigFile {
    static let keys: [String: String] = [
        "width": "integer", "depth": "integer", "activation": "string", "phases": "string",
        "learning_rate": "number", "schedule": "string", "batch": "integer", "condition_batch": "integer",
        "resample_every": "integer", "evaluate_every": "integer", "precision": "string", "engine": "string",
        "estimator": "string", "directions": "integer", "seed": "integer", "time_budget": "number",
        "fourier_features": "integer", "fourier_scale": "number", "residual_connections": "boolean",
    ]

    static func apply(path: String, to base: Settings) throws -> Settings {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(description: "cannot read config file \(path)")
        }
        let values: [String: Any]
        if path.hasSuffix(".json") {
            guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigError(description: "\(path): not a JSON object of settings")
            }
            values = obj
        } else {
            do {
                let table = try TOMLTable(string: text)
                values = Dictionary(uniqueKeysWithValues: table.map { ($0.0, tomlValue($0.1)) })
            } catch let e as TOMLParseError {
                throw ConfigError(description: "\(path):\(e.source.begin.line): \(e.description)")
            }
        }
        var s = base
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let line = lineOf(key, in: text)
            let at = "\(path):\(line)"
            guard let kind = keys[key] else {
                let best = keys.keys.min { editDistance($0, key) < editDistance($1, key) } ?? ""
                throw ConfigError(description: "\(at): unknown key '\(key)'\(editDistance(best, key) <= 3 ? " (did you mean '\(best)'?)" : ""); known keys: \(keys.keys.sorted().joined(separator: ", "))")
            }
            func wrong() -> ConfigError { ConfigError(description: "\(at): key '\(key)' must be a \(kind), got \(value)") }
            func int() throws -> Int { if let i = value as? Int, !(value is Bool) { return i }; throw wrong() }
            func num() throws -> Double {
                if let d = value as? Double { return d }
                if let i = value as? Int, !(value is Bool) { return Double(i) }
                throw wrong()
            }
            func str() throws -> String { if let t = value as? String { return t }; throw wrong() }
            func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws -> E where E.RawValue == String {
                let t = try str()
                guard let e = E(rawValue: t) else {
                    throw ConfigError(description: "\(at): key '\(key)' must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), got '\(t)'")
                }
                return e
            }
            switch key {
            case "width": s.width = try int()
            case "depth": s.depth = try int()
            case "activation": s.activation = try choice(Activation.self)
            case "phases": s.phases = try Settings.Phase.parse(try str())
            case "learning_rate": s.learningRate = try num()
            case "schedule": s.schedule = try choice(Settings.Schedule.self)
            case "batch": s.batch = try int()
            case "condition_batch": s.conditionBatch = try int()
            case "resample_every": s.resampleEvery = try int()
            case "evaluate_every": s.evaluateEvery = try int()
            case "precision": s.precision = try choice(Settings.Precision.self)
            case "engine": s.engine = try choice(DerivativeEngine.self)
            case "estimator": s.estimator = try choice(Settings.Estimator.self)
            case "directions": s.directions = try int()
            case "seed": s.seed = UInt64(try int())
            case "time_budget": s.timeBudget = try num()
            case "fourier_features": s.fourierFeatures = try int()
            case "fourier_scale": s.fourierScale = try num()
            case "residual_connections":
                guard let b = value as? Bool else { throw wrong() }
                s.residualConnections = b
            default: break
            }
        }
        return s
    }

    static func tomlValue(_ v: TOMLValueConvertible) -> Any {
        if let b = v.bool { return b }
        if let i = v.int { return i }
        if let d = v.double { return d }
        if let s = v.string { return s }
        return "\(v)"
    }

    static func lineOf(_ key: String, in text: String) -> Int {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(key) || t.hasPrefix("\"\(key)\"") { return i + 1 }
        }
        return 1
    }
}
