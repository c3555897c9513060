import Foundation
@testable import NetCDF
import Testing
import TestSupport

/// Files that are not what they should be give a `NetCDFError` naming the file (and the
/// variable, where one is involved), with the library's text and a fix; nothing crashes.
@Suite struct BadFileTests {
    /// Opens `path` and reads every variable, as a consumer would.
    func openAndReadAll(_ path: String) throws {
        try withNetCDFFile(at: path) { f in
            for v in try f.variables() { _ = try f.read(v, as: Double.self) }
        }
    }

    func expectError(_ path: String, mentioning words: [String], _ comment: String) {
        let e = #expect(throws: NetCDFError.self, "\(comment)") { try openAndReadAll(path) }
        guard let e else { return }
        print("[\(comment)] \(e)")
        #expect(e.path == path)
        for w in words {
            #expect(e.description.contains(w), "\(comment): \"\(e)\" does not mention \"\(w)\"")
        }
    }

    @Test func missingFile() {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        expectError(dir.file("absent.nc"), mentioning: ["absent.nc", "no such file", "check the path"], "missing file")
    }

    @Test func emptyFile() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("empty.nc")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        expectError(path, mentioning: ["empty.nc", "empty (0 bytes)", "Fix:"], "empty file")
    }

    @Test func randomBytes() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("noise.nc")
        let bytes = testValues(4096, seed: 9).map { UInt8(truncatingIfNeeded: Int(($0 + 1) * 128)) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        expectError(path, mentioning: ["noise.nc", "Unknown file format", "not NetCDF"], "random bytes")
    }

    @Test(arguments: [true, false])
    func truncatedFile(netCDF4: Bool) throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let whole = dir.file("whole.nc"), cut = dir.file("cut.nc")
        let values = testValues(50_000, seed: 10)
        if netCDF4 {
            try withNetCDFFile(creating: whole) { f in
                let n = try f.defineDimension("n", length: values.count)
                try f.write(values, to: try f.defineVariable("u", Double.self, dimensions: [n]))
            }
        } else {
            // A classic-format file made by ncgen, to cover the other on-disk format.
            let cdl = dir.file("c.cdl")
            try "netcdf c { dimensions: n = 50000 ; variables: double u(n) ; }".write(toFile: cdl, atomically: true, encoding: .utf8)
            let ncgen = try requireTool("ncgen")
            let r = try runProgram(ncgen, ["-k", "classic", "-o", whole, cdl])
            #expect(r.status == 0, "ncgen: \(r.output)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: whole))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        expectError(cut, mentioning: ["cut.nc", "Fix:"], "truncated \(netCDF4 ? "NetCDF-4" : "classic") file")
        // HDF5 recognises files it has open by device and inode. If the failed open leaves
        // anything of the cut file behind, a file another test creates later with the same
        // inode could be taken for it: one CI run saw a freshly written NetCDF-4 file fail
        // to open with "HDF error" while this test ran. Keep the cut file (its inode) for the
        // rest of the process; the directory is small (0.6 MB) and under the system's /tmp.
        if netCDF4 { dir.keep = true }
    }

    @Test func missingVariable() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("partial.nc")
        try withNetCDFFile(creating: path) { f in
            let x = try f.defineDimension("x", length: 2)
            try f.write([1.0, 2.0], to: try f.defineVariable("predicton", Double.self, dimensions: [x]))
        }
        let e = #expect(throws: NetCDFError.self) { try withNetCDFFile(at: path) { _ = try $0.variable("prediction") } }
        #expect(e?.variable == "prediction")
        #expect(e?.description.contains("did you mean \"predicton\"") == true, "\(String(describing: e))")
        // The result reader reports the same for a file without its coordinates.
        let r = #expect(throws: NetCDFError.self) { try withNetCDFFile(at: path) { _ = try Solution.read(from: $0) } }
        #expect(r?.description.contains("partial.nc") == true, "\(String(describing: r))")
    }

    @Test func directoryIsNotAFile() {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        expectError(dir.path, mentioning: ["directory"], "directory")
    }
}
