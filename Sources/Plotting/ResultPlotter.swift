import Diagnostics
import Foundation
import NetCDF

/// Draws the pictures of a run from its NetCDF result file (`ResultFile`, plus `LineCut` for
/// high-dimensional problems): what `pinn-solve plot` and `pinn-solve run --plot` write.
///
///     let written = try ResultPlotter.plotAll(resultPath: "heat.nc", outputDirectory: "plots")
///     // ["plots/heat_loss.png", "plots/heat_fields.png"]
///
/// | plot | file | needs |
/// |---|---|---|
/// | loss history | `<stem>_loss.png` | `step`, `loss_<term>` (one or more); `validation_error` if present |
/// | error against time | `<stem>_error_time.png` (with the runs of `compare` overlaid) | `validation_error`, `wall_time` |
/// | (several outputs) | each solution plot once per output, `<stem>_fields_<name>.png`, ... | `prediction_<name>`, ... |
/// | heat maps (grid of rank >= 2) | `<stem>_fields.png` | `prediction`, `reference` and a coordinate variable per grid axis |
/// | velocity (outputs `u` and `v` on a grid whose last two axes are x and y) | `<stem>_velocity.png` | `prediction_u`, `prediction_v`, their references |
/// | solution (grid of rank 1) | `<stem>_solution.png` | the same |
/// | line (point set) | `<stem>_line.png` | `line_s`, `line_prediction`, `line_reference` |
/// | benchmark table (a problem with one, e.g. the cavity's centrelines) | `<stem>_benchmark_<name>.png` | `benchmark_<name>_s`, `_prediction`, `_table_s`, `_table_value` |
/// | error histogram (point set) | `<stem>_error_histogram.png` | `points`, `prediction`, `reference` (or `error`) |
///
/// The per-plot functions (`lossChart`, `fieldsFigure`, ...) take plain data and return a
/// chart value whose `write(to:)` renders it, for callers that hold the data in memory.
public enum ResultPlotter {
    /// Draws every plot the file's layout calls for into `outputDirectory` (default: the
    /// result file's directory, created if needed) and returns the paths written. Throws
    /// `PlotError.missingVariables` naming what is missing when the file lacks the loss history
    /// or the solution, or a variable either of them needs.
    ///
    /// `compare` names other runs' result files whose error-against-time curves are drawn in
    /// the same `<stem>_error_time.png` (each labelled with its file name), e.g. a run with the
    /// previous defaults.
    @discardableResult
    public static func plotAll(resultPath: String, outputDirectory: String? = nil, compare: [String] = []) throws -> [String] {
        let contents = try ResultContents(path: resultPath)
        let others = try compare.map { path in
            (label: ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
             history: try ResultContents(path: path).history)
        }
        let directory = outputDirectory ?? (resultPath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw PlotError.cannotWrite(path: directory, reason: "cannot create the directory (\(error.localizedDescription))")
            }
        }
        let stem = ((resultPath as NSString).lastPathComponent as NSString).deletingPathExtension
        func output(_ kind: String) -> String { (directory as NSString).appendingPathComponent("\(stem)_\(kind).png") }
        let title = contents.title.isEmpty ? stem : contents.title

