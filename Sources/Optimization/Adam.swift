import Autodiff

/// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019).
///
/// With gradient g at x_t, step number t = 1, 2, ... and learning rate η:
///
///     g ← g + λ x_t                        (L2 weight decay, Adam only)
///     m ← β1 m + (1 − β1) g
///     v ← β2 v + (1 − β2) g²
///     m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
///     x_{t+1} = x_t − η m̂ / (sqrt(v̂) + ε) − η λ x_t   (the last term: AdamW only)
///
/// AdamW decouples the weight decay from the adaptive scaling; make it with `Adam.adamW`.
/// The gradient is clipped to `clipNorm` (global norm) first when set.
public struct Adam<Scalar: TensorScalar>: Optimizer {
    public var learningRate: LearningRateSchedule<Scalar>
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    public var weightDecay: Scalar
    /// True for AdamW (decoupled weight decay).
    public var decoupledWeightDecay: Bool
    public var clipNorm: Scalar?

    public init(learningRate: LearningRateSchedule<Scalar>, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, decoupledWeightDecay: Bool = false,
                clipNorm: Scalar? = nil) {
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                     "Adam: beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
        require(epsilon > 0, "Adam: epsilon must be positive, got \(epsilon)")
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.weightDecay = weightDecay; self.decoupledWeightDecay = decoupledWeightDecay; self.clipNorm = clipNorm
    }

    public init(learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0, clipNorm: Scalar? = nil) {
        self.init(learningRate: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon,
                  weightDecay: weightDecay, clipNorm: clipNorm)
    }

    /// AdamW: Adam with decoupled weight decay λ (default 0.01).
    public static func adamW(learningRate: LearningRateSchedule<Scalar>, weightDecay: Scalar = 0.01,
                             beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                             clipNorm: Scalar? = nil) -> Adam {
        Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
             decoupledWeightDecay: true, clipNorm: clipNorm)
    }

    public var name: String { decoupledWeightDecay ? "adamw" : "adam" }
    public var divergenceHint: String {
        "try a smaller learning rate (now \(learningRate.initialRate)), a warm-up schedule or a gradient clipping norm"
    }

    public struct State: OptimizerState {
        public var iteration: Int
        /// First and second moment estimates, one tensor per parameter.
        public var m: [Tensor<Scalar>]
        public var v: [Tensor<Scalar>]

        public var record: OptimizerStateRecord<Scalar> {
            OptimizerStateRecord(kind: "adam", integers: [Int64(iteration), Int64(m.count)], tensors: m + v)
        }

        public init(iteration: Int, m: [Tensor<Scalar>], v: [Tensor<Scalar>]) {
            self.iteration = iteration; self.m = m; self.v = v
        }

        public init(record: OptimizerStateRecord<Scalar>) throws {
            try record.expect(kind: "adam", integers: 2)
            let n = Int(record.integers[1])
            guard record.tensors.count == 2 * n else {
                throw CheckpointError.incompatibleState("the 'adam' state record has \(record.tensors.count) tensors; expected \(2 * n)")
            }
            self.init(iteration: Int(record.integers[0]), m: Array(record.tensors[0..<n]),
                      v: Array(record.tensors[n..<(2 * n)]))
        }
    }

    public func makeState(for parameters: [Tensor<Scalar>]) -> State {
        State(iteration: 0, m: parameters.map { Tensor.zeros($0.shape) }, v: parameters.map { Tensor.zeros($0.shape) })
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
                     objective: Objective<Scalar>) -> OptimizerStep<Scalar> {
        let evaluation = objective(parameters)
        var g = evaluation.gradient
        guard evaluation.loss.isFinite, ParameterAlgebra.allFinite(g) else {
            return OptimizerStep(evaluation: evaluation, status: .nonFinite, evaluations: 1)
        }
        require(state.m.count == parameters.count,
                     "Adam.step: state has \(state.m.count) buffers for \(parameters.count) parameters")
        if let c = clipNorm { GradientClipping.clip(&g, maxNorm: c) }
        let eta = learningRate.rate(at: state.iteration)
        let t = Scalar(state.iteration + 1)
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 / (1 - Scalar.pow(b1, t)), c2 = 1 / (1 - Scalar.pow(b2, t))
        let l2 = decoupledWeightDecay ? 0 : weightDecay
        let decay = decoupledWeightDecay ? eta * weightDecay : 0
        for k in parameters.indices {
            require(g[k].shape == parameters[k].shape,
                         "Adam.step: gradient \(k) has shape \(g[k].shape), parameter \(parameters[k].shape)")
            g[k].withUnsafeBufferPointer { gk in
                state.m[k].withUnsafeMutableBufferPointer { m in
                    state.v[k].withUnsafeMutableBufferPointer { v in
                        parameters[k].withUnsafeMutableBufferPointer { xb in
                            // Elementwise, so splitting over the cores changes nothing in the result.
                            let x = xb.baseAddress!, m = m.baseAddress!, v = v.baseAddress!, gk = gk.baseAddress!
                            Parallel.forEachChunk(xb.count, minChunk: 1 << 16) { range in
                                for i in range {
                                    let gi = gk[i] + l2 * x[i]
                                    m[i] = b1 * m[i] + (1 - b1) * gi
                                    v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                    let update = eta * (m[i] * c1) / (Scalar.sqrt(v[i] * c2) + eps)
                                    x[i] = x[i] - update - decay * x[i]
                                }
                            }
                        }
                    }
                }
            }
        }
        state.iteration += 1
        return OptimizerStep(evaluation: evaluation, status: .progressing, evaluations: 1)
    }
}
