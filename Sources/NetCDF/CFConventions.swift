import Autodiff
import Foundation

/// The CF convention this module writes (CF metadata conventions, version 1.8,
/// https://cfconventions.org/cf-conventions/cf-conventions.html).
public let cfConventions = "CF-1.8"

/// The standard global attributes of a CF file (CF 1.8 section 2.6.2: title, institution,
/// source, history, references, comment; plus `Conventions`).
public struct CFMetadata: Sendable, Hashable {
    /// A short description of the file's contents.
    public var title: String
    /// Where the data was produced.
    public var institution: String?
    /// How it was produced: the program and its version, e.g. "pinn-solve 0.1".
    public var source: String?
    /// The audit trail: one line per program that made or modified the file, each starting with
    /// a timestamp. `write` adds a "created" line when this is nil.
    public var history: String?
    /// Published or web-based references describing the data or the methods.
    public var references: String?
    /// Anything else.
    public var comment: String?
    /// The `Conventions` attribute as read; written as `cfConventions`.
    public var conventions: String = cfConventions

    public init(title: String, institution: String? = nil, source: String? = nil, history: String? = nil,
                references: String? = nil, comment: String? = nil) {
        self.title = title
        self.institution = institution
        self.source = source
        self.history = history
        self.references = references
        self.comment = comment
    }

    /// "2025-01-31T12:00:00Z: created by <source>", the first history line of a new file.
    public static func historyLine(_ text: String, date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        return "\(formatter.string(from: date)): \(text)"
    }
}

extension NetCDFContainer {
    /// Writes `Conventions = "CF-1.8"` and the metadata's attributes as global attributes of
    /// this group (call it on the file).
    public func putGlobalAttributes(_ metadata: CFMetadata) throws {
        try putAttribute("Conventions", .text(cfConventions))
        try putAttribute("title", .text(metadata.title))
        if let v = metadata.institution { try putAttribute("institution", .text(v)) }
        if let v = metadata.source { try putAttribute("source", .text(v)) }
        let history = metadata.history
            ?? CFMetadata.historyLine("created by \(metadata.source ?? "the NetCDF module of pinn-solve")")
        try putAttribute("history", .text(history))
        if let v = metadata.references { try putAttribute("references", .text(v)) }
        if let v = metadata.comment { try putAttribute("comment", .text(v)) }
    }

    /// Reads the standard global attributes; a missing `title` reads as "".
    public func globalMetadata() throws -> CFMetadata {
        var m = CFMetadata(title: try textAttribute("title") ?? "",
                           institution: try textAttribute("institution"), source: try textAttribute("source"),
                           history: try textAttribute("history"), references: try textAttribute("references"),
                           comment: try textAttribute("comment"))
        m.conventions = try textAttribute("Conventions") ?? ""
        return m
    }

    /// Adds a timestamped line to the `history` attribute (CF: newest last).
    public func appendHistory(_ text: String) throws {
        let line = CFMetadata.historyLine(text)
        let old = try textAttribute("history")
        try putAttribute("history", .text(old.map { $0 + "\n" + line } ?? line))
    }

    /// Sets the CF description attributes of a variable: `units` (UDUNITS syntax, "1" for
    /// dimensionless), `long_name`, `standard_name` (from the CF standard name table) and
    /// `axis` ("X", "Y", "Z" or "T"). Nil arguments are left unset.
    public func putCFAttributes(on variable: NetCDFVariable, units: String? = nil, longName: String? = nil,
                                standardName: String? = nil, axis: String? = nil) throws {
        if let units { try putAttribute("units", .text(units), on: variable) }
        if let longName { try putAttribute("long_name", .text(longName), on: variable) }
        if let standardName { try putAttribute("standard_name", .text(standardName), on: variable) }
        if let axis { try putAttribute("axis", .text(axis), on: variable) }
    }

    /// Defines a CF coordinate variable: a dimension `name` of `values.count` points and a 1-D
    /// variable of the same name holding them (CF 1.8 section 5: strictly monotonic values),
    /// with its description attributes, and writes the values.
    @discardableResult
    public func defineCoordinate(_ name: String, values: [Double], units: String? = nil, longName: String? = nil,
                                 standardName: String? = nil, axis: String? = nil)
        throws -> (dimension: NetCDFDimension, variable: NetCDFVariable) {
        let increasing = zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
        let decreasing = zip(values, values.dropFirst()).allSatisfy { $0 > $1 }
        require(increasing || decreasing,
                     "defineCoordinate(\(name)): CF coordinate values must be strictly monotonic")
        let dim = try defineDimension(name, length: values.count)
        let variable = try defineVariable(name, Double.self, dimensions: [dim])
        try putCFAttributes(on: variable, units: units, longName: longName, standardName: standardName, axis: axis)
        try write(values, to: variable)
        return (dim, variable)
    }
}
