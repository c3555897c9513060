/// Reshaping, transposition, slicing and concatenation along the batch axis, and
/// gathering or scattering columns.

extension Tensor {
    /// The same elements with a new shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor.checkShape(newShape, "reshaped")
        require(newShape.reduce(1, *) == count, "reshaped: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        if newShape == shape { return self }
        let value = Tensor(shape: newShape, storage: storage)
        return Tensor.record("reshape", value, [self]) { c in [c.grad.reshaped(c.inputs[0].shape)] }
    }

    /// The transpose of a rank-2 tensor.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func transposed() -> Tensor {
        require(rank == 2, "transposed: needs rank 2, got shape \(shape)")
        let n = shape[0], m = shape[1]
        let y = Tensor.uninitialized([m, n])
        let px = storage.pointer, py = y.storage.pointer
        let tile = 32
        for i0 in stride(from: 0, to: n, by: tile) {
            for j0 in stride(from: 0, to: m, by: tile) {
                for i in i0..<Swift.min(n, i0 + tile) {
                    for j in j0..<Swift.min(m, j0 + tile) { py[j * n + i] = px[i * m + j] }
                }
            }
        }
        return Tensor.record("transpose", y, [self]) { c in [c.grad.transposed()] }
    }

    /// Rows `start ..< start + count` of a tensor (along axis 0, any rank >= 1).
    public func rows(_ range: Range<Int>) -> Tensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows(\(range)): out of range for shape \(shape)")
        let inner = shape.dropFirst().reduce(1, *)
        var newShape = shape
        newShape[0] = range.count
        let y = Tensor.uninitialized(newShape)
        copyElements(y.storage.pointer, storage.pointer + range.lowerBound * inner, range.count * inner)
        let total = shape[0]
        return Tensor.record("sliceRows", y, [self]) { c in
            [c.grad.paddedRows(before: range.lowerBound, after: total - range.upperBound)]
        }
    }

    /// Adds `before` and `after` rows of zeros along axis 0 (the adjoint of `rows(_:)`).
    public func paddedRows(before: Int, after: Int) -> Tensor {
        require(rank >= 1 && before >= 0 && after >= 0, "paddedRows: bad padding \(before), \(after) for shape \(shape)")
        let inner = shape.dropFirst().reduce(1, *)
        var newShape = shape
        newShape[0] += before + after
        let y = Tensor.zeros(newShape)
        copyElements(y.storage.pointer + before * inner, storage.pointer, count)
        let n = shape[0]
        return Tensor.record("padRows", y, [self]) { c in [c.grad.rows(before..<(before + n))] }
    }

    /// Concatenates tensors along axis 0; all other axes must agree.
    public static func concatenatingRows(_ parts: [Tensor]) -> Tensor {
        require(!parts.isEmpty, "concatenatingRows: no tensors given")
        let tail = Array(parts[0].shape.dropFirst())
        for (i, p) in parts.enumerated() {
            require(p.rank >= 1 && Array(p.shape.dropFirst()) == tail,
                         "concatenatingRows: part \(i) has shape \(p.shape), part 0 has \(parts[0].shape)")
        }
        let rowsTotal = parts.reduce(0) { $0 + $1.shape[0] }
        let y = Tensor.uninitialized([rowsTotal] + tail)
        var offset = 0
        for p in parts {
            copyElements(y.storage.pointer + offset, p.storage.pointer, p.count)
            offset += p.count
        }
        let counts = parts.map { $0.shape[0] }
        return record("concatRows", y, parts) { c in
            var start = 0
            return counts.enumerated().map { i, n in
                defer { start += n }
                return c.needs[i] ? c.grad.rows(start..<(start + n)) : nil
            }
        }
    }

    /// Columns `indices` of a rank-2 tensor, in that order (indices may repeat).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func gatheringColumns(_ indices: [Int]) -> Tensor {
        require(rank == 2, "gatheringColumns: needs rank 2, got shape \(shape)")
        let m = shape[1], n = shape[0], k = indices.count
        for j in indices { require(j >= 0 && j < m, "gatheringColumns: column \(j) out of range for shape \(shape)") }
        let y = Tensor.uninitialized([n, k])
        let px = storage.pointer, py = y.storage.pointer
        for i in 0..<n { for (c, j) in indices.enumerated() { py[i * k + c] = px[i * m + j] } }
        return Tensor.record("gatherColumns", y, [self]) { c in [c.grad.scatteringColumns(indices, width: m)] }
    }

    /// The adjoint of `gatheringColumns`: a `[n, width]` tensor whose column `indices[c]`
    /// accumulates column `c` of this tensor.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func scatteringColumns(_ indices: [Int], width: Int) -> Tensor {
        require(rank == 2 && shape[1] == indices.count,
                     "scatteringColumns: needs rank 2 with \(indices.count) columns, got shape \(shape)")
        for j in indices { require(j >= 0 && j < width, "scatteringColumns: column \(j) out of range for width \(width)") }
        let n = shape[0], k = shape[1]
        let y = Tensor.zeros([n, width])
        let px = storage.pointer, py = y.storage.pointer
        for i in 0..<n { for (c, j) in indices.enumerated() { py[i * width + j] += px[i * k + c] } }
        return Tensor.record("scatterColumns", y, [self]) { c in [c.grad.gatheringColumns(indices)] }
    }

    /// Column `j` of a rank-2 tensor as `[n, 1]`.
    public func column(_ j: Int) -> Tensor { gatheringColumns([j]) }
}

