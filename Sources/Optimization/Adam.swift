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
                        // The model usually still holds the old values: write the new ones
                        // straight into a fresh buffer rather than copy first.
                        parameters[k].rewriteElements { old, new in
                            // Elementwise, so splitting over the cores changes nothing in the result.
                            let x = old.baseAddress!, y = new.baseAddress!
                            let m = m.baseAddress!, v = v.baseAddress!, gk = gk.baseAddress!
                            Parallel.forEachChunk(new.count, minChunk: 1 << 16) { range in
                                if Scalar.self == Float.self {
                                    Self.update(x, y, m, v, gk, range, b1, b2, c1, c2, eta, eps, l2, decay)
                                    return
                                }
                                for i in range {
                                    let xi = x[i], gi = gk[i] + l2 * xi
                                    m[i] = b1 * m[i] + (1 - b1) * gi
                                    v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                    let update = eta * (m[i] * c1) / (Scalar.sqrt(v[i] * c2) + eps)
                                    y[i] = xi - update - decay * xi
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

    /// The Float update over `range` in explicit 8-lane vectors (the generic loop stays
    /// scalar), square roots by `fastSqrt` (Newton, within an ulp) in the vectors and the tail
    /// alike. The same formula as the generic loop.
    @inline(__always)
    static func update<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>,
                                        _ v: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ range: Range<Int>,
                                        _ b1: T, _ b2: T, _ c1: T, _ c2: T, _ eta: T, _ eps: T, _ l2: T, _ decay: T) {
        func f(_ t: T) -> Float { unsafeBitCast(t, to: Float.self) }
        let (b1, b2, c1, c2, eta, eps, l2, decay) = (f(b1), f(b2), f(c1), f(c2), f(eta), f(eps), f(l2), f(decay))
        let xr = UnsafeRawPointer(x), gr = UnsafeRawPointer(g)
        let yr = UnsafeMutableRawPointer(y), mr = UnsafeMutableRawPointer(m), vr = UnsafeMutableRawPointer(v)
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let o = 4 &* i
            let xi = xr.loadUnaligned(fromByteOffset: o, as: Float8.self)
            let gi = gr.loadUnaligned(fromByteOffset: o, as: Float8.self) + l2 * xi
            let mi = b1 * mr.loadUnaligned(fromByteOffset: o, as: Float8.self) + (1 - b1) * gi
            let vi = b2 * vr.loadUnaligned(fromByteOffset: o, as: Float8.self) + (1 - b2) * gi * gi
            let step = eta * (mi * c1) / (fastSqrt(vi * c2) + eps)
            mr.storeBytes(of: mi, toByteOffset: o, as: Float8.self)
            vr.storeBytes(of: vi, toByteOffset: o, as: Float8.self)
            yr.storeBytes(of: xi - step - decay * xi, toByteOffset: o, as: Float8.self)
            i += 8
        }
        let xf = xr.assumingMemoryBound(to: Float.self), gf = gr.assumingMemoryBound(to: Float.self)
        let yf = yr.assumingMemoryBound(to: Float.self), mf = mr.assumingMemoryBound(to: Float.self)
        let vf = vr.assumingMemoryBound(to: Float.self)
        while i < range.upperBound {
            let xi = xf[i], gi = gf[i] + l2 * xi
            mf[i] = b1 * mf[i] + (1 - b1) * gi
            vf[i] = b2 * vf[i] + (1 - b2) * gi * gi
            yf[i] = xi - eta * (mf[i] * c1) / (fastSqrt(vf[i] * c2) + eps) - decay * xi
            i += 1
        }
    }
}
