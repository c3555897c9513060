#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a whole file atomically: the bytes go to a registered temporary file next to the
/// target (`TemporaryName`, `TemporaryFiles`), are flushed to disk, and the file is renamed
/// over the target. Readers see the old file or the new one, never a part; a crash leaves at
/// worst a hidden temporary file, and a signal that ends the process removes that too. The
/// target is resolved first (`ReplacedFile`: a link's file is replaced, a device refused). Used
/// for checkpoints, parameter files, run summaries and checkpoint settings files.
public enum AtomicFile {
    /// Why a write failed: the file that could not be written and the system's reason.
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// Writes `bytes` to `path` (see the type's comment).
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(WriteError) {
        let target: String
        do { target = try ReplacedFile.target(of: path) } catch { throw WriteError(path: path, reason: error.reason) }
        let tmp = TemporaryName.sibling(of: target)
        TemporaryFiles.register(tmp)
        defer { TemporaryFiles.unregister(tmp) }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String? = nil
        let contiguous = bytes.withContiguousStorageIfAvailable { writeAll(fd, $0) } ?? Array(bytes).withUnsafeBufferPointer { writeAll(fd, $0) }
        if let e = contiguous { failure = e }
        if failure == nil, fsync(fd) != 0 { failure = "fsync failed: " + String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(tmp, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(tmp)
            throw WriteError(path: path, reason: failure)
        }
    }

    /// Writes the whole buffer, retrying short writes and EINTR; the error text, or nil.
    private static func writeAll(_ fd: Int32, _ b: UnsafeBufferPointer<UInt8>) -> String? {
        var written = 0
        while written < b.count {
            let n = systemWrite(fd, b.baseAddress! + written, b.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += n
        }
        return nil
    }
}

/// write(2) on any platform: one call, its result as is (async-signal-safe, so the signal
/// path in Optimization's `SignalExit` uses it too).
public func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
