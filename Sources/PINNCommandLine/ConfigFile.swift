import Foundation
import PINN
import TOMLKit

/// A config file that cannot be used: names the file, the line, the key, what was expected.
/// Exit code 2 when the file was read but its contents are wrong; `RunFailure` (exit code 1)
/// when it cannot be read at all.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
}

/// One value of a config file, typed as the file wrote it.
enum ConfigValue: Decodable, CustomStringConvertible {
    case bool(Bool), int(Int), double(Double), string(String), other(String)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if c.decodeNil() { self = .other("null") }
        else { self = .other("an array or object") }
    }

    init(toml v: TOMLValueConvertible) {
        if let b = v.bool { self = .bool(b) }
        else if let i = v.int { self = .int(i) }
        else if let d = v.double { self = .double(d) }
        else if let s = v.string { self = .string(s) }
        else { self = .other(v.type == .table ? "a table" : v.type == .array ? "an array" : "a TOML \(v.type)") }
    }

    var description: String {
        switch self {
        case .bool(let b): "the boolean \(b)"
        case .int(let i): "the integer \(i)"
        case .double(let d): "the number \(d)"
        case .string(let s): "the string \"\(s)\""
        case .other(let s): s
        }
    }
}

/// Reads a TOML or JSON config file (JSON when the name ends in `.json`) holding the run
/// settings under the option names in snake_case; every key is listed in `keys` and in
/// Docs/cli.md. Values are applied over `base`; the result is validated.
enum ConfigFile {
    static let keys: [String: String] = [
        "width": "an integer", "depth": "an integer", "activation": "a string", "phases": "a string",
        "learning_rate": "a number", "schedule": "a string", "batch": "an integer", "condition_batch": "an integer",
        "resample_every": "an integer", "evaluate_every": "an integer", "precision": "a string", "engine": "a string",
        "estimator": "a string", "directions": "an integer", "seed": "an integer", "time_budget": "a number",
        "fourier_features": "an integer", "fourier_scale": "a number", "residual_connections": "a boolean",
        "lbfgs_history": "an integer", "sampler": "a string", "adaptive": "a string", "rad_exponent": "a number",
        "rad_offset": "a number", "adaptive_pool": "an integer", "rar_count": "an integer",
    ]

    /// A settings file holds a few dozen keys: anything over 1 MiB is not one.
    static let maximumBytes = 1 << 20

    static func apply(path: String, to base: Settings) throws -> Settings {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RunFailure(message: "cannot read config file '\(path)': it is a directory")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw ConfigError(description: "\(path): \(size) bytes; a settings file is at most \(maximumBytes) bytes (1 MiB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunFailure(message: "cannot read config file '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")")
        }
        guard data.count <= maximumBytes else {
            throw ConfigError(description: "\(path): more than \(maximumBytes) bytes; a settings file is at most 1 MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunFailure(message: "cannot read config file '\(path)': it is not UTF-8 text")
        }
        if let nul = text.firstIndex(of: "\u{0}") {
            let line = text[..<nul].filter { $0 == "\n" }.count + 1
            throw ConfigError(description: "\(path):\(line): a NUL byte; a settings file is plain text")
        }
        let values = try parse(text, data: data, path: path)
        var s = base
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let at = "\(path):\(lineOf(key, in: text))"
            guard let kind = keys[key] else {
                // A long key is shown cut, and only a short one can be a misspelling.
                let shown = key.count > 40 ? String(key.prefix(40)) + "... (\(key.utf8.count) bytes)" : key
                let best = key.count > 40 ? nil : closestName(to: key, among: keys.keys.sorted(), within: 3)
                let hint = best.map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigError(description: "\(at): unknown key '\(shown)'\(hint); known keys: \(keys.keys.sorted().joined(separator: ", "))")
            }
            func wrong() -> ConfigError { ConfigError(description: "\(at): key '\(key)' must be \(kind), got \(value)") }
            func int() throws -> Int { if case .int(let i) = value { return i }; throw wrong() }
            func nonNegative() throws -> Int {
                let i = try int()
                if i < 0 { throw ConfigError(description: "\(at): key '\(key)' must be >= 0, got \(i)") }
                return i
            }
            func num() throws -> Double {
                switch value { case .double(let d): return d; case .int(let i): return Double(i); default: throw wrong() }
            }
            func str() throws -> String { if case .string(let t) = value { return t }; throw wrong() }
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
            case "phases":
                do { s.phases = try Settings.Phase.parse(try str()) } catch let e as SettingsError {
                    throw ConfigError(description: "\(at): key 'phases': \(e.description)")
                }
            case "learning_rate": s.learningRate = try num()
            case "schedule": s.schedule = try choice(ScheduleKind.self)
            case "batch": s.batch = try int()
            case "condition_batch": s.conditionBatch = try int()
            case "resample_every": s.resampleEvery = try int()
            case "evaluate_every": s.evaluateEvery = try int()
            case "precision": s.precision = try choice(Settings.Precision.self)
            case "engine": s.engine = try choice(DerivativeEngine.self)
            case "estimator": s.estimator = try choice(LaplacianEstimator.self)
            case "directions": s.directions = try int()
            case "lbfgs_history": s.lbfgsHistory = try int()
            case "seed": s.seed = UInt64(try nonNegative())
            case "time_budget": s.timeBudget = try num()
            case "sampler": s.sampler = try choice(PointSampler.self)
            case "adaptive": s.adaptive = try choice(AdaptiveMethod.self)
            case "rad_exponent": s.radExponent = try num()
            case "rad_offset": s.radOffset = try num()
            case "adaptive_pool": s.adaptivePool = try int()
            case "rar_count": s.rarCount = try int()
            case "fourier_features": s.fourierFeatures = try int()
            case "fourier_scale": s.fourierScale = try num()
            case "residual_connections":
                guard case .bool(let b) = value else { throw wrong() }
                s.residualConnections = b
            default: break
            }
        }
        do { try s.validate() } catch let e as SettingsError {
            throw ConfigError(description: "\(path): \(e.description)")
        }
        return s
    }

    /// The top-level key-value pairs of the file.
    static func parse(_ text: String, data: Data, path: String) throws -> [String: ConfigValue] {
        if path.hasSuffix(".json") {
            do {
                return try JSONDecoder().decode([String: ConfigValue].self, from: data)
            } catch DecodingError.dataCorrupted(let context) {
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                throw ConfigError(description: "\(path): not valid JSON (\(underlying ?? context.debugDescription))")
            } catch {
                throw ConfigError(description: "\(path): not a JSON object of settings, e.g. {\"width\": 64, \"phases\": \"adam:5000\"}")
            }
        }
        do {
            let table = try TOMLTable(string: text)
            return Dictionary(uniqueKeysWithValues: table.map { ($0.0, ConfigValue(toml: $0.1)) })
        } catch let e as TOMLParseError {
            throw ConfigError(description: "\(path):\(e.source.begin.line): not valid TOML: \(e.description)")
        }
    }

    /// The 1-based line where `key` is set (a line starting with the key, bare or quoted, then
    /// `=`, `:` or a space); 1 when it is not found (e.g. JSON on one line).
    static func lineOf(_ key: String, in text: String) -> Int {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var t = Substring(line.trimmingCharacters(in: .whitespaces))
            if t.hasPrefix("{") { t = t.dropFirst().drop(while: { $0 == " " }) }
            for form in [key, "\"\(key)\"", "'\(key)'"] where t.hasPrefix(form) {
                let rest = t.dropFirst(form.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.first == "=" || rest.first == ":" { return i + 1 }
            }
        }
        return 1
    }
}
