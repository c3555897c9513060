import CNetCDF

/// The external type of a NetCDF variable or attribute (`nc_type`).
///
/// This module writes `.float`, `.double`, `.int32`, `.int64` and `.char` (text); it reads any
/// numeric type by letting libnetcdf convert to the type asked for.
public enum NetCDFType: Sendable, Hashable, CustomStringConvertible {
    case byte, char, short, int32, float, double, ubyte, ushort, uint32, int64, uint64, string
    /// A user-defined (compound, enum, vlen, opaque) type, identified by its `nc_type`.
    case other(Int32)

    public init(_ raw: nc_type) {
        switch raw {
        case NC_BYTE: self = .byte
        case NC_CHAR: self = .char
        case NC_SHORT: self = .short
        case NC_INT: self = .int32
        case NC_FLOAT: self = .float
        case NC_DOUBLE: self = .double
        case NC_UBYTE: self = .ubyte
        case NC_USHORT: self = .ushort
        case NC_UINT: self = .uint32
        case NC_INT64: self = .int64
        case NC_UINT64: self = .uint64
        case NC_STRING: self = .string
        default: self = .other(raw)
        }
    }

    public var raw: nc_type {
        switch self {
        case .byte: NC_BYTE
        case .char: NC_CHAR
        case .short: NC_SHORT
        case .int32: NC_INT
        case .float: NC_FLOAT
        case .double: NC_DOUBLE
        case .ubyte: NC_UBYTE
        case .ushort: NC_USHORT
        case .uint32: NC_UINT
        case .int64: NC_INT64
        case .uint64: NC_UINT64
        case .string: NC_STRING
        case .other(let t): t
        }
    }

    /// Whether libnetcdf converts values of this type to and from the numeric Swift types.
    public var isNumeric: Bool {
        switch self {
        case .char, .string, .other: false
        default: true
        }
    }

    /// The CDL name (`ncdump -h` spelling).
    public var description: String {
        switch self {
        case .byte: "byte"
        case .char: "char"
        case .short: "short"
        case .int32: "int"
        case .float: "float"
        case .double: "double"
        case .ubyte: "ubyte"
        case .ushort: "ushort"
        case .uint32: "uint"
        case .int64: "int64"
        case .uint64: "uint64"
        case .string: "string"
        case .other(let t): "user type \(t)"
        }
    }
}

/// A Swift type that maps to a NetCDF numeric type: `Float`, `Double`, `Int32`, `Int64`.
///
/// Reads convert: a `double` variable read as `Float` (or an `int` variable read as `Double`)
/// goes through libnetcdf's conversion, which fails with `NC_ERANGE` when a value does not fit.
public protocol NetCDFScalar: Sendable, Numeric {
    /// The type a variable of this Swift type is created with.
    static var netCDFType: NetCDFType { get }
    /// `nc_put_vara_<type>`.
    static func putVara(_ ncid: Int32, _ varid: Int32, _ start: UnsafePointer<Int>?,
                        _ count: UnsafePointer<Int>?, _ values: UnsafePointer<Self>?) -> Int32
    /// `nc_get_vara_<type>`.
    static func getVara(_ ncid: Int32, _ varid: Int32, _ start: UnsafePointer<Int>?,
                        _ count: UnsafePointer<Int>?, _ values: UnsafeMutablePointer<Self>?) -> Int32
    /// `nc_put_att_<type>` with the attribute type equal to `netCDFType`.
    static func putAttribute(_ ncid: Int32, _ varid: Int32, _ name: String, _ count: Int,
                             _ values: UnsafePointer<Self>?) -> Int32
    /// `nc_get_att_<type>`.
    static func getAttribute(_ ncid: Int32, _ varid: Int32, _ name: String,
                             _ values: UnsafeMutablePointer<Self>?) -> Int32
}

extension Float: NetCDFScalar {
    public static var netCDFType: NetCDFType { .float }
    public static func putVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafePointer<Float>?) -> Int32 { nc_put_vara_float(n, v, s, c, p) }
    public static func getVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafeMutablePointer<Float>?) -> Int32 { nc_get_vara_float(n, v, s, c, p) }
    public static func putAttribute(_ n: Int32, _ v: Int32, _ name: String, _ count: Int,
                                    _ p: UnsafePointer<Float>?) -> Int32 { nc_put_att_float(n, v, name, NC_FLOAT, count, p) }
    public static func getAttribute(_ n: Int32, _ v: Int32, _ name: String,
                                    _ p: UnsafeMutablePointer<Float>?) -> Int32 { nc_get_att_float(n, v, name, p) }
}

extension Double: NetCDFScalar {
    public static var netCDFType: NetCDFType { .double }
    public static func putVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafePointer<Double>?) -> Int32 { nc_put_vara_double(n, v, s, c, p) }
    public static func getVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafeMutablePointer<Double>?) -> Int32 { nc_get_vara_double(n, v, s, c, p) }
    public static func putAttribute(_ n: Int32, _ v: Int32, _ name: String, _ count: Int,
                                    _ p: UnsafePointer<Double>?) -> Int32 { nc_put_att_double(n, v, name, NC_DOUBLE, count, p) }
    public static func getAttribute(_ n: Int32, _ v: Int32, _ name: String,
                                    _ p: UnsafeMutablePointer<Double>?) -> Int32 { nc_get_att_double(n, v, name, p) }
}

extension Int32: NetCDFScalar {
    public static var netCDFType: NetCDFType { .int32 }
    public static func putVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafePointer<Int32>?) -> Int32 { nc_put_vara_int(n, v, s, c, p) }
    public static func getVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafeMutablePointer<Int32>?) -> Int32 { nc_get_vara_int(n, v, s, c, p) }
    public static func putAttribute(_ n: Int32, _ v: Int32, _ name: String, _ count: Int,
                                    _ p: UnsafePointer<Int32>?) -> Int32 { nc_put_att_int(n, v, name, NC_INT, count, p) }
    public static func getAttribute(_ n: Int32, _ v: Int32, _ name: String,
                                    _ p: UnsafeMutablePointer<Int32>?) -> Int32 { nc_get_att_int(n, v, name, p) }
}

extension Int64: NetCDFScalar {
    public static var netCDFType: NetCDFType { .int64 }
    public static func putVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafePointer<Int64>?) -> Int32 {
        nc_put_vara_longlong(n, v, s, c, p)
    }
    public static func getVara(_ n: Int32, _ v: Int32, _ s: UnsafePointer<Int>?, _ c: UnsafePointer<Int>?,
                               _ p: UnsafeMutablePointer<Int64>?) -> Int32 {
        nc_get_vara_longlong(n, v, s, c, p)
    }
    public static func putAttribute(_ n: Int32, _ v: Int32, _ name: String, _ count: Int,
                                    _ p: UnsafePointer<Int64>?) -> Int32 {
        nc_put_att_longlong(n, v, name, NC_INT64, count, p)
    }
    public static func getAttribute(_ n: Int32, _ v: Int32, _ name: String,
                                    _ p: UnsafeMutablePointer<Int64>?) -> Int32 {
        nc_get_att_longlong(n, v, name, p)
    }
}
