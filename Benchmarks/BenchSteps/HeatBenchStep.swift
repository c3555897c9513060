import PINN

/// The training step of `pinn-solve bench-step --problem heat`, the step that peers are
/// compared on: u(t, x) = MLP(t, x), residual r = u_t - 0.5 Lap_x u at N interior points,
/// initial term b = u(0, x) - |x|^2 / D at N/4 points, loss mean(r^2) + mean(b^2), one Adam
/// step (lr 1e-3). The points are drawn once. With `architecture: .deepSets` the network is
/// the deep-sets network over x_1 ... x_D (the problem is symmetric in them): `poolFeatures`
/// tanh units per coordinate, summed, then width x depth on (t, sums).
public final class HeatBenchStep<Scalar: TensorScalar> {
    public private(set) var model: any Model<Scalar>
    let interior: Tensor<Scalar>
    let initial: Tensor<Scalar>
    let initialTarget: Tensor<Scalar>
    let engine: DerivativeEngine
    let stochasticDirections: Int?
    var rng: RandomStream
    let adam = Adam<Scalar>(learningRate: 1e-3)
    var state: Adam<Scalar>.State
    var parameters: [Tensor<Scalar>]

    public init(dim: Int, width: Int, depth: Int, batch: Int, seed: UInt64,
                engine: DerivativeEngine = .taylor, stochasticDirections: Int? = nil,
                architecture: NetworkArchitecture = .mlp, poolFeatures: Int = 16) {
        let hidden = Array(repeating: width, count: depth)
        switch architecture {
        case .mlp, .modifiedMLP:
            model = MLP<Scalar>(MLP.Configuration(inputDimension: dim + 1, hidden: hidden,
                                                  activation: .tanh, initializer: .glorotUniform,
                                                  gated: architecture == .modifiedMLP, seed: seed))
        case .deepSets:
            model = DeepSetsNetwork<Scalar>(.init(inputDimension: dim + 1, pooled: Array(1...dim), features: poolFeatures,
                                                  featureHidden: [], hidden: hidden, activation: .tanh,
                                                  inputLower: [0] + [Double](repeating: -1, count: dim),
                                                  inputUpper: [Double](repeating: 1, count: dim + 1), seed: seed))
        }
        var r = RandomStream(seed: seed, stream: 1)
        let t = Tensor<Scalar>.uniform([batch, 1], using: &r)
        let x = Tensor<Scalar>.uniform([batch, dim], low: -1, high: 1, using: &r)
        interior = Tensor.concatenatingRows([t.transposed(), x.transposed()]).transposed()
        let x0 = Tensor<Scalar>.uniform([batch / 4, dim], low: -1, high: 1, using: &r)
        initial = Tensor.concatenatingRows([Tensor<Scalar>.zeros([1, batch / 4]), x0.transposed()]).transposed()
        initialTarget = x0.squaredNorm(alongAxis: 1) * (1 / Scalar(dim))
        self.engine = engine
        self.stochasticDirections = stochasticDirections
        rng = RandomStream(seed: seed, stream: 2)
        parameters = model.parameters
        state = adam.makeState(for: parameters)
    }

    /// One step; returns the loss before the update.
    @discardableResult
    public func step() -> Scalar {
        let D = model.inputDimension
        var plan = DerivativePlan<Scalar>(inputDimension: D)
        let ut = plan.partial(0)
        let lap = stochasticDirections.map { plan.sampledLaplacian(Array(1..<D), samples: min($0, D - 1), using: &rng) }
            ?? plan.laplacian(Array(1..<D))
        let result = adam.step(&parameters, state: &state) { p in
            model.parameters = p
            let d = model.derivatives(at: interior, plan: plan, engine: engine)
            let r = d[ut] - d[lap] * 0.5
            let b = model(initial) - initialTarget
            let loss = r.square().mean() + b.square().mean()
            return LossEvaluation(loss: loss.scalar, gradient: gradients(of: loss, wrt: model.parameters))
        }
        return result.evaluation.loss
    }
}
