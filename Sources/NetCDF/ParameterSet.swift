import Autodiff

/// A named tensor of network parameters, kept as Double in memory with the precision it came
/// from (Float parameters round-trip exactly: every Float is a Double).
public struct NamedTensor: Sendable, Hashable {
    public var name: String
    public var shape: [Int]
    public var values: [Double]
    /// `.float` or `.double`: the type it is stored with.
    public var precision: NetCDFType

    public init(name: String, shape: [Int], values: [Double], precision: NetCDFType = .double) {
        require(shape.reduce(1, *) == values.count,
                     "NamedTensor(\(name)): \(values.count) values for shape \(shape)")
        require(precision == .float || precision == .double,
                     "NamedTensor(\(name)): precision must be .float or .double, not \(precision)")
        self.name = name
        self.shape = shape
        self.values = values
        self.precision = precision
    }

    public init<S: TensorScalar>(name: String, _ tensor: Tensor<S>) {
        self.init(name: name, shape: tensor.shape, values: tensor.scalars.map { Double($0) },
                  precision: S.self == Float.self ? .float : .double)
    }

    /// The values as a tensor of the given scalar type.
    public func tensor<S: TensorScalar>(as: S.Type = S.self) -> Tensor<S> {
        Tensor(shape: shape, scalars: values.map { S($0) })
    }
}

/// Network parameters in a group `parameters`: variables `param_0`, `param_1`, ... in order,
/// each with dimensions `param_<i>_dim<k>` of its shape and an attribute `name` with the
/// parameter's name (e.g. "layer0.weight").
public enum ParameterStore {
    public static let groupName = "parameters"

    /// Writes `parameters` into a new subgroup `parameters` of `group`.
    public static func write(_ parameters: [NamedTensor], into group: some NetCDFContainer) throws {
        let g = try group.defineGroup(groupName)
        try g.putAttribute("count", .int32s([Int32(parameters.count)]))
        for (i, p) in parameters.enumerated() {
            let dims = try p.shape.enumerated().map { k, n in try g.defineDimension("param_\(i)_dim\(k)", length: n) }
            let v = p.precision == .float
                ? try g.defineVariable("param_\(i)", Float.self, dimensions: dims)
                : try g.defineVariable("param_\(i)", Double.self, dimensions: dims)
            try g.putAttribute("name", .text(p.name), on: v)
            try g.write(p.values, to: v)
        }
    }

    /// Reads the parameters written by `write(_:into:)`, in order.
    public static func read(from group: some NetCDFContainer) throws -> [NamedTensor] {
        let g = try group.group(groupName)
        var result: [NamedTensor] = []
        var i = 0
        while try g.hasVariable("param_\(i)") {
            let v = try g.variable("param_\(i)")
            result.append(NamedTensor(name: try g.textAttribute("name", of: v) ?? v.name, shape: try g.shape(of: v),
                                      values: try g.read(v), precision: v.type == .float ? .float : .double))
            i += 1
        }
        if let expected = try g.attribute("count").integers?.first, expected != Int64(i) {
            throw NetCDFError(path: g.file.path, variable: "param_\(i)", operation: "ParameterStore.read",
                              message: "the group holds \(i) parameters but its count attribute says \(expected)",
                              fix: "the file is incomplete; write it again")
        }
        return result
    }
}
