import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing
import TestSupport

/// `pinn-solve plot` draws outputs u and v on an (x, y) grid as arrows over their speed, and the
/// arrows point where the field points.
@Suite struct VelocityFigureTests {
    /// A result file with outputs u and v on an (x, y) grid of [0, 1]^2 (or with the axes named
    /// `names`), prediction equal to reference plus `bump` on u.
    func velocityResult(_ field: (Double, Double) -> (Double, Double), names: (String, String) = ("x", "y"),
                        bump: Double = 0) -> ResultFile {
        let n = 41
        let s = (0..<n).map { Double($0) / Double(n - 1) }
        let layout = Solution.Layout.grid([.init(names.0, s), .init(names.1, s)])
        let values = s.flatMap { x in s.map { y in field(x, y) } }
        let u = values.map(\.0), v = values.map(\.1)
        return ResultFile(metadata: CFMetadata(title: "Velocity"), solutions: [
            Solution(layout: layout, prediction: u.map { $0 + bump }, reference: u, quantity: "u"),
            Solution(layout: layout, prediction: v, reference: v, quantity: "v"),
        ], history: SyntheticResults.history(steps: 200, every: 10, errorEvery: 50))
    }

    func plot(_ result: ResultFile, in dir: TemporaryDirectory) throws -> [String] {
        let path = dir.file("flow.nc")
        try result.write(to: path)
        return try ResultPlotter.plotAll(resultPath: path)
    }

    /// The pixels of the arrow at grid point (i, j) of the first panel of a uniform field: the
    /// offsets (dx, dy) from its centre of those unlike the background.
    func arrowPixels(_ field: (Double, Double)) throws -> [(Double, Double)] {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let written = try plot(velocityResult { _, _ in field }, in: dir)
        let path = try #require(written.first { $0.hasSuffix("_velocity.png") })
        let contents = try ResultFile.read(from: dir.file("flow.nc"))
        let figure = try ResultPlotter.velocityFigure(u: contents.solutions[0], v: contents.solutions[1], title: "")
        let image = try PNGImage(contentsOf: path)
        let rect = figure.layout.panels[0]
        let arrows = try #require(figure.panels[0].arrows)
        let i = arrows.indices(41)[8], j = arrows.indices(41)[8]
        let cx = rect.x + Double(i) / 40 * rect.width, cy = rect.maxY - Double(j) / 40 * rect.height
        let background = image[Int(rect.x) + 3, Int(rect.y) + 3]
        var offsets: [(Double, Double)] = []
        for y in Int(cy) - 9...Int(cy) + 9 {
            for x in Int(cx) - 9...Int(cx) + 9 where image[x, y].distance(to: background) > 0.2 {
                offsets.append((Double(x) + 0.5 - cx, Double(y) + 0.5 - cy))
            }
        }
        return offsets
    }

    /// The arrow's long axis and the end its head is on: the spread across the shaft is wider
    /// on the head's side.
    @Test(arguments: [((1.0, 0.0), "right"), ((-1.0, 0.0), "left"), ((0.0, 1.0), "up"), ((0.0, -1.0), "down")])
    func arrowsPointWhereTheFieldPoints(field: (Double, Double), direction: String) throws {
        let pixels = try arrowPixels(field)
        #expect(pixels.count > 20, "no arrow drawn: \(pixels.count) pixels")
        let horizontal = field.0 != 0
        let along = pixels.map { horizontal ? $0.0 : -$0.1 }, across = pixels.map { horizontal ? $0.1 : $0.0 }
        let lengthAlong = along.max()! - along.min()!, lengthAcross = across.max()! - across.min()!
        #expect(lengthAlong > 2 * lengthAcross, "\(direction): extent \(lengthAlong) along, \(lengthAcross) across")
        // Mean |offset across| of pixels on the forward and the backward half.
        let sign = (field.0 + field.1) > 0 ? 1.0 : -1.0
        func spread(_ forward: Bool) -> Double {
            let side = zip(along, across).filter { ($0.0 * sign > 2) == forward && abs($0.0) > 2 }
            return side.map { abs($0.1) }.reduce(0, +) / Double(max(side.count, 1))
        }
        #expect(spread(true) > spread(false) + 0.3, "\(direction): head side spread \(spread(true)), tail \(spread(false))")
    }

    /// The file gets a velocity picture beside each output's heat maps; its error panel is
    /// the vector error's magnitude.
    @Test func velocityPictureBesideTheFields() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let result = velocityResult({ x, y in (-(y - 0.5), x - 0.5) }, bump: 0.25)
        let written = try plot(result, in: dir)
        #expect(written.map { ($0 as NSString).lastPathComponent }.sorted()
                == ["flow_error_time.png", "flow_fields_u.png", "flow_fields_v.png", "flow_loss.png", "flow_velocity.png"])
        let figure = try ResultPlotter.velocityFigure(u: result.solutions[0], v: result.solutions[1], title: "t")
        try checkPNG(try #require(written.first { $0.hasSuffix("_velocity.png") }), width: figure.width, height: figure.height)
        #expect(figure.panels[2].values.allSatisfy { abs($0 - 0.25) < 1e-12 })
        // One arrow scale for prediction and reference: the largest speed of either.
        let largest = (figure.panels[0].values + figure.panels[1].values).max()!
        #expect(figure.panels[0].arrows?.maxMagnitude == largest && figure.panels[1].arrows?.maxMagnitude == largest)
        #expect(abs(largest - (0.75 * 0.75 + 0.5 * 0.5).squareRoot()) < 1e-12)
    }

    /// No velocity picture when the plane is not (x, y) or an output is missing.
    @Test func onlyForVelocityInTheXYPlane() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let tx = try plot(velocityResult({ _, _ in (1, 0) }, names: ("t", "x")), in: dir)
        #expect(!tx.contains { $0.hasSuffix("_velocity.png") })
        var single = velocityResult { _, _ in (1, 0) }
        single.solutions.removeLast()
        #expect(!(try plot(single, in: dir)).contains { $0.hasSuffix("_velocity.png") })
    }
}
