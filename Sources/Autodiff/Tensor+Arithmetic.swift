/// Elementwise arithmetic. Tensor-tensor operations need equal shapes (no silent
/// broadcasting); broadcasting a row or a column vector is its own named operation.

extension Tensor {
    @usableFromInline
    func checkSame(_ other: Tensor, _ op: String) {
        require(shape == other.shape, "\(op): shapes \(shape) and \(other.shape) differ (no implicit broadcasting; use addingRow/multiplyingRow/addingColumn/multiplyingColumn)")
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        a.checkSame(b, "+")
        return record("add", map2(a, b) { $0 + $1 }, [a, b]) { c in [c.needs[0] ? c.grad : nil, c.needs[1] ? c.grad : nil] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        a.checkSame(b, "-")
        return record("sub", map2(a, b) { $0 - $1 }, [a, b]) { c in [c.needs[0] ? c.grad : nil, c.needs[1] ? -c.grad : nil] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        a.checkSame(b, "*")
        return record("mul", map2(a, b) { $0 * $1 }, [a, b]) { c in
            [c.needs[0] ? c.grad * c.inputs[1] : nil, c.needs[1] ? c.grad * c.inputs[0] : nil]
        }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        a.checkSame(b, "/")
        return record("div", map2(a, b) { $0 / $1 }, [a, b]) { c in
            [c.needs[0] ? c.grad / c.inputs[1] : nil,
             c.needs[1] ? -(c.grad * c.output) / c.inputs[1] : nil]
        }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static prefix func - (a: Tensor) -> Tensor {
        record("neg", map1(a) { -$0 }, [a]) { c in [-c.grad] }
    }

    // MARK: With a constant scalar

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func + (a: Tensor, s: Scalar) -> Tensor {
        record("addScalar", map1(a) { $0 + s }, [a]) { c in [c.grad] }
    }
    public static func + (s: Scalar, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Scalar) -> Tensor { a + (-s) }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func - (s: Scalar, a: Tensor) -> Tensor {
        record("rsubScalar", map1(a) { s - $0 }, [a]) { c in [-c.grad] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func * (a: Tensor, s: Scalar) -> Tensor {
        record("mulScalar", map1(a) { $0 * s }, [a]) { c in [c.grad * s] }
    }
    public static func * (s: Scalar, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Scalar) -> Tensor { a * (1 / s) }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func / (s: Scalar, a: Tensor) -> Tensor {
        record("rdivScalar", map1(a) { s / $0 }, [a]) { c in [-(c.grad * c.output) / c.inputs[0]] }
    }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func *= (a: inout Tensor, s: Scalar) { a = a * s }

    // MARK: Explicit broadcasting of row and column vectors

    @usableFromInline
    func checkRow(_ v: Tensor, _ op: String) {
        require(rank == 2 && v.count == shape[1] && (v.rank == 1 || (v.rank == 2 && v.shape[0] == 1)),
                     "\(op): needs a [n, m] tensor and a row vector of m elements ([m] or [1, m]); got \(shape) and \(v.shape)")
    }

    @usableFromInline
    func checkColumn(_ v: Tensor, _ op: String) {
        require(rank == 2 && v.count == shape[0] && (v.rank == 1 || (v.rank == 2 && v.shape[1] == 1)),
                     "\(op): needs a [n, m] tensor and a column vector of n elements ([n] or [n, 1]); got \(shape) and \(v.shape)")
    }

    /// `self[i, j] + row[j]`: adds a row vector ([m] or [1, m]) to every row of `[n, m]`.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func addingRow(_ row: Tensor) -> Tensor {
        checkRow(row, "addingRow")
        return Tensor.record("addRow", mapRow(self, row) { $0 + $1 }, [self, row]) { c in
            [c.needs[0] ? c.grad : nil, c.needs[1] ? c.grad.sum(alongAxis: 0).reshaped(c.inputs[1].shape) : nil]
        }
    }

    /// `self[i, j] + row[j]` for the first `count` rows, the others unchanged: a bias on the
    /// leading block of a stacked tensor (the value block of a stacked Taylor series).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func addingRow(_ row: Tensor, leadingRows count: Int) -> Tensor {
        checkRow(row, "addingRow(_:leadingRows:)")
        require(count >= 0 && count <= shape[0], "addingRow(_:leadingRows:): \(count) rows of a tensor with \(shape[0])")
        let y = Tensor.uninitialized(shape), m = shape[1]
        let px = storage.pointer, pv = row.storage.pointer, py = y.storage.pointer
        copyElements(py, px, self.count)
        for i in 0..<count {
            let yr = py + i * m
            for j in 0..<m { yr[j] += pv[j] }
        }
        return Tensor.record("addRowLeading", y, [self, row]) { c in
            [c.needs[0] ? c.grad : nil,
             c.needs[1] ? c.grad.rows(0..<count).sum(alongAxis: 0).reshaped(c.inputs[1].shape) : nil]
        }
    }

    /// `self[i, j] * row[j]`: scales every row of `[n, m]` by a row vector ([m] or [1, m]).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func multiplyingRow(_ row: Tensor) -> Tensor {
        checkRow(row, "multiplyingRow")
        return Tensor.record("mulRow", mapRow(self, row) { $0 * $1 }, [self, row]) { c in
            [c.needs[0] ? c.grad.multiplyingRow(c.inputs[1]) : nil,
             c.needs[1] ? (c.grad * c.inputs[0]).sum(alongAxis: 0).reshaped(c.inputs[1].shape) : nil]
        }
    }

    /// `self[i, j] + column[i]`: adds a column vector ([n] or [n, 1]) to every column of `[n, m]`.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func addingColumn(_ column: Tensor) -> Tensor {
        checkColumn(column, "addingColumn")
        return Tensor.record("addColumn", mapColumn(self, column) { $0 + $1 }, [self, column]) { c in
            [c.needs[0] ? c.grad : nil, c.needs[1] ? c.grad.sum(alongAxis: 1).reshaped(c.inputs[1].shape) : nil]
        }
    }

    /// `self[i, j] * column[i]`: scales row i of `[n, m]` by `column[i]` ([n] or [n, 1]).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func multiplyingColumn(_ column: Tensor) -> Tensor {
        checkColumn(column, "multiplyingColumn")
        return Tensor.record("mulColumn", mapColumn(self, column) { $0 * $1 }, [self, column]) { c in
            [c.needs[0] ? c.grad.multiplyingColumn(c.inputs[1]) : nil,
             c.needs[1] ? (c.grad * c.inputs[0]).sum(alongAxis: 1).reshaped(c.inputs[1].shape) : nil]
        }
    }

    /// A tensor of `shape` with every element equal to this one-element tensor.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func broadcast(to shape: [Int]) -> Tensor {
        require(count == 1, "broadcast(to:): only a one-element tensor broadcasts to a shape; got shape \(self.shape)")
        return Tensor.record("broadcastScalar", Tensor(repeating: storage.pointer[0], shape: shape), [self]) { c in
            [c.grad.sum().reshaped(c.inputs[0].shape)]
        }
    }
}
