import Autodiff

/// Second-order Taylor propagation through a pointwise activation: the fused kernel of the
/// Taylor engine ("forward Laplacian", Li et al. 2023; collapsed Taylor mode, Dangel et al. 2024).
///
/// Input: the stacked pre-activations `Z` of shape `[(1 + k + c) n, m]` (value rows without
/// the bias, k first-order blocks z_j, c second-order blocks z2_c) and the bias `b` `[m]`.
/// With z = Z_0 + b and f the activation, the output stack is
///
///     y   = f(z)
///     y_j = f'(z) z_j
///     y2_c = f'(z) z2_c + f''(z) q_c,      q_c = sum_e w_e p_e z_{j_e}^2
///
/// where channel c's terms are (direction j_e, weight w_e, optional per-point factor p_e).
/// The backward rule is a second fused kernel using f''' (first order in the parameters;
/// the Taylor path does not support differentiating its own backward pass).
struct TaylorLayout<S: TensorScalar> {
    let n: Int
    let k: Int
    let c: Int
    /// For each direction j, its terms in the channels: entries `termStart[j] ..< termStart[j + 1]`
    /// of `termChannel` (the channel), `termWeight` (w_e) and `termIndex` (e, the column of
    /// the channel's per-point factors).
    let termStart: [Int]
    let termChannel: [Int]
    let termWeight: [S]
    let termIndex: [Int]
    /// Per channel: optional per-point factors, flattened `[n, terms]`, and the term count.
    let pointWeights: [[S]?]
    let termCounts: [Int]
    var blocks: Int { 1 + k + c }

    init(plan: DerivativePlan<S>, n: Int) {
        self.n = n
        k = plan.directionCount
        c = plan.channels.count
        var perDirection = [[(Int, S, Int)]](repeating: [], count: k)
        for (ci, ch) in plan.channels.enumerated() {
            for (e, t) in ch.terms.enumerated() { perDirection[plan.position(of: t.direction)].append((ci, t.weight, e)) }
        }
        var start = [0]
        var chan: [Int] = [], w: [S] = [], idx: [Int] = []
        for list in perDirection {
            for (ci, wt, e) in list { chan.append(ci); w.append(wt); idx.append(e) }
            start.append(chan.count)
        }
        termStart = start; termChannel = chan; termWeight = w; termIndex = idx
        pointWeights = plan.channels.map { ch in
            if let p = ch.pointWeights {
                require(p.shape[0] == n, "Taylor engine: channel point weights have \(p.shape[0]) rows for \(n) points")
                return p.scalars
            }
            return nil
        }
        termCounts = plan.channels.map { $0.terms.count }
    }

    /// The weight of term t (global index) at point i.
    @inline(__always)
    func weight(_ t: Int, point i: Int) -> S {
        let ch = termChannel[t]
        if let p = pointWeights[ch] { return termWeight[t] * p[i * termCounts[ch] + termIndex[t]] }
        return termWeight[t]
    }
}

extension Activation {
    /// Applies the activation to a Taylor stack (see `TaylorLayout`).
    func taylor<S: TensorScalar>(_ Z: Tensor<S>, bias: Tensor<S>, layout: TaylorLayout<S>) -> Tensor<S> {
        let m = Z.shape[1]
        require(Z.rank == 2 && Z.shape[0] == layout.blocks * layout.n && bias.count == m,
                     "Activation.taylor: stack \(Z.shape) and bias \(bias.shape) do not fit \(layout.blocks) blocks of \(layout.n) rows")
        var Y = Tensor<S>.uninitialized(Z.shape)
        Y.withUnsafeMutableBufferPointer { y in
            taylorForward(self, Z, bias, y.baseAddress!, layout)
        }
        let act = self
        return Tensor.record("taylor.\(rawValue)", Y, [Z, bias]) { ctx in
            guard !ctx.grad.isTracked else {
                fatalError("Taylor engine: the backward pass of 'taylor.\(act.rawValue)' cannot itself be differentiated; use the nested engine for derivatives of order > 2 or for higher-order parameter derivatives")
            }
            var dZ = Tensor<S>.uninitialized(Z.shape)
            dZ.withUnsafeMutableBufferPointer { d in
                taylorBackward(act, ctx.inputs[0], ctx.inputs[1], ctx.grad, d.baseAddress!, layout)
            }
            let db: Tensor<S>? = ctx.needs[1] ? dZ.rows(0..<layout.n).sum(alongAxis: 0).reshaped(ctx.inputs[1].shape) : nil
            return [ctx.needs[0] ? dZ : nil, db]
        }
    }
}

