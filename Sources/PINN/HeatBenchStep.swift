import Autodiff
import Networks

/// The training step of `pinn-solve bench-step --problem heat`, the step that peers are
/// compared on: u(t, x) = MLP(t, x), residual r = u_t - 0.5 Lap_x u at N interior points,
/// initial term b = u(0, x) - |x|^2 / D at N/4 points, loss mean(r^2) + mean(b^2), one Adam
/// step (lr 1e-3). The points are drawn once.
public final class HeatBenchStep<Scalar: TensorScalar> {
    public private(set) var model: MLP<Scalar>
    let interior: Tensor<Scalar>
    let initial: Tensor<Scalar>
    let initialTarget: Tensor<Scalar>
    let engine: DerivativeEngine
    let stochasticDirections: Int?
    var rng: RandomStream
    var adam: BenchAdam<Scalar>

    public init(dim: Int, width: Int, depth: Int, batch: Int, seed: UInt64,
                engine: DerivativeEngine = .taylor, stochasticDirections: Int? = nil) {
        model = MLP(MLP.Configuration(inputDimension: dim + 1, hidden: Array(repeating: width, count: depth),
                                      activation: .tanh, initializer: .glorotUniform, seed: seed))
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
        adam = BenchAdam(model.parameters.map(\.shape))
    }

    /// One step; returns the loss before the update.
    @discardableResult
    public func step() -> Scalar {
        let D = model.inputDimension
        var plan = DerivativePlan<Scalar>(inputDimension: D)
        let ut = plan.partial(0)
        let lap = stochasticDirections.map { plan.sampledLaplacian(Array(1..<D), samples: min($0, D - 1), using: &rng) }
            ?? plan.laplacian(Array(1..<D))
        let d = model.derivatives(at: interior, plan: plan, engine: engine)
        let r = d[ut] - d[lap] * 0.5
        let b = model(initial) - initialTarget
        let loss = r.square().mean() + b.square().mean()
        let g = gradients(of: loss, wrt: model.parameters)
        var p = model.parameters
        adam.step(&p, g)
        model.parameters = p
        return loss.scalar
    }
}

/// Placeholder until the Optimization module's Adam lands.
struct BenchAdam<S: TensorScalar> {
    var m: [[S]], v: [[S]], t = 0
    init(_ shapes: [[Int]]) { m = shapes.map { [S](repeating: 0, count: $0.reduce(1, *)) }; v = m }
    mutating func step(_ p: inout [Tensor<S>], _ g: [Tensor<S>]) {
        t += 1
        let lr: S = 1e-3, b1: S = 0.9, b2: S = 0.999, eps: S = 1e-8
        let c1 = 1 - S.pow(b1, t), c2 = 1 - S.pow(b2, t)
        for i in p.indices {
            let gs = g[i].scalars
            p[i].withUnsafeMutableBufferPointer { w in
                for j in 0..<w.count {
                    m[i][j] = b1 * m[i][j] + (1 - b1) * gs[j]
                    v[i][j] = b2 * v[i][j] + (1 - b2) * gs[j] * gs[j]
                    w[j] -= lr * (m[i][j] / c1) / (S.sqrt(v[i][j] / c2) + eps)
                }
            }
        }
    }
}
