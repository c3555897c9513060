import Autodiff

/// Input derivatives by nested reverse mode: the generic engine, and the oracle the Taylor
/// engine is tested against.
///
/// For output component c, one reverse pass with `createGraph: true` gives the gradient
/// G_c = grad_x u_c (`[n, D]`; the points are independent, so a seed of ones over the
/// batch gives every point's gradient). A first directional derivative is G_c v; a second
/// one is (grad_x (G_c v)) v, one more recorded reverse pass per direction. Every result
/// stays on the tape, so a loss built from them has a parameter gradient. The plan's
/// derivatives given by coordinates come by more reverse passes when first asked
/// (`HigherDerivatives`).
public enum NestedEngine {
    /// u = f(x) and the derivatives in `plan`, in the stacked layout of `Derivatives`.
    public static func evaluate<S: TensorScalar>(_ f: @escaping (Tensor<S>) -> Tensor<S>, at x: Tensor<S>,
                                                 plan: DerivativePlan<S>) -> Derivatives<S> {
        require(x.rank == 2 && x.shape[1] == plan.inputDimension,
                     "NestedEngine.evaluate: input \(x.shape) does not match the plan's dimension \(plan.inputDimension)")
        let n = x.shape[0]
        let xt = x.detached.requiringGradient()
        let u = f(xt)
        require(u.rank == 2 && u.shape[0] == n,
                     "NestedEngine.evaluate: function returned shape \(u.shape) for \(n) points")
        let outs = u.shape[1]
        let k = plan.directionCount

        // Per component: first-order columns [n, 1] for each direction, then channels.
        var firstCols = [[Tensor<S>]](repeating: [], count: k)
        var secondCols = [[Tensor<S>]](repeating: [], count: plan.channels.count)
        for comp in 0..<outs {
            let seed = Tensor<S>(shape: [n, outs]) { $0 % outs == comp ? 1 : 0 }
            let G = gradients(of: u, seed: seed, wrt: [xt], createGraph: true)[0]
            var first = [Tensor<S>?](repeating: nil, count: k)
            func firstOrder(_ pos: Int) -> Tensor<S> {
                if let t = first[pos] { return t }
                let t = along(G, position: pos, plan: plan)
                first[pos] = t
                return t
            }
            for pos in 0..<k { firstCols[pos].append(firstOrder(pos)) }
            for (ci, ch) in plan.channels.enumerated() {
                var acc: Tensor<S>? = nil
                for (e, term) in ch.terms.enumerated() {
                    let pos = plan.position(of: term.direction)
                    let d1 = firstOrder(pos)
                    let hv = gradients(of: d1, wrt: [xt], createGraph: true)[0]
                    var d2 = along(hv, position: pos, plan: plan) * term.weight
                    if let p = ch.pointWeights { d2 = d2 * p.column(e) }
                    acc = acc.map { $0 + d2 } ?? d2
                }
                secondCols[ci].append(acc ?? Tensor.zeros([n, 1]))
            }
        }
        let blocks = [u] + firstCols.map { joinColumns($0, rows: n) } + secondCols.map { joinColumns($0, rows: n) }
        var d = Derivatives(plan: plan, pointCount: n, stack: Tensor.concatenatingRows(blocks))
        if !plan.higherOrders.isEmpty { d.higher = HigherDerivatives(f, at: x) }
        return d
    }

    /// Columns `[n, 1]` side by side, `[n, k]` (one per output component).
    static func joinColumns<S: TensorScalar>(_ cols: [Tensor<S>], rows n: Int) -> Tensor<S> {
        cols.count == 1 ? cols[0] : Tensor.concatenatingRows(cols.map { $0.reshaped([1, n]) }).transposed()
    }

    /// The derivative along direction `pos` given a row-wise gradient `G` (`[n, D]`): `[n, 1]`.
    static func along<S: TensorScalar>(_ G: Tensor<S>, position pos: Int, plan: DerivativePlan<S>) -> Tensor<S> {
        let nc = plan.coordinates.count, ns = plan.sharedDirections.count
        if pos < nc { return G.column(plan.coordinates[pos]) }
        if pos < nc + ns {
            let v = plan.sharedDirections[pos - nc]
            return G.matmul(Tensor(shape: [v.count, 1], scalars: v))
        }
        return (G * plan.pointDirections[pos - nc - ns]).sum(alongAxis: 1)
    }
}
