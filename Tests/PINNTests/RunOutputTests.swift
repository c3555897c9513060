import Foundation
import Testing
import TestSupport
@testable import PINN
import Problems

/// What a run writes and reports: every output component in the result file (and in the
/// pictures), and a final-loss line whose total and terms come from one evaluation.
@Suite struct RunOutputTests {
    static func directory() throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("run-output-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// schrodinger-1d has outputs u = Re h and v = Im h: the file keeps both, each equal to the
    /// solver's own prediction and to the spectral reference on the reference grid.
    @Test func schrodingerResultFileKeepsBothComponents() throws {
        let p = try Schrodinger1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.width = 8; s.depth = 2; s.batch = 64; s.conditionBatch = 16
        s.phases = [.init(.adam, 3)]; s.evaluateEvery = 0
        let solver = try Solver(problem: p, settings: s)
        var options = RunOptions()
        options.progress = .silent
        let result = try solver.train(options)
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("schrodinger.nc")
        try ResultWriter.write(solver: solver, result: result, settings: s, to: path)

        let file = try ResultFile.read(from: path)
        #expect(file.solutions.map(\.quantity) == ["u", "v"])
        let (pred, ref) = try #require(try solver.predictionOnReference())
        for (k, sol) in file.solutions.enumerated() {
            #expect(sol.prediction == pred.column(k).scalars, "output \(sol.quantity): prediction differs from the solver's")
            #expect(sol.reference == ref.values[k], "output \(sol.quantity): reference differs from the spectral solution")
            #expect(sol.layout == ref.layout)
        }
        // The two components are different fields (v is not a copy of u).
        #expect(file.solutions[0].reference != file.solutions[1].reference)

        // `plot` draws each component.
        let written = try ResultPlotter.plotAll(resultPath: path, outputDirectory: dir)
        let names = written.map { ($0 as NSString).lastPathComponent }
        #expect(names.contains("schrodinger_fields_u.png") && names.contains("schrodinger_fields_v.png"), "wrote \(names)")
    }

    /// The report's total loss and its terms come from the same evaluation at the final
    /// parameters: for a one-term loss they are equal, in general the total is their weighted sum.
    @Test(arguments: ["poisson-1d", "heat-nd"]) func finalLossAndItsTermsAgree(_ name: String) throws {
        let p = try bundledProblems.named(name).make(Double.self, options: ProblemOptions(dimension: name == "heat-nd" ? 2 : nil))
        var s = p.defaults
        s.width = 8; s.depth = 2; s.batch = 32; s.conditionBatch = 16; s.phases = [.init(.adam, 5)]; s.evaluateEvery = 0
        s.precision = .f64
        var options = RunOptions()
        options.progress = .silent
        let r = try Solver(problem: p, settings: s).train(options)
        let loss = try #require(r.finalLoss)
        let terms = try #require(r.finalTerms)
        #expect(terms.count == r.termNames.count && terms.count == (name == "heat-nd" ? 2 : 1))
        if terms.count == 1 { #expect(loss == terms[0]) }
        // The terms are weighted into the total: with unit weights, their sum.
        let weights = r.termNames.map { name in p.conditions.first { $0.name == name }?.weight ?? 1 }
        expectClose(zip(weights, terms).map { $0 * $1 }.reduce(0, +), loss, relative: 1e-12)
        // The history's last record predates the last step, so it is not what is reported.
        let text = RunReportText.make(r, problem: p, settings: s)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("final loss:") })
        for (name, v) in zip(r.termNames, terms) { #expect(line.contains("\(name)=\(String(format: "%.3e", v))"), "\(line)") }
        #expect(line.contains(String(format: "%.3e", loss)))
    }
}
