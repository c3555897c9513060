import CNetCDF
import Foundation

extension NetCDFFile {
    /// Whether the file is in one of the classic formats (CDF-1, CDF-2, CDF-5), whose data sits at
    /// offsets computed from the header.
    var isClassicFormat: Bool {
        format == NC_FORMAT_CLASSIC || format == NC_FORMAT_64BIT_OFFSET || format == NC_FORMAT_64BIT_DATA
    }

    /// Throws if a classic-format file is shorter than the data its header describes.
    ///
    /// libnetcdf opens a truncated classic file without complaint and reads the missing part as
    /// fill values, so a cut-off download would pass for data. The header fixes the size of every
    /// variable: each fixed-size variable takes prod(shape) * size(type) bytes and each record
    /// variable that many per record, times the number of records. Their sum is a lower bound
    /// on the file size (the header and padding come on top); a file shorter than that is
    /// truncated. (HDF5-based NetCDF-4 files are checked by HDF5 itself.)
    func verifyClassicSize() throws {
        guard isClassicFormat else { return }
        var unlimited: Int32 = -1
        try check(path, nil, "nc_inq_unlimdim") { nc_inq_unlimdim(groupID, &unlimited) }
        var records = 0
        if unlimited >= 0 { try check(path, nil, "nc_inq_dimlen") { nc_inq_dimlen(groupID, unlimited, &records) } }
        var needed = 0
        for v in try variables() {
            var size = 0
            try check(path, v.name, "nc_inq_type") { nc_inq_type(groupID, v.type.raw, nil, &size) }
            let isRecord = v.dimensions.first.map { $0.id == unlimited } ?? false
            let extents = try (isRecord ? Array(v.dimensions.dropFirst()) : v.dimensions).map { try length(of: $0) }
            needed += extents.reduce(size, *) * (isRecord ? records : 1)
        }
        let actual = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? Int.max
        if actual < needed {
            throw NetCDFError(path: path, operation: "open", status: NC_ENOTNC,
                              message: "the file is truncated: it has \(actual) bytes but its header describes at least \(needed) bytes of data",
                              fix: "the file was cut short (an interrupted copy or write); regenerate or copy it again")
        }
    }
}
