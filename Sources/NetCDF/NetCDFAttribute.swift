import CNetCDF
import Foundation

/// The value of a NetCDF attribute: text or a numeric array (a single number is an array of one).
///
/// Literals pick the common CF forms: `"m s-1"` is `.text`, `0.5` is `.doubles([0.5])`, `3` is
/// `.int32s([3])`.
public enum NetCDFAttribute: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A `char` attribute (UTF-8 text), the form CF uses for units, long_name and the like.
    case text(String)
    /// A NetCDF-4 `string` attribute (one or several variable-length strings).
    case strings([String])
    case doubles([Double])
    case floats([Float])
    case int32s([Int32])
    case int64s([Int64])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .doubles([value]) }
    public init(integerLiteral value: Int32) { self = .int32s([value]) }

    /// The text of a `.text` attribute, or the strings of a `.strings` one joined by newlines.
    public var text: String? {
        switch self {
        case .text(let s): s
        case .strings(let s): s.joined(separator: "\n")
        default: nil
        }
    }

    /// The values of a numeric attribute converted to Double (Int64 beyond 2^53 rounds).
    public var doubles: [Double]? {
        switch self {
        case .text, .strings: nil
        case .doubles(let v): v
        case .floats(let v): v.map(Double.init)
        case .int32s(let v): v.map(Double.init)
        case .int64s(let v): v.map(Double.init)
        }
    }

    /// The single value of a one-element numeric attribute.
    public var double: Double? {
        guard let v = doubles, v.count == 1 else { return nil }
        return v[0]
    }

    /// The values of an integer attribute, or of a floating-point one whose values are whole.
    public var integers: [Int64]? {
        switch self {
        case .int32s(let v): return v.map(Int64.init)
        case .int64s(let v): return v
        case .text, .strings: return nil
        default:
            guard let d = doubles, d.allSatisfy({ $0 == $0.rounded() && abs($0) < 9.2e18 }) else { return nil }
            return d.map { Int64($0) }
        }
    }

    /// CDL-like text: `"m s-1"`, `1.5, 2.0`, `3`.
    public var description: String {
        switch self {
        case .text(let s): return "\"\(s)\""
        case .strings(let s): return s.map { "\"\($0)\"" }.joined(separator: ", ")
        case .doubles(let v): return v.map { "\($0)" }.joined(separator: ", ")
        case .floats(let v): return v.map { "\($0)f" }.joined(separator: ", ")
        case .int32s(let v): return v.map { "\($0)" }.joined(separator: ", ")
        case .int64s(let v): return v.map { "\($0)LL" }.joined(separator: ", ")
        }
    }
}

