import PINN

/// The training step of `pinn-solve bench-step --problem allen-cahn-ball`: the whole step
/// of the high-dimensional Allen-Cahn ball problem (issue 12), timed end to end:
///
/// 1. draw N fresh radius-uniform points of the unit ball of R^d (`RadiusUniformBall.points`);
/// 2. the closed-form source f = Lap u* + u* - u*^3 of the two-body solution there
///    (`TwoBodySolution`, O(N d));
/// 3. u = (1 - |x|^2) N(x) with N a W-wide, L-deep tanh MLP (`HardConstraint`,
///    `BallDistance`), its Laplacian exact or by k sampled coordinates (scaled by d/k);
/// 4. loss mean((Lap u + u - u^3 - f)^2), its gradient, one Adam step (lr 1e-3 decayed
///    linearly to 0 over 10,000 steps).
public final class BallBenchStep<Scalar: TensorScalar> {
    public private(set) var model: HardConstraint<MLP<Scalar>>
    public let dimension: Int
    public let batch: Int
    let exact: TwoBodySolution
    let engine: DerivativeEngine
    let sampledCoordinates: Int?
    var rng: RandomStream
    let adam = Adam<Scalar>(learningRate: .linear(from: 1e-3, to: 0, steps: 10_000))
    var state: Adam<Scalar>.State
    var parameters: [Tensor<Scalar>]

    /// `sampledCoordinates`: k for the sampled Laplacian, nil for the exact one.
    public init(dim: Int, width: Int, depth: Int, batch: Int, seed: UInt64,
                engine: DerivativeEngine = .taylor, sampledCoordinates: Int? = nil) {
        let net = MLP<Scalar>(MLP.Configuration(inputDimension: dim, hidden: Array(repeating: width, count: depth),
                                                activation: .tanh, initializer: .glorotUniform, seed: seed))
        model = HardConstraint(net, factor: BallDistance<Scalar>(inputDimension: dim))
        dimension = dim
        self.batch = batch
        exact = TwoBodySolution(dimension: dim, seed: 2024)
        self.engine = engine
        self.sampledCoordinates = sampledCoordinates.map { Swift.min($0, dim) }
        rng = RandomStream(seed: seed, stream: 3)
        parameters = model.parameters
        state = adam.makeState(for: parameters)
    }

    /// One step; returns the loss before the update.
    @discardableResult
    public func step() -> Scalar {
        let x: Tensor<Scalar> = RadiusUniformBall.points(batch, dimension: dimension, using: &rng)
        let f = exact.source(x, reaction: .allenCahn)
        var plan = DerivativePlan<Scalar>(inputDimension: dimension)
        let lap = sampledCoordinates.map { plan.sampledLaplacian(samples: $0, using: &rng) } ?? plan.laplacian()
        let result = adam.step(&parameters, state: &state) { p in
            model.parameters = p
            let d = model.derivatives(at: x, plan: plan, engine: engine)
            let u = d.value
            let r = d[lap] + u - u * u.square() - f
            let loss = r.square().mean()
            return LossEvaluation(loss: loss.scalar, gradient: gradients(of: loss, wrt: model.parameters))
        }
        return result.evaluation.loss
    }
}