/// Rows per tile: the kernels keep the activation's derivatives and the channel sums of a
/// tile of rows in scratch buffers and sweep the stack one block at a time, so that every
/// block is read as one sequential stream (sweeping all k blocks per row would interleave k
/// streams, more than the hardware prefetchers follow).
@inline(__always) func taylorTile(_ m: Int) -> Int { Swift.max(1, 8192 / Swift.max(m, 1)) }

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorForward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>,
                                    _ y: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k, C = L.c, tile = taylorTile(m)
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in
        let z = zb.baseAddress!, b = bb.baseAddress!
        let tiles = (n + tile - 1) / tile
        Parallel.forEachChunk(tiles, minChunk: 1) { tileRange in
            let cap = tile * m
            let f1 = UnsafeMutablePointer<S>.allocate(capacity: cap), f2 = UnsafeMutablePointer<S>.allocate(capacity: cap)
            let q = UnsafeMutablePointer<S>.allocate(capacity: Swift.max(C * cap, 1))
            defer { f1.deallocate(); f2.deallocate(); q.deallocate() }
            for t0 in tileRange {
                let lo = t0 * tile, hi = Swift.min(n, lo + tile), cnt = (hi - lo) * m
                for i in lo..<hi {
                    act.rowDerivatives(z + i * m, b, y + i * m, f1 + (i - lo) * m, f2 + (i - lo) * m, nil, m)
                }
                fillElements(q, 0, C * cap)
                for j in 0..<k {
                    let o = ((1 + j) * n + lo) * m
                    let zj = z + o, yj = y + o
                    for e in 0..<cnt { yj[e] = f1[e] * zj[e] }
                    for t in L.termStart[j]..<L.termStart[j + 1] {
                        let qc = q + L.termChannel[t] * cap
                        for i in lo..<hi {
                            // Offsets folded into the pointers: an index sum with overflow
                            // checks in the inner loop kept it scalar.
                            let w = L.weight(t, point: i), r = (i - lo) * m, qr = qc + r, zr = zj + r
                            for c in 0..<m { qr[c] += w * zr[c] * zr[c] }
                        }
                    }
                }
                for ch in 0..<C {
                    let o = ((1 + k + ch) * n + lo) * m, qc = q + ch * cap, yo = y + o, zo = z + o
                    for e in 0..<cnt { yo[e] = f1[e] * zo[e] + f2[e] * qc[e] }
                }
            }
        }
    } }
}

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorBackward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>, _ G: Tensor<S>,
                                     _ dZ: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k, C = L.c, tile = taylorTile(m)
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in G.withUnsafeBufferPointer { gb in
        let z = zb.baseAddress!, b = bb.baseAddress!, g = gb.baseAddress!
        let tiles = (n + tile - 1) / tile
        Parallel.forEachChunk(tiles, minChunk: 1) { tileRange in
            let cap = tile * m
            let f1 = UnsafeMutablePointer<S>.allocate(capacity: cap), f2 = UnsafeMutablePointer<S>.allocate(capacity: cap)
            let f3 = UnsafeMutablePointer<S>.allocate(capacity: cap)
            let q = UnsafeMutablePointer<S>.allocate(capacity: Swift.max(C * cap, 1))
            let gf2 = UnsafeMutablePointer<S>.allocate(capacity: Swift.max(C * cap, 1))
            defer { f1.deallocate(); f2.deallocate(); f3.deallocate(); q.deallocate(); gf2.deallocate() }
            for t0 in tileRange {
                let lo = t0 * tile, hi = Swift.min(n, lo + tile), cnt = (hi - lo) * m
                let dz = dZ + lo * m, g0 = g + lo * m
                for i in lo..<hi {
                    act.rowDerivatives(z + i * m, b, nil, f1 + (i - lo) * m, f2 + (i - lo) * m, f3 + (i - lo) * m, m)
                }
                for e in 0..<cnt { dz[e] = g0[e] * f1[e] }
                fillElements(q, 0, C * cap)
                for ch in 0..<C {
                    let g2 = g + ((1 + k + ch) * n + lo) * m, h = gf2 + ch * cap
                    for e in 0..<cnt { h[e] = 2 * g2[e] * f2[e] }
                }
                // y_j = f1 z_j, and z_j enters y2_c through q_c = sum w z_j^2.
                for j in 0..<k {
                    let o = ((1 + j) * n + lo) * m
                    let zj = z + o, gj = g + o, dj = dZ + o
                    for e in 0..<cnt {
                        dz[e] += gj[e] * zj[e] * f2[e]
                        dj[e] = gj[e] * f1[e]
                    }
                    for t in L.termStart[j]..<L.termStart[j + 1] {
                        let ch = L.termChannel[t]
                        let qc = q + ch * cap, h = gf2 + ch * cap
                        for i in lo..<hi {
                            let w = L.weight(t, point: i), r = (i - lo) * m
                            let zr = zj + r, qr = qc + r, dr = dj + r, hr = h + r
                            for c in 0..<m {
                                let v = zr[c]
                                qr[c] += w * v * v
                                dr[c] += w * hr[c] * v
                            }
                        }
                    }
                }
                // y2_c = f1 z2_c + f2 q_c.
                for ch in 0..<C {
                    let o = ((1 + k + ch) * n + lo) * m, qc = q + ch * cap
                    let go = g + o, zo = z + o, dZo = dZ + o
                    for e in 0..<cnt {
                        let gc = go[e]
                        dz[e] += gc * (f2[e] * zo[e] + f3[e] * qc[e])
                        dZo[e] = gc * f1[e]
                    }
                }
            }
        }
    } } }
}

