import Foundation
@testable import NetCDF
import Testing
import TestSupport

@Suite struct AtomicWriteTests {
    func writeScalar(_ path: String, _ value: Double) throws {
        try withNetCDFFile(creating: path) { f in
            try f.write([value], to: try f.defineVariable("v", Double.self, dimensions: []))
        }
    }

    func readScalar(_ path: String) throws -> Double {
        try withNetCDFFile(at: path) { try $0.read("v", as: Double.self)[0] }
    }

    @Test func fileAppearsOnlyOnClose() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("out.nc")
        let f = try NetCDFFile.create(path: path)
        try f.write([1.0], to: try f.defineVariable("v", Double.self, dimensions: []))
        try f.sync()
        #expect(!FileManager.default.fileExists(atPath: path), "the real name exists before close")
        #expect(dir.contents().count == 1 && dir.contents()[0].hasSuffix(".tmp"), "\(dir.contents())")
        try f.close()
        #expect(dir.contents() == ["out.nc"])
        #expect(try readScalar(path) == 1)
        try f.close()   // a second close does nothing
    }

    @Test func failedWriteLeavesPreviousFile() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("out.nc")
        try writeScalar(path, 1)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try withNetCDFFile(creating: path) { f in
                try f.write([2.0], to: try f.defineVariable("v", Double.self, dimensions: []))
                throw Abort()
            }
        }
        #expect(try readScalar(path) == 1, "the old contents were replaced by an aborted write")
        #expect(dir.contents() == ["out.nc"], "temporary file left behind: \(dir.contents())")
    }

    @Test func droppedHandleIsDiscarded() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("out.nc")
        do {
            let f = try NetCDFFile.create(path: path)
            _ = try f.defineDimension("x", length: 3)
        }   // never closed
        #expect(dir.contents().isEmpty, "\(dir.contents())")
    }

    @Test func appendCommitsOnCloseOnly() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("out.nc")
        try writeScalar(path, 1)
        let f = try NetCDFFile.open(path: path, mode: .append)
        try f.write([5.0], to: try f.variable("v"))
        try f.putAttribute("note", "edited")
        try f.sync()
        #expect(try readScalar(path) == 1, "append changed the real file before close")
        try f.close()
        #expect(try readScalar(path) == 5)
        #expect(try withNetCDFFile(at: path) { try $0.textAttribute("note") } == "edited")
        #expect(dir.contents() == ["out.nc"])
    }

    @Test func misuseOfModesIsAnError() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("out.nc")
        try writeScalar(path, 1)
        let f = try NetCDFFile.open(path: path)
        let e = #expect(throws: NetCDFError.self) { _ = try f.defineDimension("y", length: 2) }
        #expect(e?.fix?.contains(".append") == true, "\(String(describing: e))")
        try f.close()
        let closed = #expect(throws: NetCDFError.self) { _ = try f.variable("v") }
        #expect(closed?.message.contains("closed") == true)
        #expect(throws: NetCDFError.self) { _ = try NetCDFFile.create(path: path, overwrite: false) }
        #expect(throws: NetCDFError.self) { _ = try NetCDFFile.create(path: dir.file("x.nc"), deflate: 12) }
        #expect(throws: NetCDFError.self) { _ = try NetCDFFile.create(path: dir.file("no/such/dir/x.nc")) }
    }
}
