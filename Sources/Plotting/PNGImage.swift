import Diagnostics
import CCairo
import Foundation

/// A PNG file read back with cairo's decoder (`cairo_image_surface_create_from_png`), for
/// checking what was drawn: its size, its pixels and simple statistics.
public struct PNGImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major pixels, top row first, alpha composited onto white.
    public let pixels: [RGB]

    /// The eight bytes every PNG file starts with (PNG specification, section 5.2).
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads `path`, which must be a PNG file.
    public init(contentsOf path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PlotError.cannotRead(path: path, reason: "no such file or not readable")
        }
        let head = [UInt8](handle.readData(ofLength: 8))
        try? handle.close()
        guard head == PNGImage.signature else {
            throw PlotError.cannotRead(path: path, reason: "not a PNG file (the first bytes are \(head))")
        }
        let surface = cairo_image_surface_create_from_png(path)!
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cannotRead(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        var pixels: [RGB] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width { pixels.append(PNGImage.pixel(of: surface, x, y)) }
        }
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y` (from the top).
    public subscript(x: Int, y: Int) -> RGB {
        require(x >= 0 && x < width && y >= 0 && y < height, "PNGImage[\(x), \(y)]: outside \(width) x \(height)")
        return pixels[y * width + x]
    }

    /// The variance of the pixels' luminance: 0 for a blank (uniform) image.
    public var luminanceVariance: Double {
        let l = pixels.map(\.luminance)
        let mean = l.reduce(0, +) / Double(max(l.count, 1))
        return l.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(l.count, 1))
    }

    /// The number of distinct colours.
    public var colorCount: Int { Set(pixels).count }

    /// The pixel of an image surface (ARGB32 premultiplied or RGB24), composited onto white.
    static func pixel(of surface: OpaquePointer, _ x: Int, _ y: Int) -> RGB {
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let word = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)[x]
        let hasAlpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32
        let a = hasAlpha ? Double(word >> 24) / 255 : 1
        // Premultiplied: colour + (1 - alpha) * white.
        func channel(_ shift: UInt32) -> Double { Double((word >> shift) & 0xFF) / 255 + (1 - a) }
        return RGB(channel(16), channel(8), channel(0))
    }
}
