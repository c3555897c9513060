import Autodiff
import CNetCDF
import Foundation

/// An open NetCDF file: the root group of a NetCDF-4 (or classic) dataset.
///
/// Files are created in NetCDF-4 format (HDF5 storage), so that xarray, ncview and Panoply
/// open them unchanged; any format libnetcdf knows can be opened.
///
/// Writes are atomic. `create` and `open(path:mode: .append)` work on a temporary file in the
/// same directory (`.name.nc.<pid>.<random>.tmp`); only a successful `close()` renames it onto
/// `path` (POSIX `rename`, atomic within a file system). A file that is dropped without
/// `close()`, or whose close fails, is discarded: its temporary file is deleted and `path`
/// keeps its previous contents (or does not exist). A crash never leaves a half-written file
/// under the real name; at worst an orphaned hidden `.tmp` file remains, and not even that when
/// a signal ends the process (the temporary name is registered in `TemporaryFiles`).
///
/// Usage (the scoped form closes on success and discards on error):
///
///     try withNetCDFFile(creating: "out.nc", deflate: 4, shuffle: true) { f in
///         let x = try f.defineDimension("x", length: 64)
///         let u = try f.defineVariable("u", Double.self, dimensions: [x])
///         try f.putAttribute("units", "m", on: u)
///         try f.write(values, to: u)
///     }
///
/// `NetCDFFile` is not `Sendable`: use one file from one task at a time. Different files may be
/// used from different threads; every libnetcdf call is serialised by a process-wide lock.
public final class NetCDFFile: NetCDFContainer {
    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// Read only; the file is used in place.
        case readOnly
        /// Read and write: the file is copied to a temporary name, modified there, and renamed
        /// back onto `path` by `close()`.
        case append
    }

    /// The path given by the caller; errors name it.
    public let path: String
    /// The file libnetcdf actually has open (a temporary name while writing).
    public let workingPath: String
    /// The file `close()` renames the written file over: `path` with symbolic links resolved
    /// (`ReplacedFile`).
    let targetPath: String
    /// Whether the file can be modified.
    public let isWritable: Bool
    /// The libnetcdf id of the root group.
    public let groupID: Int32
    /// Deflate level (1...9) given to variables defined without their own, or nil for none.
    public let defaultDeflate: Int?
    /// Whether variables defined without their own setting use the shuffle filter.
    public let defaultShuffle: Bool
    /// The on-disk format (`NC_FORMAT_NETCDF4`, `NC_FORMAT_CLASSIC`, ...).
    public let format: Int32

    /// Whether the handle is still open.
    public private(set) var isOpen = true
    var inDefineMode: Bool

    public var file: NetCDFFile { self }
    public var groupPath: String { "/" }

    private init(path: String, workingPath: String, targetPath: String? = nil, writable: Bool, ncid: Int32,
                 deflate: Int?, shuffle: Bool, defineMode: Bool) {
        self.path = path
        self.workingPath = workingPath
        self.targetPath = targetPath ?? path
        self.isWritable = writable
        self.groupID = ncid
        self.defaultDeflate = deflate
        self.defaultShuffle = shuffle
        self.inDefineMode = defineMode
        var fmt: Int32 = 0
        _ = locked { nc_inq_format(ncid, &fmt) }
        self.format = fmt
    }

    /// Creates a NetCDF-4 file at `path` (written under a temporary name until `close()`).
    ///
    /// - Parameters:
    ///   - deflate: zlib level 1...9 applied to every variable of rank >= 1 unless the
    ///     variable says otherwise; nil or 0 for no compression.
    ///   - shuffle: apply the byte-shuffle filter (improves compression of floating point data).
    ///   - overwrite: when false, throw if `path` already exists.
    public static func create(path: String, deflate: Int? = nil, shuffle: Bool = false,
                              overwrite: Bool = true) throws -> NetCDFFile {
        if let d = deflate, !(0...9).contains(d) {
            throw NetCDFError(path: path, operation: "create", message: "deflate level \(d) is out of range",
                              fix: "use a level from 1 (fast) to 9 (small), or nil for no compression")
        }
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw NetCDFError(path: path, operation: "create", message: "the file already exists",
                              fix: "remove it first or pass overwrite: true")
        }
        let target = try replacementTarget(of: path, "create")
        let temp = temporaryPath(for: target)
        var ncid: Int32 = -1
        TemporaryFiles.register(temp)
        do {
            try check(path, nil, "nc_create") { nc_create(temp, NC_NETCDF4 | NC_NOCLOBBER, &ncid) }
        } catch {
            unlink(temp)
            TemporaryFiles.unregister(temp)
            throw error
        }
        let level = (deflate ?? 0) > 0 ? deflate : nil
        return NetCDFFile(path: path, workingPath: temp, targetPath: target, writable: true, ncid: ncid,
                          deflate: level, shuffle: shuffle, defineMode: true)
    }

    /// Opens an existing file, read-only or for appending (see `Mode`).
    public static func open(path: String, mode: Mode = .readOnly) throws -> NetCDFFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NetCDFError(path: path, operation: "open", status: 2, message: "no such file",
                              fix: "check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
        }
        if isDirectory.boolValue {
            throw NetCDFError(path: path, operation: "open", message: "the path is a directory, not a file",
                              fix: "name a .nc file")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
            throw NetCDFError(path: path, operation: "open", status: NC_ENOTNC, message: "the file is empty (0 bytes)",
                              fix: "the writer did not finish; regenerate the file")
        }
        var ncid: Int32 = -1
        switch mode {
        case .readOnly:
            try check(path, nil, "nc_open") { nc_open(path, NC_NOWRITE, &ncid) }
            let file = NetCDFFile(path: path, workingPath: path, writable: false, ncid: ncid,
                                  deflate: nil, shuffle: false, defineMode: false)
            try file.verifyClassicSize()   // on error, deinit closes the handle
            return file
        case .append:
            let target = try replacementTarget(of: path, "open for append")
            let temp = temporaryPath(for: target)
            TemporaryFiles.register(temp)
            do {
                try FileManager.default.copyItem(atPath: path, toPath: temp)
            } catch {
                unlink(temp)
                TemporaryFiles.unregister(temp)
                throw NetCDFError(path: path, operation: "open for append", message: "could not copy the file to \(temp): \(error)",
                                  fix: "check that the directory is writable")
            }
            do {
                try check(path, nil, "nc_open") { nc_open(temp, NC_WRITE, &ncid) }
            } catch {
                unlink(temp)
                TemporaryFiles.unregister(temp)
                throw error
            }
            let file = NetCDFFile(path: path, workingPath: temp, targetPath: target, writable: true, ncid: ncid,
                                  deflate: nil, shuffle: false, defineMode: false)
            try file.verifyClassicSize()   // on error, deinit closes and removes the copy
            return file
        }
    }

    /// Closes the file. For a file being written, flushes it and renames the temporary file onto
    /// `path`; if that fails the temporary file is removed and the error is thrown.
    /// Closing a closed file does nothing.
    public func close() throws {
        guard isOpen else { return }
        isOpen = false
        let status = locked { nc_close(groupID) }
        guard isWritable else {
            if status != NC_NOERR { throw NetCDFError(status: status, path: path, operation: "nc_close") }
            return
        }
        defer { TemporaryFiles.unregister(workingPath) }
        guard status == NC_NOERR else {
            unlink(workingPath)
            throw NetCDFError(status: status, path: path, operation: "nc_close")
        }
        if rename(workingPath, targetPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(workingPath)
            throw NetCDFError(path: path, operation: "rename", message: "could not move the finished file into place: \(reason)",
                              fix: "check that the directory exists and is writable")
        }
    }

    /// Closes the file without committing: a file being written is deleted and `path` is left
    /// as it was. Discarding a closed file does nothing.
    public func discard() {
        guard isOpen else { return }
        isOpen = false
        _ = locked { nc_close(groupID) }
        if isWritable {
            unlink(workingPath)
            TemporaryFiles.unregister(workingPath)
        }
    }

    deinit { discard() }

    /// A unique temporary name next to `path`, so that the final rename stays on one file system.
    static func temporaryPath(for path: String) -> String { TemporaryName.sibling(of: path) }

    /// `ReplacedFile.target(of:)`, its refusal as a `NetCDFError`.
    static func replacementTarget(of path: String, _ operation: String) throws -> String {
        do { return try ReplacedFile.target(of: path) } catch {
            throw NetCDFError(path: path, operation: operation, message: error.reason, fix: "write the result to a regular file")
        }
    }

    // MARK: Define and data mode

    /// Classic-format files need `nc_redef` before definitions and `nc_enddef` before data;
    /// NetCDF-4 files switch by themselves but accept the calls. The file tracks its mode.
    func ensureDefineMode(_ what: String?) throws {
        try ensureOpen(what)
        guard isWritable else {
            throw NetCDFError(path: path, variable: what, operation: "define", status: NC_EPERM,
                              message: "the file is open read-only", fix: "open it with mode .append")
        }
        if !inDefineMode {
            try check(path, what, "nc_redef") { nc_redef(groupID) }
            inDefineMode = true
        }
    }

    func ensureDataMode(_ what: String?) throws {
        try ensureOpen(what)
        if inDefineMode {
            try check(path, what, "nc_enddef") { nc_enddef(groupID) }
            inDefineMode = false
        }
    }

    func ensureOpen(_ what: String?) throws {
        if !isOpen {
            throw NetCDFError(path: path, variable: what, operation: "use", message: "the file has been closed",
                              fix: "keep the NetCDFFile open until you are done with it")
        }
    }

    /// Flushes buffered data to the (temporary) file (`nc_sync`).
    public func sync() throws {
        try ensureDataMode(nil)
        try check(path, nil, "nc_sync") { nc_sync(groupID) }
    }
}

/// Creates `path`, runs `body`, and commits the file if `body` returns; if `body` throws, the
/// file is discarded and `path` is untouched.
@discardableResult
public func withNetCDFFile<R>(creating path: String, deflate: Int? = nil, shuffle: Bool = false,
                              _ body: (NetCDFFile) throws -> R) throws -> R {
    let file = try NetCDFFile.create(path: path, deflate: deflate, shuffle: shuffle)
    do {
        let result = try body(file)
        try file.close()
        return result
    } catch {
        file.discard()
        throw error
    }
}

/// Opens `path`, runs `body`, and closes it (committing changes in `.append` mode if `body`
/// returns, discarding them if it throws).
@discardableResult
public func withNetCDFFile<R>(at path: String, mode: NetCDFFile.Mode = .readOnly,
                              _ body: (NetCDFFile) throws -> R) throws -> R {
    let file = try NetCDFFile.open(path: path, mode: mode)
    do {
        let result = try body(file)
        try file.close()
        return result
    } catch {
        file.discard()
        throw error
    }
}
