import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing
import TestSupport

/// The heat maps' colours follow the data: extremes land where the coordinates put them.
@Suite struct HeatMapTests {
    /// Renders `result` with `plotAll`, returns the fields picture and the figure's layout.
    func render(_ result: ResultFile, in dir: TemporaryDirectory) throws -> (PNGImage, HeatMapFigure.Layout) {
        let path = dir.file("field.nc")
        try result.write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path)
        let figure = try ResultPlotter.fieldsFigure(try ResultFile.read(from: path).solution!, title: "")
        let image = try checkPNG(try #require(written.first { $0.hasSuffix("_fields.png") }), width: figure.width, height: figure.height)
        return (image, figure.layout)
    }

    /// u = x - y on [0, 1]^2: the maximum is at x = 1, y = 0 (bottom right of the prediction and
    /// reference panels), the minimum at the top left.
    @Test func maximumLandsInExpectedCorner() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (image, layout) = try render(SyntheticResults.field2D(reference: { x, y in x - y }), in: dir)
        let top = ColorMap.viridis.color(at: 1), bottom = ColorMap.viridis.color(at: 0)
        for panel in layout.panels.prefix(2) {
            let corners = [("bottom right", Int(panel.maxX) - 5, Int(panel.maxY) - 5, top),
                           ("top left", Int(panel.x) + 5, Int(panel.y) + 5, bottom),
                           ("top right", Int(panel.maxX) - 5, Int(panel.y) + 5, ColorMap.viridis.color(at: 0.5)),
                           ("bottom left", Int(panel.x) + 5, Int(panel.maxY) - 5, ColorMap.viridis.color(at: 0.5))]
            for (name, x, y, expected) in corners {
                let c = meanColor(image, x, y)
                #expect(c.distance(to: expected) < 0.06, "\(name) of panel \(panel): \(c), expected \(expected)")
            }
        }
        // The colour bar runs from the maximum colour at the top to the minimum at the bottom.
        let bar = layout.colorBars[0]
        #expect(meanColor(image, Int(bar.midX), Int(bar.y) + 3, radius: 1).distance(to: top) < 0.06)
        #expect(meanColor(image, Int(bar.midX), Int(bar.maxY) - 3, radius: 1).distance(to: bottom) < 0.06)
    }

    /// A bump in the prediction at (0.75, 0.25) is where the error panel is brightest.
    @Test func errorPanelShowsWhereTheErrorIs() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (bx, by) = (0.75, 0.25)
        let result = SyntheticResults.field2D(nx: 81, ny: 61, reference: { x, y in sin(3 * x) * cos(2 * y) },
                                              bump: { x, y in 0.05 * exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / 0.005) })
        let (image, layout) = try render(result, in: dir)
        let panel = layout.panels[2]
        var best = (luminance: -1.0, x: 0, y: 0)
        for y in Int(panel.y) + 2..<Int(panel.maxY) - 2 {
            for x in Int(panel.x) + 2..<Int(panel.maxX) - 2 where image[x, y].luminance > best.luminance {
                best = (image[x, y].luminance, x, y)
            }
        }
        let dataX = (Double(best.x) + 0.5 - panel.x) / panel.width, dataY = (panel.maxY - Double(best.y) - 0.5) / panel.height
        #expect(abs(dataX - bx) < 0.03 && abs(dataY - by) < 0.03,
                "brightest error pixel at (\(dataX), \(dataY)) in data coordinates, bump at (\(bx), \(by))")
    }

    /// A grid (t, x, y) is drawn at the final time: u = (1 - t) (y - x) + t (x - y) puts the
    /// maximum at the bottom right only at t = 1.
    @Test func threeAxisGridIsDrawnAtTheFinalTime() throws {
        let t = [0.0, 0.5, 1.0], x = (0...20).map { Double($0) / 20 }, y = (0...10).map { Double($0) / 10 }
        let u: [Double] = t.flatMap { t in x.flatMap { x in y.map { y in (1 - t) * (y - x) + t * (x - y) } } }
        let solution = Solution(layout: .grid([.init("t", t), .init("x", x), .init("y", y)]), prediction: u, reference: u)
        let figure = try ResultPlotter.fieldsFigure(solution, title: "3 axes")
        #expect(figure.title.hasSuffix("at t = 1"), "\(figure.title)")
        #expect(figure.panels[0].values == Array(u.suffix(x.count * y.count)))
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        try figure.write(to: dir.file("f.png"))
        let image = try checkPNG(dir.file("f.png"), width: figure.width, height: figure.height)
        let panel = figure.layout.panels[0]
        let c = meanColor(image, Int(panel.maxX) - 5, Int(panel.maxY) - 5)
        #expect(c.distance(to: ColorMap.viridis.color(at: 1)) < 0.06, "bottom right \(c)")
    }

    /// On a non-uniform grid each pixel takes the nearest grid point's value.
    @Test func nonUniformGridUsesNearestPoint() {
        let values = [0.0, 0.1, 0.15, 0.5, 1.0]
        for (v, expected) in [(0.04, 0), (0.06, 1), (0.13, 2), (0.33, 3), (0.74, 3), (0.76, 4), (2.0, 4), (-1.0, 0)] {
            #expect(HeatMapFigure.nearestIndex(values, to: v) == expected, "nearest to \(v)")
            #expect(HeatMapFigure.nearestIndex(values.reversed(), to: v) == 4 - expected, "nearest to \(v), decreasing")
        }
    }
}
