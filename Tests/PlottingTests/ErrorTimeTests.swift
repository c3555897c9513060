import Foundation
import NetCDF
import Plotting
import Testing
import TestSupport

/// The error-against-time picture: each run's evaluated errors over its wall-clock times, the
/// compared runs overlaid, files without times left without the picture.
@Suite struct ErrorTimeTests {
    /// A history of `n` steps with the error `e0 * rate^k` evaluated every 10 steps and the
    /// wall time `seconds` per step (0: no times recorded, as a file without `wall_time`).
    static func history(steps n: Int, e0: Double, rate: Double, seconds: Double) -> LossHistory {
        var h = LossHistory()
        for k in 0..<n {
            h.append(step: k, terms: ["residual": 1.0 / Double(k + 1)], error: k % 10 == 0 ? e0 * Foundation.pow(rate, Double(k)) : nil,
                     wallTime: seconds * Double(k))
        }
        return h
    }

    static func write(_ h: LossHistory, to path: String) throws {
        let x = (0...16).map { Double($0) / 16 }
        try ResultFile(metadata: CFMetadata(title: "timed"),
                       solution: Solution(layout: .grid([.init("x", x)]), prediction: x, reference: x),
                       history: h).write(to: path)
    }

    @Test func comparedRunsAreDrawnWhereTheirTimesPutThem() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let fast = Self.history(steps: 200, e0: 1, rate: 0.97, seconds: 0.05)
        let slow = Self.history(steps: 200, e0: 1, rate: 0.99, seconds: 0.2)
        try Self.write(fast, to: dir.file("fast.nc"))
        try Self.write(slow, to: dir.file("slow.nc"))
        let written = try ResultPlotter.plotAll(resultPath: dir.file("fast.nc"), compare: [dir.file("slow.nc")])
        #expect(written.last == dir.file("fast_error_time.png"))
        let image = try checkPNG(dir.file("fast_error_time.png"), width: 900, height: 560)
        let chart = try ResultPlotter.errorTimeChart([("fast", fast), ("slow", slow)], title: "timed")
        #expect(chart.series.map(\.name) == ["fast", "slow"])
        // The frame spans both runs' times (to 39.8 s): the slow run's error at step 150 (30 s)
        // lies where the chart puts it, in the second series colour; the fast run's at step 150
        // (7.5 s), in the first.
        let frame = chart.frame
        #expect(frame.px(39.8) > frame.px(30) && frame.px(7.5) < frame.px(30))
        expectCurve(image, at: frame.px(30), frame.py(Foundation.pow(0.99, 150)), color: RGB.series[1], "slow run at 30 s")
        expectCurve(image, at: frame.px(7.5), frame.py(Foundation.pow(0.97, 150)), color: RGB.series[0], "fast run at 7.5 s")
    }

    @Test func aFileWithoutTimesGetsNoPictureAndCannotBeComparedAlone() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let untimed = Self.history(steps: 50, e0: 1, rate: 0.9, seconds: 0)
        try Self.write(untimed, to: dir.file("untimed.nc"))
        let written = try ResultPlotter.plotAll(resultPath: dir.file("untimed.nc"))
        #expect(!written.contains { $0.hasSuffix("_error_time.png") }, "wrote \(written)")
        #expect(throws: PlotError.self) { try ResultPlotter.errorTimeChart([("untimed", untimed)], title: "t") }
        // Compared with a timed run, the untimed one is left out and the timed one drawn.
        let timed = Self.history(steps: 50, e0: 1, rate: 0.9, seconds: 0.1)
        #expect(try ResultPlotter.errorTimeChart([("untimed", untimed), ("timed", timed)], title: "t").series.map(\.name) == ["timed"])
    }
}
