import Diagnostics
import CCairo
import Foundation

/// A rectangle in pixels, y downwards (cairo's device space).
public struct PixelRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
}

/// Where a text's anchor point lies on the text: `.left` puts the start of the baseline-centred
/// text at the point, `.center` its middle, `.right` its end; `.top`/`.middle`/`.bottom` do the
/// same vertically (on the ink extents of digits and capitals, so labels line up).
public enum HorizontalAnchor: Sendable { case left, center, right }
public enum VerticalAnchor: Sendable { case top, middle, bottom }

/// A raster drawing surface: a cairo ARGB32 image surface with its context, white to begin
/// with, written out as PNG by cairo's own encoder. Coordinates are pixels, y downwards.
///
/// Text uses cairo's "toy" text API with the fontconfig family `sans-serif` (DejaVu Sans on
/// Debian), which is enough for axis labels; a missing font gives cairo's fallback, not an error.
public final class Canvas {
    public let width: Int
    public let height: Int
    let surface: OpaquePointer
    let context: OpaquePointer

    public init(width: Int, height: Int) {
        require(width > 0 && height > 0 && width <= 16384 && height <= 16384,
                "Canvas: size \(width) x \(height) is outside 1...16384 pixels")
        self.width = width
        self.height = height
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        context = cairo_create(surface)
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        setColor(.white)
        cairo_paint(context)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: Drawing state

    public func setColor(_ c: RGB, alpha: Double = 1) { cairo_set_source_rgba(context, c.red, c.green, c.blue, alpha) }

    public func setLineWidth(_ w: Double) { cairo_set_line_width(context, w) }

    /// Dashed lines with the given on/off lengths in pixels; an empty array draws solid lines.
    public func setDash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
    }

    /// Runs `body` with drawing clipped to `rect`, restoring the state afterwards.
    public func clipped(to rect: PixelRect, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }

    // MARK: Shapes

    public func fill(_ r: PixelRect) {
        cairo_rectangle(context, r.x, r.y, r.width, r.height)
        cairo_fill(context)
    }

    public func stroke(_ r: PixelRect) {
        cairo_rectangle(context, r.x, r.y, r.width, r.height)
        cairo_stroke(context)
    }

    public func line(from a: (Double, Double), to b: (Double, Double)) {
        cairo_move_to(context, a.0, a.1)
        cairo_line_to(context, b.0, b.1)
        cairo_stroke(context)
    }

    /// A polyline through the points, broken at non-finite coordinates (NaN gaps).
    public func polyline(_ xs: [Double], _ ys: [Double]) {
        var penDown = false
        for (x, y) in zip(xs, ys) {
            guard x.isFinite && y.isFinite else { penDown = false; continue }
            if penDown { cairo_line_to(context, x, y) } else { cairo_move_to(context, x, y) }
            penDown = true
        }
        cairo_stroke(context)
    }

    public func circle(at x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    /// Paints `pixels` (row-major, `columns` x `rows`, top row first) into `rect`, one image
    /// pixel per device pixel when the sizes match, nearest-neighbour scaled otherwise.
    public func image(_ pixels: [RGB], columns: Int, rows: Int, in rect: PixelRect) {
        require(pixels.count == columns * rows, "Canvas.image: \(pixels.count) pixels for \(columns) x \(rows)")
        guard columns > 0 && rows > 0 else { return }
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows))
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        let data = cairo_image_surface_get_data(image)!
        for row in 0..<rows {
            let line = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<columns {
                let c = pixels[row * columns + column]
                line[column] = (byte(c.red) << 16) | (byte(c.green) << 8) | byte(c.blue)
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(columns), rect.height / Double(rows))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
        cairo_fill(context)
        cairo_restore(context)
    }

    // MARK: Text

    /// The width of `text` at `size` points, in pixels.
    public func textWidth(_ text: String, size: Double) -> Double {
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` at (x, y) with the given anchors, rotated by `angle` radians
    /// (counter-clockwise on screen, e.g. `.pi / 2` for a y-axis label read bottom to top).
    public func text(_ text: String, at x: Double, _ y: Double, size: Double = 14,
                     horizontal: HorizontalAnchor = .left, vertical: VerticalAnchor = .bottom,
                     angle: Double = 0, color: RGB = .black) {
        cairo_save(context)
        setColor(color)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        let capHeight = 0.72 * size
        let dx: Double = switch horizontal {
        case .left: 0
        case .center: -extents.x_advance / 2
        case .right: -extents.x_advance
        }
        let dy: Double = switch vertical {
        case .top: capHeight
        case .middle: capHeight / 2
        case .bottom: 0
        }
        cairo_translate(context, x, y)
        cairo_rotate(context, -angle)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    // MARK: Output

    /// Writes the canvas as a PNG file (cairo's encoder, 8-bit RGBA), atomically: to a
    /// registered temporary file next to `path` (`TemporaryFiles`), then renamed over it, so an
    /// interrupted plot leaves no half-written picture.
    public func writePNG(to path: String) throws {
        cairo_surface_flush(surface)
        let target: String
        do { target = try ReplacedFile.target(of: path) } catch { throw PlotError.cannotWrite(path: path, reason: error.reason) }
        let tmp = TemporaryName.sibling(of: target)
        TemporaryFiles.register(tmp)
        defer { TemporaryFiles.unregister(tmp) }
        let status = cairo_surface_write_to_png(surface, tmp)
        guard status == CAIRO_STATUS_SUCCESS else {
            unlink(tmp)
            throw PlotError.cannotWrite(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        guard rename(tmp, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw PlotError.cannotWrite(path: path, reason: reason)
        }
    }

    /// The colour of the pixel at (x, y).
    public func pixel(_ x: Int, _ y: Int) -> RGB {
        cairo_surface_flush(surface)
        return PNGImage.pixel(of: surface, x, y)
    }
}

@inline(__always)
private func byte(_ c: Double) -> UInt32 { UInt32(min(max(c, 0), 1) * 255 + 0.5) }
