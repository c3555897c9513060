import Foundation
import PINN
import TOMLKit

/// A config file that cannot be used: names the file, the line, the key, what was expected.
/// Exit code 2 when the file was read but its contents are wrong; `RunFailure` (exit code 1)
/// when it cannot be read at all.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
}

/// A config file's value from TOML (`ConfigValue` itself reads JSON).
extension ConfigValue {
    init(toml v: TOMLValueConvertible) {
        if let b = v.bool { self = .bool(b) }
        else if let i = v.int { self = .int(i) }
        else if let d = v.double { self = .double(d) }
        else if let s = v.string { self = .string(s) }
        else { self = .other(v.type == .table ? "a table" : v.type == .array ? "an array" : "a TOML \(v.type)") }
    }
}

/// Reads a TOML or JSON config file (JSON when the name ends in `.json`) holding the run
/// settings under the option names in snake_case: the keys of `Settings.table` (and of
/// Docs/cli.md), each parsed by its entry. Values are applied over `base`; the result is
/// validated.
enum ConfigFile {
    /// The keys a config file may set, sorted.
    static var keys: [String] { Settings.configKeys }

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
            guard let setting = Settings.descriptor(key), setting.configurable else {
                // A long key is shown cut, and only a short one can be a misspelling.
                let shown = key.count > 40 ? String(key.prefix(40)) + "... (\(key.utf8.count) bytes)" : key
                let best = key.count > 40 ? nil : closestName(to: key, among: keys, within: 3)
                let hint = best.map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigError(description: "\(at): unknown key '\(shown)'\(hint); known keys: \(keys.joined(separator: ", "))")
            }
            do { try setting.set(&s, from: value) } catch let e as SettingValueError {
                throw ConfigError(description: "\(at): key '\(key)' \(e.description)")
            } catch let e as SettingsError {
                throw ConfigError(description: "\(at): key '\(key)': \(e.description)")
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
