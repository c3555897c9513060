import Autodiff
import Foundation
import NetCDF
import Networks
import Optimization
import Plotting

/// The final report of a run, as text.
public enum RunReportText {
    /// A Deep BSDE run (`r.method == "bsde"`) leaves out the PINN's points and documented error.
    public static func make<S: TensorScalar>(_ r: RunResult, problem: Problem<S>, settings: Settings) -> String {
        let pinn = r.method == "pinn"
        func sci(_ v: Double?) -> String { v.map { String(format: "%.3e", $0) } ?? "n/a" }
        var lines = ["", "problem:         \(r.problem)", "status:          \(r.status)",
                     String(format: "steps:           %d in %.1f s (%.1f steps/s)", r.steps, r.wallSeconds, r.stepsPerSecond)]
            + (pinn ? ["points:          \(settings.pointsDescription)"] : [])
            + (pinn && settings.windows > 1 ? ["windows:         \(settings.windows) in time, one after the other, each with every phase"] : [])
        if let loss = r.finalLoss {
            // The total and its terms come from one evaluation at the final parameters.
            let terms = zip(r.termNames, r.finalTerms ?? []).map { "\($0)=\(sci($1))" }.joined(separator: "  ")
            lines.append("final loss:      \(sci(loss))" + (terms.isEmpty ? "" : "  (\(terms))"))
        } else if !r.history.isEmpty {
            lines.append("final loss:      n/a (not finite at the final parameters)")
        }
        if let e = r.relativeL2Error { lines.append("relative L2:     \(sci(e))  against \(problem.reference.summary)") }
        if problem.outputCount > 1 {
            // One line per output, in output order (the line above is over all of them).
            for name in problem.outputNames {
                if let e = r.relativeL2ErrorPerOutput[name] {
                    lines.append("  \(name):".padding(toLength: 17, withPad: " ", startingAt: 0) + sci(e))
                }
            }
        }
        if let v = r.pointValue, let ref = problem.reference.point {
            lines.append(String(format: "u at point:      %.6f  reference %.6f (%@)  relative error %@",
                                v, ref.value, ref.source, sci(r.pointRelativeError)))
        }
        for b in problem.reference.benchmarks {
            if let d = r.benchmarkDeviations[b.name] {
                lines.append("benchmark:       \(b.name): largest |\(problem.outputNames[b.output]) - table| \(sci(d)) at \(b.coordinates.count) points (\(b.source))")
            }
        }
        func valueLine(_ label: String, _ v: Double, truth: Double?) -> String {
            String(format: "%@  %.6g", label, v)
                + (truth.map { String(format: "  (true %.6g, relative error %.2e)", $0, Swift.abs(v - $0) / Swift.abs($0)) } ?? "")
        }
        for u in problem.unknowns {
            let v = r.unknowns[u.name] ?? .nan
            lines.append(valueLine("unknown \(u.name):", v, truth: u.truth))
            if let d = u.derived {
                lines.append(valueLine("  \(d.name) = ", r.unknowns[d.name] ?? .nan, truth: u.truth.map(d.value)))
            }
        }
        if pinn { lines.append("expected:        \(problem.expectedError) with the default settings") }
        return lines.joined(separator: "\n")
    }
}

/// The JSON summary of a run (`pinn-solve run --summary FILE.json`).
public struct RunSummary: Codable, Sendable {
    public var problem: String
    public var status: String
    public var steps: Int
    public var wall_seconds: Double
    public var steps_per_second: Double
    public var final_loss: Double?
    public var relative_l2_error: Double?
    /// The relative L2 error of each output on its own, by output name ({} without a reference).
    public var relative_l2_error_per_output: [String: Double]
    public var point_value: Double?
    public var point_reference: Double?
    public var point_relative_error: Double?
    public var unknowns: [String: Double]
    /// The largest |network - table| of each benchmark table of the problem, by name ({} without).
    public var benchmark_max_deviation: [String: Double] = [:]
    /// "pinn" or "bsde" (the Deep BSDE method).
    public var method = "pinn"
    /// The run's settings, written as `settings` with the config-file keys (snake_case), so a
    /// summary says how it was run (sampler, adaptive rule, ...).
    public var settings: Settings? = nil

    enum CodingKeys: String, CodingKey {
        case problem, status, steps, wall_seconds, steps_per_second, final_loss, relative_l2_error,
             relative_l2_error_per_output, point_value, point_reference, point_relative_error, unknowns, method,
             benchmark_max_deviation
    }

