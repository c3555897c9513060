import Foundation
import NetCDF
import Plotting
import SyntheticResults
import Testing
import TestSupport

/// A result file without what a plot needs gives an error that names what is missing.
@Suite struct MissingVariableTests {
    /// Runs `plotAll` on `result` and returns the error's text, failing when there is none.
    func plotError(_ write: (String) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("broken.nc")
        try write(path)
        do {
            let written = try ResultPlotter.plotAll(resultPath: path)
            Issue.record("plotAll succeeded on an incomplete file and wrote \(written)", sourceLocation: sourceLocation)
            return ""
        } catch let error as PlotError {
            return error.description
        }
    }

    @Test func noSolutionNamesPrediction() throws {
        let text = try plotError { try ResultFile(metadata: CFMetadata(title: "x"), history: SyntheticResults.history()).write(to: $0) }
        #expect(text.contains("missing variables \"prediction\", \"reference\""), "\(text)")
        #expect(text.contains("solution") && text.contains("loss_residual"), "the message lists what the file has: \(text)")
    }

    /// A run that gives u at one point only (allen-cahn-100d, semilinear-heat, `--method bsde`)
    /// writes its point value and no solution: its history is drawn, and nothing else.
    @Test func pointOnlyRunDrawsItsHistory() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("point.nc")
        try ResultFile(metadata: CFMetadata(title: "x"), history: SyntheticResults.history(steps: 20, every: 10, errorEvery: 10),
                       settings: ["point_value": .double(0.05), "point_reference": .double(0.0528)]).write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path).map { ($0 as NSString).lastPathComponent }
        #expect(written.sorted() == ["point_error_time.png", "point_loss.png"], "\(written)")
    }

    @Test func noHistoryNamesStepAndLossTerms() throws {
        let text = try plotError { path in
            var result = SyntheticResults.heat1D()
            result.history = nil
            try result.write(to: path)
        }
        #expect(text.contains("loss history") && text.contains("\"step\"") && text.contains("\"loss_<term>\""), "\(text)")
    }

    @Test func noReferenceNamesReference() throws {
        let text = try plotError { path in
            var result = SyntheticResults.heat1D()
            result.solution = Solution(layout: result.solution!.layout, prediction: result.solution!.prediction)
            try result.write(to: path)
        }
        #expect(text.contains("missing variable \"reference\""), "\(text)")
    }

    /// A point set without the line variables (a problem with only a Monte Carlo or published
    /// reference) gets the loss and the error histogram, and no line picture.
    @Test func pointSetWithoutLineSkipsTheLinePicture() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hd.nc").path
        try SyntheticResults.highDimensional().0.write(to: path)
        let written = try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir.path).map { ($0 as NSString).lastPathComponent }
        #expect(written.sorted() == ["hd_error_histogram.png", "hd_error_time.png", "hd_loss.png"], "\(written)")
    }

    @Test func gridWithoutCoordinateNamesTheAxis() throws {
        let text = try plotError { path in
            try withNetCDFFile(creating: path) { f in
                try SyntheticResults.history(steps: 20, every: 10, errorEvery: 10).write(into: f)
                let x = try f.defineDimension("x", length: 3), y = try f.defineDimension("y", length: 2)
                for name in ["prediction", "reference"] {
                    let v = try f.defineVariable(name, Double.self, dimensions: [x, y])
                    try f.write([1, 2, 3, 4, 5, 6] as [Double], to: v)
                }
            }
        }
        #expect(text.contains("missing variables \"x\", \"y\"") && text.contains("coordinate variable"), "\(text)")
    }

    @Test func missingFileAndNonPNG() throws {
        #expect(throws: PlotError.self) { try ResultPlotter.plotAll(resultPath: "/nonexistent/run.nc") }
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("fake.png")
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try PNGImage(contentsOf: path)
            Issue.record("a text file read as PNG")
        } catch let error as PlotError {
            #expect(error.description.contains("not a PNG file"), "\(error)")
        }
    }
}
