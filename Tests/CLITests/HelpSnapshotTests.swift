import Foundation
import Testing

/// The help texts, compared with the files in Tests/CLITests/Snapshots/ (COLUMNS=80).
/// `PINN_UPDATE_SNAPSHOTS=1 swift test --filter CLITests` rewrites them; review the diff.
@Suite struct HelpSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test(arguments: [
        (["--help"], "pinn-solve-help.txt"),
        (["run", "--help"], "run-help.txt"),
        (["reference", "--help"], "reference-help.txt"),
        (["evaluate", "--help"], "evaluate-help.txt"),
        (["describe", "--help"], "describe-help.txt"),
        (["list", "--help"], "list-help.txt"),
    ])
    func helpMatchesSnapshot(arguments: [String], file: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 0, "\(arguments) exited with \(r.status): \(r.stderr)")
        let url = Self.snapshots.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["PINN_UPDATE_SNAPSHOTS"] == "1" {
            try r.stdout.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if r.stdout != expected {
            let a = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("""
                `pinn-solve \(arguments.joined(separator: " "))` differs from Snapshots/\(file) at line \(i + 1):
                  got:      \(i < a.count ? String(a[i]) : "<end>")
                  expected: \(i < b.count ? String(b[i]) : "<end>")
                Rerun with PINN_UPDATE_SNAPSHOTS=1 if the change is intended.
                """)
        }
    }
}
