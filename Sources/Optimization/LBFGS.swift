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
        /// The curvature pairs, oldest first.
        var pairs: LBFGSPairs<Scalar>
        /// The evaluation at the current parameters.
        var cache = QuasiNewtonCache<Scalar>()

        init(iteration: Int, historySize: Int) {
            self.iteration = iteration; pairs = LBFGSPairs(historySize: historySize)
        }

        /// How many curvature pairs are kept now.
        public var pairCount: Int { pairs.s.count }

        public var record: OptimizerStateRecord<Scalar> {
            OptimizerStateRecord(kind: "lbfgs",
                                 integers: [Int64(iteration), Int64(pairs.s.count), cache.loss == nil ? 0 : 1],
                                 strings: cache.terms.map(\.name),
                                 tensors: pairs.s.map { Tensor($0) } + pairs.y.map { Tensor($0) } + cache.tensors)
        }

        /// The history size is not in the record: the restored state keeps every pair it
        /// holds and `LBFGS.step` trims to the optimiser's own `historySize`.
        public init(record: OptimizerStateRecord<Scalar>) throws {
            try record.expect(kind: "lbfgs", integers: 3)
            let n = Int(record.integers[1]), cached = record.integers[2] != 0
            guard n >= 0, record.tensors.count == 2 * n + (cached ? 3 : 0) else {
                throw CheckpointError.incompatibleState("the 'lbfgs' state record has \(record.tensors.count) tensors for \(n) pairs")
            }
            self.init(iteration: Int(record.integers[0]), historySize: Swift.max(n, 1))
            pairs.s = record.tensors[0..<n].map(\.scalars)
            pairs.y = record.tensors[n..<(2 * n)].map(\.scalars)
            cache = try QuasiNewtonCache(tensors: record.tensors[(2 * n)...], names: record.strings, kind: "lbfgs")
        }
    }

    public func makeState(for parameters: [Tensor<Scalar>]) -> State { State(iteration: 0, historySize: historySize) }

    public func objectiveDidChange(state: inout State) {
        state.cache.drop()
        state.pairs.reset()
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
                     objective: Objective<Scalar>) -> OptimizerStep<Scalar> {
        state.pairs.historySize = historySize
        state.pairs.trim()
        return QuasiNewtonIteration.step(&parameters, model: &state.pairs, cache: &state.cache, iteration: &state.iteration,
                                         tolerances: .init(gradient: gradientTolerance, step: stepTolerance,
                                                           function: functionTolerance, lineSearchEvaluations: maxLineSearchEvaluations),
                                         objective: objective)
    }
}

/// The L-BFGS inverse-Hessian model: the last `historySize` pairs (s_k, y_k) as flat
/// vectors, applied by the two-loop recursion with H_0 = (sᵀy / yᵀy) I of the newest pair.
struct LBFGSPairs<Scalar: TensorScalar>: CurvatureModel, Sendable {
    var historySize: Int
    var s: [[Scalar]] = []
    var y: [[Scalar]] = []

    init(historySize: Int) { self.historySize = historySize }

    var isEmpty: Bool { s.isEmpty }

    mutating func reset() { s.removeAll(); y.removeAll() }

    mutating func trim() {
        while s.count > historySize { s.removeFirst(); y.removeFirst() }
    }

    mutating func update(step: [Scalar], gradientChange: [Scalar], gradient: [Scalar], alpha: Scalar) {
        s.append(step); y.append(gradientChange)
        trim()
    }

    /// d = −H g by the two-loop recursion.
    func direction(_ g: [Scalar]) -> [Scalar] {
        var q = g
        let k = s.count
        var alphas = [Scalar](repeating: 0, count: k)
        var rhos = [Scalar](repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            rhos[i] = 1 / ParameterAlgebra.dot(y[i], s[i])
            alphas[i] = rhos[i] * ParameterAlgebra.dot(s[i], q)
            let yi = y[i], a = alphas[i]
            for j in q.indices { q[j] -= a * yi[j] }
        }
        if k > 0 {
            let gamma = ParameterAlgebra.dot(s[k - 1], y[k - 1]) / ParameterAlgebra.dot(y[k - 1], y[k - 1])
            for j in q.indices { q[j] *= gamma }
        }
        for i in 0..<k {
            let beta = rhos[i] * ParameterAlgebra.dot(y[i], q)
            let si = s[i], c = alphas[i] - beta
            for j in q.indices { q[j] += c * si[j] }
        }
        for j in q.indices { q[j] = -q[j] }
        return q
    }
}
