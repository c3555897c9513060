import CNetCDF
import Foundation
import Synchronization

/// A failure reported by libnetcdf or found while reading a file, with the context needed to
/// act on it: the file, the variable (or attribute, dimension, group) and the library's text.
///
/// Every status other than `NC_NOERR` returned by a libnetcdf call becomes one of these;
/// `description` reads, for example,
///
///     NetCDF error in "run.nc", variable "u" (nc_get_vara): NetCDF: Index exceeds dimension bound
///     (status -40). Fix: check start + count against the variable's shape [64, 128].
public struct NetCDFError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path the caller named (not the temporary name a write goes through).
    public var path: String
    /// The variable, attribute, dimension or group the operation concerned, if any.
    public var variable: String?
    /// The operation that failed: the C function name or a short description.
    public var operation: String
    /// The libnetcdf status code, or nil for errors found by this module.
    public var status: Int32?
    /// `nc_strerror(status)` for library errors; otherwise this module's explanation.
    public var message: String
    /// What the caller can do about it, when known.
    public var fix: String?

    public init(path: String, variable: String? = nil, operation: String, status: Int32? = nil,
                message: String, fix: String? = nil) {
        self.path = path
        self.variable = variable
        self.operation = operation
        self.status = status
        self.message = message
        self.fix = fix
    }

    /// An error for a libnetcdf status, with `nc_strerror`'s text and a fix for common codes.
    public init(status: Int32, path: String, variable: String? = nil, operation: String) {
        let text = String(cString: nc_strerror(status))
        self.init(path: path, variable: variable, operation: operation, status: status,
                  message: text, fix: NetCDFError.fix(for: status))
    }

    public var description: String {
        var s = "NetCDF error in \"\(path)\""
        if let variable { s += ", variable \"\(variable)\"" }
        s += " (\(operation)): \(message)"
        if let status { s += " (status \(status))" }
        if let fix { s += ". Fix: \(fix)" }
        return s
    }

    /// Advice for the statuses a user can cause with a bad path or a bad file.
    static func fix(for status: Int32) -> String? {
        switch status {
        case 2: return "check the path; the file does not exist"          // ENOENT
        case 13: return "check the file's permissions"                     // EACCES
        case NC_ENOTNC:
            return "the file is not NetCDF (classic or NetCDF-4/HDF5), or it is empty or truncated; regenerate it"
        case NC_EHDFERR:
            return "the HDF5 layer could not read the file; it may be truncated or corrupt, regenerate it"
        case NC_ENOTVAR: return "list the file's variables with `ncdump -h`"
        case NC_ENOTATT: return "list the attributes with `ncdump -h`"
        case NC_EBADDIM: return "list the file's dimensions with `ncdump -h`"
        case NC_EEDGE, NC_EINVALCOORDS:
            return "keep start + count within the variable's shape"
        case NC_EBADNAME:
            return "use a name that starts with a letter or underscore and contains no '/'"
        case NC_ENAMEINUSE: return "choose a name not already used in this group"
        case NC_EPERM: return "open the file with mode .append to modify it"
        case NC_ERANGE: return "the stored values do not fit the requested type; read a wider type"
        case NC_EUNLIMIT: return "a file may have only one unlimited dimension"
        default: return nil
        }
    }
}

/// libnetcdf (and the serial HDF5 under it) is not thread safe, even across files; every call
/// into it goes through this lock. Swift Testing and the trainer may write files from several
/// threads at once.
let libraryLock = Mutex<Void>(())

/// Runs `body` (one libnetcdf call) under the library lock and throws a `NetCDFError` when the
/// status it returns is not `NC_NOERR`.
@inline(__always)
func check(_ path: String, _ variable: String?, _ operation: String, _ body: () -> Int32) throws {
    let status = locked(body)
    if status != NC_NOERR {
        throw NetCDFError(status: status, path: path, variable: variable, operation: operation)
    }
}

/// Runs a libnetcdf call under the library lock, for calls whose status is handled by hand.
@inline(__always)
func locked<R>(_ body: () -> R) -> R {
    libraryLock.withLock { _ in
        HDF5Diagnostics.silenceOnThisThread()
        return body()
    }
}

/// HDF5 prints its error stack ("HDF5-DIAG: Error detected ...") to stderr whenever a call
/// fails, including the failures libnetcdf expects (probing for optional attributes) and the
/// ones it turns into a status for us. libnetcdf switches the printing off, but a thread-safe
/// HDF5 keeps that setting per thread, so it is off only on the thread that opened the first
/// file. This switches it off on each thread that calls libnetcdf (`H5Eset_auto2(H5E_DEFAULT,
/// NULL, NULL)`, found with `dlsym` so that we need not link HDF5 ourselves). Errors still
/// reach the caller as `NetCDFError`s.
enum HDF5Diagnostics {
    typealias SetAuto = @convention(c) (Int64, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    struct Function: @unchecked Sendable { let call: SetAuto? }

    static let setAuto: Function = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "H5Eset_auto2") else { return Function(call: nil) }
        return Function(call: unsafeBitCast(symbol, to: SetAuto.self))
    }()

    /// A thread-specific flag: non-nil once this thread has been silenced.
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static func silenceOnThisThread() {
        guard pthread_getspecific(key) == nil else { return }
        _ = setAuto.call?(0, nil, nil)   // H5E_DEFAULT is hid_t 0
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    }
}
