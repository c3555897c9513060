/// A failure to draw a plot from user input: a result file without the variables a plot
/// needs, data that cannot be drawn, or a file that cannot be read or written. The
/// `description` names the file, what is missing or wrong, and the fix.
public enum PlotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `path` lacks `missing` (variable names, or descriptions of variable patterns such as
    /// `loss_<term>`), needed for the plot `plot`; `present` lists the variables it has.
    case missingVariables(path: String, plot: String, missing: [String], present: [String])
    /// The data cannot be drawn as the plot asks (wrong rank, no finite values, ...).
    case unplottable(path: String, plot: String, reason: String)
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingVariables(let path, let plot, let missing, let present):
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            let has = present.isEmpty ? "no variables" : "the variables " + present.joined(separator: ", ")
            return "Cannot draw the \(plot) from \"\(path)\": missing variable\(missing.count == 1 ? "" : "s") \(list) "
                + "(the file has \(has)). Fix: plot a result file written by `pinn-solve run` "
                + "(Docs/plots.md lists the variables each plot reads)"
        case .unplottable(let path, let plot, let reason):
            return "Cannot draw the \(plot) from \"\(path)\": \(reason)"
        case .cannotRead(let path, let reason):
            return "Cannot read \"\(path)\": \(reason)"
        case .cannotWrite(let path, let reason):
            return "Cannot write \"\(path)\": \(reason). Fix: check that the output directory exists and is writable"
        }
    }
}
