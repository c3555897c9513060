import Autodiff

/// The result of evaluating a `DerivativePlan`: u and the requested derivatives at a batch
/// of n points, every one a tensor on the tape (so a loss built from them has a parameter
/// gradient).
///
/// Storage is one stacked tensor of shape `[(1 + k + c) * n, outputs]`: rows `0..<n` hold u,
/// block `1 + j` the first directional derivative along direction j, block `1 + k + c'` the
/// second-order channel c'. Both engines produce this same layout. The plan's derivatives
/// given by coordinates (`DerivativePlan.derivative`) are outside it, computed when first
/// asked by `higher` (attached by `Model.derivatives(at:plan:engine:)` and `NestedEngine`).
public struct Derivatives<Scalar: TensorScalar> {
    public let plan: DerivativePlan<Scalar>
    /// The number of points.
    public let pointCount: Int
    /// The stacked values, `[(1 + k + c) * n, outputs]`.
    public let stack: Tensor<Scalar>
    /// Where the derivatives given by coordinates come from (nil: none can be answered).
    public internal(set) var higher: HigherDerivatives<Scalar>?

    public init(plan: DerivativePlan<Scalar>, pointCount n: Int, stack: Tensor<Scalar>) {
        let blocks = 1 + plan.directionCount + plan.channels.count
        require(stack.rank == 2 && stack.shape[0] == blocks * n,
                     "Derivatives: stack of shape \(stack.shape) does not hold \(blocks) blocks of \(n) rows")
        self.plan = plan; self.pointCount = n; self.stack = stack
    }

    public var outputCount: Int { stack.shape[1] }

    func block(_ b: Int) -> Tensor<Scalar> { stack.rows((b * pointCount)..<((b + 1) * pointCount)) }

    /// u at the points, `[n, outputs]`.
    public var value: Tensor<Scalar> { block(0) }

    /// A first directional derivative, `[n, outputs]`.
    public subscript(_ d: DerivativePlan<Scalar>.FirstOrder) -> Tensor<Scalar> { block(1 + plan.position(of: d)) }

    /// A second-order channel (Laplacian, weighted trace, ...), `[n, outputs]`.
    public subscript(_ s: DerivativePlan<Scalar>.SecondOrder) -> Tensor<Scalar> {
        require(s.index >= 0 && s.index < plan.channels.count,
                     "Derivatives: second-order handle \(s.index) is not in this plan (\(plan.channels.count) channels)")
        return block(1 + plan.directionCount + s.index)
    }

    /// A derivative given by its coordinates (`DerivativePlan.derivative`), of output
    /// component `component`, `[n, 1]`; computed now if not yet (see `HigherDerivatives`).
    public func derivative(_ h: DerivativePlan<Scalar>.HigherOrder, component: Int = 0) -> Tensor<Scalar> {
        require(h.index >= 0 && h.index < plan.higherOrders.count,
                "Derivatives: derivative handle \(h.index) is not in this plan (\(plan.higherOrders.count) derivatives by coordinates)")
        guard let higher else {
            fatalError("Derivatives: derivative \(plan.higherOrders[h.index]) asked of derivatives computed without a model or function to differentiate again; use Model.derivatives(at:plan:engine:) or NestedEngine.evaluate")
        }
        return higher(plan.higherOrders[h.index], component: component)
    }

    /// The first derivatives `ds` of output component `component` as a `[n, ds.count]` matrix.
    /// When `ds` are consecutive directions of the plan (as `gradient()` creates them) this
    /// is one reshape of the stack.
    public func matrix(_ ds: [DerivativePlan<Scalar>.FirstOrder], component: Int = 0) -> Tensor<Scalar> {
        require(component >= 0 && component < outputCount,
                     "Derivatives.matrix: component \(component) does not exist (\(outputCount) outputs)")
        let n = pointCount
        let pos = ds.map { plan.position(of: $0) }
        let consecutive = pos.enumerated().allSatisfy { $0.element == (pos.first ?? 0) + $0.offset }
        let col = outputCount == 1 ? stack : stack.column(component)
        if consecutive, let p0 = pos.first {
            return col.rows(((1 + p0) * n)..<((1 + p0 + pos.count) * n)).reshaped([pos.count, n]).transposed()
        }
        return Tensor.concatenatingRows(pos.map { col.rows(((1 + $0) * n)..<((2 + $0) * n)).reshaped([1, n]) }).transposed()
    }
}
