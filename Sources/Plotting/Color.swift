import Diagnostics
import Foundation

/// An sRGB colour with components in [0, 1].
public struct RGB: Sendable, Hashable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit hexadecimal value, e.g. `RGB(hex: 0x440154)`.
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xFF) / 255, Double((hex >> 8) & 0xFF) / 255, Double(hex & 0xFF) / 255)
    }

    /// The relative luminance of the colour (ITU-R BT.709 weights on linearised sRGB), in [0, 1].
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The largest difference of one component from `other`'s (0 = equal, 1 = opposite).
    public func distance(to other: RGB) -> Double {
        max(abs(red - other.red), abs(green - other.green), abs(blue - other.blue))
    }

    public var description: String {
        func byte(_ c: Double) -> Int { Int((c * 255).rounded()) }
        return "rgb(\(byte(red)), \(byte(green)), \(byte(blue)))"
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(1, 1, 1)
    public static let gray = RGB(0.5, 0.5, 0.5)
    public static let lightGray = RGB(0.88, 0.88, 0.88)

    /// The Okabe-Ito palette for data series, distinguishable with the common colour-vision
    /// deficiencies (M. Okabe and K. Ito, "Color Universal Design", 2002), without its yellow,
    /// which is too light on white.
    public static let series: [RGB] = [
        RGB(hex: 0x0072B2), RGB(hex: 0xD55E00), RGB(hex: 0x009E73), RGB(hex: 0xCC79A7),
        RGB(hex: 0xE69F00), RGB(hex: 0x56B4E9), RGB(hex: 0x000000),
    ]
}

/// A colour map: a piecewise-linear path through sRGB anchor colours, evaluated on [0, 1].
public struct ColorMap: Sendable {
    public var name: String
    /// Colours at equally spaced positions 0, 1/(n-1), ..., 1.
    public var anchors: [RGB]

    public init(name: String, anchors: [RGB]) {
        require(anchors.count >= 2, "ColorMap \(name): needs at least two anchor colours, got \(anchors.count)")
        self.name = name
        self.anchors = anchors
    }

    /// The colour at `t`, clamped to [0, 1]; NaN gives gray.
    public func color(at t: Double) -> RGB {
        guard !t.isNaN else { return .gray }
        let s = min(max(t, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(s), anchors.count - 2)
        let f = s - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        return RGB(a.red + f * (b.red - a.red), a.green + f * (b.green - a.green), a.blue + f * (b.blue - a.blue))
    }

    /// Viridis, the perceptually uniform map of matplotlib (S. van der Walt and N. Smith, 2015;
    /// public domain, CC0): dark violet at 0 to yellow at 1, its lightness rising monotonically,
    /// readable in grey and with colour-vision deficiencies. Linear interpolation between nine
    /// samples of the published map (its values at k/8) stays within a few 1/255 steps of it.
    public static let viridis = ColorMap(name: "viridis", anchors: [
        RGB(hex: 0x440154), RGB(hex: 0x472D7B), RGB(hex: 0x3B528B), RGB(hex: 0x2C728E), RGB(hex: 0x21918C),
        RGB(hex: 0x28AE80), RGB(hex: 0x5EC962), RGB(hex: 0xADDC30), RGB(hex: 0xFDE725),
    ])
}
