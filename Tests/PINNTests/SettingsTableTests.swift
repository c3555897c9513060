import Foundation
import Testing
@testable import PINN

/// `Settings.table` describes every setting once; the Codable form, the validation and the
/// result file's attributes follow from it (the config files and options: CLITests'
/// SettingsTableCLITests).
@Suite struct SettingsTableTests {
    /// Every optional set, so that every key is encoded.
    static var everySet: Settings {
        var s = Settings()
        s.conditionBatch = 16; s.lbfgsHistory = 7; s.adaptivePool = 640; s.rarCount = 3; s.timeBudget = 100
        s.fourierMatrix = [[1, 2]]
        return s
    }

    static func snakeJSON(_ s: Settings) throws -> [String: Any] {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        return try #require(try JSONSerialization.jsonObject(with: enc.encode(s)) as? [String: Any])
    }

    /// One entry per stored property of `Settings`, under the property's name, each key once.
    @Test func everyFieldHasOneEntry() throws {
        let keys = Settings.table.map(\.key)
        #expect(Set(keys).count == keys.count, "a key twice: \(keys)")
        let fields = Mirror(reflecting: Settings()).children.compactMap(\.label)
        #expect(fields == Settings.table.map(\.codingKey.stringValue), "fields \(fields) vs table \(keys)")
        #expect(Set(try Self.snakeJSON(Self.everySet).keys) == Set(keys))
        for d in Settings.table {
            #expect(d.option == (d.key == "fourier_matrix" ? nil : "--" + d.key.replacingOccurrences(of: "_", with: "-")))
            #expect(!d.help.isEmpty && d.help.hasSuffix("."), "\(d.key): \(d.help)")
        }
        #expect(Settings.configKeys == keys.filter { $0 != "fourier_matrix" }.sorted())
    }

    /// The Codable form (checkpoints' settings files, summaries) round-trips; keys added later
    /// default when absent, the others are required.
    @Test func codableFormRoundTrips() throws {
        var s = Self.everySet
        s.width = 12; s.activation = .sin; s.phases = [.init(.sgd, 3), .init(.ssbfgs, 2)]; s.schedule = .linear
        s.sampler = .sobol; s.adaptive = .rar; s.radExponent = 2; s.radOffset = 0.5; s.precision = .f32
        s.engine = .nested; s.estimator = .hutchinson; s.seed = UInt64.max; s.residualConnections = true
        for snake in [false, true] {
            let enc = JSONEncoder(), dec = JSONDecoder()
            if snake { enc.keyEncodingStrategy = .convertToSnakeCase; dec.keyDecodingStrategy = .convertFromSnakeCase }
            #expect(try dec.decode(Settings.self, from: enc.encode(s)) == s)
        }
        var object = try Self.snakeJSON(s)
        for key in ["sampler", "adaptive", "rad_exponent", "rad_offset", "adaptive_pool", "rar_count", "time_budget",
                    "condition_batch", "lbfgs_history", "fourier_matrix"] { object[key] = nil }
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        let old = try dec.decode(Settings.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.sampler == .uniform && old.adaptive == .none && old.radExponent == 1 && old.adaptivePool == nil && old.width == 12)
        object["width"] = nil
        #expect(throws: DecodingError.self) { try dec.decode(Settings.self, from: JSONSerialization.data(withJSONObject: object)) }
    }

    /// Out-of-range values are refused with the table's range in the message.
    @Test(arguments: [
        ("width", ConfigValue.int(0)), ("depth", .int(1001)), ("fourier_features", .int(-1)), ("fourier_scale", .double(0)),
        ("lbfgs_history", .int(0)), ("learning_rate", .double(2e12)), ("batch", .int(0)), ("condition_batch", .int(100_000_001)),
        ("resample_every", .int(-1)), ("rad_exponent", .double(11)), ("rad_offset", .double(-2)), ("adaptive_pool", .int(0)),
        ("rar_count", .int(-3)), ("evaluate_every", .int(-5)), ("directions", .int(0)), ("time_budget", .double(-1)),
        ("pool_features", .int(0)), ("windows", .int(0)), ("windows", .int(1001)),
    ])
    func outOfRangeValuesGiveTheTablesMessage(key: String, value: ConfigValue) throws {
        let d = try #require(Settings.descriptor(key))
        var s = Settings()
        try d.set(&s, from: value)
        let shown: String
        switch value { case .int(let i): shown = "\(i)"; case .double(let x): shown = "\(x)"; default: shown = "?" }
        let error = #expect(throws: SettingsError.self) { try s.validate() }
        #expect(error?.description == "\(key) must be \(d.range), got \(shown)")
    }

