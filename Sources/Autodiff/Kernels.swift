/// Elementwise kernels: tight loops over raw buffers, split across threads for large
/// arrays. Each is generic and specialised for Float and Double, so the closure passed to
/// `map1`/`map2` is inlined into a plain loop.

/// Elements per thread below which a loop stays on one thread. Waking the second core costs
/// microseconds; at 2^14 the ball step at d = 100 ... 1,000 (stacks of 1,800 x 128) spent about
/// 8% of its time in the scheduler. 2^16 took it from 155 to 157-160 steps/s at d = 100 and
/// 134 to 137-141 at 1,000, the heat step at d = 100 from 12.2 to 13.1 (2^17: no better).
@usableFromInline let elementwiseChunk = 1 << 16

@inlinable @inline(__always)
func map1<S: TensorScalar>(_ x: Tensor<S>, _ f: (S) -> S) -> Tensor<S> {
    let y = Tensor<S>.uninitialized(x.shape)
    let px = x.storage.pointer, py = y.storage.pointer
    Parallel.forEachChunk(x.count, minChunk: elementwiseChunk) { r in
        for i in r { py[i] = f(px[i]) }
    }
    return y
}

@inlinable @inline(__always)
func map2<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, _ f: (S, S) -> S) -> Tensor<S> {
    let y = Tensor<S>.uninitialized(a.shape)
    let pa = a.storage.pointer, pb = b.storage.pointer, py = y.storage.pointer
    Parallel.forEachChunk(a.count, minChunk: elementwiseChunk) { r in
        for i in r { py[i] = f(pa[i], pb[i]) }
    }
    return y
}

@inlinable @inline(__always)
func map3<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, _ c: Tensor<S>, _ f: (S, S, S) -> S) -> Tensor<S> {
    let y = Tensor<S>.uninitialized(a.shape)
    let pa = a.storage.pointer, pb = b.storage.pointer, pc = c.storage.pointer, py = y.storage.pointer
    Parallel.forEachChunk(a.count, minChunk: elementwiseChunk) { r in
        for i in r { py[i] = f(pa[i], pb[i], pc[i]) }
    }
    return y
}

/// y[i, j] = f(x[i, j], v[j]) for x of shape [n, m] and v with m elements.
@inlinable @inline(__always)
func mapRow<S: TensorScalar>(_ x: Tensor<S>, _ v: Tensor<S>, _ f: (S, S) -> S) -> Tensor<S> {
    let y = Tensor<S>.uninitialized(x.shape)
    let m = x.shape[1]
    let px = x.storage.pointer, pv = v.storage.pointer, py = y.storage.pointer
    Parallel.forEachChunk(x.shape[0], minChunk: max(1, elementwiseChunk / max(m, 1))) { rows in
        for i in rows {
            // The row offset goes into the pointers: an overflow-checked index sum in the
            // inner loop keeps it from vectorising.
            let xr = px + i * m, yr = py + i * m
            for j in 0..<m { yr[j] = f(xr[j], pv[j]) }
        }
    }
    return y
}

/// y[i, j] = f(x[i, j], v[i]) for x of shape [n, m] and v with n elements.
@inlinable @inline(__always)
func mapColumn<S: TensorScalar>(_ x: Tensor<S>, _ v: Tensor<S>, _ f: (S, S) -> S) -> Tensor<S> {
    let y = Tensor<S>.uninitialized(x.shape)
    let m = x.shape[1]
    let px = x.storage.pointer, pv = v.storage.pointer, py = y.storage.pointer
    Parallel.forEachChunk(x.shape[0], minChunk: max(1, elementwiseChunk / max(m, 1))) { rows in
        for i in rows {
            let xr = px + i * m, yr = py + i * m, c = pv[i]
            for j in 0..<m { yr[j] = f(xr[j], c) }
        }
    }
    return y
}
