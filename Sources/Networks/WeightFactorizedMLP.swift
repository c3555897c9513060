import Autodiff

/// An MLP with random weight factorisation (Wang, Wang, Wang & Perdikaris 2022, "Random weight
/// factorization improves the training of continuous neural representations"): every weight
/// matrix is W = V diag(exp(s)), and the network is trained in (s, V), each neuron's scale
/// exp(s_j) a parameter of its own. The function is the MLP's; only the coordinates the
/// optimiser moves in change.
///
/// At initialisation s ~ N(mean, std^2) per neuron and V = W diag(exp(-s)), so the network
/// starts as the plain MLP with the same seed. Derivatives in the inputs are the MLP's (Taylor
/// mode, series); the gradient reaches s and V through W = V exp(s), recomputed whenever the
/// parameters are set.
public struct WeightFactorizedMLP<Scalar: TensorScalar>: Model {
    public private(set) var network: MLP<Scalar>
    /// s_l, `[fanOut]`, and V_l, `[fanIn, fanOut]`, per layer (the output layer last).
    var scales: [Tensor<Scalar>]
    var directions: [Tensor<Scalar>]

    public init(_ network: MLP<Scalar>, mean: Double = 1, std: Double = 0.1, seed: UInt64 = 0) {
        require(std >= 0 && mean.isFinite && std.isFinite, "WeightFactorizedMLP: scale distribution N(\(mean), \(std)^2)")
        var rng = RandomStream(seed: seed, stream: 41)
        let p = network.parameters
        var s: [Tensor<Scalar>] = [], v: [Tensor<Scalar>] = []
        for l in 0..<(p.count / 2) {
            let W = p[2 * l].detached, fanOut = W.shape[1]
            let sl = (0..<fanOut).map { _ in mean + std * rng.normal(Double.self) }
            s.append(Tensor(sl.map { Scalar($0) }).requiringGradient())
            v.append(W.multiplyingRow(Tensor(sl.map { Scalar(Double.exp(-$0)) })).requiringGradient())
        }
        self.network = network
        scales = s; directions = v
        self.parameters = parameters
    }

    public var inputDimension: Int { network.inputDimension }
    public var outputDimension: Int { network.outputDimension }

    /// s_1, V_1, b_1, ..., s_out, V_out, b_out.
    public var parameters: [Tensor<Scalar>] {
        get {
            let b = network.parameters
            return scales.indices.flatMap { [scales[$0], directions[$0], b[2 * $0 + 1]] }
        }
        set {
            require(newValue.count == 3 * scales.count,
                    "WeightFactorizedMLP.parameters: expected \(3 * scales.count) tensors, got \(newValue.count)")
            var plain: [Tensor<Scalar>] = []
            for l in scales.indices {
                let (s, V) = (newValue[3 * l], newValue[3 * l + 1])
                require(s.shape == scales[l].shape && V.shape == directions[l].shape,
                        "WeightFactorizedMLP.parameters: layer \(l) expects \(scales[l].shape) and \(directions[l].shape), got \(s.shape) and \(V.shape)")
                scales[l] = s.isTracked ? s : s.requiringGradient()
                directions[l] = V.isTracked ? V : V.requiringGradient()
                plain += [directions[l].multiplyingRow(scales[l].exp()), newValue[3 * l + 2]]
            }
            network.parameters = plain
        }
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { network(x) }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        network.taylor(x, plan: plan)
    }

    public func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>] {
        network.series(at: x, along: coordinate, order: order)
    }
}
