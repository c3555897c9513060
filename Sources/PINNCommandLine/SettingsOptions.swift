import ArgumentParser
import Foundation
import PINN
import TOMLKit

/// The run settings as options; each overrides the config file, which overrides the
/// problem's defaults. Every option but `--steps` is a setting of `Settings.table`, named after
/// its key (`learningRate` for `learning_rate`), with the table's help text, and applied through
/// the table (`given`): a new setting is one table entry and one line here.
struct SettingsOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Total steps: scales the default phases to this many steps in all.") var steps: Int?
    @Option(help: .setting("phases")) var phases: String?
    @Option(parsing: .unconditional, help: .setting("lbfgs_history")) var lbfgsHistory: Int?
    @Option(parsing: .unconditional, help: .setting("windows")) var windows: Int?
    @Option(parsing: .unconditional, help: .setting("batch")) var batch: Int?
    @Option(parsing: .unconditional, help: .setting("condition_batch")) var conditionBatch: Int?
    @Option(parsing: .unconditional, help: .setting("width")) var width: Int?
    @Option(parsing: .unconditional, help: .setting("depth")) var depth: Int?
    @Option(help: .setting("activation")) var activation: Activation?
    @Option(parsing: .unconditional, help: .setting("learning_rate")) var learningRate: Double?
    @Option(help: .setting("schedule")) var schedule: ScheduleKind?
    @Option(help: .setting("precision")) var precision: Precision?
    @Option(help: .setting("engine")) var engine: DerivativeEngine?
    @Option(help: .setting("estimator")) var estimator: LaplacianEstimator?
    @Option(parsing: .unconditional, help: .setting("directions")) var directions: Int?
    @Option(parsing: .unconditional, help: .setting("resample_every")) var resampleEvery: Int?
    @Option(help: .setting("sampler")) var sampler: PointSampler?
    @Option(help: .setting("adaptive")) var adaptive: AdaptiveMethod?
    @Option(parsing: .unconditional, help: .setting("rad_exponent")) var radExponent: Double?
    @Option(parsing: .unconditional, help: .setting("rad_offset")) var radOffset: Double?
    @Option(parsing: .unconditional, help: .setting("adaptive_pool")) var adaptivePool: Int?
    @Option(parsing: .unconditional, help: .setting("rar_count")) var rarCount: Int?
    @Option(parsing: .unconditional, help: .setting("evaluate_every")) var evaluateEvery: Int?
    @Option(parsing: .unconditional, help: .setting("time_budget")) var timeBudget: Double?
    @Option(parsing: .unconditional, help: .setting("fourier_features")) var fourierFeatures: Int?
    @Option(parsing: .unconditional, help: .setting("fourier_scale")) var fourierScale: Double?
    @Flag(inversion: .prefixedNo, help: .setting("residual_connections")) var residualConnections: Bool?
    @Flag(inversion: .prefixedNo, help: .setting("weight_factorization")) var weightFactorization: Bool?
    @Option(help: .setting("architecture")) var architecture: NetworkArchitecture?
    @Option(parsing: .unconditional, help: .setting("pool_features")) var poolFeatures: Int?

    /// The settings' options that were given, as (key, value), in declaration order: each
    /// option property named after its key in camelCase (`--steps`, not a setting, included).
    var given: [(key: String, value: ConfigValue)] {
        Mirror(reflecting: self).children.compactMap { child in
            guard let label = child.label, let option = child.value as? any GivenSetting, let value = option.given else { return nil }
            return (Self.key(ofProperty: label), value)
        }
    }

    /// The setting key of an option property: "_learningRate" (the wrapper's storage) -> "learning_rate".
    static func key(ofProperty label: String) -> String {
        var key = ""
        for c in label.drop(while: { $0 == "_" }) {
            if c.isUppercase { key += "_" + c.lowercased() } else { key.append(c) }
        }
        return key
    }

    /// Applies the options over `base`.
    func apply(to base: Settings, seed: UInt64?) throws -> Settings {
        var s = base
        for (key, value) in given where key != "steps" {
            guard let setting = Settings.descriptor(key) else {
                fatalError("SettingsOptions: the option of '\(key)' has no entry in Settings.table")
            }
            try setting.set(&s, from: value)
        }
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
        if let v = seed { s.seed = v }
        try s.validate()
        return s
    }
}


extension ArgumentHelp {
    /// The help text of the setting `key` (`Settings.table`).
    static func setting(_ key: String) -> ArgumentHelp { ArgumentHelp(Settings.help(key)) }
}

/// An option property whose value, when given, is a setting's (`SettingsOptions.given`).
protocol GivenSetting {
    var given: ConfigValue? { get }
}

/// A value an option parses to, as a config file would give it.
protocol SettingArgument {
    var configValue: ConfigValue { get }
}

extension Int: SettingArgument { var configValue: ConfigValue { .int(self) } }
extension Double: SettingArgument { var configValue: ConfigValue { .double(self) } }
extension String: SettingArgument { var configValue: ConfigValue { .string(self) } }
extension Bool: SettingArgument { var configValue: ConfigValue { .bool(self) } }
extension SettingArgument where Self: RawRepresentable, RawValue == String {
    var configValue: ConfigValue { .string(rawValue) }
}

extension Optional: GivenSetting where Wrapped: SettingArgument {
    var given: ConfigValue? { map(\.configValue) }
}
extension Option: GivenSetting where Value: GivenSetting {
    var given: ConfigValue? { wrappedValue.given }
}
extension Flag: GivenSetting where Value: GivenSetting {
    var given: ConfigValue? { wrappedValue.given }
}
