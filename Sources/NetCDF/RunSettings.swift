/// One run setting: text, a real number or an integer.
public enum SettingValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case double(Double)
    case int(Int)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    public var description: String {
        switch self {
        case .text(let s): s
        case .double(let d): "\(d)"
        case .int(let i): "\(i)"
        }
    }
}

/// Run settings (learning rate, seed, network width, ...) stored as global attributes
/// `setting_<key>` of the group: text as `char`, reals as `double`, integers as `int64`.
/// Keys are made into NetCDF names (see `netCDFName`), so use letters, digits, '_', '-' and '.'.
public enum RunSettings {
    public static let prefix = "setting_"

    public static func write(_ settings: [String: SettingValue], into group: some NetCDFContainer) throws {
        for key in settings.keys.sorted() {
            let name = prefix + netCDFName(key)
            switch settings[key]! {
            case .text(let s): try group.putAttribute(name, .text(s))
            case .double(let d): try group.putAttribute(name, .doubles([d]))
            case .int(let i): try group.putAttribute(name, .int64s([Int64(i)]))
            }
        }
    }

    public static func read(from group: some NetCDFContainer) throws -> [String: SettingValue] {
        var settings: [String: SettingValue] = [:]
        for (name, value) in try group.attributes() where name.hasPrefix(prefix) {
            let key = String(name.dropFirst(prefix.count))
            switch value {
            case .text, .strings: settings[key] = .text(value.text!)
            case .int32s(let v) where v.count == 1: settings[key] = .int(Int(v[0]))
            case .int64s(let v) where v.count == 1: settings[key] = .int(Int(v[0]))
            default:
                guard let d = value.double else {
                    throw NetCDFError(path: group.file.path, variable: ":" + name, operation: "RunSettings.read",
                                      message: "setting has \(value.doubles?.count ?? 0) values, expected one",
                                      fix: "store one number per setting")
                }
                settings[key] = .double(d)
            }
        }
        return settings
    }
}
