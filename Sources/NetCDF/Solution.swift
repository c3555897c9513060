import Autodiff

/// A solution evaluated on a grid or a point set: the network's prediction, the reference and
/// the pointwise error, with the coordinates that place them.
///
/// On disk (root group unless written elsewhere):
///
///     grid:    dimensions and CF coordinate variables named after the axes, e.g. t(t), x(x);
///              double prediction(t, x), reference(t, x), error(t, x)
///     points:  dimensions point = n, coordinate = d; double points(point, coordinate) with
///              attribute coordinate_names = "t x ..."; double prediction(point), ...
///
/// Fields are row-major over the grid axes, the first axis slowest (`field[i0, i1, ...]` is at
/// flat index `(i0 * n1 + i1) * n2 + ...`). `error` is |prediction - reference| unless given.
///
/// A problem with several outputs (u and v, say) has one `Solution` per output on one layout,
/// written together by `write(_:into:)`: the coordinates once, then `prediction_<name>`,
/// `reference_<name>`, `error_<name>` for each output, and the group attribute `quantities`
/// ("u v") that names them in order. A single output keeps the plain names.
public struct Solution: Sendable, Hashable {
    /// One grid axis: a name (a valid NetCDF name, e.g. "t", "x"), its points (strictly
    /// monotonic), and optional CF `units` and `long_name`.
    public struct Axis: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        public var units: String?
        public var longName: String?
        public init(_ name: String, _ values: [Double], units: String? = nil, longName: String? = nil) {
            self.name = name
            self.values = values
            self.units = units
            self.longName = longName
        }
    }

    /// Where the fields live.
    public enum Layout: Sendable, Hashable {
        /// A tensor-product grid; fields have shape `axes.map { $0.values.count }`.
        case grid([Axis])
        /// `n` scattered points in `d` dimensions: `points` is the [n, d] row-major array,
        /// `names` names the d coordinates (may be empty).
        case points(points: [Double], dimension: Int, names: [String])

        /// The shape of a field on this layout.
        public var fieldShape: [Int] {
            switch self {
            case .grid(let axes): axes.map(\.values.count)
            case .points(let p, let d, _): [d > 0 ? p.count / d : 0]
            }
        }
    }

    public var layout: Layout
    /// The network's prediction, of `layout.fieldShape`.
    public var prediction: [Double]
    /// The reference solution (exact, Monte Carlo or spectral), if there is one.
    public var reference: [Double]?
    /// The pointwise error; defaults to |prediction - reference| when a reference is given.
    public var error: [Double]?
    /// The name of the solved quantity (`long_name` prefix), e.g. "u".
    public var quantity: String
    /// The CF units of the solved quantity, if known.
    public var units: String?

    public init(layout: Layout, prediction: [Double], reference: [Double]? = nil, error: [Double]? = nil,
                quantity: String = "u", units: String? = nil) {
        let n = layout.fieldShape.reduce(1, *)
        require(prediction.count == n,
                     "Solution: prediction has \(prediction.count) values for a layout of shape \(layout.fieldShape)")
        require(reference.map { $0.count == n } ?? true,
                     "Solution: reference has \(reference!.count) values for a layout of shape \(layout.fieldShape)")
        require(error.map { $0.count == n } ?? true,
                     "Solution: error has \(error!.count) values for a layout of shape \(layout.fieldShape)")
        if case .points(let p, let d, let names) = layout {
            require(d > 0 && p.count % d == 0, "Solution: \(p.count) point coordinates are not whole points of dimension \(d)")
            require(names.isEmpty || names.count == d, "Solution: \(names.count) coordinate names for dimension \(d)")
        }
        self.layout = layout
        self.prediction = prediction
        self.reference = reference
        self.error = error ?? reference.map { r in zip(prediction, r).map { abs($0 - $1) } }
        self.quantity = quantity
        self.units = units
    }

    /// Writes the coordinates and fields into `group` (the file, or a subgroup).
    public func write(into group: some NetCDFContainer) throws {
        try Solution.write([self], into: group)
    }

    /// Writes the solutions of several outputs on one layout: the coordinates once, the fields
    /// with the output's name as suffix (plain names when there is one output).
    public static func write(_ outputs: [Solution], into group: some NetCDFContainer) throws {
        guard let first = outputs.first else { return }
        let names = outputs.map(\.quantity)
        require(outputs.allSatisfy { $0.layout == first.layout }, "Solution.write: the outputs \(names) lie on different layouts")
        require(Set(names).count == names.count, "Solution.write: output names \(names) repeat")
        let dims = try first.writeLayout(into: group)
        for s in outputs { try s.writeFields(into: group, dimensions: dims, suffix: outputs.count == 1 ? "" : "_" + s.quantity) }
        if outputs.count == 1 {
            try group.putAttribute("quantity", .text(first.quantity))
        } else {
            try group.putAttribute("quantities", .text(names.joined(separator: " ")))
        }
    }

    /// The dimensions of the fields, with the coordinates that place them.
    func writeLayout(into group: some NetCDFContainer) throws -> [NetCDFDimension] {
        let dims: [NetCDFDimension]
        switch layout {
        case .grid(let axes):
            dims = try axes.map { a in
                try group.defineCoordinate(a.name, values: a.values, units: a.units, longName: a.longName).dimension
            }
        case .points(let p, let d, let names):
            let point = try group.defineDimension("point", length: p.count / d)
            let coordinate = try group.defineDimension("coordinate", length: d)
            let v = try group.defineVariable("points", Double.self, dimensions: [point, coordinate])
            try group.putCFAttributes(on: v, longName: "evaluation points")
            if !names.isEmpty { try group.putAttribute("coordinate_names", .text(names.joined(separator: " ")), on: v) }
            try group.write(p, to: v)
            dims = [point]
        }
        return dims
    }

    func writeFields(into group: some NetCDFContainer, dimensions dims: [NetCDFDimension], suffix: String) throws {
        let fields: [(String, [Double]?, String)] = [
            ("prediction", prediction, "network prediction of \(quantity)"),
            ("reference", reference, "reference solution for \(quantity)"),
            ("error", error, "pointwise absolute error of \(quantity)"),
        ]
        for case let (name, values?, longName) in fields {
            let v = try group.defineVariable(name + suffix, Double.self, dimensions: dims)
            try group.putCFAttributes(on: v, units: units, longName: longName)
            try group.write(values, to: v)
        }
    }

    /// The output names of the solutions in `group`, in order, and the suffix of each one's
    /// variables: ["u"] with suffix "" for a single output.
    public static func outputs(in group: some NetCDFContainer) throws -> [(quantity: String, suffix: String)] {
        if let list = try group.textAttribute("quantities") {
            let names = list.split(separator: " ").map(String.init)
            guard !names.isEmpty else {
                throw NetCDFError(path: group.file.path, variable: nil, operation: "Solution.read",
                                  message: "the attribute quantities is empty", fix: "write the file with Solution.write(_:into:)")
            }
            return names.map { ($0, "_" + $0) }
        }
        return [(try group.textAttribute("quantity") ?? "u", "")]
    }

    /// Reads every output's solution written by `write(_:into:)` (one for a single output).
    public static func readAll(from group: some NetCDFContainer) throws -> [Solution] {
        try outputs(in: group).map { try read(from: group, quantity: $0.quantity, suffix: $0.suffix) }
    }

    /// Reads a solution written by `write(into:)`; `prediction` and the coordinates are
    /// required. In a file of several outputs, the first output's.
    public static func read(from group: some NetCDFContainer) throws -> Solution {
        let first = try outputs(in: group)[0]
        return try read(from: group, quantity: first.quantity, suffix: first.suffix)
    }

    static func read(from group: some NetCDFContainer, quantity: String, suffix: String) throws -> Solution {
        let prediction = try group.variable("prediction" + suffix)
        let layout: Layout
        if try group.hasVariable("points") {
            let p = try group.variable("points")
            let shape = try group.shape(of: p)
            let names = try group.textAttribute("coordinate_names", of: p)?.split(separator: " ").map(String.init) ?? []
            layout = .points(points: try group.read(p), dimension: shape.count == 2 ? shape[1] : 1, names: names)
        } else {
            layout = .grid(try prediction.dimensions.map { d in
                let c = try group.variable(d.name)
                return Axis(d.name, try group.read(c), units: try group.textAttribute("units", of: c),
                            longName: try group.textAttribute("long_name", of: c))
            })
        }
        let reference: [Double]? = try group.hasVariable("reference" + suffix) ? try group.read("reference" + suffix) : nil
        let error: [Double]? = try group.hasVariable("error" + suffix) ? try group.read("error" + suffix) : nil
        let values: [Double] = try group.read(prediction)
        for (name, field) in [("prediction" + suffix, values), ("reference" + suffix, reference), ("error" + suffix, error)] {
            guard let field, field.count != layout.fieldShape.reduce(1, *) else { continue }
            throw NetCDFError(path: group.file.path, variable: name, operation: "Solution.read",
                              message: "\(name) has \(field.count) values but the coordinates give shape \(layout.fieldShape)",
                              fix: "write the file with Solution.write(into:)")
        }
        return Solution(layout: layout, prediction: values, reference: reference, error: error,
                        quantity: quantity, units: try group.textAttribute("units", of: prediction))
    }
}
