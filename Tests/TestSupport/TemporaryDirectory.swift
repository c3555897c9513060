import Foundation

/// A fresh directory under the system temporary directory, named after the test that made it
/// and removed by `deinit` (unless `keep` is set). Optimised builds may release an object after
/// its last use, so tests hold it with `defer { withExtendedLifetime(dir) {} }`.
public final class TemporaryDirectory {
    public let path: String

    /// Set to leave the directory in place when the test ends (see `BadFileTests.truncatedFile`).
    public var keep = false

    /// The directory's name starts with `prefix`, then `label` (the test's function name).
    public init(prefix: String = "pinn-tests", _ label: String = #function) {
        let name = prefix + "-" + label.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The names of the files in the directory, hidden ones included, sorted.
    public func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    deinit { if !keep { try? FileManager.default.removeItem(atPath: path) } }
}
