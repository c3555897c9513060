import Autodiff
import Foundation
@testable import NetCDF
import TestSupport
import Testing

@Suite struct ResultFileTests {
    /// u(t, x) = exp(-t) sin(pi x) on a grid, with a perturbed "prediction".
    func gridSolution() -> Solution {
        let t = (0..<5).map { Double($0) * 0.25 }, x = (0..<7).map { Double($0) / 6 }
        let reference = t.flatMap { t in x.map { x in exp(-t) * sin(Double.pi * x) } }
        let prediction = zip(reference, testValues(reference.count, seed: 4)).map { $0 + 1e-3 * $1 }
        return Solution(layout: .grid([.init("t", t, units: "s", longName: "time"), .init("x", x, units: "m")]),
                        prediction: prediction, reference: reference, quantity: "u", units: "K")
    }

    func history() -> LossHistory {
        var h = LossHistory()
        for k in 0..<6 {
            let s = Double(k + 1)
            h.append(step: k * 100, terms: ["residual": 1 / s, "boundary": 0.1 / s, "total loss": 1.1 / s],
                     error: k % 2 == 0 ? 0.5 / s : nil, wallTime: 0.75 * s)
        }
        return h
    }

    @Test func fullResultRoundTrip() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("result.nc")
        var rng = testStream(11)
        let w = Tensor<Float>.normal([3, 2], mean: 0, std: 1, using: &rng)
        let b = Tensor<Double>.normal([3], mean: 0, std: 1, using: &rng)
        let params = [NamedTensor(name: "layer0.weight", w), NamedTensor(name: "layer0.bias", b),
                      NamedTensor(name: "scale", Tensor<Double>(scalar: 2.5))]
        let result = ResultFile(metadata: CFMetadata(title: "heat 1D", institution: "tests", source: "pinn-solve test"),
                                solution: gridSolution(), history: history(), parameters: params,
                                settings: ["learning_rate": 1e-3, "seed": 42, "optimizer": "adam", "width": 64])
        try result.write(to: path)

        let back = try ResultFile.read(from: path)
        #expect(back.solution == result.solution)
        #expect(back.history == result.history)
        #expect(back.parameters == params)
        #expect(back.parameters?[0].precision == .float && back.parameters?[0].tensor(as: Float.self).scalars == w.scalars)
        #expect(back.parameters?[2].shape == [])
        #expect(back.settings == result.settings)
        #expect(back.metadata.title == "heat 1D" && back.metadata.conventions == "CF-1.8")
        #expect(back.metadata.history?.contains("created by pinn-solve test") == true)

        // The error field is |prediction - reference|, checked against the inputs directly.
        let s = try #require(back.solution)
        let oracle = zip(s.prediction, s.reference!).map { abs($0 - $1) }
        #expect(s.error == oracle)

        // What a plotting command sees.
        try withNetCDFFile(at: path) { f in
            let field = try f.readField("prediction")
            #expect(field.dimensions == ["t", "x"] && field.shape == [5, 7] && field.units == "K")
            #expect(field.coordinates["t"] == [0, 0.25, 0.5, 0.75, 1])
            #expect(field[4, 3] == s.prediction[4 * 7 + 3])
            let loss = try f.readField("loss_total_loss")
            #expect(loss.coordinates["step"] == [0, 100, 200, 300, 400, 500] && loss.attribute("term") == .text("total loss"))
        }
    }

    @Test func pointSetSolution() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("points.nc")
        let d = 5, n = 40
        let points = testValues(n * d, seed: 12)
        let reference = (0..<n).map { i in points[i * d ..< (i + 1) * d].reduce(0) { $0 + $1 * $1 } }
        let solution = Solution(layout: .points(points: points, dimension: d, names: ["t", "x1", "x2", "x3", "x4"]),
                                prediction: reference.map { $0 * 1.01 }, reference: reference)
        try ResultFile(metadata: CFMetadata(title: "points"), solution: solution).write(to: path, deflate: nil)
        let back = try ResultFile.read(from: path)
        #expect(back.solution == solution)
        #expect(back.history == nil && back.parameters == nil && back.settings.isEmpty)
        try withNetCDFFile(at: path) { f in
            let shape = try f.shape(of: try f.variable("points"))
            #expect(shape == [n, d])
        }
    }

    @Test func missingPartsAreErrors() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("damaged.nc")
        // A prediction whose grid has no coordinate variables: the reader must name what is missing.
        try withNetCDFFile(creating: path) { f in
            let t = try f.defineDimension("t", length: 2), x = try f.defineDimension("x", length: 3)
            try f.write([Double](repeating: 1, count: 6), to: try f.defineVariable("prediction", Double.self, dimensions: [t, x]))
            try f.write([Int64(0)], to: try f.defineVariable("step", Int64.self, dimensions: [try f.defineDimension("step", length: 1)]))
        }
        let e = #expect(throws: NetCDFError.self) { _ = try ResultFile.read(from: path) }
        #expect(e?.variable == "t" && e?.description.contains("damaged.nc") == true, "\(String(describing: e))")
        let h = #expect(throws: NetCDFError.self) { _ = try withNetCDFFile(at: path) { try LossHistory.read(from: $0) } }
        #expect(h?.variable == "validation_error", "\(String(describing: h))")
    }
}

/// Problems with several outputs: every output's prediction, reference and error is kept.
@Suite struct MultiOutputSolutionTests {
    func outputs() -> [Solution] {
        let t = [0, 0.5, 1.0], x = [-1, 0, 0.5, 1.0]
        let layout = Solution.Layout.grid([.init("t", t), .init("x", x)])
        let u = t.flatMap { t in x.map { x in cos(t) * x } }, v = t.flatMap { t in x.map { x in sin(t) * x * x } }
        return [Solution(layout: layout, prediction: u.map { $0 + 0.01 }, reference: u, quantity: "u"),
                Solution(layout: layout, prediction: v.map { $0 - 0.02 }, reference: v, quantity: "v")]
    }

    @Test func everyOutputRoundTrips() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("two.nc")
        let written = outputs()
        try ResultFile(metadata: CFMetadata(title: "two outputs"), solutions: written).write(to: path)
        let back = try ResultFile.read(from: path)
        #expect(back.solutions == written)
        #expect(back.solution == written[0])
        try withNetCDFFile(at: path) { f in
            #expect(try f.textAttribute("quantities") == "u v")
            for name in ["prediction_u", "reference_u", "error_u", "prediction_v", "reference_v", "error_v"] {
                #expect(try f.hasVariable(name), "\(name) missing")
            }
            let plain = try f.hasVariable("prediction")
            #expect(!plain)
            // The error of v is |prediction - reference| = 0.02 everywhere.
            let e: [Double] = try f.read("error_v")
            #expect(e.allSatisfy { abs($0 - 0.02) < 1e-15 })
        }
    }

    @Test func oneOutputKeepsThePlainNames() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("one.nc")
        try ResultFile(metadata: CFMetadata(title: "one output"), solution: outputs()[1]).write(to: path)
        try withNetCDFFile(at: path) { f in
            let plain = try f.hasVariable("prediction"), suffixed = try f.hasVariable("prediction_v")
            #expect(plain && !suffixed)
            let quantity = try f.textAttribute("quantity"), list = try f.textAttribute("quantities")
            #expect(quantity == "v" && list == nil)
        }
        #expect(try ResultFile.read(from: path).solutions == [outputs()[1]])
    }
}