extension Tensor {
    /// Rows `indices` of a rank-2 tensor, in that order (indices may repeat).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        require(rank == 2, "gatheringRows: needs rank 2, got shape \(shape)")
        let n = shape[0], m = shape[1]
        for i in indices { require(i >= 0 && i < n, "gatheringRows: row \(i) out of range for shape \(shape)") }
        let y = Tensor.uninitialized([indices.count, m])
        for (r, i) in indices.enumerated() { copyElements(y.storage.pointer + r * m, storage.pointer + i * m, m) }
        return Tensor.record("gatherRows", y, [self]) { c in [c.grad.scatteringRows(indices, height: n)] }
    }

    /// The adjoint of `gatheringRows`: a `[height, m]` tensor whose row `indices[r]`
    /// accumulates row `r` of this tensor.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func scatteringRows(_ indices: [Int], height: Int) -> Tensor {
        require(rank == 2 && shape[0] == indices.count,
                     "scatteringRows: needs rank 2 with \(indices.count) rows, got shape \(shape)")
        for i in indices { require(i >= 0 && i < height, "scatteringRows: row \(i) out of range for height \(height)") }
        let m = shape[1]
        let y = Tensor.zeros([height, m])
        for (r, i) in indices.enumerated() {
            let src = storage.pointer + r * m, dst = y.storage.pointer + i * m
            for j in 0..<m { dst[j] += src[j] }
        }
        return Tensor.record("scatterRows", y, [self]) { c in [c.grad.gatheringRows(indices)] }
    }

    /// Repeats each row of a `[k, m]` tensor `times` times in a row: the result is
    /// `[k * times, m]` with row `j * times + i` equal to row `j` (the adjoint sums blocks).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func repeatingRows(_ times: Int) -> Tensor {
        require(rank == 2 && times >= 0, "repeatingRows(\(times)): needs rank 2 and a count >= 0, got shape \(shape)")
        let k = shape[0], m = shape[1]
        let y = Tensor.uninitialized([k * times, m])
        for j in 0..<k {
            let src = storage.pointer + j * m
            for i in 0..<times { copyElements(y.storage.pointer + (j * times + i) * m, src, m) }
        }
        return Tensor.record("repeatRows", y, [self]) { c in [c.grad.summingRowBlocks(k)] }
    }

    /// The whole `[n, m]` tensor `times` times one under the other, `[times * n, m]`, as one
    /// node (a concatenation of `times` copies costs the tape O(times^2)); the adjoint sums
    /// the copies.
    public func repeatingBlock(_ times: Int) -> Tensor {
        require(rank == 2 && times >= 0, "repeatingBlock(\(times)): needs rank 2 and a count >= 0, got shape \(shape)")
        return reshaped([1, count]).repeatingRows(times).reshaped([times * shape[0], shape[1]])
    }

    /// Sums a `[k * b, m]` tensor over each of its `k` consecutive blocks of `b` rows,
    /// giving `[k, m]` (the adjoint of `repeatingRows`).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func summingRowBlocks(_ blocks: Int) -> Tensor {
        require(rank == 2 && blocks > 0 && shape[0] % blocks == 0,
                     "summingRowBlocks(\(blocks)): row count of \(shape) is not a multiple of the block count")
        let b = shape[0] / blocks, m = shape[1]
        let y = Tensor.zeros([blocks, m])
        let px = storage.pointer, py = y.storage.pointer
        Parallel.forEachChunk(blocks, minChunk: 1) { r in
            for j in r {
                let dst = py + j * m
                for i in 0..<b {
                    let src = px + (j * b + i) * m
                    for c in 0..<m { dst[c] += src[c] }
                }
            }
        }
        return Tensor.record("sumRowBlocks", y, [self]) { c in [c.grad.repeatingRows(b)] }
    }
}
