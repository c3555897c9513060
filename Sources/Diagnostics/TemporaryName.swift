import Foundation

/// Names of the temporary files that atomic writes rename over their target: in the target's
/// directory (so the rename stays on one file system), hidden, unique per process and call,
/// and never longer than a file name may be (255 bytes): a long target name is cut and its
/// hash keeps the temporary name unique. Register the name with `TemporaryFiles` before
/// creating the file (`AtomicFile` does), so that a signal that ends the process removes it.
public enum TemporaryName {
    /// The longest file name the common Linux and macOS file systems take.
    public static let maximumNameBytes = 255

    /// A fresh temporary path next to `path`.
    public static func sibling(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let suffix = ".\(getpid()).\(token).tmp"
        var stem = url.lastPathComponent
        if 1 + stem.utf8.count + suffix.utf8.count > maximumNameBytes {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a of the whole name
            for b in stem.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            var cut = ""
            for ch in stem {
                if cut.utf8.count + String(ch).utf8.count > 120 { break }
                cut.append(ch)
            }
            stem = cut + "." + String(h, radix: 36)
        }
        return (dir == "/" ? "" : dir) + "/." + stem + suffix
    }
}
