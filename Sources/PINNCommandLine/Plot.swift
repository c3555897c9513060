import ArgumentParser
import Foundation
import PINN

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a run's results as PNG pictures.",
        discussion: """
            Reads RESULT.nc (written by `pinn-solve run`) and writes PNG files next to it, or \
            into --output: <name>_loss.png (each loss term and the error against the reference \
            over the steps); <name>_error_time.png (the error against the wall-clock time of training, \
            with the runs named by --compare); <name>_fields.png (heat maps of prediction, reference and error) for \
            2-D problems and 1-D problems with time (one per output, <name>_fields_<output>.png, for several \
            outputs); <name>_velocity.png (arrows over the speed) for outputs u and v on an (x, y) \
            grid; <name>_solution.png for 1-D problems; \
            <name>_line.png (u along a line through the reported point) and \
            <name>_error_histogram.png for high-dimensional problems. Docs/plots.md lists the \
            variables each picture reads.
            """)

    @Argument(help: "The NetCDF result file of a run.")
    var result: String

    @Option(help: "The directory for the PNG files (default: the result file's directory).")
    var output: String?

    @Option(help: "Another run's result file whose error against time is drawn beside this one's in <name>_error_time.png (repeatable).")
    var compare: [String] = []

    func run() throws {
        ProcessSignals.whenStopped(" while plotting; the picture being written was removed, those written before are complete")
        // The files are untrusted: read each in a child process first (ResultFileProbe).
        for path in [result] + compare { try ResultFileProbe.check(path) }
        for path in try ResultPlotter.plotAll(resultPath: result, outputDirectory: output, compare: compare) {
            print("wrote \(path)")
        }
    }
}
