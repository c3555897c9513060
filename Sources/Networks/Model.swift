import Autodiff

/// A differentiable function u: R^D -> R^out with trainable parameters.
///
/// `callAsFunction` maps a batch `[n, D]` to `[n, out]`. `taylor(_:plan:)` evaluates u and
/// every derivative in a `DerivativePlan` in one forward pass of second-order Taylor jets;
/// a model without a Taylor path can inherit the nested-reverse-mode one.
public protocol Model<Scalar> {
    associatedtype Scalar: TensorScalar
    var inputDimension: Int { get }
    var outputDimension: Int { get }
    /// The trainable tensors, in a fixed order; setting replaces them (same shapes).
    var parameters: [Tensor<Scalar>] { get set }
    func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar>
    /// u and the plan's derivatives by Taylor-mode propagation.
    func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar>
    /// The coefficients c_0 ... c_order of u(x + h e_coordinate) = sum_k c_k h^k, each
    /// `[n, outputs]` and on the tape (`CoordinateSeries`); nested reverse mode by default.
    func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>]
}

/// The network a solver trains.
public enum NetworkArchitecture: String, Sendable, CaseIterable, Codable {
    /// A multilayer perceptron on all inputs (`MLP`).
    case mlp
    /// The modified MLP of Wang, Teng & Perdikaris (2021): an MLP whose hidden outputs are
    /// mixed by two gates of the input (`MLP.Configuration.gated`).
    case modifiedMLP = "modified-mlp"
    /// A network invariant under permutations of the problem's exchangeable coordinates
    /// (`DeepSetsNetwork`): per-coordinate features, pooled, then an MLP.
    case deepSets = "deep-sets"
}

/// How input derivatives are computed.
public enum DerivativeEngine: String, Sendable, CaseIterable, Codable {
    /// Forward propagation of second-order Taylor jets (fast; derivatives up to order 2);
    /// higher orders along one coordinate by univariate Taylor series (`series`).
    case taylor
    /// Nested reverse mode (generic; any order through `NestedEngine`).
    case nested
}

extension Model {
    /// u and the derivatives in `plan` at the points `x` (`[n, inputDimension]`): the stacked
    /// orders 1 and 2 in one pass of `engine`, the derivatives given by coordinates
    /// (`DerivativePlan.derivative`) when first asked, routed by `HigherDerivatives`. This is
    /// the one place the engine is chosen.
    public func derivatives(at x: Tensor<Scalar>, plan: DerivativePlan<Scalar>,
                            engine: DerivativeEngine = .taylor) -> Derivatives<Scalar> {
        checkInput(x, "derivatives(at:plan:)")
        require(plan.inputDimension == inputDimension,
                     "derivatives(at:plan:): plan is for input dimension \(plan.inputDimension), model takes \(inputDimension)")
        var d: Derivatives<Scalar>
        switch engine {
        case .taylor: d = taylor(x, plan: plan)
        case .nested: d = NestedEngine.evaluate(self.callAsFunction, at: x, plan: plan)
        }
        if !plan.higherOrders.isEmpty { d.higher = HigherDerivatives(self, at: x, requests: plan.higherOrders, engine: engine) }
        return d
    }

    /// Checks a batch of inputs has shape `[n, inputDimension]`.
    public func checkInput(_ x: Tensor<Scalar>, _ op: String) {
        require(x.rank == 2 && x.shape[1] == inputDimension,
                     "\(op): input of shape \(x.shape) does not match the model's input dimension \(inputDimension) (expected [n, \(inputDimension)])")
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

extension Tensor {
    /// Adds a row vector to the first `n` rows only (the value block of a Taylor stack).
    func addingRowToLeadingRows(_ row: Tensor, _ n: Int) -> Tensor {
        require(rank == 2 && row.count == shape[1] && n <= shape[0],
                     "addingRowToLeadingRows: \(shape) with row \(row.shape) over \(n) rows")
        var y = self.detached
        let m = shape[1], r = row.scalars
        y.withUnsafeMutableBufferPointer { p in
            for i in 0..<n { for j in 0..<m { p[i * m + j] += r[j] } }
        }
        return Tensor.record("addRowToLeadingRows", y, [self, row]) { c in
            [c.needs[0] ? c.grad : nil,
             c.needs[1] ? c.grad.rows(0..<n).sum(alongAxis: 0).reshaped(c.inputs[1].shape) : nil]
        }
    }
}
