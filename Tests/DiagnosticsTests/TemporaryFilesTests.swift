import Foundation
import Testing
@testable import Diagnostics

/// The registry of temporary files and the atomic writer built on it. Serialized: `removeAll`
/// removes every registered file of the process, and no other suite of this target registers any.
@Suite(.serialized) struct TemporaryFilesTests {
    func directory() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-tmpfiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func entries(_ d: String) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []) }

    @Test func registeredFilesAreRemovedAndUnregisteredOnesKept() throws {
        let d = try directory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let a = TemporaryName.sibling(of: d + "/a.nc"), b = TemporaryName.sibling(of: d + "/b.nc"), c = d + "/kept"
        for p in [a, b, c] { #expect(FileManager.default.createFile(atPath: p, contents: Data([1]))) }
        #expect(TemporaryFiles.register(a) && TemporaryFiles.register(b) && TemporaryFiles.register(c))
        #expect(Set(TemporaryFiles.registered).isSuperset(of: [a, b, c]))
        TemporaryFiles.unregister(c)   // renamed into place: no longer temporary
        #expect(!TemporaryFiles.registered.contains(c))
        TemporaryFiles.removeAll()
        #expect(entries(d) == ["kept"])
        #expect(TemporaryFiles.registered.isEmpty)
        // The slots are free again.
        #expect(TemporaryFiles.register(a))
        TemporaryFiles.unregister(a)
        #expect(TemporaryFiles.registered.isEmpty)
    }

    @Test func slotsAreReusedAndLimited() {
        // Many more registrations than slots over time, never more than `capacity` at once.
        for i in 0..<(3 * TemporaryFiles.capacity) {
            let p = "/nonexistent/pinn-\(i).tmp"
            #expect(TemporaryFiles.register(p))
            TemporaryFiles.unregister(p)
        }
        let paths = (0...TemporaryFiles.capacity).map { "/nonexistent/pinn-held-\($0).tmp" }
        let taken = paths.map { TemporaryFiles.register($0) }
        #expect(taken.dropLast().allSatisfy { $0 } && taken.last == false)
        for p in paths { TemporaryFiles.unregister(p) }
        #expect(TemporaryFiles.registered.isEmpty)
        // A path longer than PATH_MAX cannot be opened, so it is not tracked.
        #expect(!TemporaryFiles.register("/" + String(repeating: "x", count: TemporaryFiles.maximumPathBytes)))
    }

    @Test func concurrentRegistrationsKeepEveryPath() async {
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<500 {
                        let p = "/nonexistent/pinn-\(t)-\(i).tmp"
                        #expect(TemporaryFiles.register(p))
                        #expect(TemporaryFiles.registered.contains(p))
                        TemporaryFiles.unregister(p)
                    }
                }
            }
        }
        #expect(TemporaryFiles.registered.isEmpty)
    }

    @Test func atomicWriteReplacesTheFileAndLeavesNothingBehind() throws {
        let d = try directory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let path = d + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write(Data([4, 5]), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
        #expect(entries(d) == ["out.bin"])
        #expect(TemporaryFiles.registered.isEmpty)
        // A directory that does not exist: an error naming the file, nothing registered.
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write([1], to: d + "/missing/out.bin") }
        #expect(TemporaryFiles.registered.isEmpty)
        // A target that is a directory: the rename fails and the temporary file is removed.
        try FileManager.default.createDirectory(atPath: d + "/dir", withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: d + "/dir/x", contents: nil)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write([1], to: d + "/dir") }
        #expect(entries(d) == ["out.bin", "dir"])
        #expect(TemporaryFiles.registered.isEmpty)
    }
}
