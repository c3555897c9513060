import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing

/// Each kind of picture drawn from a small result file, read back and checked.
@Suite struct ResultPlotterTests {
    @Test func heatEquationGivesLossAndHeatMaps() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("heat.nc")
        try SyntheticResults.heat1D().write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir.file("plots"))
        #expect(written == [dir.file("plots/heat_loss.png"), dir.file("plots/heat_fields.png")])
        try checkPNG(written[0], width: 900, height: 560)
        let figure = try ResultPlotter.fieldsFigure(try ResultFile.read(from: path).solution!, title: "Heat 1D")
        try checkPNG(written[1], width: figure.width, height: figure.height)
    }

    @Test func highDimensionalGivesLineAndHistogram() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("hjb.nc")
        try SyntheticResults.writeHighDimensional(to: path)
        // Default output directory: the result file's.
        let written = try ResultPlotter.plotAll(resultPath: path)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["hjb_loss.png", "hjb_line.png", "hjb_error_histogram.png"])
        for file in written { try checkPNG(file, width: 900, height: 560) }
    }

    @Test func oneDimensionalGridGivesSolutionChart() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("poisson.nc")
        let x = (0...64).map { Double($0) / 64 }
        try ResultFile(metadata: CFMetadata(title: "Poisson 1D"),
                       solution: Solution(layout: .grid([.init("x", x)]), prediction: x.map { sin(3 * $0) + 0.01 },
                                          reference: x.map { sin(3 * $0) }),
                       history: SyntheticResults.history(steps: 100, every: 10, errorEvery: 20)).write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["poisson_loss.png", "poisson_solution.png"])
        for file in written { try checkPNG(file, width: 900, height: 560) }
    }

    /// The loss chart puts the largest loss (step 0) near the top left and the evaluated error
    /// points where the log axis says.
    @Test func lossChartMapsValuesOntoLogAxis() throws {
        let history = SyntheticResults.history()
        let chart = ResultPlotter.lossChart(history, title: "t")
        #expect(chart.yScale == .log)
        #expect(chart.series.map(\.name) == ["loss: boundary", "loss: initial", "loss: residual", "error vs reference"])
        let frame = chart.frame
        let all = history.terms.values.flatMap { $0 } + history.error.compactMap { $0 }
        let (lo, hi) = (all.min()!, all.max()!)
        // Every value lies inside the frame, and the extremes sit near its bottom and top.
        #expect(frame.py(hi) >= frame.rect.y && frame.py(hi) < frame.rect.y + 0.1 * frame.rect.height,
                "max \(hi) drawn at row \(frame.py(hi)), frame \(frame.rect)")
        #expect(frame.py(lo) <= frame.rect.maxY && frame.py(lo) > frame.rect.maxY - 0.1 * frame.rect.height,
                "min \(lo) drawn at row \(frame.py(lo)), frame \(frame.rect)")
        // One decade is the same height everywhere on a log axis.
        let d1 = frame.py(1e-3) - frame.py(1e-2), d2 = frame.py(1e-1) - frame.py(1)
        #expect(abs(d1 - d2) < 1e-9, "decade heights \(d1) and \(d2)")
    }

    @Test func histogramCountsEveryFinitePoint() throws {
        let (result, _) = SyntheticResults.highDimensional()
        let chart = ResultPlotter.errorHistogram(result.solution!, title: "t")
        #expect(chart.effectiveScale == .log, "the synthetic error spans decades")
        let (edges, counts) = chart.counts
        #expect(counts.reduce(0, +) == result.solution!.error!.count)
        #expect(edges.count == chart.bins + 1 && zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 })
        // Each value falls in the bin whose edges enclose it: check by recounting.
        let error = result.solution!.error!
        for i in [0, chart.bins / 2, chart.bins - 1] {
            let inside = error.filter { $0 >= edges[i] * (1 - 1e-12) && (i == chart.bins - 1 ? $0 <= edges[i + 1] * (1 + 1e-12) : $0 < edges[i + 1]) }.count
            #expect(abs(inside - counts[i]) <= 1, "bin \(i) [\(edges[i]), \(edges[i + 1])): counted \(counts[i]), recount \(inside)")
        }
    }
}
