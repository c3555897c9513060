/// Sums, means, dot products and squared norms.
///
/// Reduction order is fixed and independent of the thread count: the full sum adds
/// blocks of `reductionBlock` elements (each summed left to right) in block order; column
/// sums add in row order; row sums and row norms use the fixed lane order of `laneSum`.

@usableFromInline let reductionBlock = 4096

extension Tensor {
    /// The sum of all elements, as a rank-0 tensor.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func sum() -> Tensor {
        let n = count, p = storage.pointer
        let blocks = (n + reductionBlock - 1) / reductionBlock
        var partial = [Scalar](repeating: 0, count: Swift.max(blocks, 1))
        partial.withUnsafeMutableBufferPointer { part in
            let pp = part.baseAddress!
            Parallel.forEachChunk(blocks, minChunk: 8) { r in
                for b in r {
                    var s: Scalar = 0
                    for i in (b * reductionBlock)..<Swift.min(n, (b + 1) * reductionBlock) { s += p[i] }
                    pp[b] = s
                }
            }
        }
        var total: Scalar = 0
        for s in partial { total += s }
        return Tensor.record("sum", Tensor(scalar: total), [self]) { c in [c.grad.broadcast(to: c.inputs[0].shape)] }
    }

    /// The mean of all elements, as a rank-0 tensor.
    public func mean() -> Tensor { sum() * (1 / Scalar(Swift.max(count, 1))) }

    /// Sums a rank-2 tensor along `axis`, keeping the axis: axis 0 gives `[1, m]` (column
    /// sums), axis 1 gives `[n, 1]` (row sums).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func sum(alongAxis axis: Int) -> Tensor {
        require(rank == 2 && (axis == 0 || axis == 1), "sum(alongAxis: \(axis)): needs rank 2 and axis 0 or 1, got shape \(shape)")
        let n = shape[0], m = shape[1], p = storage.pointer
        if axis == 0 {
            let y = Tensor.zeros([1, m])
            let py = y.storage.pointer
            Parallel.forEachChunk(m, minChunk: 256) { cols in
                for i in 0..<n {
                    let row = p + i * m
                    for j in cols { py[j] += row[j] }
                }
            }
            return Tensor.record("sumAxis0", y, [self]) { c in
                [Tensor.zeros(c.inputs[0].shape).addingRow(c.grad)]
            }
        }
        let y = Tensor.uninitialized([n, 1])
        let py = y.storage.pointer
        Parallel.forEachChunk(n, minChunk: Swift.max(1, elementwiseChunk / Swift.max(m, 1))) { rows in
            for i in rows { py[i] = Scalar(laneSum(p + i * m, count: m)) }
        }
        return Tensor.record("sumAxis1", y, [self]) { c in
            [Tensor.zeros(c.inputs[0].shape).addingColumn(c.grad)]
        }
    }

    /// The mean along `axis`, keeping the axis (see `sum(alongAxis:)`).
    public func mean(alongAxis axis: Int) -> Tensor {
        require(rank == 2 && (axis == 0 || axis == 1), "mean(alongAxis: \(axis)): needs rank 2 and axis 0 or 1, got shape \(shape)")
        return sum(alongAxis: axis) * (1 / Scalar(Swift.max(shape[axis], 1)))
    }

    /// Row-wise dot products of two `[n, m]` tensors along `axis` (1: per row, `[n, 1]`).
    public func dot(_ other: Tensor, alongAxis axis: Int = 1) -> Tensor {
        (self * other).sum(alongAxis: axis)
    }

    /// Squared Euclidean norms along `axis` (1: of each row, `[n, 1]`).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func squaredNorm(alongAxis axis: Int = 1) -> Tensor {
        guard axis == 1, rank == 2 else { return square().sum(alongAxis: axis) }
        // One pass, no [n, m] temporary (m = 10^6 in the ball problems).
        let n = shape[0], m = shape[1], p = storage.pointer
        let y = Tensor.uninitialized([n, 1])
        let py = y.storage.pointer
        Parallel.forEachChunk(n, minChunk: Swift.max(1, elementwiseChunk / Swift.max(m, 1))) { rows in
            for i in rows { py[i] = Scalar(laneSumOfSquares(p + i * m, count: m)) }
        }
        return Tensor.record("squaredNormAxis1", y, [self]) { c in
            [c.inputs[0].multiplyingColumn(c.grad * 2)]
        }
    }
}
