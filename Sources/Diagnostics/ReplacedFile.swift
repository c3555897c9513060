#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a file written by replacement goes. Every output (`AtomicFile`, NetCDF result files,
/// PNGs) is written under a temporary name and renamed over its target, which would replace
/// whatever the target is: a symbolic link by a plain file, and, for a process allowed to,
/// /dev/null or /dev/stdout by a regular file. So the target is resolved first:
/// - a symbolic link is followed (the file it names is replaced, the link kept);
/// - a path under /dev, /proc or /sys, as given or once resolved, is refused, as is an
///   existing target that is not a regular file (a device, a FIFO, a socket, a directory) and
///   a link whose file does not exist;
/// - a path that names nothing yet is returned as given.
public enum ReplacedFile {
    /// Why a path cannot be written by replacement.
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// The path the finished file is renamed over (see the type's comment).
    public static func target(of path: String) throws(Refusal) -> String {
        func refuse(_ reason: String) -> Refusal { Refusal(path: path, reason: reason) }
        if isSystemPath(absolute(path)) {
            throw refuse("it is a device or system file; name a regular file (outputs are written whole and renamed into place)")
        }
        var link = stat()
        guard lstat(path, &link) == 0 else { return path }   // nothing there yet
        guard let resolved = realpath(path, nil) else {
            throw refuse("it is a symbolic link to a file that does not exist (\(String(cString: strerror(errno)))); name the file itself")
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        if isSystemPath(target) {
            throw refuse("it leads to \(target), a device or system file; name a regular file")
        }
        var info = stat()
        guard stat(target, &info) == 0 else { throw refuse(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return target
        case S_IFDIR: throw refuse("it is a directory; name a file")
        case S_IFIFO: throw refuse("it is a FIFO (named pipe); name a regular file (outputs are written whole and renamed into place)")
        case S_IFSOCK: throw refuse("it is a socket; name a regular file")
        default: throw refuse("it is a device; name a regular file (outputs are written whole and renamed into place)")
        }
    }

    /// `path` made absolute against the working directory, with "." and ".." components
    /// removed lexically (symbolic links are not followed).
    static func absolute(_ path: String) -> String {
        var parts: [Substring] = []
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            parts = String(cString: cwd).split(separator: "/")
            free(cwd)
        }
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func isSystemPath(_ absolute: String) -> Bool {
        ["/dev", "/proc", "/sys"].contains { absolute == $0 || absolute.hasPrefix($0 + "/") }
    }
}
