import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing
import TestSupport

/// Each kind of picture drawn from a small result file, read back and checked.
@Suite struct ResultPlotterTests {
    @Test func heatEquationGivesLossAndHeatMaps() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("heat.nc")
        try SyntheticResults.heat1D().write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir.file("plots"))
        #expect(written == [dir.file("plots/heat_loss.png"), dir.file("plots/heat_fields.png"), dir.file("plots/heat_error_time.png")])
        try checkPNG(written[0], width: 900, height: 560)
        let figure = try ResultPlotter.fieldsFigure(try ResultFile.read(from: path).solution!, title: "Heat 1D")
        let image = try checkPNG(written[1], width: figure.width, height: figure.height)
        // Colours where the field is known. The grid (t, x) puts t across and x upwards; the
        // reference is exp(-pi^2 t) sin(pi x), the prediction adds 2e-2 t sin(3 pi x) (1 + x).
        // Prediction and reference share the range of both; the error panel spans its own.
        let heat = SyntheticResults.heat1D().solution!
        let both = heat.prediction + heat.reference!
        let shared = (both.min()!, both.max()!)
        let error = zip(heat.prediction, heat.reference!).map { abs($0 - $1) }
        func exact(_ t: Double, _ x: Double) -> Double { exp(-Double.pi * Double.pi * t) * sin(Double.pi * x) }
        func offset(_ t: Double, _ x: Double) -> Double { 2e-2 * t * sin(3 * Double.pi * x) * (1 + x) }
        let layout = figure.layout
        // (fraction across = t / 0.2, fraction up = x) at which to look.
        let spots: [(Double, Double)] = [(0.02, 0.5), (0.5, 0.5), (0.98, 0.5), (0.3, 0.1), (0.7, 0.9), (0.9, 5.0 / 6), (0.9, 0.5)]
        for (fa, fu) in spots {
            let t = 0.2 * fa, x = fu
            let (px, py) = (Int(layout.panels[0].x + fa * layout.panels[0].width), Int(layout.panels[0].maxY - fu * layout.panels[0].height))
            for (i, value, range, what) in [(0, exact(t, x) + offset(t, x), shared, "prediction"), (1, exact(t, x), shared, "reference"),
                                            (2, abs(offset(t, x)), (error.min()!, error.max()!), "error")] {
                let panel = layout.panels[i]
                let c = meanColor(image, px + Int(panel.x - layout.panels[0].x), py, radius: 1)
                let expected = ColorMap.viridis.color(at: (value - range.0) / (range.1 - range.0))
                #expect(c.distance(to: expected) < 0.06, "\(what) at t = \(t), x = \(x) (u = \(value)): \(c), expected \(expected)")
            }
        }
    }

    @Test func highDimensionalGivesLineAndHistogram() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("hjb.nc")
        try SyntheticResults.writeHighDimensional(to: path)
        // Default output directory: the result file's.
        let written = try ResultPlotter.plotAll(resultPath: path)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["hjb_loss.png", "hjb_line.png", "hjb_error_histogram.png", "hjb_error_time.png"])
        let images = try written.map { try checkPNG($0, width: 900, height: 560) }
        // The line: prediction log((1 + s^2) / 2) + 0.01 sin(4 s) + 0.004 (solid, first series
        // colour) and the reference log((1 + s^2) / 2) (dashed black) where the frame puts them.
        let (_, cut) = SyntheticResults.highDimensional()
        let frame = ResultPlotter.lineChart(cut, title: "HJB 100D").frame
        for s in [-0.8, -0.4, 0, 0.5, 0.9] {
            let reference = log((1 + s * s) / 2), prediction = reference + 0.01 * sin(4 * s) + 0.004
            expectCurve(images[1], at: frame.px(s), frame.py(prediction), color: RGB.series[0], "prediction at s = \(s)")
            expectCurve(images[1], at: frame.px(s), frame.py(reference), color: .black, "reference at s = \(s)")
        }
        // The curve is not drawn where the function is not: at s = 0 halfway up the frame.
        let midFrame = nearColor(images[1], Int(frame.px(0)), Int(frame.rect.midY), RGB.series[0], radius: 4)
        #expect(!midFrame, "prediction drawn mid-frame at s = 0")
        // The histogram: the bar in each bin is as tall, relative to the tallest, as its count.
        let (result, _) = SyntheticResults.highDimensional()
        let counts = ResultPlotter.errorHistogram(result.solution!, title: "t").counts.counts
        let bar = RGB(0.85 * RGB.series[0].red + 0.15, 0.85 * RGB.series[0].green + 0.15, 0.85 * RGB.series[0].blue + 0.15)
        let histogram = images[2]
        let columns = (0..<histogram.width).filter { x in (0..<histogram.height).contains { histogram[x, $0].distance(to: bar) < 0.08 } }
        let (first, last) = (try #require(columns.first), try #require(columns.last))
        let width = Double(last + 1 - first) / Double(counts.count)
        let heights = counts.indices.map { i in
            let x = first + Int(width * (Double(i) + 0.5))
            return (0..<histogram.height).filter { histogram[x, $0].distance(to: bar) < 0.08 }.count
        }
        let tallest = Double(heights.max()!), most = Double(counts.max()!)
        for i in counts.indices {
            #expect(abs(Double(heights[i]) / tallest - Double(counts[i]) / most) < 4 / tallest,
                    "bin \(i): bar \(heights[i]) px of \(tallest), count \(counts[i]) of \(most)")
        }
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
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["poisson_loss.png", "poisson_solution.png", "poisson_error_time.png"])
        let images = try written.map { try checkPNG($0, width: 900, height: 560) }
        // Prediction sin(3x) + 0.01 (solid, first series colour) and reference sin(3x) (dashed black).
        let solution = try ResultFile.read(from: path).solution!
        let frame = ResultPlotter.solutionChart(solution, title: "Poisson 1D").frame
        for x in [0.1, 0.3, Double.pi / 6, 0.7, 0.95] {
            expectCurve(images[1], at: frame.px(x), frame.py(sin(3 * x) + 0.01), color: RGB.series[0], "prediction at x = \(x)")
            expectCurve(images[1], at: frame.px(x), frame.py(sin(3 * x)), color: .black, "reference at x = \(x)")
        }
        // Near x = 0 (u = 0.01) the curve runs along the bottom of the data, not at the top.
        let atTop = nearColor(images[1], Int(frame.px(0.05)), Int(frame.py(1)), RGB.series[0], radius: 4)
        #expect(!atTop, "prediction drawn at u = 1 at x = 0.05")
        // The loss chart: each term's values where the log axis puts them, and not two decades
        // lower. The legend (white, opaque) may hide a few points, so count rows.
        let history = SyntheticResults.history(steps: 100, every: 10, errorEvery: 20)
        let loss = ResultPlotter.lossChart(history, title: "Poisson 1D").frame
        for (i, name) in ["boundary", "initial", "residual"].enumerated() {
            let y = history.terms[name]!, image = images[0]
            let hits = y.indices.filter { j in
                nearColor(image, Int(loss.px(Double(history.step[j]))), Int(loss.py(y[j])), RGB.series[i], radius: 4)
            }.count
            let misplaced = y.indices.filter { j in
                nearColor(image, Int(loss.px(Double(history.step[j]))), Int(loss.py(y[j] * 1e-2)), RGB.series[i], radius: 4)
            }.count
            #expect(hits >= y.count * 7 / 10 && misplaced <= y.count * 3 / 10,
                    "loss \(name): drawn at \(hits) of \(y.count) rows, two decades lower at \(misplaced)")
        }
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

/// Whether a pixel within `radius` of (x, y) has a colour within 0.2 of `color`.
func nearColor(_ image: PNGImage, _ x: Int, _ y: Int, _ color: RGB, radius r: Int) -> Bool {
    let (x0, x1, y0, y1) = (max(0, x - r), min(image.width - 1, x + r), max(0, y - r), min(image.height - 1, y + r))
    guard x0 <= x1 && y0 <= y1 else { return false }   // the window lies outside the picture
    for j in y0...y1 {
        for i in x0...x1 where image[i, j].distance(to: color) < 0.2 { return true }
    }
    return false
}

/// Expects a curve of `color` to pass within 4 pixels of (x, y) (a dash of a dashed line, 7 on
/// and 4 off, always falls in that window).
func expectCurve(_ image: PNGImage, at x: Double, _ y: Double, color: RGB, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let found = nearColor(image, Int(x), Int(y), color, radius: 4)
    #expect(found, "\(what): no pixel of \(color) near (\(Int(x)), \(Int(y)))", sourceLocation: sourceLocation)
}
