import Autodiff

/// The training record: one row per logged step, with each loss term, the error against the
/// reference (when it was evaluated) and the wall time.
///
/// On disk: an unlimited dimension `step` with the CF coordinate variable `int64 step(step)`,
/// `double loss_<term>(step)` for each term (attribute `term` holds the original name),
/// `double validation_error(step)` (missing values are the `_FillValue` NaN) and
/// `double wall_time(step)` in seconds since the start of training.
public struct LossHistory: Sendable, Hashable {
    /// The optimiser step of each row.
    public var step: [Int]
    /// Each loss term by name (e.g. "residual", "boundary", "total"), one value per row.
    public var terms: [String: [Double]]
    /// The error against the reference, or nil for rows where it was not evaluated.
    public var error: [Double?]
    /// Seconds since the start of training.
    public var wallTime: [Double]

    /// The number of rows.
    public var count: Int { step.count }

    public init(step: [Int] = [], terms: [String: [Double]] = [:], error: [Double?] = [], wallTime: [Double] = []) {
        let n = step.count
        require(terms.values.allSatisfy { $0.count == n } && error.count == n && wallTime.count == n,
                     "LossHistory: columns of different lengths: step \(n), error \(error.count), wall time \(wallTime.count), "
                        + "terms \(terms.mapValues(\.count))")
        self.step = step
        self.terms = terms
        self.error = error
        self.wallTime = wallTime
    }

    /// Adds a row. `terms` must name the same terms as the rows before it.
    public mutating func append(step: Int, terms: [String: Double], error: Double?, wallTime: Double) {
        require(count == 0 || Set(terms.keys) == Set(self.terms.keys),
                     "LossHistory.append: terms \(terms.keys.sorted()) differ from \(self.terms.keys.sorted())")
        self.step.append(step)
        for (k, v) in terms { self.terms[k, default: []].append(v) }
        self.error.append(error)
        self.wallTime.append(wallTime)
    }

    /// Writes the history into `group` (the file, or a subgroup).
    public func write(into group: some NetCDFContainer) throws {
        let dim = try group.defineDimension("step", length: nil)
        let stepVar = try group.defineVariable("step", Int64.self, dimensions: [dim])
        try group.putCFAttributes(on: stepVar, units: "1", longName: "optimiser step")
        var termVars: [(NetCDFVariable, [Double])] = []
        for name in terms.keys.sorted() {
            let v = try group.defineVariable("loss_" + netCDFName(name), Double.self, dimensions: [dim])
            try group.putCFAttributes(on: v, units: "1", longName: "loss term \(name)")
            try group.putAttribute("term", .text(name), on: v)
            termVars.append((v, terms[name]!))
        }
        let errorVar = try group.defineVariable("validation_error", Double.self, dimensions: [dim], fillValue: .nan)
        try group.putCFAttributes(on: errorVar, units: "1", longName: "error against the reference")
        let timeVar = try group.defineVariable("wall_time", Double.self, dimensions: [dim])
        try group.putCFAttributes(on: timeVar, units: "s", longName: "wall-clock time since the start of training")

        try group.write(step.map(Int64.init), to: stepVar)
        for (v, values) in termVars { try group.write(values, to: v) }
        try group.write(error.map { $0 ?? .nan }, to: errorVar)
        try group.write(wallTime, to: timeVar)
    }

    /// Reads a history written by `write(into:)`.
    public static func read(from group: some NetCDFContainer) throws -> LossHistory {
        let step: [Int64] = try group.read("step")
        var terms: [String: [Double]] = [:]
        for v in try group.variables() where v.name.hasPrefix("loss_") {
            terms[try group.textAttribute("term", of: v) ?? String(v.name.dropFirst(5))] = try group.read(v)
        }
        let error: [Double] = try group.read("validation_error")
        let wallTime: [Double] = try group.read("wall_time")
        let n = step.count
        if let bad = terms.first(where: { $0.value.count != n }) ?? (error.count != n ? ("validation_error", error) : nil)
            ?? (wallTime.count != n ? ("wall_time", wallTime) : nil) {
            throw NetCDFError(path: group.file.path, variable: bad.key, operation: "LossHistory.read",
                              message: "\(bad.value.count) rows where step has \(n)", fix: "write the file with LossHistory.write(into:)")
        }
        return LossHistory(step: step.map { Int($0) }, terms: terms, error: error.map { $0.isNaN ? nil : $0 },
                           wallTime: wallTime)
    }
}

/// `name` made into a NetCDF name: characters other than letters, digits, '_', '-' and '.'
/// become '_', and a name that does not start with a letter or '_' gets a leading '_'.
func netCDFName(_ name: String) -> String {
    var s = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) ? $0 : "_" })
    if s.isEmpty || !(s.first!.isLetter || s.first! == "_") { s = "_" + s }
    return s
}
