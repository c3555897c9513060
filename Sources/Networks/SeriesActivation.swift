import Autodiff

/// The activation step of `CoordinateSeries` on stacked coefficients, fused into one pass per
/// direction for tanh and sin.
///
/// The input Z = [z_0; z_1; ...; z_K] holds the K + 1 coefficients of a series as blocks of n
/// rows (`[(K + 1) n, w]`); the output holds, block by block, the series of f^(a)(z(h)),
/// z(h) = z_0 + z_1 h + ... + z_K h^K, truncated at h^K:
///
///     y_0 = f^(a)(z_0),   y_m = sum_{j=1..m} f^(a+j)(z_0) / j!  [delta^j]_m,
///
/// delta = z(h) - z_0, with the powers as Cauchy products, all per element in registers and a
/// small scratch row instead of one tape operation per product. The backward rule is one
/// more fused pass: dy_n / dz_m = [h^(n-m)] f^(a+1)(z(h)) for every m <= n (z_0 included), so
/// the cotangent of z_m is sum_{k=0..K-m} g_{m+k} s_k with s the series of f^(a+1)
/// (`pullback`). That pass is itself differentiable (its rule uses the series of f^(a+2)),
/// so the stacked series can be differentiated to any order like every other operation.
/// Other activations take the generic path, `CoordinateSeries.activation`.
struct SeriesActivation {
    let activation: Activation
    /// a: the series is that of the a-th derivative of the activation.
    let derivative: Int
    /// K: the highest power of h kept.
    let order: Int

    static func fuses(_ f: Activation) -> Bool { f == .tanh || f == .sin }

    /// Elements per inner tile: the scratch rows of a tile stay in L1.
    static let tile = 256

    /// The series of f^(a)(z(h)) for the stacked Z.
    @_specialize(where S == Float) @_specialize(where S == Double)
    func apply<S: TensorScalar>(_ z: Tensor<S>) -> Tensor<S> {
        let K = order, blocks = K + 1
        require(Self.fuses(activation) && K >= 0 && derivative >= 0, "SeriesActivation: only tanh and sin, order >= 0")
        require(z.rank == 2 && z.shape[0] % blocks == 0,
                "SeriesActivation: expected \(blocks) stacked blocks of rows, got shape \(z.shape)")
        var y = Tensor<S>.uninitialized(z.shape)
        let N = z.count / blocks
        let polys: [[S]] = activation == .tanh ? ActivationDerivativeStack.tanhPolynomials(upTo: derivative + K) : []
        z.withUnsafeBufferPointer { pz in
            y.withUnsafeMutableBufferPointer { py in
                let zp = pz.baseAddress!, yp = py.baseAddress!
                Parallel.forEachChunk(N, minChunk: 1 << 12) { r in
                    let scratch = UnsafeMutablePointer<S>.allocate(capacity: (3 * blocks + 2) * Self.tile)
                    defer { scratch.deallocate() }
                    for lo in stride(from: r.lowerBound, to: r.upperBound, by: Self.tile) {
                        let cnt = Swift.min(Self.tile, r.upperBound - lo)
                        series(zp + lo, N, cnt, polys, scratch, out: yp + lo, outStride: N)
                    }
                }
            }
        }
        let a = derivative, f = activation
        return Tensor.record("\(f.rawValue)^(\(a)) series K=\(K)", y, [z]) { c in
            [SeriesActivation(activation: f, derivative: a, order: K).pullback(c.inputs[0], c.grad)]
        }
    }

