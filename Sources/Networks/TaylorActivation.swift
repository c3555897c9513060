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
    /// Per channel: direction positions, weights, and optional per-point factors [n, terms].
    let channelDirections: [[Int]]
    let channelWeights: [[S]]
    let channelPointWeights: [Tensor<S>?]
    var c: Int { channelDirections.count }
    var blocks: Int { 1 + k + c }

    init(plan: DerivativePlan<S>, n: Int) {
        self.n = n
        k = plan.directionCount
        channelDirections = plan.channels.map { $0.terms.map { plan.position(of: $0.direction) } }
        channelWeights = plan.channels.map { $0.terms.map(\.weight) }
        channelPointWeights = plan.channels.map { ch in
            if let p = ch.pointWeights {
                precondition(p.shape[0] == n, "Taylor engine: channel point weights have \(p.shape[0]) rows for \(n) points")
            }
            return ch.pointWeights
        }
    }
}

extension Activation {
    /// Applies the activation to a Taylor stack (see `TaylorLayout`).
    func taylor<S: TensorScalar>(_ Z: Tensor<S>, bias: Tensor<S>, layout: TaylorLayout<S>) -> Tensor<S> {
        let m = Z.shape[1]
        precondition(Z.rank == 2 && Z.shape[0] == layout.blocks * layout.n && bias.count == m,
                     "Activation.taylor: stack \(Z.shape) and bias \(bias.shape) do not fit \(layout.blocks) blocks of \(layout.n) rows")
        var Y = Tensor<S>.zeros(Z.shape)
        Y.withUnsafeMutableBufferPointer { y in
            taylorForward(self, Z, bias, y.baseAddress!, layout)
        }
        let act = self
        return Tensor.record("taylor.\(rawValue)", Y, [Z, bias]) { ctx in
            guard !ctx.grad.isTracked else {
                preconditionFailure("Taylor engine: the backward pass of 'taylor.\(act.rawValue)' cannot itself be differentiated; use the nested engine for derivatives of order > 2 or for higher-order parameter derivatives")
            }
            var dZ = Tensor<S>.zeros(Z.shape)
            dZ.withUnsafeMutableBufferPointer { d in
                taylorBackward(act, ctx.inputs[0], ctx.inputs[1], ctx.grad, d.baseAddress!, layout)
            }
            let db: Tensor<S>? = ctx.needs[1] ? dZ.rows(0..<layout.n).sum(alongAxis: 0).reshaped(ctx.inputs[1].shape) : nil
            return [ctx.needs[0] ? dZ : nil, db]
        }
    }
}

/// Per-chunk scratch rows for the kernels.
private struct Scratch<S: TensorScalar> {
    let f1, f2, f3, q, dz: UnsafeMutablePointer<S>
    init(_ m: Int) {
        f1 = .allocate(capacity: m); f2 = .allocate(capacity: m); f3 = .allocate(capacity: m)
        q = .allocate(capacity: m); dz = .allocate(capacity: m)
    }
    func free() { f1.deallocate(); f2.deallocate(); f3.deallocate(); q.deallocate(); dz.deallocate() }
}

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorForward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>,
                                    _ y: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k
    let pw = L.channelPointWeights.map { $0?.scalars }
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in
        let z = zb.baseAddress!, b = bb.baseAddress!
        Parallel.forEachChunk(n, minChunk: max(1, 2048 / max(m, 1))) { rows in
            let s = Scratch<S>(m)
            defer { s.free() }
            for i in rows {
                let z0 = z + i * m, y0 = y + i * m
                for col in 0..<m {
                    let d = act.derivatives(at: z0[col] + b[col])
                    y0[col] = d.0; s.f1[col] = d.1; s.f2[col] = d.2
                }
                for j in 0..<k {
                    let o = ((1 + j) * n + i) * m
                    for col in 0..<m { y[o + col] = s.f1[col] * z[o + col] }
                }
                for c in 0..<L.c {
                    s.q.update(repeating: 0, count: m)
                    let dirs = L.channelDirections[c], ws = L.channelWeights[c]
                    for e in 0..<dirs.count {
                        var w = ws[e]
                        if let p = pw[c] { w *= p[i * dirs.count + e] }
                        let o = ((1 + dirs[e]) * n + i) * m
                        for col in 0..<m { let t = z[o + col]; s.q[col] += w * t * t }
                    }
                    let o = ((1 + k + c) * n + i) * m
                    for col in 0..<m { y[o + col] = s.f1[col] * z[o + col] + s.f2[col] * s.q[col] }
                }
            }
        }
    } }
}

@_specialize(where S == Float) @_specialize(where S == Double)
func taylorBackward<S: TensorScalar>(_ act: Activation, _ Z: Tensor<S>, _ bias: Tensor<S>, _ G: Tensor<S>,
                                     _ dZ: UnsafeMutablePointer<S>, _ L: TaylorLayout<S>) {
    let m = Z.shape[1], n = L.n, k = L.k
    let pw = L.channelPointWeights.map { $0?.scalars }
    Z.withUnsafeBufferPointer { zb in bias.withUnsafeBufferPointer { bb in G.withUnsafeBufferPointer { gb in
        let z = zb.baseAddress!, b = bb.baseAddress!, g = gb.baseAddress!
        Parallel.forEachChunk(n, minChunk: max(1, 2048 / max(m, 1))) { rows in
            let s = Scratch<S>(m)
            defer { s.free() }
            for i in rows {
                let z0 = z + i * m, g0 = g + i * m
                for col in 0..<m {
                    let d = act.derivatives(at: z0[col] + b[col])
                    s.f1[col] = d.1; s.f2[col] = d.2; s.f3[col] = d.3
                    s.dz[col] = g0[col] * d.1
                }
                // First-order blocks: y_j = f' z_j.
                for j in 0..<k {
                    let o = ((1 + j) * n + i) * m
                    for col in 0..<m {
                        s.dz[col] += g[o + col] * z[o + col] * s.f2[col]
                        dZ[o + col] = g[o + col] * s.f1[col]
                    }
                }
                // Second-order blocks: y2 = f' z2 + f'' q.
                for c in 0..<L.c {
                    let dirs = L.channelDirections[c], ws = L.channelWeights[c]
                    let o2 = ((1 + k + c) * n + i) * m
                    s.q.update(repeating: 0, count: m)
                    for e in 0..<dirs.count {
                        var w = ws[e]
                        if let p = pw[c] { w *= p[i * dirs.count + e] }
                        let o = ((1 + dirs[e]) * n + i) * m
                        for col in 0..<m {
                            let t = z[o + col]
                            s.q[col] += w * t * t
                            dZ[o + col] += 2 * w * g[o2 + col] * s.f2[col] * t
                        }
                    }
                    for col in 0..<m {
                        let gc = g[o2 + col]
                        s.dz[col] += gc * (s.f2[col] * z[o2 + col] + s.f3[col] * s.q[col])
                        dZ[o2 + col] = gc * s.f1[col]
                    }
                }
                (dZ + i * m).update(from: s.dz, count: m)
            }
        }
    } } }
}
