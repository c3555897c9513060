import Foundation

/// A fresh directory under the system temporary directory, removed by `deinit`. Tests hold it
/// with `defer { withExtendedLifetime(dir) {} }` (optimised builds may release it early).
final class TemporaryDirectory {
    let path: String

    init(_ label: String = #function) {
        let name = "plotting-tests-" + label.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
