import Diagnostics

/// A line chart: one or more series y(x) on linear or log axes, with a title, axis labels,
/// ticks and a legend. The loss history, the line through the reported point and the 1-D
/// solution plots are line charts.
///
///     let chart = LineChart(title: "Loss", xLabel: "step", yLabel: "loss", yScale: .log,
///                           series: [.init("residual", x: steps, y: r)])
///     try chart.write(to: "loss.png")
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// nil takes the next colour of `RGB.series`.
        public var color: RGB?
        public var dashed: Bool
        /// Draw a dot at each point (for sparse series such as an occasionally evaluated error).
        public var markers: Bool

        public init(_ name: String, x: [Double], y: [Double], color: RGB? = nil, dashed: Bool = false,
                    markers: Bool = false) {
            require(x.count == y.count, "LineChart.Series \(name): \(x.count) x values and \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
            self.dashed = dashed
            self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var series: [Series]
    public var width: Int
    public var height: Int

    public init(title: String, xLabel: String, yLabel: String, xScale: AxisScale = .linear,
                yScale: AxisScale = .linear, series: [Series], width: Int = 900, height: Int = 560) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.width = width
        self.height = height
    }

    /// The frame the data is drawn in (pixels and axes), as `render` lays it out.
    public var frame: PlotFrame {
        let rect = PixelRect(x: 92, y: 52, width: Double(width) - 92 - 28, height: Double(height) - 52 - 70)
        let xs = series.flatMap(\.x), ys = series.flatMap(\.y)
        var x = PlotAxis.fitting(xs, scale: xScale, label: xLabel, margin: 0.02)
        if xScale == .linear, let lo = xs.filter(\.isFinite).min(), let hi = xs.filter(\.isFinite).max(), hi > lo {
            x.lower = lo
            x.upper = hi
        }
        return PlotFrame(rect: rect, x: x, y: PlotAxis.fitting(ys, scale: yScale, label: yLabel))
    }

    public func render() -> Canvas {
        let canvas = Canvas(width: width, height: height)
        let frame = frame
        canvas.text(title, at: Double(width) / 2, 30, size: 17, horizontal: .center, vertical: .bottom)
        frame.draw(on: canvas)
        let colors = series.indices.map { series[$0].color ?? RGB.series[$0 % RGB.series.count] }
        canvas.clipped(to: frame.rect) {
            for (s, color) in zip(series, colors) {
                let px = s.x.map(frame.px), py = s.y.map(frame.py)
                canvas.setColor(color)
                canvas.setLineWidth(2)
                canvas.setDash(s.dashed ? [7, 4] : [])
                canvas.polyline(px, py)
                canvas.setDash([])
                if s.markers { for (a, b) in zip(px, py) where a.isFinite && b.isFinite { canvas.circle(at: a, b, radius: 3) } }
            }
        }
        drawLegend(on: canvas, frame: frame, colors: colors)
        return canvas
    }

    public func write(to path: String) throws { try render().writePNG(to: path) }

    /// The legend box in the corner of the frame that covers the fewest data points.
    func drawLegend(on canvas: Canvas, frame: PlotFrame, colors: [RGB]) {
        guard !series.isEmpty else { return }
        let size = 13.0, row = 20.0
        let textWidth = series.map { canvas.textWidth($0.name, size: size) }.max() ?? 0
        let w = 12 + 30 + 8 + textWidth + 12, h = 8 + row * Double(series.count) + 4
        let r = frame.rect
        let corners = [(r.maxX - w - 10, r.y + 10), (r.x + 10, r.y + 10), (r.maxX - w - 10, r.maxY - h - 10),
                       (r.x + 10, r.maxY - h - 10)]
        let covered = corners.map { (cx, cy) in
            series.reduce(0) { n, s in
                n + zip(s.x, s.y).reduce(0) { m, p in
                    let a = frame.px(p.0), b = frame.py(p.1)
                    return m + (a >= cx - 6 && a <= cx + w + 6 && b >= cy - 6 && b <= cy + h + 6 ? 1 : 0)
                }
            }
        }
        let (x, y) = corners[covered.indices.min { covered[$0] < covered[$1] }!]
        let box = PixelRect(x: x.rounded() + 0.5, y: y.rounded() + 0.5, width: w.rounded(), height: h.rounded())
        canvas.setColor(.white, alpha: 0.9)
        canvas.fill(box)
        canvas.setColor(.gray)
        canvas.setLineWidth(1)
        canvas.stroke(box)
        for (i, (s, color)) in zip(series, colors).enumerated() {
            let cy = y + 8 + row * (Double(i) + 0.5)
            canvas.setColor(color)
            canvas.setLineWidth(2)
            canvas.setDash(s.dashed ? [7, 4] : [])
            canvas.line(from: (x + 12, cy), to: (x + 42, cy))
            canvas.setDash([])
            if s.markers { canvas.circle(at: x + 27, cy, radius: 3) }
            canvas.text(s.name, at: x + 50, cy, size: size, horizontal: .left, vertical: .middle)
        }
    }
}
