import Foundation
import NetCDF

/// One value of a config file or a command-line option, typed as it was written.
public enum ConfigValue: Decodable, Sendable, Equatable, CustomStringConvertible {
    case bool(Bool), int(Int), double(Double), string(String), other(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if c.decodeNil() { self = .other("null") }
        else { self = .other("an array or object") }
    }

    public var description: String {
        switch self {
        case .bool(let b): "the boolean \(b)"
        case .int(let i): "the integer \(i)"
        case .double(let d): "the number \(d)"
        case .string(let s): "the string \"\(s)\""
        case .other(let s): s
        }
    }
}

/// A value that cannot be a setting's (a wrong type, a name not among the choices): what
/// follows "key 'KEY'" in a config file's message, e.g. "must be an integer, got the string "16"".
public struct SettingValueError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The coding key of a setting in `Settings`' Codable form: the key in camelCase, so that
/// `.convertToSnakeCase` writes the config-file key (checkpoints' settings files, summaries).
public struct SettingCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// One run setting, described once (`Settings.table`): its key, its command-line option, what a
/// config file must give, its valid values, its help text and where `Settings` stores it. The
/// config-file keys and their parsing, the options' help and application, the validation, the
/// result file's `setting_<key>` attributes, `Settings`' Codable form (checkpoints' settings
/// files, the summary's `settings`) and the settings `run --resume` may change all come from
/// these descriptions.
public struct SettingDescriptor: Sendable {
    /// What the result file records of a setting (`setting_<key>`).
    public enum Attribute: Sendable {
        /// The value, or nothing while an optional setting is unset.
        case value
        /// Nothing.
        case omitted
        /// What the closure gives (nil: nothing), e.g. a value that applies under one mode only.
        case computed(@Sendable (Settings) -> SettingValue?)
    }

    /// Whether a settings file (a checkpoint's, written by an earlier version) must hold the key.
    public enum Presence: Sendable {
        /// Files since the first checkpoint settings files hold it.
        case required
        /// Added later: an absent key keeps `Settings()`'s value.
        case defaulted
    }

    /// The key (snake_case): in config files, the result file's `setting_<key>`, the summary's
    /// `settings` object and checkpoints' settings files.
    public let key: String
    /// The option of `pinn-solve run` (`--` and the key with dashes), or nil where there is none.
    public let option: String?
    /// What a config file must give: "an integer", "a number", "a string", "a boolean".
    public let type: String
    /// The valid values, as the messages say them after "must be": "in 1...16384",
    /// "a positive finite number at most 1e12", "one of f32, f64", ...
    public let range: String
    /// The option's help text.
    public let help: String
    /// Whether a config file may set it.
    public let configurable: Bool
    /// Whether `run --resume` may change it (when to measure or stop, not how to train).
    public let changeableOnResume: Bool

    let parse: @Sendable (inout Settings, ConfigValue) throws -> Void
    let check: @Sendable (Settings) throws -> Void
    let attribute: @Sendable (Settings) -> SettingValue?
    let encode: @Sendable (Settings, inout KeyedEncodingContainer<SettingCodingKey>) throws -> Void
    let decode: @Sendable (inout Settings, KeyedDecodingContainer<SettingCodingKey>) throws -> Void

    /// The Codable key: `key` in camelCase ("learning_rate" -> "learningRate").
    public var codingKey: SettingCodingKey { Self.codingKey(key) }

    /// Sets the setting from a config-file or option value; throws `SettingValueError` for a
    /// value of the wrong type or not among the choices, `SettingsError` for one that does not
    /// parse (phases).
    public func set(_ settings: inout Settings, from value: ConfigValue) throws { try parse(&settings, value) }

    /// Throws a `SettingsError` naming the key, the range and the value when it is out of range.
    public func validate(_ settings: Settings) throws { try check(settings) }

    /// The result file's attribute `setting_<key>`, or nil where none is written.
    public func resultAttribute(_ settings: Settings) -> SettingValue? { attribute(settings) }

