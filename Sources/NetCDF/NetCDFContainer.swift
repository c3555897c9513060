import Autodiff
import CNetCDF

/// A NetCDF group: the root group (`NetCDFFile`) or a subgroup (`NetCDFGroup`).
///
/// Dimensions, variables, attributes and subgroups are defined and read through this protocol,
/// so the same calls work at every level. In NetCDF-4, a group sees the dimensions of its
/// ancestors.
public protocol NetCDFContainer {
    /// The file this group belongs to (for the path, the mode and the define/data state).
    var file: NetCDFFile { get }
    /// The libnetcdf id of the group (`ncid`).
    var groupID: Int32 { get }
    /// The full path of the group, "/" for the root.
    var groupPath: String { get }
}

/// A subgroup of a NetCDF-4 file. Valid while its file is open.
public struct NetCDFGroup: NetCDFContainer {
    public let file: NetCDFFile
    public let groupID: Int32
    public let groupPath: String
    /// The group's own name (the last component of `groupPath`).
    public var name: String { String(groupPath.split(separator: "/").last ?? "") }
}

/// A dimension of a NetCDF file.
public struct NetCDFDimension: Hashable, Sendable {
    /// The id of the group the dimension was defined in or looked up from.
    public let groupID: Int32
    public let id: Int32
    public let name: String
    /// Whether the dimension grows as records are written (`NC_UNLIMITED`).
    public let isUnlimited: Bool
}

extension NetCDFContainer {
    // MARK: Groups

    /// Defines a subgroup (NetCDF-4 files only).
    public func defineGroup(_ name: String) throws -> NetCDFGroup {
        try file.ensureDefineMode(name)
        var id: Int32 = -1
        try check(file.path, name, "nc_def_grp") { nc_def_grp(groupID, name, &id) }
        return NetCDFGroup(file: file, groupID: id, groupPath: childPath(name))
    }

    /// The subgroup called `name`; throws, listing the groups there are, if it does not exist.
    public func group(_ name: String) throws -> NetCDFGroup {
        try file.ensureOpen(name)
        var id: Int32 = -1
        let status = locked { nc_inq_grp_ncid(groupID, name, &id) }
        guard status == NC_NOERR else {
            let names = (try? groups().map(\.name)) ?? []
            throw NetCDFError(path: file.path, variable: name, operation: "group", status: status,
                              message: "no group \"\(name)\" in \(groupPath)",
                              fix: names.isEmpty ? "this group has no subgroups"
                                                 : "the subgroups are \(names.joined(separator: ", "))")
        }
        return NetCDFGroup(file: file, groupID: id, groupPath: childPath(name))
    }

    /// The subgroups of this group, in definition order.
    public func groups() throws -> [NetCDFGroup] {
        try file.ensureOpen(nil)
        var n: Int32 = 0
        try check(file.path, nil, "nc_inq_grps") { nc_inq_grps(groupID, &n, nil) }
        var ids = [Int32](repeating: 0, count: Int(n))
        if n > 0 { try check(file.path, nil, "nc_inq_grps") { nc_inq_grps(groupID, &n, &ids) } }
        return try ids.map { id in
            var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            try check(file.path, nil, "nc_inq_grpname") { nc_inq_grpname(id, &buffer) }
            return NetCDFGroup(file: file, groupID: id, groupPath: childPath(decode(buffer)))
        }
    }

    func childPath(_ name: String) -> String { groupPath == "/" ? "/" + name : groupPath + "/" + name }

    // MARK: Dimensions

    /// Defines a dimension of `length` elements, or an unlimited (record) dimension for nil.
    public func defineDimension(_ name: String, length: Int?) throws -> NetCDFDimension {
        require((length ?? 0) >= 0, "defineDimension(\(name)): negative length \(length ?? 0)")
        try file.ensureDefineMode(name)
        var id: Int32 = -1
        try check(file.path, name, "nc_def_dim") { nc_def_dim(groupID, name, length ?? 0, &id) }
        return NetCDFDimension(groupID: groupID, id: id, name: name, isUnlimited: length == nil)
    }

    /// The dimension called `name`, visible from this group (its own or an ancestor's).
    public func dimension(_ name: String) throws -> NetCDFDimension {
        try file.ensureOpen(name)
        var id: Int32 = -1
        let status = locked { nc_inq_dimid(groupID, name, &id) }
        guard status == NC_NOERR else {
            let names = (try? dimensions().map(\.name)) ?? []
            throw NetCDFError(path: file.path, variable: name, operation: "nc_inq_dimid", status: status,
                              message: "no dimension \"\(name)\" in \(groupPath)",
                              fix: suggestion(for: name, among: names, kind: "dimensions"))
        }
        return try dimension(id: id)
    }

    /// The dimensions defined in this group, in definition order.
    public func dimensions() throws -> [NetCDFDimension] {
        try file.ensureOpen(nil)
        var n: Int32 = 0
        try check(file.path, nil, "nc_inq_dimids") { nc_inq_dimids(groupID, &n, nil, 0) }
        var ids = [Int32](repeating: 0, count: Int(n))
        if n > 0 { try check(file.path, nil, "nc_inq_dimids") { nc_inq_dimids(groupID, &n, &ids, 0) } }
        return try ids.map { try dimension(id: $0) }
    }

    /// The current length of a dimension (for an unlimited one, the number of records so far).
    public func length(of dimension: NetCDFDimension) throws -> Int {
        try file.ensureOpen(dimension.name)
        var n = 0
        try check(file.path, dimension.name, "nc_inq_dimlen") { nc_inq_dimlen(groupID, dimension.id, &n) }
        return n
    }

    func dimension(id: Int32) throws -> NetCDFDimension {
        var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        try check(file.path, nil, "nc_inq_dimname") { nc_inq_dimname(groupID, id, &buffer) }
        // A group sees its ancestors' dimensions; look for `id` among the unlimited ones of
        // this group and each ancestor.
        var isUnlimited = false
        var group = groupID
        while !isUnlimited {
            var n: Int32 = 0
            try check(file.path, nil, "nc_inq_unlimdims") { nc_inq_unlimdims(group, &n, nil) }
            var ids = [Int32](repeating: -1, count: Int(n))
            if n > 0 { try check(file.path, nil, "nc_inq_unlimdims") { nc_inq_unlimdims(group, &n, &ids) } }
            isUnlimited = ids.contains(id)
            var parent: Int32 = 0
            guard locked({ nc_inq_grp_parent(group, &parent) }) == NC_NOERR else { break }
            group = parent
        }
        return NetCDFDimension(groupID: groupID, id: id, name: decode(buffer), isUnlimited: isUnlimited)
    }
}

/// A NUL-terminated C string in a fixed buffer, as Swift text.
func decode(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// "did you mean ...?" for a misspelt name: the closest candidate, and the list.
func suggestion(for name: String, among names: [String], kind: String) -> String {
    if names.isEmpty { return "this group has no \(kind)" }
    if let best = closestName(to: name, among: names) {
        return "did you mean \"\(best)\"? The \(kind) are: \(names.joined(separator: ", "))"
    }
    return "the \(kind) are: \(names.joined(separator: ", "))"
}
