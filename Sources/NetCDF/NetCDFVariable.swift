import Autodiff
import CNetCDF

/// A variable of a NetCDF file: its name, external type and dimensions (slowest first, as in
/// C and `ncdump`). Valid while its file is open. Data is read and written through the group
/// (`NetCDFContainer.read`, `.write`); its shape is `shape(of:)`, which grows along an
/// unlimited dimension as records are written.
public struct NetCDFVariable: Hashable, Sendable, CustomStringConvertible {
    /// The id of the group that holds the variable.
    public let groupID: Int32
    public let id: Int32
    public let name: String
    public let type: NetCDFType
    public let dimensions: [NetCDFDimension]

    /// The number of dimensions (0 for a scalar variable).
    public var rank: Int { dimensions.count }

    /// `double u(t, x)`.
    public var description: String {
        "\(type) \(name)" + (dimensions.isEmpty ? "" : "(\(dimensions.map(\.name).joined(separator: ", ")))")
    }
}

extension NetCDFContainer {
    /// Defines a variable of Swift type `T` over `dimensions` (slowest first).
    ///
    /// - Parameters:
    ///   - deflate: zlib level 1...9, 0 for none, nil for the file's default (see `create`).
    ///   - shuffle: the shuffle filter, nil for the file's default.
    ///   - chunks: chunk extents (one per dimension); nil lets libnetcdf choose.
    ///   - fillValue: the value of elements never written (`_FillValue`); nil for the default.
    /// Compression and chunking apply to NetCDF-4 files and variables of rank >= 1 only.
    public func defineVariable<T: NetCDFScalar>(_ name: String, _ type: T.Type,
                                                dimensions: [NetCDFDimension],
                                                deflate: Int? = nil, shuffle: Bool? = nil,
                                                chunks: [Int]? = nil, fillValue: T? = nil) throws -> NetCDFVariable {
        if let chunks {
            require(chunks.count == dimensions.count,
                         "defineVariable(\(name)): \(chunks.count) chunk extents for \(dimensions.count) dimensions")
        }
        try file.ensureDefineMode(name)
        var id: Int32 = -1
        let dimIDs = dimensions.map(\.id)
        try check(file.path, name, "nc_def_var") {
            dimIDs.withUnsafeBufferPointer { nc_def_var(groupID, name, T.netCDFType.raw, Int32(dimIDs.count), $0.baseAddress, &id) }
        }
        let isNetCDF4 = file.format == NC_FORMAT_NETCDF4
        if isNetCDF4 && !dimensions.isEmpty {
            if var chunks {
                try check(file.path, name, "nc_def_var_chunking") { nc_def_var_chunking(groupID, id, NC_CHUNKED, &chunks) }
            }
            let level = deflate ?? file.defaultDeflate ?? 0
            let doShuffle = shuffle ?? file.defaultShuffle
            if level > 0 || doShuffle {
                try check(file.path, name, "nc_def_var_deflate") {
                    nc_def_var_deflate(groupID, id, doShuffle ? 1 : 0, level > 0 ? 1 : 0, Int32(level))
                }
            }
        }
        if let fillValue {
            try check(file.path, name, "nc_def_var_fill") { withUnsafePointer(to: fillValue) { nc_def_var_fill(groupID, id, 0, $0) } }
        }
        return NetCDFVariable(groupID: groupID, id: id, name: name, type: T.netCDFType, dimensions: dimensions)
    }

    /// The variable called `name` in this group; throws, suggesting the closest name, if there
    /// is none.
    public func variable(_ name: String) throws -> NetCDFVariable {
        try file.ensureOpen(name)
        var id: Int32 = -1
        let status = locked { nc_inq_varid(groupID, name, &id) }
        guard status == NC_NOERR else {
            let names = (try? variables().map(\.name)) ?? []
            throw NetCDFError(path: file.path, variable: name, operation: "nc_inq_varid", status: status,
                              message: "no variable \"\(name)\" in group \(groupPath)",
                              fix: suggestion(for: name, among: names, kind: "variables"))
        }
        return try variable(id: id)
    }

    /// Whether this group has a variable called `name`.
    public func hasVariable(_ name: String) throws -> Bool {
        try file.ensureOpen(name)
        var id: Int32 = -1
        return locked { nc_inq_varid(groupID, name, &id) } == NC_NOERR
    }

    /// The variables of this group, in definition order.
    public func variables() throws -> [NetCDFVariable] {
        try file.ensureOpen(nil)
        var n: Int32 = 0
        try check(file.path, nil, "nc_inq_nvars") { nc_inq_nvars(groupID, &n) }
        var ids = [Int32](repeating: 0, count: Int(n))
        if n > 0 { try check(file.path, nil, "nc_inq_varids") { nc_inq_varids(groupID, &n, &ids) } }
        return try ids.map { try variable(id: $0) }
    }

    /// The current extent of each of the variable's dimensions.
    public func shape(of variable: NetCDFVariable) throws -> [Int] {
        try variable.dimensions.map { try length(of: $0) }
    }

    func variable(id: Int32) throws -> NetCDFVariable {
        var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        var type: nc_type = 0
        var rank: Int32 = 0
        try check(file.path, nil, "nc_inq_var") { nc_inq_var(groupID, id, &buffer, &type, &rank, nil, nil) }
        var dimIDs = [Int32](repeating: 0, count: Int(rank))
        if rank > 0 { try check(file.path, decode(buffer), "nc_inq_vardimid") { nc_inq_vardimid(groupID, id, &dimIDs) } }
        return NetCDFVariable(groupID: groupID, id: id, name: decode(buffer), type: NetCDFType(type),
                              dimensions: try dimIDs.map { try dimension(id: $0) })
    }
}
