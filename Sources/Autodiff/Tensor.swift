/// A dense, contiguous, row-major array of `Float` or `Double` with a shape.
///
/// Rank 0 (a scalar, shape `[]`), rank 1 (`[n]`) and rank 2 (`[rows, columns]`, the batch
/// axis first) are what the library uses; `reshape` allows any rank.
///
/// A tensor that requires a gradient, or that was computed from one, carries a node of the
/// autodiff graph (see `Tape.swift`); `gradients(of:wrt:createGraph:)` walks that graph
/// backwards. Tensors are values: storage is shared until mutated (copy on write).
public struct Tensor<Scalar: TensorScalar>: @unchecked Sendable {
    /// The extent of each axis; the element count is their product.
    public let shape: [Int]
    @usableFromInline var storage: TensorStorage<Scalar>
    /// The autodiff node that produced this tensor, or nil for a constant.
    @usableFromInline var node: Node<Scalar>?

    @usableFromInline
    init(shape: [Int], storage: TensorStorage<Scalar>, node: Node<Scalar>? = nil) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// The number of axes.
    @inlinable public var rank: Int { shape.count }

    // MARK: Creation

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Scalar]) {
        Tensor.checkShape(shape, "Tensor(shape:scalars:)")
        let n = shape.reduce(1, *)
        require(n == scalars.count,
                     "Tensor(shape:scalars:): shape \(shape) holds \(n) elements but \(scalars.count) scalars were given")
        let s = TensorStorage<Scalar>(uninitializedCount: n)
        scalars.withUnsafeBufferPointer { copyElements(s.pointer, $0.baseAddress!, n) }
        self.init(shape: shape, storage: s)
    }

    /// A rank-1 tensor holding `scalars`.
    public init(_ scalars: [Scalar]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// A rank-2 tensor from rows of equal length.
    public init(rows: [[Scalar]]) {
        let m = rows.first?.count ?? 0
        for (i, r) in rows.enumerated() {
            require(r.count == m, "Tensor(rows:): row \(i) has \(r.count) elements, row 0 has \(m)")
        }
        self.init(shape: [rows.count, m], scalars: rows.flatMap { $0 })
    }

    /// A rank-0 tensor (a scalar).
    public init(scalar: Scalar) { self.init(shape: [], scalars: [scalar]) }

    /// A tensor with every element equal to `value`.
    public init(repeating value: Scalar, shape: [Int]) {
        Tensor.checkShape(shape, "Tensor(repeating:shape:)")
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: shape.reduce(1, *)))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A tensor whose elements are `body(i)` for flat index `i` (row-major).
    public init(shape: [Int], generator body: (Int) -> Scalar) {
        Tensor.checkShape(shape, "Tensor(shape:generator:)")
        let n = shape.reduce(1, *)
        let s = TensorStorage<Scalar>(uninitializedCount: n)
        for i in 0..<n { (s.pointer + i).initialize(to: body(i)) }
        self.init(shape: shape, storage: s)
    }

    /// A tensor whose elements are not initialised, for kernels that write every element
    /// before anything reads it.
    public static func uninitialized(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(uninitializedCount: shape.reduce(1, *)))
    }

    @usableFromInline
    static func checkShape(_ shape: [Int], _ op: String) {
        require(shape.allSatisfy { $0 >= 0 }, "\(op): negative extent in shape \(shape)")
    }

    // MARK: Element access

    /// The elements in row-major order.
    public var scalars: [Scalar] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The single element of a tensor with one element (any shape).
    public var scalar: Scalar {
        require(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.pointer[0]
    }

    /// Rows of a rank-2 tensor as nested arrays.
    public var rows: [[Scalar]] {
        require(rank == 2, "Tensor.rows: needs rank 2, got shape \(shape)")
        let c = shape[1]
        return (0..<shape[0]).map { i in Array(UnsafeBufferPointer(start: storage.pointer + i * c, count: c)) }
    }

    /// Element (i, j) of a rank-2 tensor.
    @inlinable
    public subscript(i: Int, j: Int) -> Scalar {
        get {
            require(rank == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1],
                         "Tensor[\(i), \(j)]: index out of range for shape \(shape)")
            return storage.pointer[i * shape[1] + j]
        }
        set {
            require(rank == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1],
                         "Tensor[\(i), \(j)]: index out of range for shape \(shape)")
            makeUnique()
            storage.pointer[i * shape[1] + j] = newValue
        }
    }

    /// Element `i` in row-major order, whatever the shape.
    @inlinable
    public subscript(flat i: Int) -> Scalar {
        get {
            require(i >= 0 && i < count, "Tensor[flat: \(i)]: index out of range for \(count) elements")
            return storage.pointer[i]
        }
        set {
            require(i >= 0 && i < count, "Tensor[flat: \(i)]: index out of range for \(count) elements")
            makeUnique()
            storage.pointer[i] = newValue
        }
    }

    // MARK: Raw access

    /// Read-only access to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// In-place access to the elements (copies first if the storage is shared).
    /// Mutating a tensor in place keeps its autodiff identity: an optimiser updates a
    /// parameter this way between steps, when no graph that uses it is alive.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// Rewrites every element from the old values: `body(old, new)` must set each `new[i]`
    /// from `old[i]` (and anything else) without reading other elements of `new`. When the
    /// storage is shared (another tensor still holds these values), `new` is a fresh buffer
    /// and `old` the shared one, so the values are read and written once instead of copied
    /// first; otherwise both are the same memory. Keeps the autodiff identity, like
    /// `withUnsafeMutableBufferPointer` (an optimiser's update of a parameter the model
    /// still references saves a full copy per step).
    @inlinable
    public mutating func rewriteElements<R>(
        _ body: (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        if isKnownUniquelyReferenced(&storage) {
            let p = storage.pointer
            return try body(UnsafeBufferPointer(start: p, count: count), UnsafeMutableBufferPointer(start: p, count: count))
        }
        let old = storage
        storage = TensorStorage(uninitializedCount: count)
        return try withExtendedLifetime(old) {
            try body(UnsafeBufferPointer(start: old.pointer, count: count),
                     UnsafeMutableBufferPointer(start: storage.pointer, count: count))
        }
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The same elements as a constant: no gradient flows through the result.
    public var detached: Tensor { Tensor(shape: shape, storage: storage) }

    /// The largest absolute difference between two tensors of equal shape.
    public func maxAbsDifference(_ other: Tensor) -> Scalar {
        require(shape == other.shape, "maxAbsDifference: shapes \(shape) and \(other.shape) differ")
        var m: Scalar = 0
        for i in 0..<count { m = Swift.max(m, Swift.abs(storage.pointer[i] - other.storage.pointer[i])) }
        return m
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = count <= 16 ? scalars.map { "\($0)" }.joined(separator: ", ")
            : scalars.prefix(8).map { "\($0)" }.joined(separator: ", ") + ", ..."
        return "Tensor<\(Scalar.precisionName)>\(shape)[\(shown)]\(node != nil ? " (tracked)" : "")"
    }
}