    init(key: String, option: Bool = true, type: String, range: String, help: String, configurable: Bool = true,
         changeableOnResume: Bool = false,
         parse: @escaping @Sendable (inout Settings, ConfigValue) throws -> Void,
         check: @escaping @Sendable (Settings) throws -> Void,
         attribute: @escaping @Sendable (Settings) -> SettingValue?,
         encode: @escaping @Sendable (Settings, inout KeyedEncodingContainer<SettingCodingKey>) throws -> Void,
         decode: @escaping @Sendable (inout Settings, KeyedDecodingContainer<SettingCodingKey>) throws -> Void) {
        self.key = key; self.option = option ? "--" + key.replacingOccurrences(of: "_", with: "-") : nil
        self.type = type; self.range = range; self.help = help
        self.configurable = configurable; self.changeableOnResume = changeableOnResume
        self.parse = parse; self.check = check; self.attribute = attribute; self.encode = encode; self.decode = decode
    }
}

// The kinds of setting the table is written with: each gives the parsing, the range check,
// the attribute and the Codable form of one stored value.
extension SettingDescriptor {
    typealias Path<Value> = WritableKeyPath<Settings, Value> & Sendable

    static func wrongType(_ type: String, _ value: ConfigValue) -> SettingValueError {
        SettingValueError("must be \(type), got \(value)")
    }

    /// A bound as the messages write it: 10, 16384, 1e12.
    static func bound(_ v: Double) -> String {
        if v == v.rounded() && Swift.abs(v) < 1e6 { return String(Int(v)) }
        let e = log10(v)
        return e == e.rounded() ? "1e\(Int(e))" : "\(v)"
    }

    /// The Codable form of a stored value: encoded under the key, decoded when present or,
    /// for a required key, always.
    static func coded<V: Codable & Sendable>(_ path: Path<V>, key: String, presence: Presence)
        -> (encode: @Sendable (Settings, inout KeyedEncodingContainer<SettingCodingKey>) throws -> Void,
            decode: @Sendable (inout Settings, KeyedDecodingContainer<SettingCodingKey>) throws -> Void) {
        let probe = SettingDescriptor.codingKey(key)
        return ({ s, c in try c.encode(s[keyPath: path], forKey: probe) },
                { s, c in
                    switch presence {
                    case .required: s[keyPath: path] = try c.decode(V.self, forKey: probe)
                    case .defaulted: if let v = try c.decodeIfPresent(V.self, forKey: probe) { s[keyPath: path] = v }
                    }
                })
    }

    /// An optional stored value: encoded only when set, decoded when present.
    static func coded<V: Codable & Sendable>(_ path: Path<V?>, key: String)
        -> (encode: @Sendable (Settings, inout KeyedEncodingContainer<SettingCodingKey>) throws -> Void,
            decode: @Sendable (inout Settings, KeyedDecodingContainer<SettingCodingKey>) throws -> Void) {
        let probe = SettingDescriptor.codingKey(key)
        return ({ s, c in try c.encodeIfPresent(s[keyPath: path], forKey: probe) },
                { s, c in s[keyPath: path] = try c.decodeIfPresent(V.self, forKey: probe) })
    }

