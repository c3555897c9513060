import Diagnostics
import NetCDF

/// One output along a straight line of the domain against published values on that line (a
/// benchmark table, e.g. Ghia, Ghia & Shin's cavity centrelines): the network's prediction at
/// `s` (densely, drawn as a line) and the table's `tableS`, `tableValues` (drawn as markers).
///
/// On disk, in the result file's root group, for a cut named NAME (a valid NetCDF name):
///
///     dimension  benchmark_NAME_line = m, benchmark_NAME_table = k
///     double benchmark_NAME_s(benchmark_NAME_line)            the line's coordinate; long_name the
///                                                              axis label (e.g. "y at x = 0.5"),
///                                                              quantity (e.g. "u"), source
///     double benchmark_NAME_prediction(benchmark_NAME_line)   the network along the line
///     double benchmark_NAME_table_s(benchmark_NAME_table)     the table's coordinates
///     double benchmark_NAME_table_value(benchmark_NAME_table) the table's values
///     double benchmark_NAME_table_prediction(benchmark_NAME_table)  the network at the table's
///                                                              points (optional)
///
/// Written after `ResultFile.write(to:)`, like `LineCut`.
public struct BenchmarkCut: Sendable, Hashable {
    public var name: String
    public var quantity: String
    /// The label of the line's coordinate, e.g. "y at x = 0.5".
    public var label: String
    /// Where the table comes from, e.g. "Ghia, Ghia & Shin 1982, Table I".
    public var source: String
    public var s: [Double]
    public var prediction: [Double]
    public var tableS: [Double]
    public var tableValues: [Double]
    /// The network at the table's points, when known (else the line is interpolated there).
    public var tablePrediction: [Double]?

    public init(name: String, quantity: String, label: String, source: String, s: [Double], prediction: [Double],
                tableS: [Double], tableValues: [Double], tablePrediction: [Double]? = nil) {
        require(s.count == prediction.count && !s.isEmpty, "BenchmarkCut \(name): \(s.count) coordinates, \(prediction.count) predictions")
        require(tableS.count == tableValues.count && !tableS.isEmpty,
                "BenchmarkCut \(name): \(tableS.count) table coordinates, \(tableValues.count) values")
        self.name = name; self.quantity = quantity; self.label = label; self.source = source
        require(tablePrediction.map { $0.count == tableS.count } ?? true,
                "BenchmarkCut \(name): \(tablePrediction?.count ?? 0) predictions at \(tableS.count) table points")
        self.s = s; self.prediction = prediction; self.tableS = tableS; self.tableValues = tableValues
        self.tablePrediction = tablePrediction
    }

    /// The largest |network - table| at the table's points: from `tablePrediction` when known,
    /// else from the line interpolated linearly.
    public var maxDeviation: Double? {
        if let t = tablePrediction { return zip(t, tableValues).map { abs($0 - $1) }.max() }
        return BenchmarkCut.maxDeviation(s: s, prediction: prediction, at: tableS, values: tableValues)
    }

    static let prefix = "benchmark_", suffix = "_table_value"

    /// The names of the cuts a file holds (from its variables named benchmark_NAME_table_value).
    static func names(in variables: [String]) -> [String] {
        variables.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) && $0.count > prefix.count + suffix.count }
            .map { String($0.dropFirst(prefix.count).dropLast(suffix.count)) }.sorted()
    }

    /// The largest |prediction - table value| at the table's points, where the prediction is
    /// interpolated linearly along the line (nil for an empty table).
    public static func maxDeviation(s: [Double], prediction: [Double], at tableS: [Double], values: [Double]) -> Double? {
        zip(tableS, values).map { t, v in abs(interpolate(s, prediction, at: t) - v) }.max()
    }

    static func interpolate(_ s: [Double], _ y: [Double], at t: Double) -> Double {
        guard s.count > 1 else { return y.first ?? .nan }
        var i = 0
        while i < s.count - 2 && s[i + 1] < t { i += 1 }
        let w = (t - s[i]) / (s[i + 1] - s[i])
        return y[i] + w * (y[i + 1] - y[i])
    }

    public func write(into group: some NetCDFContainer) throws {
        let p = BenchmarkCut.prefix + name
        let line = try group.defineDimension(p + "_line", length: s.count)
        let table = try group.defineDimension(p + "_table", length: tableS.count)
        let sVar = try group.defineVariable(p + "_s", Double.self, dimensions: [line])
        try group.putCFAttributes(on: sVar, longName: label)
        try group.putAttribute("quantity", .text(quantity), on: sVar)
        try group.putAttribute("source", .text(source), on: sVar)
        let pred = try group.defineVariable(p + "_prediction", Double.self, dimensions: [line])
        try group.putCFAttributes(on: pred, longName: "network prediction of \(quantity) along the line of the benchmark")
        try group.putAttribute("coordinates", .text(p + "_s"), on: pred)
        let ts = try group.defineVariable(p + "_table_s", Double.self, dimensions: [table])
        try group.putCFAttributes(on: ts, longName: label)
        let tv = try group.defineVariable(p + BenchmarkCut.suffix, Double.self, dimensions: [table])
        try group.putCFAttributes(on: tv, longName: "\(quantity) from \(source)")
        try group.putAttribute("coordinates", .text(p + "_table_s"), on: tv)
        try group.write(s, to: sVar)
        try group.write(prediction, to: pred)
        try group.write(tableS, to: ts)
        try group.write(tableValues, to: tv)
        if let tablePrediction {
            let tp = try group.defineVariable(p + "_table_prediction", Double.self, dimensions: [table])
            try group.putCFAttributes(on: tp, longName: "network prediction of \(quantity) at the table's points")
            try group.putAttribute("coordinates", .text(p + "_table_s"), on: tp)
            try group.write(tablePrediction, to: tp)
        }
    }

    /// Reads the cut `name` written by `write(into:)`; its four variables must be present, of
    /// matching lengths, with finite coordinates.
    public static func read(name: String, from group: some NetCDFContainer) throws -> BenchmarkCut {
        let p = prefix + name
        let s = try group.readField(p + "_s"), pred = try group.readField(p + "_prediction")
        let ts = try group.readField(p + "_table_s"), tv = try group.readField(p + suffix)
        func fail(_ reason: String) -> PlotError { .unplottable(path: group.file.path, plot: "benchmark \(name)", reason: reason) }
        guard !s.values.isEmpty, pred.values.count == s.values.count else {
            throw fail("\(p)_s has \(s.values.count) values, \(p)_prediction \(pred.values.count); they must match and not be empty")
        }
        guard !ts.values.isEmpty, tv.values.count == ts.values.count else {
            throw fail("\(p)_table_s has \(ts.values.count) values, \(p)\(suffix) \(tv.values.count); they must match and not be empty")
        }
        let tp = try group.hasVariable(p + "_table_prediction") ? try group.readField(p + "_table_prediction").values : nil
        if let tp, tp.count != ts.values.count {
            throw fail("\(p)_table_prediction has \(tp.count) values for \(ts.values.count) table points")
        }
        guard (s.values + ts.values).allSatisfy({ $0.isFinite && abs($0) <= 1e300 }) else {
            throw fail("the coordinates must be finite and within +-1e300")
        }
        return BenchmarkCut(name: name, quantity: s.attribute("quantity")?.text ?? "u", label: s.longName ?? "s",
                            source: s.attribute("source")?.text ?? "benchmark", s: s.values, prediction: pred.values,
                            tableS: ts.values, tableValues: tv.values, tablePrediction: tp)
    }
}