        var written: [String] = []
        func write(_ kind: String, _ draw: (String) throws -> Void) rethrows {
            let path = output(kind)
            try draw(path)
            written.append(path)
        }
        try write("loss") { try lossChart(contents.history, title: title).write(to: $0) }
        for (k, solution) in contents.solutions.enumerated() {
            let suffix = contents.solutions.count == 1 ? "" : "_" + solution.quantity
            switch solution.layout {
            case .grid(let axes) where axes.count == 1:
                try write("solution" + suffix) { try solutionChart(solution, title: title).write(to: $0) }
            case .grid:
                try write("fields" + suffix) { try fieldsFigure(solution, title: title).write(to: $0) }
            case .points:
                // The line cut holds the first output only.
                if k == 0, let line = contents.line {
                    try write("line") { try lineChart(line, quantity: solution.quantity, title: title).write(to: $0) }
                }
                try write("error_histogram" + suffix) { try errorHistogram(solution, title: title).write(to: $0) }
            }
        }
        if let (u, v) = velocityComponents(contents.solutions) {
            try write("velocity") { try velocityFigure(u: u, v: v, title: title).write(to: $0) }
        }
        for cut in contents.benchmarks {
            try write("benchmark_" + cut.name) { try benchmarkChart(cut, title: title).write(to: $0) }
        }
        let runs = [(label: stem, history: contents.history)] + others
        if !compare.isEmpty || timedErrors(contents.history) != nil {
            try write("error_time") { try errorTimeChart(runs, title: title).write(to: $0) }
        }
        return written
    }

    /// Reads and checks everything `plotAll` reads from a result file, and draws nothing:
    /// what `pinn-solve` runs in a child process on an untrusted file first, since libhdf5 can
    /// crash on some damaged files (`plotAll` throws the same errors).
    public static func readAll(resultPath: String) throws {
        _ = try ResultContents(path: resultPath)
    }

    /// Each loss term over the steps, and the error against the reference where it was
    /// evaluated (dashed, with dots), on a log scale.
    public static func lossChart(_ history: LossHistory, title: String) -> LineChart {
        let steps = history.step.map(Double.init)
        let names = history.terms.keys.sorted { a, b in (a == "total") != (b == "total") ? a == "total" : a < b }
        var series = names.map { LineChart.Series("loss: \($0)", x: steps, y: history.terms[$0]!) }
        let evaluated = history.error.indices.filter { history.error[$0] != nil }
        if !evaluated.isEmpty {
            series.append(.init("error vs reference", x: evaluated.map { steps[$0] }, y: evaluated.map { history.error[$0]! },
                                color: .black, dashed: true, markers: evaluated.count <= 60))
        }
        return LineChart(title: "\(title): training history", xLabel: "optimiser step", yLabel: "loss, error",
                         yScale: .log, series: series)
    }

    /// The evaluated errors of a history against the wall-clock time since the start of
    /// training (nil when it has none, or its file recorded no times).
    static func timedErrors(_ history: LossHistory) -> (time: [Double], error: [Double])? {
        let evaluated = history.error.indices.filter { history.error[$0] != nil }
        guard !evaluated.isEmpty, history.wallTime.contains(where: { $0 > 0 }) else { return nil }
        return (evaluated.map { history.wallTime[$0] }, evaluated.map { history.error[$0]! })
    }

    /// The error against the reference over the wall-clock time of training, one curve per
    /// run (what a user waits for: the time each run needs to reach an accuracy), on a log
    /// scale of error. Runs without timed errors are left out of the picture; with none at all
    /// it throws `PlotError.unplottable`.
    public static func errorTimeChart(_ runs: [(label: String, history: LossHistory)], title: String) throws -> LineChart {
        let series = runs.compactMap { run in
            timedErrors(run.history).map { LineChart.Series(run.label, x: $0.time, y: $0.error, markers: $0.time.count <= 60) }
        }
        guard !series.isEmpty else {
            throw PlotError.unplottable(path: runs.map(\.label).joined(separator: ", "), plot: "error against time",
                                        reason: "no run recorded both validation_error and wall_time (run with --evaluate-every N)")
        }
        return LineChart(title: "\(title): error against time", xLabel: "wall-clock time of training (s)",
                         yLabel: "error vs reference", yScale: .log, series: series)
    }

    /// Heat maps of prediction, reference and |prediction - reference| for a grid of rank >= 2:
    /// the first axis of the last two runs to the right, the second upwards (so (t, x) puts t
    /// across and (x, y) x across). Leading axes of a grid of rank > 2 are taken at their last
    /// point (the final time). Prediction and reference share one colour range.
    public static func fieldsFigure(_ solution: Solution, title: String) throws -> HeatMapFigure {
        guard case .grid(let axes) = solution.layout, axes.count >= 2 else {
            fatalError("ResultPlotter.fieldsFigure: needs a grid of rank >= 2, got \(solution.layout.fieldShape)")
        }
        let reference = solution.reference ?? solution.prediction
        let error = solution.error ?? zip(solution.prediction, reference).map { abs($0 - $1) }
        let (x, y, slice, suffix) = lastPlane(axes)
        let p = slice(solution.prediction), r = slice(reference)
        let both = (p + r).filter(\.isFinite)
        let shared = both.isEmpty ? nil : (both.min()!...both.max()!)
        let q = solution.quantity
        return HeatMapFigure(title: "\(title): \(q)\(suffix)", x: x, y: y, panels: [
            .init(title: "prediction", values: p, range: shared?.upperBound == shared?.lowerBound ? nil : shared),
            .init(title: "reference", values: r, range: shared?.upperBound == shared?.lowerBound ? nil : shared),
            .init(title: "|prediction - reference|", values: slice(error)),
        ])
    }

    /// The plane of a grid of rank >= 2 that its pictures show: the last two axes, the leading
    /// ones at their last point (the final time). Gives the two axes, the slice of a field on
    /// the grid to that plane, and the title's " at t = 1" (empty for rank 2).
    static func lastPlane(_ axes: [Solution.Axis]) -> (x: Solution.Axis, y: Solution.Axis,
                                                         slice: ([Double]) -> [Double], suffix: String) {
        let x = axes[axes.count - 2], y = axes[axes.count - 1]
        let plane = x.values.count * y.values.count
        let offset = (axes.dropLast(2).map(\.values.count).reduce(1, *) - 1) * plane
        let fixed = axes.dropLast(2).map { "\($0.name) = \(Ticks.label($0.values.last!))" }
        return (x, y, { Array($0[offset..<offset + plane]) }, fixed.isEmpty ? "" : " at " + fixed.joined(separator: ", "))
    }

    /// The outputs named u and v when they share a grid whose last two axes are named x and
    /// y (the plane a velocity lives in), else nil.
    static func velocityComponents(_ solutions: [Solution]) -> (u: Solution, v: Solution)? {
        guard let u = solutions.first(where: { $0.quantity == "u" }), let v = solutions.first(where: { $0.quantity == "v" }),
              u.layout == v.layout, case .grid(let axes) = u.layout, axes.count >= 2,
              axes[axes.count - 2].name == "x", axes[axes.count - 1].name == "y" else { return nil }
        return (u, v)
    }

    /// The velocity (u, v) as arrows over its speed |(u, v)|: prediction and reference (one
    /// colour range and one arrow scale), and the magnitude of the vector error
    /// |(u, v) - (u, v)_reference|. On a grid of rank > 2 the leading axes are taken at their
    /// last point, as in `fieldsFigure`.
    public static func velocityFigure(u: Solution, v: Solution, title: String) throws -> HeatMapFigure {
        guard u.layout == v.layout, case .grid(let axes) = u.layout, axes.count >= 2 else {
            fatalError("ResultPlotter.velocityFigure: needs u and v on one grid of rank >= 2")
        }
        let (x, y, slice, suffix) = lastPlane(axes)
        let pu = slice(u.prediction), pv = slice(v.prediction)
        let ru = slice(u.reference ?? u.prediction), rv = slice(v.reference ?? v.prediction)
        func speed(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { ($0 * $0 + $1 * $1).squareRoot() } }
        let predicted = speed(pu, pv), reference = speed(ru, rv)
        let error = speed(zip(pu, ru).map { $0 - $1 }, zip(pv, rv).map { $0 - $1 })
        let both = (predicted + reference).filter(\.isFinite)
        let range = both.isEmpty || both.min()! == both.max()! ? nil : both.min()!...both.max()!
        let largest = both.max() ?? 0
        return HeatMapFigure(title: "\(title): velocity (u, v)\(suffix)", x: x, y: y, panels: [
            .init(title: "prediction: speed and direction", values: predicted, range: range,
                  arrows: .init(u: pu, v: pv, maxMagnitude: largest)),
            .init(title: "reference: speed and direction", values: reference, range: range,
                  arrows: .init(u: ru, v: rv, maxMagnitude: largest)),
            .init(title: "|velocity error|", values: error),
        ])
    }

    /// Prediction (solid) against reference (dashed) on a grid of rank 1.
    public static func solutionChart(_ solution: Solution, title: String) -> LineChart {
        guard case .grid(let axes) = solution.layout, axes.count == 1 else {
            fatalError("ResultPlotter.solutionChart: needs a grid of rank 1, got \(solution.layout.fieldShape)")
        }
        var series = [LineChart.Series("prediction", x: axes[0].values, y: solution.prediction)]
        if let r = solution.reference { series.append(.init("reference", x: axes[0].values, y: r, color: .black, dashed: true)) }
        return LineChart(title: "\(title): \(solution.quantity)", xLabel: HeatMapFigure.label(axes[0]),
                         yLabel: solution.quantity, series: series)
    }

    /// u along the line through the reported point: prediction (solid) against reference (dashed).
    public static func lineChart(_ cut: LineCut, quantity: String = "u", title: String) -> LineChart {
        LineChart(title: "\(title): \(quantity) along a line through the reported point",
                  xLabel: cut.units.map { "\(cut.label) (\($0))" } ?? cut.label, yLabel: quantity,
                  series: [.init("prediction", x: cut.s, y: cut.prediction),
                           .init("reference", x: cut.s, y: cut.reference, color: .black, dashed: true)])
    }

    /// The network along a line (solid) against a published table on it (dots), titled with
    /// the largest deviation at the table's points.
    public static func benchmarkChart(_ cut: BenchmarkCut, title: String) -> LineChart {
        let deviation = cut.maxDeviation
        let order = cut.tableS.indices.sorted { cut.tableS[$0] < cut.tableS[$1] }
        return LineChart(title: "\(title): \(cut.quantity) along \(cut.label)"
                            + (deviation.map { String(format: " (largest deviation %.2e)", $0) } ?? ""),
                         xLabel: cut.label, yLabel: cut.quantity,
                         series: [.init("prediction", x: cut.s, y: cut.prediction),
                                  .init(cut.source, x: order.map { cut.tableS[$0] }, y: order.map { cut.tableValues[$0] },
                                        color: .black, dashed: true, markers: true)])
    }

    /// The distribution of the pointwise error |prediction - reference| on the test points.
    public static func errorHistogram(_ solution: Solution, title: String) -> HistogramChart {
        let error = solution.error ?? solution.reference.map { zip(solution.prediction, $0).map { abs($0 - $1) } } ?? []
        return HistogramChart(title: "\(title): pointwise error on the test points",
                              xLabel: "|prediction - reference| of \(solution.quantity)", values: error)
    }
}
