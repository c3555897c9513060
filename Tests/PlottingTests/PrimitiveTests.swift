import Foundation
import Plotting
import Testing
import TestSupport

/// Ticks, colour map and axes: the pieces every picture is built from.
@Suite struct PrimitiveTests {
    @Test func linearTicksAreNiceAndInside() {
        for (lo, hi) in [(0.0, 1.0), (-3.7, 12.2), (0.001, 0.0047), (1e5, 3.2e5), (-1.0, 1.0)] {
            let ticks = Ticks.linear(lo, hi)
            #expect((3...11).contains(ticks.count), "[\(lo), \(hi)]: \(ticks.count) ticks")
            let values = ticks.map(\.value)
            #expect(values.allSatisfy { $0 >= lo - 1e-12 && $0 <= hi + 1e-12 }, "[\(lo), \(hi)]: \(values)")
            let steps = zip(values, values.dropFirst()).map { $1 - $0 }
            let step = steps[0]
            #expect(steps.allSatisfy { abs($0 - step) < 1e-9 * step }, "uneven steps \(steps)")
            // A nice step is 1, 2, 2.5 or 5 times a power of ten.
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1, 2, 2.5, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(step)")
            // Labels are distinct and parse back to the tick values.
            #expect(Set(ticks.map(\.mantissa)).count == ticks.count, "\(ticks.map(\.mantissa))")
            for t in ticks {
                let parsed = Double(t.mantissa) ?? .nan
                #expect(abs(parsed - t.value) <= 1e-9 * max(abs(t.value), step), "label \(t.mantissa) for \(t.value)")
            }
        }
    }

    @Test func logTicksAreDecades() {
        let ticks = Ticks.log(3e-6, 2.5)
        #expect(ticks.map(\.value).allSatisfy { v in abs(log10(v) - log10(v).rounded()) < 1e-12 })
        #expect(ticks.first!.value == 1e-5 && ticks.last!.value == 1, "\(ticks.map(\.value))")
        #expect(ticks.allSatisfy { $0.mantissa == "10" && Int($0.exponent ?? "") != nil })
        // Many decades: every n-th, at most about 9 labels.
        let wide = Ticks.log(1e-30, 1e10)
        #expect(wide.count <= 9 && wide.count >= 4, "\(wide.map(\.value))")
        // Under two decades: 1, 2, 5 multiples so that there is more than one tick.
        let narrow = Ticks.log(0.15, 3)
        #expect(narrow.map(\.value) == [0.2, 0.5, 1, 2], "\(narrow.map(\.value))")
    }

    /// Viridis gets lighter monotonically from 0 to 1, and matches its published ends.
    @Test func viridisIsMonotoneInLightness() {
        let samples = (0...200).map { ColorMap.viridis.color(at: Double($0) / 200).luminance }
        let drops = zip(samples, samples.dropFirst()).filter { $1 <= $0 }
        #expect(drops.isEmpty, "luminance falls at \(drops.count) of 200 steps")
        #expect(ColorMap.viridis.color(at: 0).distance(to: RGB(hex: 0x440154)) < 1e-12)
        #expect(ColorMap.viridis.color(at: 1).distance(to: RGB(hex: 0xFDE725)) < 1e-12)
        #expect(ColorMap.viridis.color(at: -3) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.viridis.color(at: .nan) == RGB.gray)
    }

    @Test func axisFractionRoundTrips() {
        for axis in [PlotAxis(lower: -2, upper: 6), PlotAxis(lower: 1e-4, upper: 10, scale: .log)] {
            for f in [0.0, 0.25, 0.5, 1.0] {
                let v = axis.value(atFraction: f)
                #expect(abs(axis.fraction(v) - f) < 1e-12, "\(axis): fraction(value(\(f))) = \(axis.fraction(v))")
            }
        }
        let log = PlotAxis.fitting([0, -1, 1e-3, 10, .nan], scale: .log)
        #expect(log.lower < 1e-3 && log.lower > 1e-4 && log.upper > 10 && log.upper < 100, "\(log)")
        #expect(PlotAxis(lower: 1, upper: 10, scale: .log).fraction(0).isNaN)
    }

    /// Drawing goes through cairo: a filled rectangle reads back with its colour, and text
    /// puts dark pixels where it is drawn.
    @Test func canvasDrawsAndReadsBack() throws {
        let canvas = Canvas(width: 120, height: 60)
        canvas.setColor(RGB(hex: 0x0072B2))
        canvas.fill(PixelRect(x: 10, y: 10, width: 20, height: 20))
        #expect(canvas.pixel(20, 20).distance(to: RGB(hex: 0x0072B2)) < 0.003)
        #expect(canvas.pixel(50, 50) == .white)
        canvas.text("Hg 10", at: 40, 40, size: 20)
        var dark = 0
        for y in 20..<48 { for x in 40..<110 where canvas.pixel(x, y).luminance < 0.3 { dark += 1 } }
        #expect(dark > 40, "text drew \(dark) dark pixels; is a font installed (fontconfig, fonts-dejavu-core)?")
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        try canvas.writePNG(to: dir.file("c.png"))
        let back = try checkPNG(dir.file("c.png"), width: 120, height: 60)
        #expect(back[20, 20].distance(to: RGB(hex: 0x0072B2)) < 0.003)
        #expect(throws: PlotError.self) { try canvas.writePNG(to: "/nonexistent/dir/c.png") }
    }
}
