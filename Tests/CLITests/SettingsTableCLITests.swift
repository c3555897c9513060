import ArgumentParser
import Foundation
import PINN
import Testing
@testable import PINNCommandLine

/// Every entry of `Settings.table` reaches the command line: it has its option in
/// `SettingsOptions` (with the table's help), its key in config files, and comes back in the
/// summary's `settings`.
@Suite struct SettingsTableCLITests {
    /// A value for every config key, other than `Settings()`'s, valid together (a short run).
    static let samples: [String: ConfigValue] = [
        "width": .int(12), "depth": .int(2), "activation": .string("sin"), "fourier_features": .int(4),
        "fourier_scale": .double(2.5), "residual_connections": .bool(true), "phases": .string("adamw:3,lbfgs:2"),
        "lbfgs_history": .int(7), "learning_rate": .double(0.002), "schedule": .string("cosine"), "batch": .int(64),
        "condition_batch": .int(16), "resample_every": .int(5), "sampler": .string("halton"), "adaptive": .string("rad"),
        "rad_exponent": .double(2.5), "rad_offset": .double(0.5), "adaptive_pool": .int(640), "rar_count": .int(3),
        "evaluate_every": .int(2), "precision": .string("f32"), "engine": .string("nested"), "estimator": .string("sampled"),
        "directions": .int(2), "seed": .int(7), "time_budget": .double(1000.5),
        "architecture": .string("deep-sets"), "pool_features": .int(6), "windows": .int(3),
        "weight_factorization": .bool(true),
    ]

