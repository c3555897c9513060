import ArgumentParser
import Foundation
import PINN

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a run's results as PNG pictures.",
        discussion: """
            Reads RESULT.nc (written by `pinn-solve run`) and writes, next to it or into --output:
              <name>_loss.png             loss terms and error against the reference over the steps
              <name>_fields.png           heat maps of prediction, reference and error (2-D, or 1-D + time)
              <name>_solution.png         prediction against reference (1-D)
              <name>_line.png             u along a line through the reported point (high-dimensional)
              <name>_error_histogram.png  the pointwise error on the test points (high-dimensional)
            Docs/plots.md lists the variables each picture reads.
            """)

    @Argument(help: "The NetCDF result file of a run.")
    var result: String

    @Option(help: "The directory for the PNG files (default: the result file's directory).")
    var output: String?

    func run() throws {
        for path in try ResultPlotter.plotAll(resultPath: result, outputDirectory: output) {
            print("wrote \(path)")
        }
    }
}