    /// The cotangent of Z for the cotangent G of `apply(Z)`:
    /// (G^T J)_m = sum_{k=0..K-m} g_{m+k} s_k, s the series of f^(a+1)(z(h)).
    @_specialize(where S == Float) @_specialize(where S == Double)
    func pullback<S: TensorScalar>(_ z: Tensor<S>, _ g: Tensor<S>) -> Tensor<S> {
        let K = order, blocks = K + 1
        require(g.shape == z.shape, "SeriesActivation.pullback: cotangent \(g.shape) for input \(z.shape)")
        var out = Tensor<S>.uninitialized(z.shape)
        let N = z.count / blocks
        let next = SeriesActivation(activation: activation, derivative: derivative + 1, order: K)
        let polys: [[S]] = activation == .tanh ? ActivationDerivativeStack.tanhPolynomials(upTo: derivative + 1 + K) : []
        z.withUnsafeBufferPointer { pz in
            g.withUnsafeBufferPointer { pg in
                out.withUnsafeMutableBufferPointer { po in
                    let zp = pz.baseAddress!, gp = pg.baseAddress!, op = po.baseAddress!
                    Parallel.forEachChunk(N, minChunk: 1 << 12) { r in
                        let tile = Self.tile
                        let scratch = UnsafeMutablePointer<S>.allocate(capacity: (4 * blocks + 2) * tile)
                        defer { scratch.deallocate() }
                        let s = scratch + (3 * blocks + 2) * tile
                        for lo in stride(from: r.lowerBound, to: r.upperBound, by: tile) {
                            let cnt = Swift.min(tile, r.upperBound - lo)
                            next.series(zp + lo, N, cnt, polys, scratch, out: s, outStride: tile)
                            for m in 0...K {
                                let o = op + m * N + lo
                                for i in 0..<cnt { o[i] = 0 }
                                for k in 0...(K - m) {
                                    let gk = gp + (m + k) * N + lo, sk = s + k * tile
                                    for i in 0..<cnt { o[i] += gk[i] * sk[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        let (f, a) = (activation, derivative)
        return Tensor.record("\(f.rawValue)^(\(a)) series pullback K=\(K)", out, [z, g]) { c in
            // out_m = sum_k g_{m+k} s_k(Z) is bilinear in G and s: with U the cotangent,
            // dG_n = sum_{m<=n} U_m s_{n-m}, ds_k = sum_m U_m g_{m+k}, dZ = pullback of s.
            let z = c.inputs[0], g = c.inputs[1], u = c.grad, n = z.shape[0] / (K + 1)
            func block(_ t: Tensor<S>, _ m: Int) -> Tensor<S> { t.rows((m * n)..<((m + 1) * n)) }
            func sum(_ terms: [Tensor<S>]) -> Tensor<S> { terms.dropFirst().reduce(terms[0], +) }
            let s = next.apply(z)
            var dG: Tensor<S>? = nil, dZ: Tensor<S>? = nil
            if c.needs[1] {
                dG = Tensor.concatenatingRows((0...K).map { j in
                    sum((0...j).map { m in block(u, m) * block(s, j - m) })
                })
            }
            if c.needs[0] {
                let ds = Tensor.concatenatingRows((0...K).map { k in
                    sum((0...(K - k)).map { m in block(u, m) * block(g, m + k) })
                })
                dZ = next.pullback(z, ds)
            }
            return [dZ, dG]
        }
    }

    /// The series s_0 ... s_K of f^(a)(z(h)) at `cnt` elements: block m of Z starts at
    /// z + m * N, coefficient k goes to out + k * outStride. Scratch: (3 (K + 1) + 2) tiles.
    @inline(__always)
    func series<S: TensorScalar>(_ z: UnsafePointer<S>, _ N: Int, _ cnt: Int, _ polys: [[S]],
                                 _ scratch: UnsafeMutablePointer<S>, out: UnsafeMutablePointer<S>, outStride: Int) {
        let K = order, a = derivative, tile = Self.tile
        // d_j = f^(a+j)(z_0), j = 0 ... K
        let d = scratch, t = d + (K + 1) * tile          // two tiles of scratch for `fill`
        var p = t + 2 * tile, q = p + (K + 1) * tile
        ActivationDerivativeStack.fill(activation, lowest: a, count: K + 1, z, cnt, polys, scratch: t, out: d, stride: tile)
        for i in 0..<cnt { out[i] = d[i] }
        guard K >= 1 else { return }
        for m in 1...K {
            let o = out + m * outStride
            for i in 0..<cnt { o[i] = 0 }
        }
        // p holds delta^j, coefficient m in p + m * tile (valid for m >= j); delta^1 = z_1 ... z_K.
        for m in 1...K {
            let pm = p + m * tile, zm = z + m * N
            for i in 0..<cnt { pm[i] = zm[i] }
        }
        var inverseFactorial: S = 1
        for j in 1...K {
            inverseFactorial /= S(j)
            let dj = d + j * tile
            for m in j...K {
                let o = out + m * outStride, pm = p + m * tile
                for i in 0..<cnt { o[i] += inverseFactorial * dj[i] * pm[i] }
            }
            guard j < K else { break }
            // delta^(j+1)_m = sum_{l=1..m-j} z_l delta^j_{m-l}, m = j+1 ... K
            for m in (j + 1)...K {
                let qm = q + m * tile
                for i in 0..<cnt { qm[i] = 0 }
                for l in 1...(m - j) {
                    let zl = z + l * N, pr = p + (m - l) * tile
                    for i in 0..<cnt { qm[i] += zl[i] * pr[i] }
                }
            }
            swap(&p, &q)
        }
    }
}
