import Autodiff

/// The inverse-Hessian model of a quasi-Newton method: it turns a gradient into a search
/// direction and learns from each accepted step. `LBFGS` keeps a few curvature pairs,
/// `BFGS` a dense matrix; both share the iteration in `QuasiNewtonIteration`.
protocol CurvatureModel {
    associatedtype Scalar: TensorScalar
    /// True before the first update (or after `reset`): the direction is then −g.
    var isEmpty: Bool { get }
    /// d = −H g.
    func direction(_ g: [Scalar]) -> [Scalar]
    /// Forgets what was learnt (H back to the identity).
    mutating func reset()
    /// Learns from an accepted step s = α d (d the direction from gradient `g`), with
    /// y = g_new − g and s·y > 0 (the iteration checks the curvature condition).
    mutating func update(step s: [Scalar], gradientChange y: [Scalar], gradient g: [Scalar], alpha: Scalar)
}

/// The evaluation at a quasi-Newton iteration's current parameters, kept so that the next
/// iteration does not evaluate the objective there again.
struct QuasiNewtonCache<Scalar: TensorScalar>: Sendable {
    var loss: Scalar?
    var gradient: [Scalar] = []
    var terms: [NamedValue<Scalar>] = []

    mutating func drop() { loss = nil; gradient = []; terms = [] }

    /// The cache as checkpoint tensors (none when empty) and the term names.
    var tensors: [Tensor<Scalar>] {
        guard let f = loss else { return [] }
        return [Tensor(scalar: f), Tensor(gradient), Tensor(terms.map(\.value))]
    }

    /// Restores from three tensors written by `tensors` and the term names.
    init(tensors: ArraySlice<Tensor<Scalar>>, names: [String], kind: String) throws {
        guard !tensors.isEmpty else { return }
        let t = Array(tensors)
        guard t.count == 3 else {
            throw CheckpointError.incompatibleState("the '\(kind)' state record has \(t.count) cache tensors, expected 3")
        }
        let values = t[2].scalars
        guard values.count == names.count else {
            throw CheckpointError.incompatibleState("the '\(kind)' state has \(values.count) term values for \(names.count) names")
        }
        loss = t[0].scalar; gradient = t[1].scalars
        terms = zip(names, values).map { NamedValue($0, $1) }
    }

    init() {}
}

/// Stopping rules and line-search budget shared by the quasi-Newton methods.
struct QuasiNewtonTolerances<Scalar: TensorScalar>: Sendable {
    var gradient: Scalar
    var step: Scalar
    var function: Scalar
    var lineSearchEvaluations: Int
}

/// One quasi-Newton iteration (Nocedal & Wright 2006, Algorithm 6.1 with the strong-Wolfe
/// line search of `StrongWolfeLineSearch`): direction d = −H g from the model (−g when the
/// model is empty or d is not a descent direction), the first trial step α = 1 (or
/// min(1, 1/‖g‖) along −g), a retry along −g with the model reset when the line search
/// fails, then the update with s = α d, y = g_new − g when sᵀy > ε yᵀy. `iteration` counts
/// accepted steps.
enum QuasiNewtonIteration {
    @_specialize(where M == LBFGSPairs<Float>) @_specialize(where M == LBFGSPairs<Double>)
    @_specialize(where M == DenseInverseHessian<Float>) @_specialize(where M == DenseInverseHessian<Double>)
    static func step<M: CurvatureModel>(_ parameters: inout [Tensor<M.Scalar>], model: inout M,
                                        cache: inout QuasiNewtonCache<M.Scalar>, iteration: inout Int,
                                        tolerances: QuasiNewtonTolerances<M.Scalar>,
                                        objective: Objective<M.Scalar>) -> OptimizerStep<M.Scalar> {
        typealias Scalar = M.Scalar
        var evaluations = 0
        let x = ParameterAlgebra.flatten(parameters)
        let start: LossEvaluation<Scalar>
        let g: [Scalar]
        if let f = cache.loss, cache.gradient.count == x.count {
            g = cache.gradient
            start = LossEvaluation(loss: f, terms: cache.terms, gradient: unflatten(g, like: parameters))
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
        if g.allSatisfy({ Swift.abs($0) <= tolerances.gradient }) {
            return done(.converged("gradient max-norm is at most \(tolerances.gradient)"))
        }

        let search = StrongWolfeLineSearch<Scalar>(maxEvaluations: tolerances.lineSearchEvaluations)
        func phi(_ alpha: Scalar, _ d: [Scalar]) -> StrongWolfeLineSearch<Scalar>.Point {
            var trial = x
            for j in trial.indices { trial[j] += alpha * d[j] }
            ParameterAlgebra.assign(trial, to: &parameters)
            let e = objective(parameters)
            let ge = ParameterAlgebra.flatten(e.gradient)
            return .init(alpha: alpha, value: e.loss, slope: ParameterAlgebra.dot(ge, d), gradient: ge, evaluation: e)
        }

        var d = model.isEmpty ? g.map { -$0 } : model.direction(g)
        if !(ParameterAlgebra.dot(d, g) < 0) {
            model.reset()
            d = g.map { -$0 }
        }
        var accepted: StrongWolfeLineSearch<Scalar>.Point? = nil
        for attempt in 0..<2 {
            let slope = ParameterAlgebra.dot(d, g)
            let gnorm = Scalar.sqrt(ParameterAlgebra.dot(g, g))
            let alpha0: Scalar = model.isEmpty ? Swift.min(1, 1 / gnorm) : 1
            let startPoint = StrongWolfeLineSearch<Scalar>.Point(alpha: 0, value: start.loss, slope: slope, gradient: g, evaluation: nil)
            let direction = d
            let (point, used) = search.search(start: startPoint, initialStep: alpha0) { phi($0, direction) }
            evaluations += used
            if let point { accepted = point; break }
            if attempt == 0 && !model.isEmpty {
                model.reset()
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
            model.update(step: step, gradientChange: yNew, gradient: g, alpha: p.alpha)
        }
        cache.loss = p.value
        cache.gradient = p.gradient
        cache.terms = e.terms
        iteration += 1

        if p.gradient.allSatisfy({ Swift.abs($0) <= tolerances.gradient }) {
            return done(.converged("gradient max-norm is at most \(tolerances.gradient)"))
        }
        if step.allSatisfy({ Swift.abs($0) <= tolerances.step }) {
            return done(.converged("step max-norm is at most \(tolerances.step)"))
        }
        let scale = Swift.max(Swift.abs(start.loss), Swift.abs(p.value), 1)
        if (start.loss - p.value) <= tolerances.function * scale {
            return done(.converged("relative loss decrease is at most \(tolerances.function)"))
        }
        return done(.progressing)
    }

    static func unflatten<S: TensorScalar>(_ flat: [S], like parameters: [Tensor<S>]) -> [Tensor<S>] {
        var offset = 0
        return parameters.map { p in
            defer { offset += p.count }
            return Tensor(shape: p.shape, scalars: Array(flat[offset..<(offset + p.count)]))
        }
    }
}
