import Diagnostics
import NetCDF

/// Heat maps of fields on one 2-D tensor-product grid, side by side, each with its own colour
/// bar: for a solution, the prediction, the reference and the absolute error.
///
/// A field's values are row-major over [x.count, y.count] (x slowest, as `Solution` stores a
/// grid with axes (x, y) or (t, x)); x runs to the right and y upwards, in the grid's own
/// coordinates. Each pixel takes the colour of the nearest grid point (grids need not be
/// uniform), so a cell is drawn where its point lies, and the axes span the first to the last
/// grid point.
public struct HeatMapFigure: Sendable {
    public struct Panel: Sendable {
        public var title: String
        public var values: [Double]
        /// The values at the ends of the colour map; nil spans the panel's finite values.
        public var range: ClosedRange<Double>?
        public var colorMap: ColorMap
        /// A vector field drawn over the heat map as arrows (nil: none).
        public var arrows: Arrows?

        public init(title: String, values: [Double], range: ClosedRange<Double>? = nil, colorMap: ColorMap = .viridis,
                    arrows: Arrows? = nil) {
            self.title = title
            self.values = values
            self.range = range
            self.colorMap = colorMap
            self.arrows = arrows
        }

        /// The colour-map range: `range`, or the finite values' extent (widened when flat).
        public var effectiveRange: ClosedRange<Double> {
            if let range { return range }
            let finite = values.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
            return hi > lo ? lo...hi : (lo - (lo == 0 ? 1 : abs(lo) * 0.1))...(hi + (hi == 0 ? 1 : abs(hi) * 0.1))
        }
    }

    /// Where `render` puts each panel's image and colour bar, in pixels.
    public struct Layout: Sendable {
        public var panels: [PixelRect]
        public var colorBars: [PixelRect]
    }

    public var title: String
    public var x: Solution.Axis
    public var y: Solution.Axis
    public var panels: [Panel]
    /// The size of one panel's image in pixels.
    public var panelSize: (width: Int, height: Int) = (340, 300)

    public init(title: String, x: Solution.Axis, y: Solution.Axis, panels: [Panel]) {
        require(x.values.count >= 1 && y.values.count >= 1, "HeatMapFigure: empty axis (\(x.values.count) x \(y.values.count))")
        for p in panels {
            require(p.values.count == x.values.count * y.values.count,
                    "HeatMapFigure panel \(p.title): \(p.values.count) values for a \(x.values.count) x \(y.values.count) grid")
            if let a = p.arrows {
                require(a.u.count == p.values.count && a.v.count == p.values.count,
                        "HeatMapFigure panel \(p.title): arrows of \(a.u.count) and \(a.v.count) components for \(p.values.count) values")
            }
        }
        self.title = title
        self.x = x
        self.y = y
        self.panels = panels
    }

    static let left = 80.0, top = 64.0, bottom = 70.0, barGap = 12.0, barWidth = 16.0, panelGap = 150.0

    public var width: Int { Int(HeatMapFigure.left) + panels.count * (panelSize.width + Int(HeatMapFigure.panelGap)) - 40 }
    public var height: Int { Int(HeatMapFigure.top + HeatMapFigure.bottom) + panelSize.height }

    public var layout: Layout {
        let w = Double(panelSize.width), h = Double(panelSize.height)
        let panels = self.panels.indices.map { i in
            PixelRect(x: HeatMapFigure.left + Double(i) * (w + HeatMapFigure.panelGap), y: HeatMapFigure.top, width: w, height: h)
        }
        return Layout(panels: panels, colorBars: panels.map {
            PixelRect(x: $0.maxX + HeatMapFigure.barGap, y: $0.y, width: HeatMapFigure.barWidth, height: $0.height)
        })
    }

    public func render() -> Canvas {
        let canvas = Canvas(width: width, height: height)
        let layout = layout
        canvas.text(title, at: Double(width) / 2, 26, size: 17, horizontal: .center, vertical: .bottom)
        let xAxis = PlotAxis(lower: x.values.min()!, upper: x.values.max()!, label: HeatMapFigure.label(x))
        let yAxis = PlotAxis(lower: y.values.min()!, upper: y.values.max()!, label: HeatMapFigure.label(y))
        let w = panelSize.width, h = panelSize.height
        // Nearest grid index for each pixel column (x) and row (y, top row = largest y).
        let columns = (0..<w).map { HeatMapFigure.nearestIndex(x.values, to: xAxis.value(atFraction: (Double($0) + 0.5) / Double(w))) }
        let rows = (0..<h).map { HeatMapFigure.nearestIndex(y.values, to: yAxis.value(atFraction: 1 - (Double($0) + 0.5) / Double(h))) }
        let ny = y.values.count
        for (panel, (rect, bar)) in zip(panels, zip(layout.panels, layout.colorBars)) {
            let range = panel.effectiveRange
            let span = range.upperBound - range.lowerBound
            var pixels = [RGB](repeating: .gray, count: w * h)
            for r in 0..<h {
                for c in 0..<w {
                    let v = panel.values[columns[c] * ny + rows[r]]
                    pixels[r * w + c] = panel.colorMap.color(at: (v - range.lowerBound) / span)
                }
            }
            canvas.image(pixels, columns: w, rows: h, in: rect)
            if let arrows = panel.arrows { arrows.draw(on: canvas, in: rect, x: x.values, y: y.values, xAxis: xAxis, yAxis: yAxis) }
            canvas.text(panel.title, at: rect.midX, rect.y - 10, size: 15, horizontal: .center, vertical: .bottom)
            var frame = PlotFrame(rect: rect, x: xAxis, y: yAxis)
            frame.fontSize = 12
            frame.drawFrameAndTicks(on: canvas, xTicks: xAxis.ticks, yTicks: yAxis.ticks)
            drawColorBar(on: canvas, rect: bar, range: range, map: panel.colorMap)
        }
        return canvas
    }

    public func write(to path: String) throws { try render().writePNG(to: path) }

    func drawColorBar(on canvas: Canvas, rect: PixelRect, range: ClosedRange<Double>, map: ColorMap) {
        let n = Int(rect.height)
        canvas.image((0..<n).map { map.color(at: 1 - (Double($0) + 0.5) / Double(n)) }, columns: 1, rows: n, in: rect)
        canvas.setColor(.black)
        canvas.setLineWidth(1)
        canvas.stroke(PixelRect(x: rect.x.rounded() + 0.5, y: rect.y.rounded() + 0.5, width: rect.width, height: rect.height))
        let axis = PlotAxis(lower: range.lowerBound, upper: range.upperBound)
        for t in axis.ticks {
            let p = (rect.maxY - axis.fraction(t.value) * rect.height).rounded() + 0.5
            canvas.line(from: (rect.maxX, p), to: (rect.maxX + 4, p))
            canvas.tickLabel(t, at: rect.maxX + 7, p, size: 11, horizontal: .left, vertical: .middle)
        }
    }

    /// "long name (units)", or the axis name.
    static func label(_ a: Solution.Axis) -> String {
        let name = a.longName ?? a.name
        return a.units.map { "\(name) (\($0))" } ?? name
    }

    /// The index of the value in `values` (strictly monotonic) nearest to `v`, by bisection.
    public static func nearestIndex(_ values: [Double], to v: Double) -> Int {
        let n = values.count
        guard n > 1 else { return 0 }
        let increasing = values[n - 1] >= values[0]
        var lo = 0, hi = n - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if (values[mid] <= v) == increasing { lo = mid } else { hi = mid }
        }
        return abs(values[lo] - v) <= abs(values[hi] - v) ? lo : hi
    }
}