    static var sampleSettings: Settings {
        get throws {
            var s = Settings()
            for (key, value) in samples { try #require(Settings.descriptor(key)).set(&s, from: value) }
            return s
        }
    }

    static func toml(_ v: ConfigValue) -> String {
        switch v {
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .bool(let b): "\(b)"
        case .string(let t): "\"\(t)\""
        case .other(let t): t
        }
    }

    /// Whether a summary's JSON value is the sample (phases as a list of {optimizer, steps}).
    static func matches(_ json: Any?, _ v: ConfigValue, key: String) -> Bool {
        switch v {
        case .int(let i): return (json as? Int) == i
        case .double(let d): return (json as? Double) == d
        case .bool(let b): return (json as? Bool) == b
        case .string(let t) where key == "phases":
            let list = (json as? [[String: Any]])?.map { "\($0["optimizer"] ?? ""):\($0["steps"] ?? "")" }
            return list?.joined(separator: ",") == t
        case .string(let t): return (json as? String) == t
        case .other: return false
        }
    }

    @Test func everyConfigKeyHasASample() throws {
        #expect(Set(Self.samples.keys) == Set(Settings.configKeys))
        let defaults = Settings()
        for (key, value) in Self.samples {
            var s = defaults
            try #require(Settings.descriptor(key)).set(&s, from: value)
            #expect(s != defaults, "the sample of \(key) is the default")
        }
        try Self.sampleSettings.validate()
    }

    /// Every option of `SettingsOptions` but --steps is a table entry, named after its key,
    /// and every table entry with an option has one there (--seed is `ComputeOptions`').
    @Test func everyOptionIsATableEntry() throws {
        var arguments: [String] = []
        for d in Settings.table {
            guard let option = d.option, d.key != "seed", let v = Self.samples[d.key] else { continue }
            if case .bool = v { arguments.append(option) } else { arguments += [option, Self.toml(v).replacingOccurrences(of: "\"", with: "")] }
        }
        let options = try SettingsOptions.parse(arguments + ["--steps", "5"])
        let given = options.given.map(\.key)
        #expect(Set(given) == Set(Settings.table.filter { $0.option != nil && $0.key != "seed" }.map(\.key) + ["steps"]))
        var expected = try Self.sampleSettings
        expected.seed = 0
        var applied = try options.apply(to: Settings(), seed: nil)
        // --steps scales the phases: compare without it.
        applied.phases = expected.phases
        #expect(applied == expected)
        #expect(try SettingsOptions.parse(Array(arguments)).apply(to: Settings(), seed: nil) == expected)
        // The help of each option is the table's.
        let help = SettingsOptions.helpMessage(columns: 10_000)
        for d in Settings.table where d.option != nil && d.key != "seed" {
            #expect(help.contains(d.help), "\(d.key): \(d.help)")
        }
    }

    /// Every key round-trips through a config file (TOML and JSON) into the settings and the
    /// summary's `settings`.
    @Test func everyKeyRoundTripsThroughAConfigFileAndTheSummary() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let toml = Self.samples.map { "\($0.key) = \(Self.toml($0.value))" }.sorted().joined(separator: "\n") + "\n"
        let json = "{" + Self.samples.map { "\"\($0.key)\": \(Self.toml($0.value))" }.sorted().joined(separator: ", ") + "}"
        let expected = try Self.sampleSettings
        for (name, text) in [("c.toml", toml), ("c.json", json)] {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try ConfigFile.apply(path: path, to: Settings()) == expected, "\(name)")
        }
        let summary = try JSONSerialization.jsonObject(with: RunSummary(problem: "p", status: "s").with(settings: expected).encoded()) as? [String: Any]
        let settings = try #require(summary?["settings"] as? [String: Any])
        for (key, value) in Self.samples {
            #expect(Self.matches(settings[key], value, key: key), "\(key): \(String(describing: settings[key])) vs \(value)")
        }
    }

    /// --architecture deep-sets runs on a problem with exchangeable coordinates and is recorded;
    /// on one without, or with Fourier features, it is a usage error that says why.
    @Test func deepSetsRunsOnlyWhereDeclared() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try CLI.run(["run", "heat-nd", "--dim", "5", "--architecture", "deep-sets", "--pool-features", "3", "--width", "8",
                              "--depth", "1", "--steps", "3", "--quiet", "--threads", "1", "--summary", "s.json"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as? [String: Any]
        let settings = try #require(summary?["settings"] as? [String: Any])
        #expect(settings["architecture"] as? String == "deep-sets" && settings["pool_features"] as? Int == 3)
        let none = try CLI.run(["run", "poisson-1d", "--architecture", "deep-sets", "--steps", "3", "--quiet"], in: dir)
        #expect(none.status != 0 && none.stderr.contains("poisson-1d declares none"), "\(none.status) \(none.stderr)")
        let fourier = try CLI.run(["run", "heat-nd", "--dim", "5", "--architecture", "deep-sets", "--fourier-features", "4",
                                   "--steps", "3", "--quiet"], in: dir)
        #expect(fourier.status != 0 && fourier.stderr.contains("takes no Fourier features"), "\(fourier.status) \(fourier.stderr)")
    }

    /// The same through the binary: a short run with every key in its config file writes them
    /// all back in its summary (but the deep-sets architecture, which takes no Fourier
    /// features and needs exchangeable coordinates: `deepSetsRunsOnlyWhereDeclared`; and the
    /// time windows, which need a time axis: a run of heat-1d below).
    @Test func aRunWithEveryKeyReportsThemInItsSummary() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marching = try CLI.run(["run", "heat-1d", "--windows", "3", "--phases", "adam:4", "--quiet", "--threads", "1",
                                    "--summary", "w.json", "--output", "w.nc"], in: dir)
        #expect(marching.status == 0, "\(marching.stderr)")
        let w = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("w.json"))) as? [String: Any]
        #expect((w?["settings"] as? [String: Any])?["windows"] as? Int == 3 && w?["steps"] as? Int == 12)
        let samples = Self.samples.filter { $0.key != "architecture" && $0.key != "windows" }
        let toml = samples.map { "\($0.key) = \(Self.toml($0.value))" }.sorted().joined(separator: "\n") + "\n"
        try toml.write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "poisson-1d", "--config", "c.toml", "--quiet", "--threads", "1", "--summary", "s.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as? [String: Any]
        let settings = try #require(summary?["settings"] as? [String: Any])
        for (key, value) in samples {
            #expect(Self.matches(settings[key], value, key: key), "\(key): \(String(describing: settings[key])) vs \(value)")
        }
    }

    /// An out-of-range value in a config file gives the table's message, naming the key and range.
    @Test(arguments: [("width", "0", "0"), ("learning_rate", "-1", "-1.0"), ("rad_offset", "-2", "-2.0"),
                      ("time_budget", "0", "0.0"), ("adaptive_pool", "0", "0"), ("directions", "2000000", "2000000")])
    func outOfRangeConfigValuesGiveTheTablesMessage(key: String, value: String, shown: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.toml").path
        try "\(key) = \(value)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let range = try #require(Settings.descriptor(key)).range
        let error = #expect(throws: ConfigError.self) { _ = try ConfigFile.apply(path: path, to: Settings()) }
        #expect(error?.description == "\(path): \(key) must be \(range), got \(shown)")
    }

    /// Docs/cli.md has a row for every config key (`| `--batch N` | `batch` (integer) | ...`).
    @Test func docsListEveryConfigKey() throws {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Docs/cli.md"), encoding: .utf8)
        for key in Settings.configKeys {
            #expect(text.contains("| `\(key)` ("), "Docs/cli.md has no row for the config key \(key)")
        }
    }

    /// `run --help` lists every optimiser kind in the --phases line.
    @Test func phasesHelpListsEveryOptimizerKind() throws {
        let r = try CLI.run(["run", "--help"])
        let text = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--phases <phases> Optimiser phases, e.g. adam:5000,lbfgs:500 (\(OptimizerKind.names))."), "\(r.stdout)")
    }
}

extension RunSummary {
    func with(settings: Settings) -> RunSummary {
        var s = self
        s.settings = settings
        return s
    }
}
