import Diagnostics
import Foundation
import NetCDF

/// What the plots read from a result file, checked for completeness first so that a missing
/// variable is reported by name with the variables the file does have.
struct ResultContents {
    var title: String
    var history: LossHistory
    /// One per output (several for a problem with several outputs), on one layout.
    var solutions: [Solution]
    var line: LineCut?
    /// Benchmark tables along lines, with the network along each (`BenchmarkCut`).
    var benchmarks: [BenchmarkCut] = []

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PlotError.cannotRead(path: path, reason: "no such file. Fix: check the path of the result file")
        }
        (title, history, solutions, line, benchmarks) = try withNetCDFFile(at: path) { file in
            let names = try file.variables().map(\.name)
            let has = Set(names)
            func missing(_ required: [String], plot: String) throws {
                let absent = required.filter { !has.contains($0) }
                if !absent.isEmpty {
                    throw PlotError.missingVariables(path: path, plot: plot, missing: absent, present: names)
                }
            }
            // Loss history.
            let lossNames = names.filter { $0.hasPrefix("loss_") }
            try missing(["step"] + (lossNames.isEmpty ? ["loss_<term>"] : []), plot: "loss history")
            let history = try ResultContents.readHistory(file, lossNames: lossNames, path: path)

            // A run that gives u at one point only (a problem whose reference is one value, or
            // the Deep BSDE method) writes no solution: its history is all there is to draw.
            if !names.contains(where: { $0.hasPrefix("prediction") }), try file.hasAttribute("setting_point_value") {
                let benchmarks = try BenchmarkCut.names(in: names).map { try BenchmarkCut.read(name: $0, from: file) }
                return (try file.globalMetadata().title, history, [], nil, benchmarks)
            }
            // Solution: one per output.
            let outputs = try Solution.outputs(in: file)
            for (_, suffix) in outputs {
                try missing(["prediction" + suffix] + (has.contains("error" + suffix) ? [] : ["reference" + suffix]), plot: "solution")
                if !has.contains("points") {
                    let axes = try file.variable("prediction" + suffix).dimensions.map(\.name)
                    try missing(axes, plot: "solution heat maps (a coordinate variable for each grid axis)")
                }
            }
            let solutions = try Solution.readAll(from: file)
            let solution = solutions[0]
            try ResultContents.checkLayout(solution.layout, path: path)
            var line: LineCut? = nil
            // The line through the reported point needs a reference along the line, which only
            // problems with an exact solution can give: without it, that picture is skipped.
            if case .points = solution.layout, try LineCut.variableNames.allSatisfy({ try file.hasVariable($0) }) {
                line = try LineCut.read(from: file)
            }
            let benchmarks = try BenchmarkCut.names(in: names).map { try BenchmarkCut.read(name: $0, from: file) }
            return (try file.globalMetadata().title, history, solutions, line, benchmarks)
        }
    }

    /// A layout that can be drawn: at least one point, finite coordinates within +-1e300.
    static func checkLayout(_ layout: Solution.Layout, path: String) throws {
        func fail(_ reason: String) -> PlotError { .unplottable(path: path, plot: "solution", reason: reason) }
        switch layout {
        case .grid(let axes):
            for a in axes {
                if a.values.isEmpty { throw fail("the axis \(a.name) has no points") }
                if a.values.contains(where: { !$0.isFinite || Swift.abs($0) > 1e300 }) {
                    throw fail("the axis \(a.name) has coordinates that are not finite or beyond +-1e300")
                }
            }
        case .points(let p, let d, _):
            if p.isEmpty || d < 1 { throw fail("the point set is empty") }
            if p.contains(where: { !$0.isFinite || Swift.abs($0) > 1e300 }) {
                throw fail("the points have coordinates that are not finite or beyond +-1e300")
            }
        }
    }

    /// The loss terms and, where present, the validation error and the wall-clock times.
    static func readHistory(_ file: NetCDFFile, lossNames: [String], path: String) throws -> LossHistory {
        let step = try file.readField("step").values
        var terms: [String: [Double]] = [:]
        for name in lossNames {
            let field = try file.readField(name)
            guard field.values.count == step.count else {
                throw PlotError.unplottable(path: path, plot: "loss history",
                                            reason: "\(name) has \(field.values.count) values where step has \(step.count)")
            }
            terms[field.attribute("term")?.text ?? String(name.dropFirst(5))] = field.values
        }
        var error = [Double?](repeating: nil, count: step.count)
        if try file.hasVariable("validation_error") {
            let e = try file.readField("validation_error").values
            if e.count == step.count { error = e.map { $0.isNaN ? nil : $0 } }
        }
        // Wall-clock times, for the error-against-time picture (zeros when absent or unusable).
        var wallTime = [Double](repeating: 0, count: step.count)
        if try file.hasVariable("wall_time") {
            let w = try file.readField("wall_time").values
            if w.count == step.count, w.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1e12 }) { wallTime = w }
        }
        // Steps are whole numbers a run can reach; anything else is not a result file's history.
        if let bad = step.first(where: { !($0.isFinite && $0 == $0.rounded() && Swift.abs($0) <= 9e15) }) {
            throw PlotError.unplottable(path: path, plot: "loss history", reason: "step holds \(bad), not a whole number of steps")
        }
        guard !step.isEmpty else {
            throw PlotError.unplottable(path: path, plot: "loss history", reason: "the history is empty (no steps)")
        }
        return LossHistory(step: step.map { Int($0) }, terms: terms, error: error, wallTime: wallTime)
    }
}
