import Foundation
@testable import NetCDF
import Testing
import TestSupport

/// Files exchanged with tools we did not write: ncgen and ncdump from Debian's netcdf-bin, and
/// Python's netCDF4 / xarray when installed.
@Suite struct InteropTests {
    static let cdl = """
        netcdf made_by_ncgen {
        dimensions:
            time = UNLIMITED ; // (3 currently)
            x = 4 ;
        variables:
            double time(time) ;
                time:units = "s" ;
            float x(x) ;
                x:long_name = "position" ;
            int counts(time, x) ;
                counts:valid_range = 0, 100 ;
            double temperature(time, x) ;
                temperature:units = "K" ;
                temperature:scale = 1.5 ;
            short small(x) ;
        // global attributes:
            :title = "written by ncgen" ;
            :version = 3 ;
        data:
            time = 0, 0.5, 1 ;
            x = 0.25, 0.5, 0.75, 1 ;
            counts = 1, 2, 3, 4,  5, 6, 7, 8,  9, 10, 11, 12 ;
            temperature = 273.15, 274, 275.5, 276,  280, 281, 282, 283,  290.125, 291, 292, 293 ;
            small = -3, -2, 32767, -32768 ;
        }
        """

    @Test(arguments: ["nc4", "classic"])
    func readsFileMadeByNcgen(kind: String) throws {
        let ncgen = try requireTool("ncgen")
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let cdlPath = dir.file("in.cdl"), path = dir.file("in.nc")
        try Self.cdl.write(toFile: cdlPath, atomically: true, encoding: .utf8)
        let r = try runProgram(ncgen, ["-k", kind, "-o", path, cdlPath])
        try #require(r.status == 0, "ncgen failed: \(r.output)")

        try withNetCDFFile(at: path) { f in
            #expect(try f.textAttribute("title") == "written by ncgen")
            #expect(try f.attribute("version") == .int32s([3]))
            let time = try f.dimension("time")
            let timeLength = try f.length(of: time)
            #expect(time.isUnlimited && timeLength == 3)
            #expect(try f.read("time", as: Double.self) == [0, 0.5, 1])
            #expect(try f.read("x", as: Float.self) == [0.25, 0.5, 0.75, 1])
            let counts = try f.variable("counts")
            #expect(counts.type == .int32 && counts.dimensions.map(\.name) == ["time", "x"])
            #expect(try f.read(counts, as: Int32.self) == Array(1...12))
            #expect(try f.attribute("valid_range", of: counts) == .int32s([0, 100]))
            #expect(try f.read(counts, start: [1, 1], count: [2, 2], as: Int64.self) == [6, 7, 10, 11])
            let field = try f.readField("temperature")
            #expect(field.shape == [3, 4] && field.dimensions == ["time", "x"] && field.units == "K")
            #expect(field[2, 0] == 290.125 && field.coordinates["x"] == [0.25, 0.5, 0.75, 1])
            #expect(field.attribute("scale") == .doubles([1.5]))
            #expect(try f.read("small", as: Int32.self) == [-3, -2, 32767, -32768])
        }
    }

    func writeSample(_ path: String) throws {
        try withNetCDFFile(creating: path, deflate: 3, shuffle: true) { f in
            try f.putGlobalAttributes(CFMetadata(title: "interop sample", institution: "tests", source: "NetCDFTests"))
            let x = try f.defineCoordinate("x", values: [0, 0.5, 1], units: "m", longName: "position", axis: "X")
            let t = try f.defineDimension("time", length: nil)
            let u = try f.defineVariable("u", Double.self, dimensions: [t, x.dimension])
            try f.putCFAttributes(on: u, units: "m s-1", longName: "velocity")
            try f.append([1.5, -2.25, 3e-5], to: u)
            try f.append([4, 5, 6], to: u)
            let n = try f.defineVariable("n", Int64.self, dimensions: [x.dimension])
            try f.write([Int64(1) << 40, -7, 0], to: n)
        }
    }

    @Test func ncdumpReadsOurFile() throws {
        let ncdump = try requireTool("ncdump")
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("ours.nc")
        try writeSample(path)

        let header = try runProgram(ncdump, ["-h", path])
        #expect(header.status == 0, "ncdump -h failed: \(header.output)")
        for line in ["time = UNLIMITED ; // (2 currently)", "x = 3 ;", "double u(time, x) ;", "u:units = \"m s-1\" ;",
                     "int64 n(x) ;", ":Conventions = \"CF-1.8\" ;", ":title = \"interop sample\" ;"] {
            #expect(header.output.contains(line), "ncdump -h lacks \"\(line)\":\n\(header.output)")
        }
        let format = try runProgram(ncdump, ["-k", path])
        #expect(format.output.trimmingCharacters(in: .whitespacesAndNewlines) == "netCDF-4")
        let special = try runProgram(ncdump, ["-hs", path])
        #expect(special.output.contains("u:_DeflateLevel = 3 ;") && special.output.contains("u:_Shuffle = \"true\" ;"),
                "\(special.output)")

        let data = try runProgram(ncdump, ["-v", "u,n", path])
        #expect(data.status == 0)
        let body = data.output.replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "  ", with: " ")
        for values in ["u = 1.5, -2.25, 3e-05, 4, 5, 6 ;", "n = 1099511627776, -7, 0 ;"] {
            let squeezed = body.components(separatedBy: .whitespaces).filter { !$0.isEmpty }.joined(separator: " ")
            #expect(squeezed.contains(values), "ncdump -v lacks \"\(values)\":\n\(data.output)")
        }
    }

    /// python3 and the module it can open NetCDF with ("xarray" preferred, else "netCDF4"), or nil.
    static let python: (path: String, module: String)? = {
        guard let python = findExecutable("python3") else { return nil }
        for module in ["xarray", "netCDF4"] where (try? runProgram(python, ["-c", "import \(module)"]))?.status == 0 {
            return (python, module)
        }
        return nil
    }()

    /// Python's xarray (or netCDF4), if installed, opens our file and sees our values. Never
    /// installs anything: without them the test is skipped and Swift Testing prints the reason.
    @Test(.enabled(if: InteropTests.python != nil,
                   "python3 with xarray or netCDF4 is not available (pip install xarray netCDF4 to run this test)"))
    func pythonOpensOurFile() throws {
        let (python, module) = try #require(Self.python)
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("ours.nc")
        try writeSample(path)
        let script = module == "xarray"
            ? "import xarray as x; d = x.open_dataset('\(path)'); print(d['u'].values.ravel().tolist(), d['u'].attrs['units'], d.attrs['Conventions'])"
            : "import netCDF4 as n; d = n.Dataset('\(path)'); print(d['u'][:].ravel().tolist(), d['u'].units, d.Conventions)"
        let r = try runProgram(python, ["-c", script])
        #expect(r.status == 0, "python (\(module)) failed: \(r.output)")
        #expect(r.output.contains("[1.5, -2.25, 3e-05, 4.0, 5.0, 6.0] m s-1 CF-1.8"), "\(r.output)")
    }
}