    public init(_ r: RunResult, settings: Settings? = nil) {
        self.settings = settings
        // JSON has no NaN or infinity: a non-finite value is written as null.
        func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }
        problem = r.problem; status = "\(r.status)"; steps = r.steps; wall_seconds = r.wallSeconds
        steps_per_second = r.stepsPerSecond; final_loss = finite(r.finalLoss)
        relative_l2_error = finite(r.relativeL2Error)
        relative_l2_error_per_output = r.relativeL2ErrorPerOutput.filter { $0.value.isFinite }
        point_value = finite(r.pointValue)
        point_reference = finite(r.pointReference); point_relative_error = finite(r.pointRelativeError)
        unknowns = r.unknowns.filter { $0.value.isFinite }
        benchmark_max_deviation = r.benchmarkDeviations.filter { $0.value.isFinite }
        method = r.method
    }

    /// The summary of a run stopped before its first step: `status`, no steps, no values.
    public init(problem: String, status: String) {
        self.problem = problem; self.status = status; steps = 0; wall_seconds = 0; steps_per_second = 0
        relative_l2_error_per_output = [:]; unknowns = [:]
    }

    /// Writes the JSON (`encoded()`) atomically.
    public func write(to path: String) throws { try AtomicFile.write(encoded(), to: path) }

    /// The JSON (keys sorted; absent values as null).
    public func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(self)
        // Optional keys are written as null rather than left out, so scripts can rely on them.
        var obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for k in ["final_loss", "relative_l2_error", "point_value", "point_reference", "point_relative_error"] where obj[k] == nil {
            obj[k] = NSNull()
        }
        if let settings {
            let enc = JSONEncoder()
            enc.keyEncodingStrategy = .convertToSnakeCase
            obj["settings"] = try JSONSerialization.jsonObject(with: enc.encode(settings))
        }
        return try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
    }
}

/// Writes a run's NetCDF result file (see Docs/netcdf.md for the layout).
public enum ResultWriter {
    public static func write<S: TensorScalar>(solver: Solver<S>, result: RunResult, settings: Settings, to path: String) throws {
        let p = solver.problem
        var solutions: [Solution] = []
        if let (pred, ref) = try solver.predictionOnReference() {
            // Every output component (prediction_<name>, ... when there are several; Docs/netcdf.md).
            solutions = p.outputNames.indices.map { k in
                Solution(layout: ref.layout, prediction: pred.column(k).scalars,
                         reference: k < ref.values.count ? ref.values[k] : nil, quantity: p.outputNames[k])
            }
        }
        var history = LossHistory()
        for r in result.history {
            history.append(step: r.step, terms: Dictionary(uniqueKeysWithValues: zip(result.termNames, r.terms)),
                           error: r.error, wallTime: r.wallTime)
        }
        // Every time window's parameters (window_<k>_param_<i>) when the run marched in time.
        let sets = solver.windowParameters
        let params = sets.enumerated().flatMap { k, set in
            set.enumerated().map { NamedTensor(name: sets.count == 1 ? "param_\($0.offset)" : "window_\(k)_param_\($0.offset)", $0.element) }
        }
        // The settings as `Settings.table` records them, then the run's own values.
        var s = settings.resultAttributes
        s["problem"] = .text(p.name)
        s["steps"] = .int(result.steps); s["wall_seconds"] = .double(result.wallSeconds); s["status"] = .text("\(result.status)")
        if let e = result.relativeL2Error { s["relative_l2_error"] = .double(e) }
        if p.outputCount > 1 {
            for (k, e) in result.relativeL2ErrorPerOutput { s["relative_l2_error_\(k)"] = .double(e) }
        }
        if let v = result.pointValue { s["point_value"] = .double(v) }
        if let v = result.pointReference { s["point_reference"] = .double(v) }
        for (k, v) in result.unknowns { s["unknown_\(k)"] = .double(v) }
        for (k, v) in result.benchmarkDeviations { s["benchmark_deviation_\(k)"] = .double(v) }
        let file = ResultFile(metadata: CFMetadata(title: "pinn-solve \(p.name)", source: "pinn-solve: \(p.summary)",
                                                   history: "created by pinn-solve run \(p.name)"),
                              solutions: solutions, history: history, parameters: params, settings: s)
        try file.write(to: path)
        let line = lineCut(solver)
        if line != nil || !result.benchmarks.isEmpty {
            try withNetCDFFile(at: path, mode: .append) { file in
                try line?.write(into: file)
                for cut in result.benchmarks { try cut.write(into: file) }
            }
        }
    }

    /// u along the first space coordinate through the reported point, s in [-1, 1], for
    /// problems with a point reference and an exact solution (the high-dimensional ones).
    static func lineCut<S: TensorScalar>(_ solver: Solver<S>) -> LineCut? {
        let p = solver.problem
        guard let point = p.reference.point?.point, let exact = p.reference.exact,
              let axis = (0..<p.inputDimension).first(where: { $0 != p.timeIndex }) else { return nil }
        let D = p.inputDimension, n = 201
        let s = (0..<n).map { -1 + 2 * Double($0) / Double(n - 1) }
        var pts = [Double]()
        for v in s { var x = point; x[axis] += v; pts += x }
        let x = Tensor<Double>(shape: [n, D], scalars: pts)
        var direction = [Double](repeating: 0, count: D)
        direction[axis] = 1
        return LineCut(s: s, prediction: solver.predict(x).column(0).scalars, reference: exact(x).column(0).scalars,
                       point: point, direction: direction,
                       label: "\(p.inputNames[axis]) - \(p.inputNames[axis])0 (other inputs at the reported point)")
    }
}
