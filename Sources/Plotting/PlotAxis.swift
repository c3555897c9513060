import Foundation

/// One axis of a chart: the data range it shows, its scale and its label.
public struct PlotAxis: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var scale: AxisScale
    public var label: String

    public init(lower: Double, upper: Double, scale: AxisScale = .linear, label: String = "") {
        self.lower = lower
        self.upper = upper
        self.scale = scale
        self.label = label
    }

    /// An axis spanning the finite values (positive ones on a log axis), widened by `margin`
    /// of the span on each side (in decades on a log axis), and made non-empty when all values
    /// are equal. With no usable value it spans [0, 1] (or [0.1, 1] on a log axis). Values
    /// beyond +-1e300 count as not finite (their span would overflow).
    public static func fitting(_ values: [Double], scale: AxisScale = .linear, label: String = "",
                               margin: Double = 0.04) -> PlotAxis {
        let usable = values.filter { $0.isFinite && Swift.abs($0) <= 1e300 && (scale == .linear || $0 > 0) }
        guard var lo = usable.min(), var hi = usable.max() else {
            return PlotAxis(lower: scale == .log ? 0.1 : 0, upper: 1, scale: scale, label: label)
        }
        switch scale {
        case .linear:
            if hi == lo { let d = lo == 0 ? 1 : abs(lo) * 0.1; lo -= d; hi += d }
            let pad = (hi - lo) * margin
            return PlotAxis(lower: lo - pad, upper: hi + pad, scale: scale, label: label)
        case .log:
            var a = log10(lo), b = log10(hi)
            if b - a < 1e-9 { a -= 0.5; b += 0.5 }
            let pad = (b - a) * margin
            return PlotAxis(lower: pow(10, a - pad), upper: pow(10, b + pad), scale: scale, label: label)
        }
    }

    /// The position of `v` along the axis: 0 at `lower`, 1 at `upper` (NaN when a log axis
    /// gets a value <= 0).
    public func fraction(_ v: Double) -> Double {
        switch scale {
        case .linear: (v - lower) / (upper - lower)
        case .log: v > 0 ? (log10(v) - log10(lower)) / (log10(upper) - log10(lower)) : .nan
        }
    }

    /// The data value at position `f` (the inverse of `fraction`).
    public func value(atFraction f: Double) -> Double {
        switch scale {
        case .linear: lower + f * (upper - lower)
        case .log: pow(10, log10(lower) + f * (log10(upper) - log10(lower)))
        }
    }

    public var ticks: [Tick] {
        switch scale {
        case .linear: Ticks.linear(lower, upper)
        case .log: Ticks.log(lower, upper)
        }
    }
}

/// A plotting rectangle with an x and a y axis: maps data to pixels and draws the frame, grid,
/// ticks, tick labels and axis labels around it.
public struct PlotFrame: Sendable {
    public var rect: PixelRect
    public var x: PlotAxis
    public var y: PlotAxis
    public var fontSize: Double = 13

    public init(rect: PixelRect, x: PlotAxis, y: PlotAxis) {
        self.rect = rect
        self.x = x
        self.y = y
    }

    /// The pixel column of data value `v` on the x axis.
    public func px(_ v: Double) -> Double { rect.x + x.fraction(v) * rect.width }
    /// The pixel row of data value `v` on the y axis (larger values higher up).
    public func py(_ v: Double) -> Double { rect.maxY - y.fraction(v) * rect.height }

    /// Draws light grid lines at the ticks, the frame, tick marks, tick labels and axis labels.
    public func draw(on canvas: Canvas, grid: Bool = true) {
        let xt = x.ticks, yt = y.ticks
        if grid {
            canvas.setColor(.lightGray)
            canvas.setLineWidth(1)
            for t in xt { let p = px(t.value).rounded() + 0.5; canvas.line(from: (p, rect.y), to: (p, rect.maxY)) }
            for t in yt { let p = py(t.value).rounded() + 0.5; canvas.line(from: (rect.x, p), to: (rect.maxX, p)) }
        }
        drawFrameAndTicks(on: canvas, xTicks: xt, yTicks: yt)
    }

    /// Strokes the frame's border only (after drawing data over the grid).
    public func drawBorder(on canvas: Canvas) {
        canvas.setColor(.black)
        canvas.setLineWidth(1)
        canvas.stroke(PixelRect(x: rect.x.rounded() + 0.5, y: rect.y.rounded() + 0.5,
                                width: rect.width.rounded(), height: rect.height.rounded()))
    }

    func drawFrameAndTicks(on canvas: Canvas, xTicks: [Tick], yTicks: [Tick]) {
        canvas.setColor(.black)
        canvas.setLineWidth(1)
        canvas.stroke(PixelRect(x: rect.x.rounded() + 0.5, y: rect.y.rounded() + 0.5,
                                width: rect.width.rounded(), height: rect.height.rounded()))
        var widest = 0.0
        for t in xTicks {
            let p = px(t.value).rounded() + 0.5
            canvas.line(from: (p, rect.maxY), to: (p, rect.maxY + 5))
            canvas.tickLabel(t, at: p, rect.maxY + 9, size: fontSize, horizontal: .center, vertical: .top)
        }
        for t in yTicks {
            let p = py(t.value).rounded() + 0.5
            canvas.line(from: (rect.x - 5, p), to: (rect.x, p))
            widest = max(widest, canvas.tickLabel(t, at: rect.x - 8, p, size: fontSize, horizontal: .right, vertical: .middle))
        }
        if !x.label.isEmpty {
            canvas.text(x.label, at: rect.midX, rect.maxY + 30 + fontSize, size: fontSize + 1, horizontal: .center, vertical: .top)
        }
        if !y.label.isEmpty {
            canvas.text(y.label, at: rect.x - 16 - widest, rect.midY, size: fontSize + 1, horizontal: .center,
                        vertical: .bottom, angle: .pi / 2)
        }
    }
}

extension Canvas {
    /// Draws a tick label (with a superscript exponent, if any) and returns its width.
    @discardableResult
    public func tickLabel(_ tick: Tick, at x: Double, _ y: Double, size: Double,
                          horizontal: HorizontalAnchor, vertical: VerticalAnchor) -> Double {
        guard let exponent = tick.exponent else {
            text(tick.mantissa, at: x, y, size: size, horizontal: horizontal, vertical: vertical)
            return textWidth(tick.mantissa, size: size)
        }
        let small = size * 0.72
        let w1 = textWidth(tick.mantissa, size: size), w2 = textWidth(exponent, size: small)
        let width = w1 + w2 + 1
        let left: Double = switch horizontal {
        case .left: x
        case .center: x - width / 2
        case .right: x - width
        }
        // Leave room above for the superscript when the label hangs from its top.
        let baseY = vertical == .top ? y + 0.3 * size : y
        text(tick.mantissa, at: left, baseY, size: size, horizontal: .left, vertical: vertical)
        let capHeight = 0.72 * size
        let baseline: Double = switch vertical {
        case .top: baseY + capHeight
        case .middle: baseY + capHeight / 2
        case .bottom: baseY
        }
        text(exponent, at: left + w1 + 1, baseline - 0.45 * size, size: small, horizontal: .left, vertical: .bottom)
        return width
    }
}
