import Foundation
import PINN
import SyntheticResults

/// Writes the synthetic result files from which Docs/images were drawn (a 1-D heat run and a
/// 100-dimensional HJB-like run, `SyntheticResults`), and draws their pictures next to them
/// as `pinn-solve plot` does: `pinn-bench plot-examples [--output DIR]` (default
/// ./plot-examples). Not timed; on request only.
func runPlotExamples() {
    let dir = benchOutputDirectory() ?? "plot-examples"
    print("\n## plot-examples: synthetic result files and their pictures in \(dir)")
    do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let heat = (dir as NSString).appendingPathComponent("heat1d.nc")
        try SyntheticResults.heat1D().write(to: heat)
        let hjb = (dir as NSString).appendingPathComponent("hjb100d.nc")
        try SyntheticResults.writeHighDimensional(to: hjb)
        for file in [heat, hjb] {
            print(file)
            for png in try ResultPlotter.plotAll(resultPath: file) { print(png) }
        }
    } catch {
        FileHandleStderr.write("pinn-bench plot-examples: \(error)\n")
        exit(1)
    }
}

/// The directory after `--output` on the command line, if any.
func benchOutputDirectory() -> String? {
    let a = CommandLine.arguments
    return a.firstIndex(of: "--output").flatMap { $0 + 1 < a.count ? a[$0 + 1] : nil }
}
