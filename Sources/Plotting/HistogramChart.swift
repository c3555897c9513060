import Diagnostics
import Foundation

/// A histogram of values (the pointwise error on the test points) with a count axis, on a
/// linear or logarithmic value axis; a note in the corner gives n, the median and the maximum.
///
/// On a log axis the bins are equally wide in log10(value), which suits errors that spread
/// over several decades; values <= 0 cannot be placed there and are counted in the note.
public struct HistogramChart: Sendable {
    public var title: String
    public var xLabel: String
    public var values: [Double]
    public var bins: Int
    /// nil chooses: log when the positive values span more than two decades, else linear.
    public var scale: AxisScale?
    public var width: Int
    public var height: Int

    public init(title: String, xLabel: String, values: [Double], bins: Int = 40, scale: AxisScale? = nil,
                width: Int = 900, height: Int = 560) {
        require(bins >= 1, "HistogramChart: bins must be at least 1, got \(bins)")
        self.title = title
        self.xLabel = xLabel
        self.values = values
        self.bins = bins
        self.scale = scale
        self.width = width
        self.height = height
    }

    /// The scale used: `scale`, or the automatic choice.
    public var effectiveScale: AxisScale {
        if let scale { return scale }
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let lo = positive.min(), let hi = positive.max() else { return .linear }
        return hi / lo > 100 ? .log : .linear
    }

    /// The bin edges (bins + 1 of them) and the count in each bin.
    public var counts: (edges: [Double], counts: [Int]) {
        let scale = effectiveScale
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard let lo = usable.min(), let hi = usable.max() else { return ([0, 1], [0]) }
        let axis = PlotAxis.fitting([lo, hi], scale: scale, margin: 0)
        let edges = (0...bins).map { axis.value(atFraction: Double($0) / Double(bins)) }
        var counts = [Int](repeating: 0, count: bins)
        for v in usable {
            let f = axis.fraction(v)
            guard f.isFinite else { continue }
            counts[min(max(Int(f * Double(bins)), 0), bins - 1)] += 1
        }
        return (edges, counts)
    }

    public func render() -> Canvas {
        let canvas = Canvas(width: width, height: height)
        let (edges, counts) = counts
        let scale = effectiveScale
        let rect = PixelRect(x: 92, y: 52, width: Double(width) - 92 - 28, height: Double(height) - 52 - 70)
        let x = PlotAxis(lower: edges.first!, upper: edges.last!, scale: scale, label: xLabel)
        let y = PlotAxis(lower: 0, upper: Double(max(counts.max() ?? 1, 1)) * 1.08, label: "number of test points")
        let frame = PlotFrame(rect: rect, x: x, y: y)
        canvas.text(title, at: Double(width) / 2, 30, size: 17, horizontal: .center, vertical: .bottom)
        frame.draw(on: canvas)
        for (i, n) in counts.enumerated() where n > 0 {
            let a = frame.px(edges[i]), b = frame.px(edges[i + 1]), top = frame.py(Double(n))
            let bar = PixelRect(x: a, y: top, width: max(b - a, 1), height: rect.maxY - top)
            canvas.setColor(RGB.series[0], alpha: 0.85)
            canvas.fill(bar)
            canvas.setColor(.white)
            canvas.setLineWidth(1)
            canvas.stroke(bar)
        }
        frame.drawBorder(on: canvas)
        let finite = values.filter(\.isFinite).sorted()
        var note = ["n = \(values.count)"]
        if !finite.isEmpty {
            note.append("median = \(Ticks.label(finite[finite.count / 2]))")
            note.append("max = \(Ticks.label(finite.last!))")
        }
        let excluded = values.count - counts.reduce(0, +)
        if excluded > 0 { note.append("\(excluded) not shown (\(scale == .log ? "<= 0 or " : "")not finite)") }
        for (i, line) in note.enumerated() {
            canvas.text(line, at: rect.maxX - 12, rect.y + 22 + 18 * Double(i), size: 13, horizontal: .right, vertical: .bottom)
        }
        return canvas
    }

    public func write(to path: String) throws { try render().writePNG(to: path) }
}
