import Foundation
import Plotting
import Testing

/// Reads `path` back and checks it is a real picture: the PNG signature, the expected size,
/// not blank (luminance variance and several colours). Returns the image for further checks.
@discardableResult
func checkPNG(_ path: String, width: Int? = nil, height: Int? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> PNGImage {
    let head = [UInt8](try #require(FileManager.default.contents(atPath: path), "no file at \(path)",
                                    sourceLocation: sourceLocation).prefix(8))
    #expect(head == PNGImage.signature, "\(path) starts with \(head), not the PNG signature", sourceLocation: sourceLocation)
    let image = try PNGImage(contentsOf: path)
    if let width { #expect(image.width == width, "\(path): width \(image.width), expected \(width)", sourceLocation: sourceLocation) }
    if let height {
        #expect(image.height == height, "\(path): height \(image.height), expected \(height)", sourceLocation: sourceLocation)
    }
    let variance = image.luminanceVariance
    #expect(variance > 1e-3, "\(path) looks blank: luminance variance \(variance)", sourceLocation: sourceLocation)
    #expect(image.colorCount > 16, "\(path) has only \(image.colorCount) colours", sourceLocation: sourceLocation)
    return image
}

/// The mean colour of the square of half-width `r` around (x, y).
func meanColor(_ image: PNGImage, _ x: Int, _ y: Int, radius r: Int = 2) -> RGB {
    var s = (0.0, 0.0, 0.0), n = 0.0
    for j in (y - r)...(y + r) {
        for i in (x - r)...(x + r) {
            let c = image[i, j]
            s = (s.0 + c.red, s.1 + c.green, s.2 + c.blue)
            n += 1
        }
    }
    return RGB(s.0 / n, s.1 / n, s.2 / n)
}
