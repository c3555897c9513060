import Foundation
import Testing
import TestSupport
@testable import Diagnostics

/// The registry of temporary files and the atomic writer built on it. Each test makes its own
/// registry, or looks only at its own directory in the process's: the test targets share one
/// process, and other suites write files at the same time.
@Suite struct TemporaryFilesTests {
    func entries(_ d: String) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []) }

    @Test func registeredFilesAreRemovedAndUnregisteredOnesKept() throws {
        let registry = TemporaryFileRegistry()
        let dir = TemporaryDirectory(prefix: "pinn-tmpfiles"), d = dir.path
        defer { withExtendedLifetime(dir) {} }
        let a = TemporaryName.sibling(of: d + "/a.nc"), b = TemporaryName.sibling(of: d + "/b.nc"), c = d + "/kept"
        for p in [a, b, c] { #expect(FileManager.default.createFile(atPath: p, contents: Data([1]))) }
        #expect(registry.register(a) && registry.register(b) && registry.register(c))
        #expect(Set(registry.registered) == [a, b, c])
        registry.unregister(c)   // renamed into place: no longer temporary
        #expect(Set(registry.registered) == [a, b])
        registry.removeAll()
        #expect(entries(d) == ["kept"])
        #expect(registry.registered.isEmpty)
        // The slots are free again.
        #expect(registry.register(a))
        registry.unregister(a)
        #expect(registry.registered.isEmpty)
    }

    @Test func slotsAreReusedAndLimited() {
        let registry = TemporaryFileRegistry(capacity: 8)
        // Many more registrations than slots over time, never more than `capacity` at once.
        for i in 0..<(3 * registry.capacity) {
            let p = "/nonexistent/pinn-\(i).tmp"
            #expect(registry.register(p))
            registry.unregister(p)
        }
        let paths = (0...registry.capacity).map { "/nonexistent/pinn-held-\($0).tmp" }
        let taken = paths.map { registry.register($0) }
        #expect(taken.dropLast().allSatisfy { $0 } && taken.last == false)
        for p in paths { registry.unregister(p) }
        #expect(registry.registered.isEmpty)
        // A path longer than PATH_MAX cannot be opened, so it is not tracked.
        #expect(!registry.register("/" + String(repeating: "x", count: TemporaryFileRegistry.maximumPathBytes)))
    }

    @Test func concurrentRegistrationsKeepEveryPath() async {
        let registry = TemporaryFileRegistry(capacity: 8)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<500 {
                        let p = "/nonexistent/pinn-\(t)-\(i).tmp"
                        #expect(registry.register(p))
                        #expect(registry.registered.contains(p))
                        registry.unregister(p)
                    }
                }
            }
        }
        #expect(registry.registered.isEmpty)
    }

    /// Writes through the process's registry; only this test's directory is looked at.
    @Test func atomicWriteReplacesTheFileAndLeavesNothingBehind() throws {
        let dir = TemporaryDirectory(prefix: "pinn-tmpfiles"), d = dir.path
        defer { withExtendedLifetime(dir) {} }
        var registeredHere: [String] { TemporaryFiles.registered.filter { $0.hasPrefix(d + "/") } }
        let path = d + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write(Data([4, 5]), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
        #expect(entries(d) == ["out.bin"])
        #expect(registeredHere.isEmpty)
        // A directory that does not exist: an error naming the file, nothing registered.
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write([1], to: d + "/missing/out.bin") }
        #expect(registeredHere.isEmpty)
        // A target that is a directory: the rename fails and the temporary file is removed.
        try FileManager.default.createDirectory(atPath: d + "/dir", withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: d + "/dir/x", contents: nil)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write([1], to: d + "/dir") }
        #expect(entries(d) == ["out.bin", "dir"])
        #expect(registeredHere.isEmpty)
    }
}
