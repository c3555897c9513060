/// Vectorised sums for the O(n d) loops at very large d.
///
/// A left-to-right sum is one chain of dependent additions (4 cycles each) that the
/// compiler may not reorder; these keep 32 (Float) or 16 (Double) independent partial
/// sums, in a fixed order, so the result depends on the data alone (not on the thread
/// count), and return the total in Double.

/// sum_i p[i].
@inlinable
public func laneSum<S: TensorScalar>(_ p: UnsafePointer<S>, count n: Int) -> Double {
    laneReduce(p, n, squares: false)
}

/// sum_i p[i]^2.
@inlinable
public func laneSumOfSquares<S: TensorScalar>(_ p: UnsafePointer<S>, count n: Int) -> Double {
    laneReduce(p, n, squares: true)
}

@inlinable @inline(__always)
func laneReduce<S: TensorScalar>(_ p: UnsafePointer<S>, _ n: Int, squares: Bool) -> Double {
    if S.self == Float.self {
        return p.withMemoryRebound(to: Float.self, capacity: n) { laneSumFloat($0, n, squares: squares) }
    }
    if S.self == Double.self {
        return p.withMemoryRebound(to: Double.self, capacity: n) { laneSumDouble($0, n, squares: squares) }
    }
    var s = 0.0
    for i in 0..<n { s += squares ? Double(p[i] * p[i]) : Double(p[i]) }
    return s
}

/// Float partial sums over blocks of 4,096 (error ~ 1e-7 relative per block), blocks added in Double.
@inlinable
func laneSumFloat(_ p: UnsafePointer<Float>, _ n: Int, squares: Bool) -> Double {
    let raw = UnsafeRawPointer(p)
    var total = 0.0, i = 0
    while i + 32 <= n {
        var a = SIMD16<Float>(), b = SIMD16<Float>()
        let end = Swift.min(n - 31, i + 4096)
        while i < end {
            let x = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            let y = raw.loadUnaligned(fromByteOffset: 4 * (i + 16), as: SIMD16<Float>.self)
            if squares { a += x * x; b += y * y } else { a += x; b += y }
            i += 32
        }
        total += Double((a + b).sum())
    }
    while i < n { total += squares ? Double(p[i] * p[i]) : Double(p[i]); i += 1 }
    return total
}

@inlinable
func laneSumDouble(_ p: UnsafePointer<Double>, _ n: Int, squares: Bool) -> Double {
    let raw = UnsafeRawPointer(p)
    var a = SIMD8<Double>(), b = SIMD8<Double>(), i = 0
    while i + 16 <= n {
        let x = raw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD8<Double>.self)
        let y = raw.loadUnaligned(fromByteOffset: 8 * (i + 8), as: SIMD8<Double>.self)
        if squares { a += x * x; b += y * y } else { a += x; b += y }
        i += 16
    }
    var total = (a + b).sum()
    while i < n { total += squares ? p[i] * p[i] : p[i]; i += 1 }
    return total
}

/// True when no element is infinite or NaN: x * 0 is NaN exactly for those, and NaN
/// survives the lane sums (vectorised, no early exit, so cost ~ one read of the data).
@inlinable
public func laneAllFinite<S: TensorScalar>(_ p: UnsafePointer<S>, count n: Int) -> Bool {
    if S.self == Float.self {
        return p.withMemoryRebound(to: Float.self, capacity: n) { q in
            let raw = UnsafeRawPointer(q)
            var a = SIMD16<Float>(), i = 0
            while i + 16 <= n { a += raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self) * 0; i += 16 }
            while i < n { a[0] += q[i] * 0; i += 1 }
            return a.sum() == 0
        }
    }
    if S.self == Double.self {
        return p.withMemoryRebound(to: Double.self, capacity: n) { q in
            let raw = UnsafeRawPointer(q)
            var a = SIMD8<Double>(), i = 0
            while i + 8 <= n { a += raw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD8<Double>.self) * 0; i += 8 }
            while i < n { a[0] += q[i] * 0; i += 1 }
            return a.sum() == 0
        }
    }
    for i in 0..<n where !p[i].isFinite { return false }
    return true
}
