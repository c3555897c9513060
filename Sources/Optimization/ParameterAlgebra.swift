import Autodiff

/// Vector-space operations over a list of tensors treated as one long vector (the
/// concatenation of their elements in order). Used by the optimisers and loss weighting.
/// All sums run serially in a fixed order, so results are reproducible.
public enum ParameterAlgebra {
    /// The total number of elements.
    public static func count<S: TensorScalar>(_ xs: [Tensor<S>]) -> Int { xs.reduce(0) { $0 + $1.count } }

    /// Sum of x_i y_i over all elements.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func dot<S: TensorScalar>(_ xs: [Tensor<S>], _ ys: [Tensor<S>]) -> S {
        require(xs.count == ys.count, "ParameterAlgebra.dot: \(xs.count) and \(ys.count) tensors")
        var s: S = 0
        for (x, y) in zip(xs, ys) {
            require(x.shape == y.shape, "ParameterAlgebra.dot: shapes \(x.shape) and \(y.shape) differ")
            x.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { s += a[i] * b[i] }
                }
            }
        }
        return s
    }

    /// The Euclidean norm of the concatenation.
    public static func norm<S: TensorScalar>(_ xs: [Tensor<S>]) -> S { S.sqrt(dot(xs, xs)) }

    /// The largest |x_i| (NaN if any element is NaN).
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func maxAbs<S: TensorScalar>(_ xs: [Tensor<S>]) -> S {
        var m: S = 0
        for x in xs {
            x.withUnsafeBufferPointer { a in
                for v in a { if !(Swift.abs(v) <= m) { m = v.isNaN ? S.nan : Swift.abs(v) } }
            }
        }
        return m
    }

    /// The mean of |x_i| over all elements.
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func meanAbs<S: TensorScalar>(_ xs: [Tensor<S>]) -> S {
        var s: S = 0
        for x in xs { x.withUnsafeBufferPointer { a in for v in a { s += Swift.abs(v) } } }
        return s / S(Swift.max(count(xs), 1))
    }

    /// True when every element is finite.
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func allFinite<S: TensorScalar>(_ xs: [Tensor<S>]) -> Bool {
        xs.allSatisfy { x in x.withUnsafeBufferPointer { b in b.baseAddress.map { laneAllFinite($0, count: b.count) } ?? true } }
    }

    /// The elements concatenated into one array.
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func flatten<S: TensorScalar>(_ xs: [Tensor<S>]) -> [S] {
        var out = [S]()
        out.reserveCapacity(count(xs))
        for x in xs { x.withUnsafeBufferPointer { out.append(contentsOf: $0) } }
        return out
    }

    /// Writes `flat` into the tensors in place (keeping their autodiff identity).
    @_specialize(where S == Float) @_specialize(where S == Double)
    public static func assign<S: TensorScalar>(_ flat: [S], to xs: inout [Tensor<S>]) {
        require(flat.count == count(xs), "ParameterAlgebra.assign: \(flat.count) values for \(count(xs)) elements")
        var offset = 0
        flat.withUnsafeBufferPointer { src in
            for k in xs.indices {
                xs[k].withUnsafeMutableBufferPointer { dst in
                    for i in 0..<dst.count { dst[i] = src[offset + i] }
                    offset += dst.count
                }
            }
        }
    }

    /// Flat vector helpers (on arrays) for L-BFGS.
    @inlinable static func dot<S: TensorScalar>(_ a: [S], _ b: [S]) -> S {
        var s: S = 0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