extension NetCDFContainer {
    /// Sets attribute `name` on `variable`, or on this group (a global attribute at the root)
    /// when `variable` is nil. Replaces an existing attribute of the same name.
    public func putAttribute(_ name: String, _ value: NetCDFAttribute, on variable: NetCDFVariable? = nil) throws {
        let what = variable.map { "\($0.name):\(name)" } ?? ":\(name)"
        try file.ensureDefineMode(what)
        let varid = variable?.id ?? NC_GLOBAL
        let g = variable?.groupID ?? groupID
        try check(file.path, what, "nc_put_att") {
            switch value {
            case .text(let s):
                let bytes = Array(s.utf8)
                return bytes.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { nc_put_att_text(g, varid, name, b.count, $0.baseAddress) }
                }
            case .strings(let list):
                var pointers: [UnsafePointer<CChar>?] = list.map { UnsafePointer(strdup($0)) }
                defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
                return nc_put_att_string(g, varid, name, pointers.count, &pointers)
            case .doubles(let v): return v.withUnsafeBufferPointer { Double.putAttribute(g, varid, name, v.count, $0.baseAddress) }
            case .floats(let v): return v.withUnsafeBufferPointer { Float.putAttribute(g, varid, name, v.count, $0.baseAddress) }
            case .int32s(let v): return v.withUnsafeBufferPointer { Int32.putAttribute(g, varid, name, v.count, $0.baseAddress) }
            case .int64s(let v): return v.withUnsafeBufferPointer { Int64.putAttribute(g, varid, name, v.count, $0.baseAddress) }
            }
        }
    }

    /// Whether `variable` (or this group, for nil) has an attribute called `name`.
    public func hasAttribute(_ name: String, of variable: NetCDFVariable? = nil) throws -> Bool {
        try file.ensureOpen(name)
        var id: Int32 = 0
        return locked { nc_inq_attid(variable?.groupID ?? groupID, variable?.id ?? NC_GLOBAL, name, &id) } == NC_NOERR
    }

    /// Attribute `name` of `variable` (or of this group, for nil). Integer types narrower than
    /// 64 bits read as `.int32s`, unsigned 32- and 64-bit ones as `.int64s`.
    public func attribute(_ name: String, of variable: NetCDFVariable? = nil) throws -> NetCDFAttribute {
        let what = variable.map { "\($0.name):\(name)" } ?? ":\(name)"
        try file.ensureOpen(what)
        let g = variable?.groupID ?? groupID, varid = variable?.id ?? NC_GLOBAL
        var type: nc_type = 0
        var n = 0
        let status = locked { nc_inq_att(g, varid, name, &type, &n) }
        if status == NC_ENOTATT {
            let names = (try? attributeNames(of: variable)) ?? []
            throw NetCDFError(path: file.path, variable: what, operation: "nc_inq_att", status: status,
                              message: "no attribute \"\(name)\"", fix: suggestion(for: name, among: names, kind: "attributes"))
        }
        if status != NC_NOERR { throw NetCDFError(status: status, path: file.path, variable: what, operation: "nc_inq_att") }
        switch type {
        case NC_CHAR:
            var bytes = [UInt8](repeating: 0, count: n)
            if n > 0 {
                try check(file.path, what, "nc_get_att_text") {
                    bytes.withUnsafeMutableBufferPointer { b in
                        b.withMemoryRebound(to: CChar.self) { nc_get_att_text(g, varid, name, $0.baseAddress) }
                    }
                }
            }
            while bytes.last == 0 { bytes.removeLast() }   // some writers include the C terminator
            return .text(String(decoding: bytes, as: UTF8.self))
        case NC_STRING:
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
            try check(file.path, what, "nc_get_att_string") { nc_get_att_string(g, varid, name, &pointers) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            _ = locked { nc_free_string(n, &pointers) }
            return .strings(strings)
        case NC_DOUBLE: return .doubles(try readAttribute(Double.self, g, varid, name, n, what))
        case NC_FLOAT: return .floats(try readAttribute(Float.self, g, varid, name, n, what))
        case NC_BYTE, NC_UBYTE, NC_SHORT, NC_USHORT, NC_INT:
            return .int32s(try readAttribute(Int32.self, g, varid, name, n, what))
        case NC_UINT, NC_INT64, NC_UINT64:
            return .int64s(try readAttribute(Int64.self, g, varid, name, n, what))
        default:
            throw NetCDFError(path: file.path, variable: what, operation: "attribute",
                              message: "attribute type \(NetCDFType(type)) is not supported",
                              fix: "read it with the C API or convert the file with nccopy")
        }
    }

    /// The names of the attributes of `variable` (or of this group, for nil), in file order.
    public func attributeNames(of variable: NetCDFVariable? = nil) throws -> [String] {
        let what = variable?.name
        try file.ensureOpen(what)
        let g = variable?.groupID ?? groupID, varid = variable?.id ?? NC_GLOBAL
        var n: Int32 = 0
        if let variable {
            try check(file.path, what, "nc_inq_varnatts") { nc_inq_varnatts(g, variable.id, &n) }
        } else {
            try check(file.path, what, "nc_inq_natts") { nc_inq_natts(g, &n) }
        }
        return try (0..<n).map { i in
            var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            try check(file.path, what, "nc_inq_attname") { nc_inq_attname(g, varid, i, &buffer) }
            return decode(buffer)
        }
    }

    /// All attributes of `variable` (or of this group, for nil), in file order.
    public func attributes(of variable: NetCDFVariable? = nil) throws -> [(name: String, value: NetCDFAttribute)] {
        try attributeNames(of: variable).map { ($0, try attribute($0, of: variable)) }
    }

    /// The text of attribute `name`, or nil if it is missing or not text.
    public func textAttribute(_ name: String, of variable: NetCDFVariable? = nil) throws -> String? {
        guard try hasAttribute(name, of: variable) else { return nil }
        return try attribute(name, of: variable).text
    }

    private func readAttribute<T: NetCDFScalar>(_: T.Type, _ g: Int32, _ varid: Int32, _ name: String,
                                                _ n: Int, _ what: String) throws -> [T] {
        var values = [T](repeating: 0, count: n)
        if n > 0 {
            try check(file.path, what, "nc_get_att") {
                values.withUnsafeMutableBufferPointer { T.getAttribute(g, varid, name, $0.baseAddress) }
            }
        }
        return values
    }
}
