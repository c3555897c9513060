import Autodiff

/// An output transform that builds boundary or initial conditions into the network:
///
///     u(x) = g(x) + d(x) N(x)
///
/// with N the trainable base model, g (`offset`, q = outputs or 1 column, optional) and d
/// (`factor`, one column) fixed functions, d = 0 where the condition holds. E.g.
/// u = (1 - |x|^2) N(x) vanishes on the unit sphere (Lagaris et al. 1998).
///
/// Taylor mode combines the jets of d and N by the product rule:
/// (dN)_v = d_v N + d N_v and (dN)_vv = d_vv N + 2 d_v N_v + d N_vv, summed over each
/// channel's weighted directions.
public struct HardConstraint<Base: Model>: Model {
    public typealias Scalar = Base.Scalar
    public var base: Base
    public let offset: (any InputFunction<Scalar>)?
    public let factor: any InputFunction<Scalar>

    public init(_ base: Base, offset: (any InputFunction<Scalar>)? = nil, factor: any InputFunction<Scalar>) {
        require(factor.inputDimension == base.inputDimension,
                     "HardConstraint: factor takes dimension \(factor.inputDimension), the network \(base.inputDimension)")
        if let g = offset {
            require(g.inputDimension == base.inputDimension,
                         "HardConstraint: offset takes dimension \(g.inputDimension), the network \(base.inputDimension)")
        }
        self.base = base; self.offset = offset; self.factor = factor
    }

    public var inputDimension: Int { base.inputDimension }
    public var outputDimension: Int { base.outputDimension }
    public var parameters: [Tensor<Scalar>] {
        get { base.parameters }
        set { base.parameters = newValue }
    }

    func combine(_ u: Tensor<Scalar>, _ g: Tensor<Scalar>?) -> Tensor<Scalar> {
        guard let g else { return u }
        if g.shape == u.shape { return u + g }
        require(g.rank == 2 && g.shape[1] == 1 && g.shape[0] == u.shape[0],
                     "HardConstraint: offset gives \(g.shape), expected \(u.shape) or [\(u.shape[0]), 1]")
        return u.addingColumn(g)
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let d = factor(x)
        require(d.rank == 2 && d.shape == [x.shape[0], 1],
                     "HardConstraint: factor gives \(d.shape), expected [\(x.shape[0]), 1]")
        return combine(base(x).multiplyingColumn(d), offset?(x))
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let n = x.shape[0], k = plan.directionCount, B = 1 + k + plan.channels.count
        let N = base.taylor(x, plan: plan).stack
        let D = factor.taylor(x, plan: plan).stack
        require(D.shape == [B * n, 1], "HardConstraint: factor gives \(D.shape), expected one column")
        let N0 = N.rows(0..<n), d0 = D.rows(0..<n)
        // d0 * (every block of N)
        var u = N.multiplyingColumn(d0.repeatingBlock(B))
        if B > 1 {
            // N0 * (every derivative block of d)
            let rest = N0.repeatingBlock(B - 1).multiplyingColumn(D.rows(n..<(B * n)))
            var parts = [rest]
            if !plan.channels.isEmpty {
                // 2 * sum_e w_e p_e d_{v_e} N_{v_e} for each channel: the factor (an
                // `InputFunction`) has no parameters, so its derivatives are constant
                // coefficients of N's direction blocks, and each channel is one weighted sum
                // over the blocks (a Laplacian in d dimensions is d terms: one product and one
                // reduction, not d of each).
                let out = N.shape[1], Nd = N.rows(n..<((1 + k) * n)), Dv = D.detached.scalars
                let cross = plan.channels.map { ch -> Tensor<Scalar> in
                    let coefficient = crossCoefficients(ch, positions: ch.terms.map { plan.position(of: $0.direction) },
                                                        factorDerivatives: Dv, n: n, k: k)
                    return Nd.multiplyingColumn(Tensor(coefficient)).reshaped([k, n * out]).sum(alongAxis: 0).reshaped([n, out])
                }
                parts = [rest + Tensor.concatenatingRows(cross).paddedRows(before: k * n, after: 0)]
            }
            u = u + parts[0].paddedRows(before: n, after: 0)
        }
        if let g = offset { u = combine(u, g.taylor(x, plan: plan).stack) }
        return Derivatives(plan: plan, pointCount: n, stack: u)
    }
}

/// The coefficient of each of N's direction blocks (row j n + p) in a channel's cross term
/// sum_e 2 w_e p_e d_{v_e} N_{v_e}, from the factor's stacked derivatives `D`.
@_specialize(where S == Float) @_specialize(where S == Double)
func crossCoefficients<S: TensorScalar>(_ ch: DerivativePlan<S>.Channel, positions: [Int], factorDerivatives D: [S],
                                        n: Int, k: Int) -> [S] {
    var coefficient = [S](repeating: 0, count: k * n)
    let pw = ch.pointWeights?.scalars, T = ch.terms.count
    for (e, t) in ch.terms.enumerated() {
        let j = positions[e]
        for p in 0..<n { coefficient[j * n + p] += 2 * t.weight * (pw?[p * T + e] ?? 1) * D[(1 + j) * n + p] }
    }
    return coefficient
}
