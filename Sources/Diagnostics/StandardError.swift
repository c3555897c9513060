#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `text` to standard error with `write(2)`; a closed standard error is ignored
/// (FileHandle's `write` traps on EPIPE).
public func writeStandardError(_ text: String) {
    var t = text
    t.withUTF8 { b in
        var done = 0
        while done < b.count {
            let n = write(2, b.baseAddress! + done, b.count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
    }
}
