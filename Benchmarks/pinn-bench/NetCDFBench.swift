import CNetCDF
import Foundation
import NetCDF

/// Writes and reads a 512 x 512 x 100 Double variable (200 MiB) through the NetCDF module and
/// through raw libnetcdf calls, and prints the best of three timings of each with the
/// throughput. Both write uncompressed NetCDF-4 (HDF5) files; the module's write also includes
/// its atomic rename.
func runNetCDFBenchmarks() {
    let shape = [100, 512, 512]
    let n = shape.reduce(1, *)
    let values = [Double](unsafeUninitializedCapacity: n) { buffer, count in
        for i in 0..<n { buffer[i] = Double(i % 9973) * 1e-3 }
        count = n
    }
    let megabytes = Double(n * MemoryLayout<Double>.size) / 1_048_576
    let dir = NSTemporaryDirectory() + "pinn-bench-netcdf-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let ours = dir + "/swift.nc", raw = dir + "/c.nc"

    func best(_ label: String, _ body: () throws -> Void) {
        var times: [Double] = []
        for _ in 0..<3 {
            let start = ContinuousClock.now
            do { try body() } catch { print("  \(label): failed: \(error)"); return }
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        let t = times.min()!
        print("  " + label.padding(toLength: 34, withPad: " ", startingAt: 0)
              + String(format: "%8.3f s  %8.0f MiB/s", t, megabytes / t))
    }

    print("NetCDF: write and read a \(shape.map(String.init).joined(separator: " x ")) Double variable "
          + String(format: "(%.0f MiB), best of 3", megabytes))

    best("write, NetCDF module") {
        try withNetCDFFile(creating: ours) { f in
            let dims = try zip(["t", "y", "x"], shape).map { try f.defineDimension($0.0, length: $0.1) }
            try f.write(values, to: try f.defineVariable("u", Double.self, dimensions: dims))
        }
    }
    best("write, raw C") {
        var ncid: Int32 = 0, varid: Int32 = 0
        var dims = [Int32](repeating: 0, count: 3)
        guard nc_create(raw, NC_NETCDF4 | NC_CLOBBER, &ncid) == NC_NOERR else { throw BenchError.c("nc_create") }
        for (k, (name, len)) in zip(["t", "y", "x"], shape).enumerated() { nc_def_dim(ncid, name, len, &dims[k]) }
        nc_def_var(ncid, "u", NC_DOUBLE, 3, dims, &varid)
        nc_enddef(ncid)
        let status = values.withUnsafeBufferPointer { nc_put_var_double(ncid, varid, $0.baseAddress) }
        guard status == NC_NOERR, nc_close(ncid) == NC_NOERR else { throw BenchError.c("nc_put_var_double") }
    }
    best("write, raw C to temp + rename") {
        var ncid: Int32 = 0, varid: Int32 = 0
        var dims = [Int32](repeating: 0, count: 3)
        let tmp = raw + ".tmp\(Int.random(in: 0..<1000000))"
        guard nc_create(tmp, NC_NETCDF4 | NC_NOCLOBBER, &ncid) == NC_NOERR else { throw BenchError.c("nc_create") }
        for (k, (name, len)) in zip(["t", "y", "x"], shape).enumerated() { nc_def_dim(ncid, name, len, &dims[k]) }
        nc_def_var(ncid, "u", NC_DOUBLE, 3, dims, &varid)
        nc_enddef(ncid)
        let status = values.withUnsafeBufferPointer { nc_put_var_double(ncid, varid, $0.baseAddress) }
        guard status == NC_NOERR, nc_close(ncid) == NC_NOERR else { throw BenchError.c("nc_put_var_double") }
        rename(tmp, raw)
    }
    var check = 0.0
    best("read, NetCDF module") {
        let back: [Double] = try withNetCDFFile(at: ours) { try $0.read("u") }
        check = back[n - 1]
    }
    best("read, raw C") {
        var ncid: Int32 = 0, varid: Int32 = 0
        guard nc_open(raw, NC_NOWRITE, &ncid) == NC_NOERR else { throw BenchError.c("nc_open") }
        nc_inq_varid(ncid, "u", &varid)
        let back = [Double](unsafeUninitializedCapacity: n) { buffer, count in
            _ = nc_get_var_double(ncid, varid, buffer.baseAddress)
            count = n
        }
        nc_close(ncid)
        check = back[n - 1]
    }
    if check != values[n - 1] { print("  read-back mismatch: \(check) != \(values[n - 1])") }
}

private enum BenchError: Error { case c(String) }
