import Autodiff

// Conversions between point tensors and the Double arithmetic that geometry uses.

/// The number of rows of `points`, after checking it is [n, d].
@inline(__always)
func rowCount<S: TensorScalar>(_ points: Tensor<S>, _ d: Int, _ op: String) -> Int {
    require(points.rank == 2 && points.shape[1] == d,
                 "\(op): points must have shape [n, \(d)], got \(points.shape)")
    return points.shape[0]
}

/// The elements of a tensor as Doubles (row-major).
@_specialize(where S == Float)
@_specialize(where S == Double)
func doubles<S: TensorScalar>(_ t: Tensor<S>) -> [Double] {
    if let a = t.scalars as? [Double] { return a }
    return t.withUnsafeBufferPointer { p in p.map { Double($0) } }
}

/// A tensor of the given shape from row-major Doubles.
@_specialize(where S == Float)
@_specialize(where S == Double)
func tensor<S: TensorScalar>(_ values: [Double], _ shape: [Int]) -> Tensor<S> {
    if S.self == Double.self { return Tensor<S>(shape: shape, scalars: values as! [S]) }
    var t = Tensor<S>.zeros(shape)
    t.withUnsafeMutableBufferPointer { p in
        for i in 0..<values.count { p[i] = S(values[i]) }
    }
    return t
}

/// Evaluates a per-row predicate on Double coordinates.
@_specialize(where S == Float)
@_specialize(where S == Double)
func rowPredicate<S: TensorScalar>(_ points: Tensor<S>, _ d: Int, _ op: String,
                                   _ body: (UnsafeBufferPointer<Double>) -> Bool) -> [Bool] {
    let n = rowCount(points, d, op)
    let x = doubles(points)
    var out = [Bool](repeating: false, count: n)
    x.withUnsafeBufferPointer { p in
        for i in 0..<n { out[i] = body(UnsafeBufferPointer(rebasing: p[(i * d)..<(i * d + d)])) }
    }
    return out
}

/// Maps each row of Double coordinates to a row of `outWidth` Doubles.
@_specialize(where S == Float)
@_specialize(where S == Double)
func rowMap<S: TensorScalar>(_ points: Tensor<S>, _ d: Int, outWidth: Int, _ op: String,
                             _ body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Tensor<S> {
    let n = rowCount(points, d, op)
    let x = doubles(points)
    var y = [Double](repeating: 0, count: n * outWidth)
    x.withUnsafeBufferPointer { p in
        y.withUnsafeMutableBufferPointer { q in
            for i in 0..<n {
                body(UnsafeBufferPointer(rebasing: p[(i * d)..<(i * d + d)]),
                     UnsafeMutableBufferPointer(rebasing: q[(i * outWidth)..<(i * outWidth + outWidth)]))
            }
        }
    }
    return tensor(y, [n, outWidth])
}

/// Rows of `t` selected by index, shape [indices.count, t.shape[1]].
func gatherRows<S: TensorScalar>(_ t: Tensor<S>, _ indices: [Int]) -> Tensor<S> {
    let w = t.shape[1]
    var out = Tensor<S>.zeros([indices.count, w])
    t.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for (r, i) in indices.enumerated() {
                for k in 0..<w { dst[r * w + k] = src[i * w + k] }
            }
        }
    }
    return out
}

/// Standard normal variates as Doubles.
func normalDoubles(_ count: Int, using rng: inout RandomStream) -> [Double] {
    var z = [Double](repeating: 0, count: count)
    z.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
    return z
}

/// Uniform [0,1) variates as Doubles.
func uniformDoubles(_ count: Int, using rng: inout RandomStream) -> [Double] {
    var u = [Double](repeating: 0, count: count)
    u.withUnsafeMutableBufferPointer { rng.fillUniform($0) }
    return u
}
