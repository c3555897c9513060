import Autodiff

/// Limited-memory BFGS (Liu & Nocedal 1989; Nocedal & Wright 2006, Algorithm 7.4/7.5).
///
/// The inverse Hessian is approximated from the last `historySize` pairs
/// s_k = x_{k+1} − x_k, y_k = g_{k+1} − g_k; the direction d = −H g comes from the two-loop
/// recursion with initial scaling H_0 = (sᵀy / yᵀy) I of the newest pair. The step length
/// comes from a strong-Wolfe line search (`StrongWolfeLineSearch`); the first iteration
/// tries α = min(1, 1/||g||). A pair is kept only when sᵀy > 0 (curvature condition), so H
/// stays positive definite.
///
/// One `step` is one iteration (one line search, usually 1-3 evaluations). The objective at
/// the accepted point is cached in the state, so the next iteration does not re-evaluate.
/// Stopping rules (status `.converged`): max |g_i| ≤ `gradientTolerance`; max |α d_i| ≤
/// `stepTolerance`; relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤
/// `functionTolerance`; or no acceptable step even along −g.
/// The objective must be deterministic (full batch): call `objectiveDidChange` after
/// resampling or re-weighting, which drops the cache and the history.
public struct LBFGS<Scalar: TensorScalar>: Optimizer {
    public var historySize: Int
    public var gradientTolerance: Scalar
    public var stepTolerance: Scalar
    public var functionTolerance: Scalar
    /// Objective evaluations allowed per line search.
    public var maxLineSearchEvaluations: Int

