import Autodiff
import CNetCDF

/// Whole-variable and hyperslab reads and writes, into `[T]` and `Tensor`.
///
/// Data is row-major with the first dimension slowest, as in C, `ncdump` and numpy. A hyperslab
/// is the box `start[k] ..< start[k] + count[k]` along each dimension `k`. libnetcdf converts
/// between the stored type and `T` (a `double` variable reads as `Float` by rounding; an
/// out-of-range conversion fails with `NC_ERANGE`).
extension NetCDFContainer {
    // MARK: Writing

    /// Writes all of `variable`. For a variable with an unlimited dimension, its extent is taken
    /// from `values.count` (which must then be a multiple of the other extents' product).
    public func write<T: NetCDFScalar>(_ values: [T], to variable: NetCDFVariable) throws {
        let count = try wholeCount(of: variable, elements: values.count, "write")
        try write(values, to: variable, start: [Int](repeating: 0, count: variable.rank), count: count)
    }

    /// Writes the hyperslab `start`, `count` of `variable`; `values.count` must equal the
    /// product of `count`. Writing past the end of an unlimited dimension extends it.
    public func write<T: NetCDFScalar>(_ values: [T], to variable: NetCDFVariable, start: [Int], count: [Int]) throws {
        checkSlab(variable, start, count, values.count, "write")
        try values.withUnsafeBufferPointer { try put($0, variable, start, count) }
    }

    /// Writes a tensor whose shape equals the variable's (its unlimited extent taken from the tensor).
    public func write<S: TensorScalar & NetCDFScalar>(_ tensor: Tensor<S>, to variable: NetCDFVariable) throws {
        require(tensor.rank == variable.rank,
                     "write(\(variable.name)): tensor of shape \(tensor.shape) for a variable of rank \(variable.rank)")
        let count = try wholeCount(of: variable, elements: tensor.count, "write")
        require(count == tensor.shape,
                     "write(\(variable.name)): tensor of shape \(tensor.shape) for a variable of shape \(count)")
        try tensor.withUnsafeBufferPointer { try put($0, variable, [Int](repeating: 0, count: variable.rank), count) }
    }

    /// Writes a tensor into the hyperslab at `start` whose extents are the tensor's shape.
    public func write<S: TensorScalar & NetCDFScalar>(_ tensor: Tensor<S>, to variable: NetCDFVariable, start: [Int]) throws {
        checkSlab(variable, start, tensor.shape, tensor.count, "write")
        try tensor.withUnsafeBufferPointer { try put($0, variable, start, tensor.shape) }
    }

    /// Appends records along the variable's first dimension, which must be unlimited: `values`
    /// holds whole records (a multiple of the product of the other extents).
    public func append<T: NetCDFScalar>(_ values: [T], to variable: NetCDFVariable) throws {
        require(variable.dimensions.first?.isUnlimited == true,
                     "append(\(variable.name)): the first dimension of \(variable) is not unlimited")
        var count = try shape(of: variable)
        let record = count.dropFirst().reduce(1, *)
        require(record > 0 && values.count % record == 0,
                     "append(\(variable.name)): \(values.count) values are not whole records of \(record)")
        let start = [count[0]] + [Int](repeating: 0, count: variable.rank - 1)
        count[0] = values.count / record
        try write(values, to: variable, start: start, count: count)
    }

    // MARK: Reading

    /// Reads all of `variable` in row-major order, converting to `T`.
    public func read<T: NetCDFScalar>(_ variable: NetCDFVariable, as type: T.Type = T.self) throws -> [T] {
        let count = try shape(of: variable)
        return try read(variable, start: [Int](repeating: 0, count: variable.rank), count: count, as: type)
    }

    /// Reads the hyperslab `start`, `count` of `variable`.
    public func read<T: NetCDFScalar>(_ variable: NetCDFVariable, start: [Int], count: [Int],
                                      as type: T.Type = T.self) throws -> [T] {
        let n = count.reduce(1, *)
        checkSlab(variable, start, count, n, "read")
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            try get(buffer, variable, start, count)
            initialized = n
        }
    }

    /// Reads all of the variable called `name`.
    public func read<T: NetCDFScalar>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        try read(try variable(name), as: type)
    }

    /// Reads all of `variable` into a tensor of the variable's shape (rank 0 for a scalar variable).
    public func readTensor<S: TensorScalar & NetCDFScalar>(_ variable: NetCDFVariable, as type: S.Type = S.self) throws -> Tensor<S> {
        let count = try shape(of: variable)
        return try readTensor(variable, start: [Int](repeating: 0, count: variable.rank), count: count, as: type)
    }

    /// Reads the hyperslab `start`, `count` of `variable` into a tensor of shape `count`.
    public func readTensor<S: TensorScalar & NetCDFScalar>(_ variable: NetCDFVariable, start: [Int], count: [Int],
                                                          as type: S.Type = S.self) throws -> Tensor<S> {
        var tensor = Tensor<S>.zeros(count)
        checkSlab(variable, start, count, tensor.count, "readTensor")
        try tensor.withUnsafeMutableBufferPointer { try get($0, variable, start, count) }
        return tensor
    }

    // MARK: Shared machinery

    /// The extents of a whole-variable transfer of `elements` values: the variable's shape, with
    /// the unlimited extent (if any) inferred from `elements`.
    func wholeCount(of variable: NetCDFVariable, elements: Int, _ op: String) throws -> [Int] {
        var count = try shape(of: variable)
        if let u = variable.dimensions.firstIndex(where: \.isUnlimited) {
            let others = count.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            require(others > 0 ? elements % others == 0 : elements == 0,
                         "\(op)(\(variable.name)): \(elements) values do not fill whole records of \(others) for \(variable)")
            count[u] = others > 0 ? elements / others : 0
        }
        let n = count.reduce(1, *)
        require(n == elements, "\(op)(\(variable.name)): \(elements) values for shape \(count) (\(n) elements)")
        return count
    }

    func checkSlab(_ variable: NetCDFVariable, _ start: [Int], _ count: [Int], _ elements: Int, _ op: String) {
        require(start.count == variable.rank && count.count == variable.rank,
                     "\(op)(\(variable.name)): start \(start) and count \(count) for a variable of rank \(variable.rank)")
        require(count.reduce(1, *) == elements,
                     "\(op)(\(variable.name)): \(elements) values for a hyperslab of shape \(count)")
    }

    func put<T: NetCDFScalar>(_ values: UnsafeBufferPointer<T>, _ variable: NetCDFVariable,
                              _ start: [Int], _ count: [Int]) throws {
        try file.ensureDataMode(variable.name)
        guard values.count > 0 || variable.rank == 0 else { return }
        try check(file.path, variable.name, "nc_put_vara(start \(start), count \(count))") {
            T.putVara(variable.groupID, variable.id, start, count, values.baseAddress)
        }
    }

    func get<T: NetCDFScalar>(_ buffer: UnsafeMutableBufferPointer<T>, _ variable: NetCDFVariable,
                              _ start: [Int], _ count: [Int]) throws {
        try file.ensureDataMode(variable.name)
        guard buffer.count > 0 else { return }
        guard variable.type.isNumeric else {
            throw NetCDFError(path: file.path, variable: variable.name, operation: "read",
                              message: "variable \(variable) has type \(variable.type), which is not numeric",
                              fix: "read a numeric variable; text variables are not supported")
        }
        try check(file.path, variable.name, "nc_get_vara(start \(start), count \(count))") {
            T.getVara(variable.groupID, variable.id, start, count, buffer.baseAddress)
        }
    }
}
