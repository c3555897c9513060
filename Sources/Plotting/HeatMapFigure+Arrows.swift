import Foundation

extension HeatMapFigure {
    /// A 2-D vector field (u along the figure's x axis, v along its y axis), drawn over a heat
    /// map as arrows at about `count` grid points per side.
    ///
    /// Arrows follow the field's direction in data coordinates (an axis of twice the span of
    /// the other does not bend them), and their lengths are proportional to |(u, v)|: the
    /// longest arrow of `maxMagnitude` spans about one arrow spacing. Panels that share a
    /// `maxMagnitude` (prediction and reference) draw equal vectors at equal lengths.
    public struct Arrows: Sendable {
        public var u: [Double]
        public var v: [Double]
        /// The magnitude drawn at full length; nil: this field's largest finite magnitude.
        public var maxMagnitude: Double?
        /// Arrows per side of the panel (at most; fewer on coarser grids).
        public var count: Int

        public init(u: [Double], v: [Double], maxMagnitude: Double? = nil, count: Int = 16) {
            self.u = u
            self.v = v
            self.maxMagnitude = maxMagnitude
            self.count = max(2, count)
        }

        /// The largest finite |(u, v)| of the field.
        public var largestMagnitude: Double {
            zip(u, v).map { ($0 * $0 + $1 * $1).squareRoot() }.filter(\.isFinite).max() ?? 0
        }

        /// The grid indices along an axis of `n` points at which arrows stand: evenly spread,
        /// at most `count`, away from the ends when the grid allows.
        public func indices(_ n: Int) -> [Int] {
            guard n > count else { return Array(0..<n) }
            return (0..<count).map { Int((Double($0) + 0.5) * Double(n) / Double(count)) }
        }

        /// Draws the arrows into `rect`, whose axes map the grid's `x` and `y` values.
        func draw(on canvas: Canvas, in rect: PixelRect, x: [Double], y: [Double], xAxis: PlotAxis, yAxis: PlotAxis) {
            let frame = PlotFrame(rect: rect, x: xAxis, y: yAxis)
            let perX = rect.width / max(xAxis.upper - xAxis.lower, .leastNonzeroMagnitude)
            let perY = rect.height / max(yAxis.upper - yAxis.lower, .leastNonzeroMagnitude)
            let columns = indices(x.count), rows = indices(y.count)
            let spacing = min(rect.width / Double(columns.count), rect.height / Double(rows.count))
            // The pixel length of the longest possible arrow: magnitude times the larger of the
            // axes' pixels per unit.
            let reference = (maxMagnitude ?? largestMagnitude) * Swift.max(perX, perY)
            guard reference > 0, reference.isFinite else { return }
            let scale = 0.9 * spacing / reference
            canvas.clipped(to: rect) {
                for (outline, width) in [(RGB.black, 3.0), (RGB.white, 1.4)] {
                    canvas.setColor(outline, alpha: 0.85)
                    canvas.setLineWidth(width)
                    for i in columns {
                        for j in rows {
                            let k = i * y.count + j
                            let dx = u[k] * perX * scale, dy = -v[k] * perY * scale
                            guard dx.isFinite && dy.isFinite else { continue }
                            let length = (dx * dx + dy * dy).squareRoot()
                            guard length >= 1 else { continue }
                            let (x0, y0) = (frame.px(x[i]), frame.py(y[j]))
                            let tip = (x0 + dx / 2, y0 + dy / 2), tail = (x0 - dx / 2, y0 - dy / 2)
                            canvas.line(from: tail, to: tip)
                            // The head: two strokes back from the tip at +-25 degrees.
                            let head = Swift.min(6, 0.35 * length), (ux, uy) = (dx / length, dy / length)
                            let (c, s) = (cos(0.44), sin(0.44))
                            canvas.line(from: tip, to: (tip.0 - head * (c * ux - s * uy), tip.1 - head * (s * ux + c * uy)))
                            canvas.line(from: tip, to: (tip.0 - head * (c * ux + s * uy), tip.1 - head * (-s * ux + c * uy)))
                        }
                    }
                }
            }
        }
    }
}
