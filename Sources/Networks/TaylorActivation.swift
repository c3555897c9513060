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

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorForward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>,
                                    _ y: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k, C = L.c
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in
        let z = zb.baseAddress!, b = bb.baseAddress!
        Parallel.forEachChunk(n, minChunk: max(1, 2048 / max(m, 1))) { rows in
            let f1 = UnsafeMutablePointer<S>.allocate(capacity: m), f2 = UnsafeMutablePointer<S>.allocate(capacity: m)
            let q = UnsafeMutablePointer<S>.allocate(capacity: max(C * m, 1))
            defer { f1.deallocate(); f2.deallocate(); q.deallocate() }
            for i in rows {
                act.rowDerivatives(z + i * m, b, y + i * m, f1, f2, nil, m)
                fillElements(q, 0, C * m)
                for j in 0..<k {
                    let zj = z + ((1 + j) * n + i) * m, yj = y + ((1 + j) * n + i) * m
                    for col in 0..<m { yj[col] = f1[col] * zj[col] }
                    for t in L.termStart[j]..<L.termStart[j + 1] {
                        let w = L.weight(t, point: i), qc = q + L.termChannel[t] * m
                        for col in 0..<m { qc[col] += w * zj[col] * zj[col] }
                    }
                }
                for ch in 0..<C {
                    let o = ((1 + k + ch) * n + i) * m, qc = q + ch * m
                    for col in 0..<m { y[o + col] = f1[col] * z[o + col] + f2[col] * qc[col] }
                }
            }
        }
    } }
}

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorBackward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>, _ G: Tensor<S>,
                                     _ dZ: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k, C = L.c
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in G.withUnsafeBufferPointer { gb in
        let z = zb.baseAddress!, b = bb.baseAddress!, g = gb.baseAddress!
        Parallel.forEachChunk(n, minChunk: max(1, 2048 / max(m, 1))) { rows in
            let f1 = UnsafeMutablePointer<S>.allocate(capacity: m), f2 = UnsafeMutablePointer<S>.allocate(capacity: m)
            let f3 = UnsafeMutablePointer<S>.allocate(capacity: m), dz = UnsafeMutablePointer<S>.allocate(capacity: m)
            let q = UnsafeMutablePointer<S>.allocate(capacity: max(C * m, 1))
            let gf2 = UnsafeMutablePointer<S>.allocate(capacity: max(C * m, 1))
            defer { f1.deallocate(); f2.deallocate(); f3.deallocate(); dz.deallocate(); q.deallocate(); gf2.deallocate() }
            for i in rows {
                let g0 = g + i * m
                act.rowDerivatives(z + i * m, b, nil, f1, f2, f3, m)
                for col in 0..<m { dz[col] = g0[col] * f1[col] }
                fillElements(q, 0, C * m)
                for ch in 0..<C {
                    let g2 = g + ((1 + k + ch) * n + i) * m, h = gf2 + ch * m
                    for col in 0..<m { h[col] = 2 * g2[col] * f2[col] }
                }
                // y_j = f' z_j, and z_j enters y2_c through q_c = sum w z_j^2.
                for j in 0..<k {
                    let o = ((1 + j) * n + i) * m
                    let zj = z + o, gj = g + o, dj = dZ + o
                    for col in 0..<m {
                        dz[col] += gj[col] * zj[col] * f2[col]
                        dj[col] = gj[col] * f1[col]
                    }
                    for t in L.termStart[j]..<L.termStart[j + 1] {
                        let w = L.weight(t, point: i), ch = L.termChannel[t]
                        let qc = q + ch * m, h = gf2 + ch * m
                        for col in 0..<m {
                            let v = zj[col]
                            qc[col] += w * v * v
                            dj[col] += w * h[col] * v
                        }
                    }
                }
                // y2_c = f' z2_c + f'' q_c.
                for ch in 0..<C {
                    let o = ((1 + k + ch) * n + i) * m, qc = q + ch * m
                    for col in 0..<m {
                        let gc = g[o + col]
                        dz[col] += gc * (f2[col] * z[o + col] + f3[col] * qc[col])
                        dZ[o + col] = gc * f1[col]
                    }
                }
                copyElements(dZ + i * m, dz, m)
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
