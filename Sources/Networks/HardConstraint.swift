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
        var u = N.multiplyingColumn(Tensor.concatenatingRows(Array(repeating: d0, count: B)))
        if B > 1 {
            // N0 * (every derivative block of d)
            let rest = Tensor.concatenatingRows(Array(repeating: N0, count: B - 1)).multiplyingColumn(D.rows(n..<(B * n)))
            var parts = [rest]
            if !plan.channels.isEmpty {
                // 2 * sum_e w_e p_e d_{v_e} N_{v_e} for each channel
                func blk(_ t: Tensor<Scalar>, _ j: Int) -> Tensor<Scalar> { t.rows(((1 + j) * n)..<((2 + j) * n)) }
                let cross = plan.channels.map { ch -> Tensor<Scalar> in
                    var acc = Tensor<Scalar>.zeros([n, N.shape[1]])
                    for (e, t) in ch.terms.enumerated() {
                        let j = plan.position(of: t.direction)
                        var w = D.rows(((1 + j) * n)..<((2 + j) * n)) * (2 * t.weight)
                        if let p = ch.pointWeights { w = w * p.column(e) }
                        acc = acc + blk(N, j).multiplyingColumn(w)
                    }
                    return acc
                }
                parts = [rest + Tensor.concatenatingRows(cross).paddedRows(before: k * n, after: 0)]
            }
            u = u + parts[0].paddedRows(before: n, after: 0)
        }
        if let g = offset { u = combine(u, g.taylor(x, plan: plan).stack) }
        return Derivatives(plan: plan, pointCount: n, stack: u)
    }
}
