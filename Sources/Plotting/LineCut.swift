import Diagnostics
import NetCDF

/// The solution along a line through the reported point of a high-dimensional problem:
/// u(p + s d) for s in an interval, prediction against reference, where p is the point and d
/// a unit direction (typically a coordinate axis, e.g. x_1, with the other coordinates at p).
///
/// On disk, in the result file's root group (next to the `Solution` point set):
///
///     dimension  line = m
///     double line_s(line)            s, the signed distance from p along d; attributes
///                                    long_name (the x-axis label, e.g. "x_1 (other coordinates
///                                    at the reported point)"), units, and, as doubles,
///                                    point = p and direction = d (d values each)
///     double line_prediction(line)   the network's u(p + s d); coordinates = "line_s"
///     double line_reference(line)    the reference u(p + s d); coordinates = "line_s"
///
/// Write it after `ResultFile.write(to:)`, e.g. with
/// `withNetCDFFile(at: path, mode: .append) { try cut.write(into: $0) }`.
public struct LineCut: Sendable, Hashable {
    public var s: [Double]
    public var prediction: [Double]
    public var reference: [Double]
    /// The reported point p and the direction d, if known (equal lengths).
    public var point: [Double]
    public var direction: [Double]
    /// The label of the s axis, e.g. "x_1 (other coordinates at the reported point)".
    public var label: String
    public var units: String?

    public static let variableNames = ["line_s", "line_prediction", "line_reference"]

    public init(s: [Double], prediction: [Double], reference: [Double], point: [Double] = [], direction: [Double] = [],
                label: String = "s (distance from the reported point)", units: String? = nil) {
        require(prediction.count == s.count && reference.count == s.count,
                "LineCut: \(s.count) values of s, \(prediction.count) predictions, \(reference.count) references")
        require(point.count == direction.count, "LineCut: point has \(point.count) coordinates, direction \(direction.count)")
        self.s = s
        self.prediction = prediction
        self.reference = reference
        self.point = point
        self.direction = direction
        self.label = label
        self.units = units
    }

    public func write(into group: some NetCDFContainer) throws {
        let dim = try group.defineDimension("line", length: s.count)
        let sVar = try group.defineVariable("line_s", Double.self, dimensions: [dim])
        try group.putCFAttributes(on: sVar, units: units, longName: label)
        if !point.isEmpty {
            try group.putAttribute("point", .doubles(point), on: sVar)
            try group.putAttribute("direction", .doubles(direction), on: sVar)
        }
        let p = try group.defineVariable("line_prediction", Double.self, dimensions: [dim])
        try group.putCFAttributes(on: p, longName: "network prediction along the line through the reported point")
        try group.putAttribute("coordinates", .text("line_s"), on: p)
        let r = try group.defineVariable("line_reference", Double.self, dimensions: [dim])
        try group.putCFAttributes(on: r, longName: "reference solution along the line through the reported point")
        try group.putAttribute("coordinates", .text("line_s"), on: r)
        try group.write(s, to: sVar)
        try group.write(prediction, to: p)
        try group.write(reference, to: r)
    }

    /// Reads a line written by `write(into:)`; the three variables must be present.
    public static func read(from group: some NetCDFContainer) throws -> LineCut {
        let s = try group.readField("line_s"), p = try group.readField("line_prediction"), r = try group.readField("line_reference")
        guard p.values.count == s.values.count && r.values.count == s.values.count else {
            throw PlotError.unplottable(path: group.file.path, plot: "line through the reported point",
                                        reason: "line_s has \(s.values.count) values, line_prediction \(p.values.count), "
                                            + "line_reference \(r.values.count); they must have one value per point of the line")
        }
        let point = s.attribute("point")?.doubles ?? [], direction = s.attribute("direction")?.doubles ?? []
        return LineCut(s: s.values, prediction: p.values, reference: r.values,
                       point: point.count == direction.count ? point : [], direction: point.count == direction.count ? direction : [],
                       label: s.longName ?? "s", units: s.units)
    }
}