    public init(historySize: Int = 10, gradientTolerance: Scalar = 1e-9, stepTolerance: Scalar = 1e-12,
                functionTolerance: Scalar = 0, maxLineSearchEvaluations: Int = 25) {
        require(historySize >= 1, "LBFGS: historySize must be at least 1, got \(historySize)")
        self.historySize = historySize; self.gradientTolerance = gradientTolerance
        self.stepTolerance = stepTolerance; self.functionTolerance = functionTolerance
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    public var name: String { "lbfgs" }
    public var divergenceHint: String {
        "L-BFGS only accepts steps that decrease the loss, so the starting point itself is not finite: check the initial parameters and the loss terms"
    }

    public struct State: OptimizerState {
        public var iteration: Int
        /// Curvature pairs, oldest first, as flat vectors.
        public var s: [[Scalar]]
        public var y: [[Scalar]]
        /// The evaluation at the current parameters: loss, flat gradient, term values.
        var cachedLoss: Scalar?
        var cachedGradient: [Scalar]
        var cachedTerms: [NamedValue<Scalar>]

        init(iteration: Int) {
            self.iteration = iteration; s = []; y = []; cachedLoss = nil; cachedGradient = []; cachedTerms = []
        }

        public var record: OptimizerStateRecord<Scalar> {
            var tensors = s.map { Tensor($0) } + y.map { Tensor($0) }
            if let f = cachedLoss {
                tensors += [Tensor(scalar: f), Tensor(cachedGradient), Tensor(cachedTerms.map(\.value))]
            }
            return OptimizerStateRecord(kind: "lbfgs",
                                        integers: [Int64(iteration), Int64(s.count), cachedLoss == nil ? 0 : 1],
                                        strings: cachedTerms.map(\.name), tensors: tensors)
        }

        public init(record: OptimizerStateRecord<Scalar>) throws {
            try record.expect(kind: "lbfgs", integers: 3)
            let pairs = Int(record.integers[1]), cached = record.integers[2] != 0
            guard pairs >= 0, record.tensors.count == 2 * pairs + (cached ? 3 : 0) else {
                throw CheckpointError.incompatibleState("the 'lbfgs' state record has \(record.tensors.count) tensors for \(pairs) pairs")
            }
            self.init(iteration: Int(record.integers[0]))
            s = record.tensors[0..<pairs].map(\.scalars)
            y = record.tensors[pairs..<(2 * pairs)].map(\.scalars)
            if cached {
                cachedLoss = record.tensors[2 * pairs].scalar
                cachedGradient = record.tensors[2 * pairs + 1].scalars
                let values = record.tensors[2 * pairs + 2].scalars
                guard values.count == record.strings.count else {
                    throw CheckpointError.incompatibleState("the 'lbfgs' state has \(values.count) term values for \(record.strings.count) names")
                }
                cachedTerms = zip(record.strings, values).map { NamedValue($0, $1) }
            }
        }

        mutating func dropCache() { cachedLoss = nil; cachedGradient = []; cachedTerms = [] }
    }

    public func makeState(for parameters: [Tensor<Scalar>]) -> State { State(iteration: 0) }

    public func objectiveDidChange(state: inout State) {
        state.dropCache()
        state.s.removeAll(); state.y.removeAll()
    }

    /// d = −H g by the two-loop recursion.
    func direction(_ g: [Scalar], _ state: State) -> [Scalar] {
        var q = g
        let k = state.s.count
        var alphas = [Scalar](repeating: 0, count: k)
        var rhos = [Scalar](repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            rhos[i] = 1 / ParameterAlgebra.dot(state.y[i], state.s[i])
            alphas[i] = rhos[i] * ParameterAlgebra.dot(state.s[i], q)
            let yi = state.y[i], a = alphas[i]
            for j in q.indices { q[j] -= a * yi[j] }
        }
        if k > 0 {
            let gamma = ParameterAlgebra.dot(state.s[k - 1], state.y[k - 1]) / ParameterAlgebra.dot(state.y[k - 1], state.y[k - 1])
            for j in q.indices { q[j] *= gamma }
        }
        for i in 0..<k {
            let beta = rhos[i] * ParameterAlgebra.dot(state.y[i], q)
            let si = state.s[i], c = alphas[i] - beta
            for j in q.indices { q[j] += c * si[j] }
        }
        for j in q.indices { q[j] = -q[j] }
        return q
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
                     objective: Objective<Scalar>) -> OptimizerStep<Scalar> {
        var evaluations = 0
        let x = ParameterAlgebra.flatten(parameters)
        let start: LossEvaluation<Scalar>
        let g: [Scalar]
        if let f = state.cachedLoss, state.cachedGradient.count == x.count {
            g = state.cachedGradient
            start = LossEvaluation(loss: f, terms: state.cachedTerms, gradient: Self.unflatten(g, like: parameters))
        } else {
            start = objective(parameters)
            evaluations += 1
            g = ParameterAlgebra.flatten(start.gradient)
        }
        guard start.loss.isFinite, g.allSatisfy({ $0.isFinite }) else {
            return OptimizerStep(evaluation: start, status: .nonFinite, evaluations: evaluations)
        }
        func done(_ status: OptimizerStatus) -> OptimizerStep<Scalar> {
            OptimizerStep(evaluation: start, status: status, evaluations: evaluations)
        }
        if g.allSatisfy({ Swift.abs($0) <= gradientTolerance }) {
            return done(.converged("gradient max-norm is at most \(gradientTolerance)"))
        }

        let search = StrongWolfeLineSearch<Scalar>(maxEvaluations: maxLineSearchEvaluations)
        func phi(_ alpha: Scalar, _ d: [Scalar]) -> StrongWolfeLineSearch<Scalar>.Point {
            var trial = x
            for j in trial.indices { trial[j] += alpha * d[j] }
            ParameterAlgebra.assign(trial, to: &parameters)
            let e = objective(parameters)
            let ge = ParameterAlgebra.flatten(e.gradient)
            return .init(alpha: alpha, value: e.loss, slope: ParameterAlgebra.dot(ge, d), gradient: ge, evaluation: e)
        }

        var d = direction(g, state)
        if !(ParameterAlgebra.dot(d, g) < 0) {
            state.s.removeAll(); state.y.removeAll()
            d = g.map { -$0 }
        }
        var accepted: StrongWolfeLineSearch<Scalar>.Point? = nil
        for attempt in 0..<2 {
            let slope = ParameterAlgebra.dot(d, g)
            let gnorm = Scalar.sqrt(ParameterAlgebra.dot(g, g))
            let alpha0: Scalar = state.s.isEmpty ? Swift.min(1, 1 / gnorm) : 1
            let startPoint = StrongWolfeLineSearch<Scalar>.Point(alpha: 0, value: start.loss, slope: slope, gradient: g, evaluation: nil)
            let direction = d
            let (point, used) = search.search(start: startPoint, initialStep: alpha0) { phi($0, direction) }
            evaluations += used
            if let point { accepted = point; break }
            if attempt == 0 && !state.s.isEmpty {
                state.s.removeAll(); state.y.removeAll()
                d = g.map { -$0 }
            } else {
                break
            }
        }
        guard let p = accepted, let e = p.evaluation else {
            ParameterAlgebra.assign(x, to: &parameters)
            return done(.converged("the line search found no acceptable step along the steepest-descent direction"))
        }
        var step = d
        for j in step.indices { step[j] *= p.alpha }
        var xNew = x
        for j in xNew.indices { xNew[j] += step[j] }
        ParameterAlgebra.assign(xNew, to: &parameters)

        var yNew = p.gradient
        for j in yNew.indices { yNew[j] -= g[j] }
        if ParameterAlgebra.dot(step, yNew) > Scalar.ulpOfOne * ParameterAlgebra.dot(yNew, yNew) {
            state.s.append(step); state.y.append(yNew)
            if state.s.count > historySize { state.s.removeFirst(); state.y.removeFirst() }
        }
        state.cachedLoss = p.value
        state.cachedGradient = p.gradient
        state.cachedTerms = e.terms
        state.iteration += 1

        if p.gradient.allSatisfy({ Swift.abs($0) <= gradientTolerance }) {
            return done(.converged("gradient max-norm is at most \(gradientTolerance)"))
        }
        if step.allSatisfy({ Swift.abs($0) <= stepTolerance }) {
            return done(.converged("step max-norm is at most \(stepTolerance)"))
        }
        let scale = Swift.max(Swift.abs(start.loss), Swift.abs(p.value), 1)
        if (start.loss - p.value) <= functionTolerance * scale {
            return done(.converged("relative loss decrease is at most \(functionTolerance)"))
        }
        return done(.progressing)
    }

    static func unflatten(_ flat: [Scalar], like parameters: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        var offset = 0
        return parameters.map { p in
            defer { offset += p.count }
            return Tensor(shape: p.shape, scalars: Array(flat[offset..<(offset + p.count)]))
        }
    }
}
