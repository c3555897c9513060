import Foundation
import Testing

/// Writes the synthetic result files from which Docs/images were drawn, into the directory
/// named by PLOTTING_EXAMPLES_DIR (skipped when it is not set):
///
///     PLOTTING_EXAMPLES_DIR=/tmp/plot-examples swift test --filter PlottingTests.ExampleResultFiles
///     swift run pinn-solve plot /tmp/plot-examples/heat1d.nc --output Docs/images
///     swift run pinn-solve plot /tmp/plot-examples/hjb100d.nc --output Docs/images
@Suite struct ExampleResultFiles {
    static let directory = ProcessInfo.processInfo.environment["PLOTTING_EXAMPLES_DIR"]

    @Test(.enabled(if: directory != nil, "set PLOTTING_EXAMPLES_DIR to write the example result files"))
    func writeExamples() throws {
        let dir = try #require(ExampleResultFiles.directory)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let heat = (dir as NSString).appendingPathComponent("heat1d.nc")
        try SyntheticResults.heat1D().write(to: heat)
        let hjb = (dir as NSString).appendingPathComponent("hjb100d.nc")
        try SyntheticResults.writeHighDimensional(to: hjb)
        #expect(FileManager.default.fileExists(atPath: heat) && FileManager.default.fileExists(atPath: hjb))
    }
}
