import Autodiff

/// Stochastic gradient descent with momentum, Nesterov momentum and weight decay.
///
/// With gradient g_t at x_t, learning rate η_t, momentum μ and L2 weight decay λ:
///
///     g ← g_t + λ x_t
///     v ← μ v + g                          (v_0 = 0)
///     d ← g + μ v  (Nesterov)  or  v  (classical)
///     x_{t+1} = x_t − η_t d
///
/// μ = 0 gives plain gradient descent. This is the formulation of Sutskever et al. (2013)
/// as PyTorch writes it. The gradient is clipped to `clipNorm` (global norm) first when set.
public struct SGD<Scalar: TensorScalar>: Optimizer {
    public var learningRate: LearningRateSchedule<Scalar>
    public var momentum: Scalar
    public var nesterov: Bool
    public var weightDecay: Scalar
    public var clipNorm: Scalar?

    public init(learningRate: LearningRateSchedule<Scalar>, momentum: Scalar = 0, nesterov: Bool = false,
                weightDecay: Scalar = 0, clipNorm: Scalar? = nil) {
        require(momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got \(momentum)")
        require(!nesterov || momentum > 0, "SGD: Nesterov momentum needs momentum > 0")
        self.learningRate = learningRate; self.momentum = momentum; self.nesterov = nesterov
        self.weightDecay = weightDecay; self.clipNorm = clipNorm
    }

    public init(learningRate: Scalar, momentum: Scalar = 0, nesterov: Bool = false, weightDecay: Scalar = 0,
                clipNorm: Scalar? = nil) {
        self.init(learningRate: .constant(learningRate), momentum: momentum, nesterov: nesterov,
                  weightDecay: weightDecay, clipNorm: clipNorm)
    }

    public var name: String { "sgd" }
    public var divergenceHint: String {
        "try a smaller learning rate (now \(learningRate.initialRate)) or set a gradient clipping norm"
    }

    public struct State: OptimizerState {
        public var iteration: Int
        /// The momentum buffers, one per parameter.
        public var velocity: [Tensor<Scalar>]

        public var record: OptimizerStateRecord<Scalar> {
            OptimizerStateRecord(kind: "sgd", integers: [Int64(iteration)], tensors: velocity)
        }

        public init(iteration: Int, velocity: [Tensor<Scalar>]) { self.iteration = iteration; self.velocity = velocity }

        public init(record: OptimizerStateRecord<Scalar>) throws {
            try record.expect(kind: "sgd", integers: 1)
            self.init(iteration: Int(record.integers[0]), velocity: record.tensors)
        }
    }

    public func makeState(for parameters: [Tensor<Scalar>]) -> State {
        State(iteration: 0, velocity: parameters.map { Tensor.zeros($0.shape) })
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
                     objective: Objective<Scalar>) -> OptimizerStep<Scalar> {
        let evaluation = objective(parameters)
        var g = evaluation.gradient
        guard evaluation.loss.isFinite, ParameterAlgebra.allFinite(g) else {
            return OptimizerStep(evaluation: evaluation, status: .nonFinite, evaluations: 1)
        }
        require(state.velocity.count == parameters.count,
                     "SGD.step: state has \(state.velocity.count) buffers for \(parameters.count) parameters")
        if let c = clipNorm { GradientClipping.clip(&g, maxNorm: c) }
        let eta = learningRate.rate(at: state.iteration)
        let mu = momentum, lambda = weightDecay, nest = nesterov
        for k in parameters.indices {
            require(g[k].shape == parameters[k].shape,
                         "SGD.step: gradient \(k) has shape \(g[k].shape), parameter \(parameters[k].shape)")
            g[k].withUnsafeBufferPointer { gk in
                state.velocity[k].withUnsafeMutableBufferPointer { v in
                    // As in Adam: the model usually still holds the old values.
                    parameters[k].rewriteElements { x, y in
                        for i in 0..<y.count {
                            let xi = x[i], gi = gk[i] + lambda * xi
                            v[i] = mu * v[i] + gi
                            let d = nest ? gi + mu * v[i] : v[i]
                            y[i] = xi - eta * d
                        }
                    }
                }
            }
        }
        state.iteration += 1
        return OptimizerStep(evaluation: evaluation, status: .progressing, evaluations: 1)
    }
}
