import Autodiff
import Testing
import TestSupport
@testable import Optimization

/// Test objectives with hand-written gradients (independent of the autodiff engine).
enum TestProblems {
    /// Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
    static func rosenbrock<S: TensorScalar>(_ p: [Tensor<S>]) -> LossEvaluation<S> {
        let x = p[0][flat: 0], y = p[0][flat: 1]
        let f = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        let gx = -2 * (1 - x) - 400 * x * (y - x * x)
        let gy = 200 * (y - x * x)
        return LossEvaluation(loss: f, gradient: [Tensor([gx, gy])])
    }

    /// Steps `optimizer` from `start` until `done(loss)` holds, a step stops progressing, or
    /// `limit` steps are taken: the parameters reached, the steps taken and the objective
    /// evaluations they used.
    static func minimize<S: TensorScalar, O: Optimizer<S>>(_ optimizer: O, from start: [Tensor<S>], limit: Int,
                                                           objective: Objective<S>, until done: (S) -> Bool)
        -> (parameters: [Tensor<S>], steps: Int, evaluations: Int) {
        var p = start
        var s = optimizer.makeState(for: p)
        var steps = 0, evaluations = 0
        while steps < limit, !done(objective(p).loss) {
            let r = optimizer.step(&p, state: &s, objective: objective)
            steps += 1; evaluations += r.evaluations
            if r.status != .progressing { break }
        }
        return (p, steps, evaluations)
    }

    /// A separable quadratic f = ½ Σ a_i (x_i − c_i)² over several tensors, minimum 0.
    struct Quadratic<S: TensorScalar> {
        var curvature: [Tensor<S>]
        var center: [Tensor<S>]

        /// Curvatures spread geometrically over [1, condition], centres uniform in [-1, 1].
        init(shapes: [[Int]], condition: S, seed: UInt64 = 3) {
            var rng = testStream(seed)
            let n = shapes.reduce(0) { $0 + $1.reduce(1, *) }
            var k = 0
            curvature = shapes.map { shape in
                Tensor(shape: shape) { _ in
                    defer { k += 1 }
                    return S.pow(condition, S(k) / S(Swift.max(n - 1, 1)))
                }
            }
            center = shapes.map { Tensor.uniform($0, low: -1, high: 1, using: &rng) }
        }

        func callAsFunction(_ p: [Tensor<S>]) -> LossEvaluation<S> {
            var f: S = 0
            var grads: [Tensor<S>] = []
            for (i, x) in p.enumerated() {
                let a = curvature[i].scalars, c = center[i].scalars, v = x.scalars
                var g = [S](repeating: 0, count: v.count)
                for j in v.indices {
                    let d = v[j] - c[j]
                    f += a[j] * d * d / 2
                    g[j] = a[j] * d
                }
                grads.append(Tensor(shape: x.shape, scalars: g))
            }
            return LossEvaluation(loss: f, gradient: grads)
        }

        func start() -> [Tensor<S>] { curvature.map { Tensor.zeros($0.shape) } }
    }
}

/// The conformance check every optimiser passes:
/// (1) on a convex quadratic (two tensors, condition 10) 60 steps lower f − f* to at most
///     `reduction` of its start, with every loss finite and no step increasing f by more
///     than round-off for descent methods;
/// (2) the state survives save and load: after 10 steps, a state restored from its record
///     through an encoded checkpoint continues bit-identically for 10 more steps.
func checkOptimizer<O: Optimizer>(_ optimizer: O, reduction: O.Scalar = 1e-2,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    typealias S = O.Scalar
    let q = TestProblems.Quadratic<S>(shapes: [[3, 2], [4]], condition: 10)
    var p = q.start()
    var state = optimizer.makeState(for: p)
    let f0 = q(p).loss
    for _ in 0..<60 {
        let r = optimizer.step(&p, state: &state, objective: q.callAsFunction)
        #expect(r.evaluation.loss.isFinite, "\(optimizer.name): loss not finite", sourceLocation: sourceLocation)
        if case .converged = r.status { break }
    }
    let f1 = q(p).loss
    #expect(f1 <= reduction * f0, "\(optimizer.name): f went from \(f0) to \(f1), wanted at most \(reduction * f0)",
            sourceLocation: sourceLocation)

    // Save and load.
    var a = q.start(), sa = optimizer.makeState(for: a)
    for _ in 0..<10 { _ = optimizer.step(&a, state: &sa, objective: q.callAsFunction) }
    let cp = Checkpoint(step: 10, phaseIndex: 0, phaseStep: 10, elapsed: 0, rng: testStream(1), rngBeforeResample: nil,
                        weights: [], termNames: [], parameters: a, optimizerState: sa.record, history: [])
    let back = try Checkpoint<S>.decode(cp.encoded(), path: "memory")
    var b = back.parameters
    var sb = try O.State(record: back.optimizerState)
    #expect(sb.iteration == sa.iteration, sourceLocation: sourceLocation)
    for _ in 0..<10 {
        _ = optimizer.step(&a, state: &sa, objective: q.callAsFunction)
        _ = optimizer.step(&b, state: &sb, objective: q.callAsFunction)
    }
    for (x, y) in zip(a, b) {
        #expect(x.scalars == y.scalars, "\(optimizer.name): restored state diverged by \(x.maxAbsDifference(y))",
                sourceLocation: sourceLocation)
    }
}