extension Activation {
    /// f, f', f'', f''' at z + b for one row of m pre-activations (nil outputs skipped),
    /// with the switch over activations outside the loop.
    @inline(__always)
    func rowDerivatives<S: TensorScalar>(_ z: UnsafePointer<S>, _ b: UnsafePointer<S>, _ f0: UnsafeMutablePointer<S>?,
                                         _ f1: UnsafeMutablePointer<S>, _ f2: UnsafeMutablePointer<S>,
                                         _ f3: UnsafeMutablePointer<S>?, _ m: Int) {
        @inline(__always)
        func run(_ d: (S) -> (S, S, S, S)) {
            for c in 0..<m {
                let r = d(z[c] + b[c])
                f0?[c] = r.0; f1[c] = r.1; f2[c] = r.2; f3?[c] = r.3
            }
        }
        switch self {
        case .tanh:
            // f' = 1 - y^2, f'' = -2 y f', f''' = -2 f'^2 + 4 y^2 f'
            for c in 0..<m {
                let y = fastTanh(z[c] + b[c]), d1 = 1 - y * y
                f0?[c] = y; f1[c] = d1; f2[c] = -2 * y * d1; f3?[c] = -2 * d1 * d1 + 4 * y * y * d1
            }
        case .sin: run { (S.sin($0), S.cos($0), -S.sin($0), -S.cos($0)) }
        case .sigmoid: run(Activation.sigmoidDerivatives)
        case .softplus: run { Activation.softplus.derivatives(at: $0) }
        case .silu: run { Activation.silu.derivatives(at: $0) }
        case .gelu: run(Activation.geluDerivatives)
        }
    }
}
