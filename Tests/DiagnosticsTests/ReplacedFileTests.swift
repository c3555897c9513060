import Foundation
import Testing
import TestSupport
@testable import Diagnostics

/// Where a write by replacement goes (`ReplacedFile`): links followed, devices and system
/// paths refused, before anything is written.
@Suite struct ReplacedFileTests {
    func reason(_ path: String) -> String? {
        do { _ = try ReplacedFile.target(of: path); return nil } catch { return error.reason }
    }

    @Test(arguments: ["/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1", "/dev", "/sys/x", "/dev/../dev/zero", "/proc/new.nc"])
    func systemPathsAreRefused(_ path: String) {
        let r = reason(path)
        #expect(r?.contains("device or system file") == true, "\(path): \(r ?? "accepted")")
    }

    @Test func aRelativePathIntoDevIsRefused() throws {
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let up = Array(repeating: "..", count: depth).joined(separator: "/")
        #expect(reason(up + "/dev/null")?.contains("device or system file") == true)
        #expect(ReplacedFile.absolute("a/./b/../c") == FileManager.default.currentDirectoryPath + "/a/c")
    }

    @Test func newAndRegularFilesAndLinks() throws {
        let dir = TemporaryDirectory(prefix: "pinn-replaced"), d = dir.path
        defer { withExtendedLifetime(dir) {} }
        #expect(try ReplacedFile.target(of: d + "/new.nc") == d + "/new.nc")
        let file = d + "/real.nc"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("old".utf8)))
        #expect(try ReplacedFile.target(of: file) == file)
        try FileManager.default.createSymbolicLink(atPath: d + "/link.nc", withDestinationPath: "real.nc")
        #expect(try ReplacedFile.target(of: d + "/link.nc") == file)
        try FileManager.default.createSymbolicLink(atPath: d + "/dangling", withDestinationPath: "nowhere")
        #expect(reason(d + "/dangling")?.contains("does not exist") == true)
        try FileManager.default.createSymbolicLink(atPath: d + "/null", withDestinationPath: "/dev/null")
        #expect(reason(d + "/null")?.contains("it leads to /dev/null") == true)
        #expect(mkfifo(d + "/fifo", 0o644) == 0)
        #expect(reason(d + "/fifo")?.contains("FIFO") == true)
        #expect(reason(d)?.contains("directory") == true)
    }

    /// An atomic write through a link replaces the file it names and keeps the link; a write
    /// to a FIFO is refused and leaves it a FIFO (and nothing else in the directory).
    @Test func atomicWritesFollowLinksAndRefuseFIFOs() throws {
        let dir = TemporaryDirectory(prefix: "pinn-replaced"), d = dir.path
        defer { withExtendedLifetime(dir) {} }
        #expect(FileManager.default.createFile(atPath: d + "/real.json", contents: Data("old".utf8)))
        try FileManager.default.createSymbolicLink(atPath: d + "/link.json", withDestinationPath: "real.json")
        try AtomicFile.write(Array("new".utf8), to: d + "/link.json")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: d + "/link.json") == "real.json")
        #expect(FileManager.default.contents(atPath: d + "/real.json") == Data("new".utf8))
        #expect(mkfifo(d + "/fifo", 0o644) == 0)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Array("x".utf8), to: d + "/fifo") }
        var info = stat()
        #expect(lstat(d + "/fifo", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: d)) == ["real.json", "link.json", "fifo"])
    }
}
