import Autodiff

/// A variable read whole, with what a plot needs: its dimensions and their coordinate values,
/// its attributes and its data as Double.
///
///     let u = try withNetCDFFile(at: "result.nc") { try $0.readField("prediction") }
///     // u.dimensions == ["t", "x"], u.shape == [101, 256], u.coordinates["x"] == [...]
///     // u.units, u.longName, u[10, 20]
public struct NetCDFField: Sendable {
    public var name: String
    /// The dimension names, slowest first.
    public var dimensions: [String]
    /// The extent of each dimension.
    public var shape: [Int]
    /// The values in row-major order, converted to Double.
    public var values: [Double]
    /// The variable's attributes, in file order.
    public var attributes: [(name: String, value: NetCDFAttribute)]
    /// The CF coordinate variable of each dimension that has one (a 1-D numeric variable named
    /// like the dimension), and the auxiliary coordinates named by the `coordinates` attribute.
    public var coordinates: [String: [Double]]

    /// The attribute called `name`, if present.
    public func attribute(_ name: String) -> NetCDFAttribute? {
        attributes.first { $0.name == name }?.value
    }

    public var units: String? { attribute("units")?.text }
    public var longName: String? { attribute("long_name")?.text }

    /// The value at a multi-index (one index per dimension).
    public subscript(indices: Int...) -> Double {
        require(indices.count == shape.count, "NetCDFField[\(name)]: \(indices.count) indices for shape \(shape)")
        var flat = 0
        for (i, n) in zip(indices, shape) {
            require(i >= 0 && i < n, "NetCDFField[\(name)]: index \(indices) outside shape \(shape)")
            flat = flat * n + i
        }
        return values[flat]
    }
}

extension NetCDFContainer {
    /// Reads the variable `name` with its dimensions, coordinates and attributes.
    public func readField(_ name: String) throws -> NetCDFField {
        let variable = try variable(name)
        let attributes = try attributes(of: variable)
        var coordinates: [String: [Double]] = [:]
        var coordinateNames = variable.dimensions.map(\.name)
        if let aux = attributes.first(where: { $0.name == "coordinates" })?.value.text {
            coordinateNames += aux.split(separator: " ").map(String.init)
        }
        for c in coordinateNames where c != name && coordinates[c] == nil {
            guard try hasVariable(c) else { continue }
            let v = try self.variable(c)
            if v.rank == 1 && v.type.isNumeric { coordinates[c] = try read(v, as: Double.self) }
        }
        return NetCDFField(name: name, dimensions: variable.dimensions.map(\.name), shape: try shape(of: variable),
                           values: try read(variable, as: Double.self), attributes: attributes, coordinates: coordinates)
    }
}