    /// Every integer or real setting with a range has a case above.
    @Test func everyRangeIsTested() {
        let tested: Set = ["width", "depth", "fourier_features", "fourier_scale", "lbfgs_history", "learning_rate", "batch",
                           "condition_batch", "resample_every", "rad_exponent", "rad_offset", "adaptive_pool", "rar_count",
                           "evaluate_every", "directions", "time_budget", "pool_features", "windows"]
        let ranged = Set(Settings.table.filter { ($0.type == "an integer" || $0.type == "a number") && $0.key != "seed" }.map(\.key))
        #expect(ranged == tested)
        #expect(Settings.descriptor("width")?.range == "in 1...16384")
        #expect(Settings.descriptor("learning_rate")?.range == "a positive finite number at most 1e12")
        #expect(Settings.descriptor("rad_offset")?.range == "a finite number in 0...1e12")
        #expect(Settings.descriptor("precision")?.range == "one of f32, f64")
    }

    /// A value of the wrong type names the type the key takes.
    @Test func wrongTypesNameTheType() throws {
        for d in Settings.table where d.configurable {
            var s = Settings()
            let error = #expect(throws: SettingValueError.self) { try d.set(&s, from: .other("an array")) }
            #expect(error?.description == "must be \(d.type), got an array", "\(d.key)")
        }
    }

    /// The result file's attributes: every setting of the table but the problem's fixed Fourier
    /// matrix, optional ones when set, the sampling and estimator parameters only under the rule
    /// that uses them.
    @Test func resultAttributesAreThoseOfTheTable() {
        var s = Settings()
        let base: Set = ["width", "depth", "activation", "fourier_features", "residual_connections", "phases", "learning_rate",
                         "schedule", "batch", "resample_every", "sampler", "adaptive", "evaluate_every", "precision", "engine",
                         "estimator", "seed", "architecture", "windows", "weight_factorization"]
        #expect(Set(s.resultAttributes.keys) == base)
        #expect(s.resultAttributes["phases"] == .text("adam:2000") && s.resultAttributes["learning_rate"] == .double(1e-3))
        #expect(s.resultAttributes["residual_connections"] == .int(0) && s.resultAttributes["schedule"] == .text(s.schedule.rawValue))
        s.lbfgsHistory = 5; s.adaptive = .rad
        #expect(Set(s.resultAttributes.keys) == base.union(["lbfgs_history", "rad_exponent", "rad_offset", "adaptive_pool"]))
        #expect(s.resultAttributes["adaptive_pool"] == .int(10_000) && s.resultAttributes["adaptive"] == .text("rad"))
        s.adaptive = .rar
        #expect(Set(s.resultAttributes.keys) == base.union(["lbfgs_history", "rar_count", "adaptive_pool"]))
        #expect(s.resultAttributes["rar_count"] == .int(10))
        s.adaptive = .none; s.lbfgsHistory = nil
        s.fourierFeatures = 8; s.fourierScale = 2; s.estimator = .hutchinson; s.directions = 7; s.conditionBatch = 50; s.timeBudget = 60
        #expect(Set(s.resultAttributes.keys) == base.union(["fourier_scale", "directions", "condition_batch", "time_budget"]))
        #expect(s.resultAttributes["fourier_scale"] == .double(2) && s.resultAttributes["directions"] == .int(7))
        #expect(s.resultAttributes["time_budget"] == .double(60) && s.resultAttributes["condition_batch"] == .int(50))
        s.architecture = .deepSets; s.poolFeatures = 5
        #expect(s.resultAttributes["architecture"] == .text("deep-sets") && s.resultAttributes["pool_features"] == .int(5))
    }

    /// Any seed reaches the result file: an int64 up to 2^63 - 1, its decimal text above (it
    /// trapped at the end of a run before).
    @Test func everySeedHasAnAttribute() {
        var s = Settings()
        s.seed = UInt64(Int.max)
        #expect(s.resultAttributes["seed"] == .int(Int.max))
        s.seed = UInt64.max
        #expect(s.resultAttributes["seed"] == .text("18446744073709551615"))
    }

    /// The phases' help and the phase parser's message list every optimiser kind.
    @Test func phasesHelpListsEveryOptimizerKind() {
        let help = Settings.help("phases")
        #expect(help.contains("(\(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")))"), "\(help)")
        #expect(OptimizerKind.allCases.allSatisfy { help.contains($0.rawValue) })
        let error = #expect(throws: SettingsError.self) { try Settings.Phase.parse("newton:5") }
        #expect(OptimizerKind.allCases.allSatisfy { error?.description.contains($0.rawValue) == true })
    }
}