    static func codingKey(_ key: String) -> SettingCodingKey {
        let parts = key.split(separator: "_")
        return SettingCodingKey(stringValue: String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
    }

    static func resolve(_ attribute: Attribute, value: @escaping @Sendable (Settings) -> SettingValue?) -> @Sendable (Settings) -> SettingValue? {
        switch attribute {
        case .value: value
        case .omitted: { _ in nil }
        case .computed(let f): f
        }
    }

    static func readInteger(_ v: ConfigValue) throws -> Int {
        if case .int(let i) = v { return i }
        throw wrongType("an integer", v)
    }

    static func readNumber(_ v: ConfigValue) throws -> Double {
        switch v {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw wrongType("a number", v)
        }
    }

    /// An integer in `range`.
    static func integer(_ key: String, _ path: Path<Int>, _ range: ClosedRange<Int>, help: String,
                        attribute: Attribute = .value, changeableOnResume: Bool = false,
                        presence: Presence = .required) -> SettingDescriptor {
        let text = "in \(range.lowerBound)...\(range.upperBound)"
        let (encode, decode) = coded(path, key: key, presence: presence)
        return SettingDescriptor(
            key: key, type: "an integer", range: text, help: help, changeableOnResume: changeableOnResume,
            parse: { s, v in s[keyPath: path] = try readInteger(v) },
            check: { s in
                let v = s[keyPath: path]
                guard range.contains(v) else { throw SettingsError("\(key) must be \(text), got \(v)") }
            },
            attribute: resolve(attribute) { .int($0[keyPath: path]) }, encode: encode, decode: decode)
    }

    /// An integer in `range`, or unset (nil: a default computed elsewhere).
    static func integer(_ key: String, _ path: Path<Int?>, _ range: ClosedRange<Int>, help: String,
                        attribute: Attribute = .value) -> SettingDescriptor {
        let text = "in \(range.lowerBound)...\(range.upperBound)"
        let (encode, decode) = coded(path, key: key)
        return SettingDescriptor(
            key: key, type: "an integer", range: text, help: help,
            parse: { s, v in s[keyPath: path] = try readInteger(v) },
            check: { s in
                if let v = s[keyPath: path], !range.contains(v) { throw SettingsError("\(key) must be \(text), got \(v)") }
            },
            attribute: resolve(attribute) { $0[keyPath: path].map { .int($0) } }, encode: encode, decode: decode)
    }

    /// What a real setting may be.
    enum RealRange: Sendable {
        /// Positive, finite and at most the bound.
        case positive(atMost: Double)
        /// In the closed range (finite).
        case closed(ClosedRange<Double>)
        /// Positive and finite, in seconds.
        case seconds

        var text: String {
            switch self {
            case .positive(let m): "a positive finite number at most \(bound(m))"
            case .closed(let r): "a finite number in \(bound(r.lowerBound))...\(bound(r.upperBound))"
            case .seconds: "positive finite seconds"
            }
        }

        func contains(_ v: Double) -> Bool {
            switch self {
            case .positive(let m): v > 0 && v <= m
            case .closed(let r): r.contains(v)
            case .seconds: v > 0 && v.isFinite
            }
        }
    }

    /// A real number in `range`.
    static func real(_ key: String, _ path: Path<Double>, _ range: RealRange, help: String,
                     attribute: Attribute = .value, presence: Presence = .required) -> SettingDescriptor {
        let (encode, decode) = coded(path, key: key, presence: presence)
        return SettingDescriptor(
            key: key, type: "a number", range: range.text, help: help,
            parse: { s, v in s[keyPath: path] = try readNumber(v) },
            check: { s in
                let v = s[keyPath: path]
                guard range.contains(v) else { throw SettingsError("\(key) must be \(range.text), got \(v)") }
            },
            attribute: resolve(attribute) { .double($0[keyPath: path]) }, encode: encode, decode: decode)
    }

    /// A real number in `range`, or unset.
    static func real(_ key: String, _ path: Path<Double?>, _ range: RealRange, help: String,
                     attribute: Attribute = .value, changeableOnResume: Bool = false) -> SettingDescriptor {
        let (encode, decode) = coded(path, key: key)
        return SettingDescriptor(
            key: key, type: "a number", range: range.text, help: help, changeableOnResume: changeableOnResume,
            parse: { s, v in s[keyPath: path] = try readNumber(v) },
            check: { s in
                if let v = s[keyPath: path], !range.contains(v) { throw SettingsError("\(key) must be \(range.text), got \(v)") }
            },
            attribute: resolve(attribute) { $0[keyPath: path].map { .double($0) } }, encode: encode, decode: decode)
    }

    /// One of an enumeration's names.
    static func choice<E: RawRepresentable & CaseIterable & Codable & Sendable>(
        _ key: String, _ path: Path<E>, help: String, attribute: Attribute = .value, presence: Presence = .required
    ) -> SettingDescriptor where E.RawValue == String {
        let text = "one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"
        let (encode, decode) = coded(path, key: key, presence: presence)
        return SettingDescriptor(
            key: key, type: "a string", range: text, help: help,
            parse: { s, v in
                guard case .string(let t) = v else { throw wrongType("a string", v) }
                guard let e = E(rawValue: t) else { throw SettingValueError("must be \(text), got '\(t)'") }
                s[keyPath: path] = e
            },
            check: { _ in },
            attribute: resolve(attribute) { .text($0[keyPath: path].rawValue) }, encode: encode, decode: decode)
    }

    /// On or off (an option with a `--no-` form; the attribute 1 or 0).
    static func flag(_ key: String, _ path: Path<Bool>, help: String, attribute: Attribute = .value,
                     presence: Presence = .required) -> SettingDescriptor {
        let (encode, decode) = coded(path, key: key, presence: presence)
        return SettingDescriptor(
            key: key, type: "a boolean", range: "true or false", help: help,
            parse: { s, v in
                guard case .bool(let b) = v else { throw wrongType("a boolean", v) }
                s[keyPath: path] = b
            },
            check: { _ in },
            attribute: resolve(attribute) { .int($0[keyPath: path] ? 1 : 0) }, encode: encode, decode: decode)
    }
}
