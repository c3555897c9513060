import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing
import TestSupport

/// A benchmark table along a line round-trips through the result file and is drawn beside the
/// other pictures; a damaged one is refused by name.
@Suite struct BenchmarkCutTests {
    static let cut = BenchmarkCut(name: "u_centre", quantity: "u", label: "y at x = 0.5", source: "a table",
                                  s: (0...100).map { Double($0) / 100 }, prediction: (0...100).map { sin(Double($0) / 100 * 3) },
                                  tableS: [0.9, 0.1, 0.5], tableValues: [sin(2.7) + 0.01, sin(0.3), sin(1.5) - 0.04])

    func write(_ cut: BenchmarkCut, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file("run.nc")
        try SyntheticResults.field2D(reference: { x, y in x * y }).write(to: path)
        try withNetCDFFile(at: path, mode: .append) { try cut.write(into: $0) }
        return path
    }

    @Test func roundTripsAndIsDrawn() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = try write(Self.cut, in: dir)
        let back = try withNetCDFFile(at: path) { try BenchmarkCut.read(name: "u_centre", from: $0) }
        #expect(back == Self.cut)
        let written = try ResultPlotter.plotAll(resultPath: path)
        let picture = try #require(written.first { $0.hasSuffix("run_benchmark_u_centre.png") }, "\(written)")
        try checkPNG(picture)
        // The title gives the largest deviation (0.04 at y = 0.5, up to the linear interpolation).
        let chart = ResultPlotter.benchmarkChart(Self.cut, title: "t")
        #expect(chart.title.contains("largest deviation 4.0"), "\(chart.title)")
        let d = try #require(BenchmarkCut.maxDeviation(s: Self.cut.s, prediction: Self.cut.prediction,
                                                       at: Self.cut.tableS, values: Self.cut.tableValues))
        #expect(Swift.abs(d - 0.04) < 1e-4, "\(d)")
        // With the network's values at the table's points, those give the deviation.
        var exact = Self.cut
        exact.tablePrediction = [sin(2.7), sin(0.3), sin(1.5) - 0.05]
        #expect(Swift.abs((exact.maxDeviation ?? 0) - 0.01) < 1e-12)
        let other = TemporaryDirectory()
        defer { withExtendedLifetime(other) {} }
        let again = try write(exact, in: other)
        #expect(try withNetCDFFile(at: again) { try BenchmarkCut.read(name: "u_centre", from: $0) } == exact)
    }

    @Test func mismatchedLengthsAreRefusedByName() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = try write(Self.cut, in: dir)
        // A second, damaged cut: its prediction is one value short.
        try withNetCDFFile(at: path, mode: .append) { file in
            let line = try file.defineDimension("benchmark_bad_line", length: 3)
            let short = try file.defineDimension("benchmark_bad_short", length: 2)
            let table = try file.defineDimension("benchmark_bad_table", length: 1)
            for (name, dim, values) in [("benchmark_bad_s", line, [0.0, 0.5, 1]), ("benchmark_bad_prediction", short, [1.0, 2]),
                                        ("benchmark_bad_table_s", table, [0.5]), ("benchmark_bad_table_value", table, [1.5])] {
                try file.write(values, to: try file.defineVariable(name, Double.self, dimensions: [dim]))
            }
        }
        #expect(throws: PlotError.self) { try ResultPlotter.plotAll(resultPath: path) }
        do { try ResultPlotter.plotAll(resultPath: path) } catch { #expect("\(error)".contains("benchmark_bad_prediction"), "\(error)") }
    }
}
