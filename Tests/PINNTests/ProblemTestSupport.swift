import PINN
import Testing
import Problems

/// Helpers for the problem tests: residuals of an exact solution through a problem's own
/// closures, reduced budgets, training from the untrained error.
enum ProblemTestSupport {
    /// The problem's residual closures evaluated on an exact solution `exact` `[n, 2] -> [n, q]`
    /// at `points`: the problem's output transform is replaced by u = exact + 0 * N, so the
    /// solver's own `Field` machinery computes every derivative the residual asks for.
    static func residuals(of problem: Problem<Double>, exact: @escaping (Tensor<Double>) -> Tensor<Double>,
                          at points: Tensor<Double>) throws -> [Tensor<Double>] {
        let solver = try exactSolver(problem, exact)
        return solver.residuals(at: ConditionPoints(points))
    }

    /// Each condition's residual on the exact solution, at a batch of `n` points it draws.
    static func conditionResiduals(of problem: Problem<Double>, exact: @escaping (Tensor<Double>) -> Tensor<Double>,
                                   n: Int = 100) throws -> [(name: String, residual: Tensor<Double>)] {
        let solver = try exactSolver(problem, exact)
        var rng = RandomStream(seed: 11)
        return try problem.conditions.enumerated().map { i, c in
            (c.name, solver.conditionResidual(i, at: try c.sample(n, &rng)))
        }
    }

    /// A solver whose model is u = exact + 0 * N (the problem's output transform replaced).
    static func exactSolver(_ problem: Problem<Double>, _ exact: @escaping (Tensor<Double>) -> Tensor<Double>) throws -> Solver<Double> {
        var p = problem
        p.offset = ClosureFunction(inputDimension: p.inputDimension, exact)
        p.factor = ClosureFunction(inputDimension: p.inputDimension) { x in x.column(0) * 0 }
        return try Solver(problem: p, settings: p.defaults)
    }

    /// Uniform random (x, t) points in [a, b] x [0, T], `[n, 2]`.
    static func points(_ n: Int, x a: Double, _ b: Double, t T: Double, seed: UInt64 = 5) -> Tensor<Double> {
        var rng = RandomStream(seed: seed)
        var s: [Double] = []
        for _ in 0..<n { s += [a + (b - a) * rng.uniform(Double.self), T * rng.uniform(Double.self)] }
        return Tensor(shape: [n, 2], scalars: s)
    }

    static func maxAbs(_ t: Tensor<Double>) -> Double { t.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// sech(y) as a tensor expression.
    static func sech(_ y: Tensor<Double>) -> Tensor<Double> { 2 / (y.exp() + (-y).exp()) }

    /// Trains `problem` with `settings` and returns the result.
    static func train(_ problem: Problem<Double>, _ settings: Settings) throws -> RunResult {
        var options = RunOptions()
        options.progress = .silent
        return try Solver(problem: problem, settings: settings).train(options)
    }

    /// The residual u_t + u u_x - nu u_xx of a Burgers snapshot series at time t, from spectral
    /// x-derivatives and a central difference in time over +-dt: its max over `xs`, and max |u_t|.
    static func spectralResidual(_ s: [SpectralSeries], dt: Double, xs: [Double],
                                 _ r: (_ ut: Double, _ u: Double, _ ux: Double, _ uxx: Double, _ uxxx: Double) -> Double) -> (Double, Double) {
        let pts = xs.map { [$0] }
        let before = s[0].values(at: pts), u = s[1].values(at: pts), after = s[2].values(at: pts)
        let ux = s[1].derivative(axis: 0).values(at: pts), uxx = s[1].derivative(axis: 0, order: 2).values(at: pts)
        let uxxx = s[1].derivative(axis: 0, order: 3).values(at: pts)
        var worst = 0.0, scale = 0.0
        for j in 0..<xs.count {
            let ut = (after[j] - before[j]) / (2 * dt)
            worst = Swift.max(worst, Swift.abs(r(ut, u[j], ux[j], uxx[j], uxxx[j])))
            scale = Swift.max(scale, Swift.abs(ut))
        }
        return (worst, scale)
    }

    /// How far values on a periodic grid of spacing `dx` are from smooth at the seam (node 0):
    /// the second difference there less the mean of those four nodes to either side. A kink of
    /// slope jump J gives about J / dx; a smooth function, nearly zero.
    static func seamDefect(_ u: [Double], spacing dx: Double) -> Double {
        let n = u.count
        func secondDifference(at j: Int) -> Double {
            (u[(j + 1 + n) % n] - 2 * u[(j + n) % n] + u[(j - 1 + n) % n]) / (dx * dx)
        }
        return secondDifference(at: 0) - (secondDifference(at: 4) + secondDifference(at: -4)) / 2
    }
}

extension ProblemTestSupport {
    /// A reduced budget: the problem's defaults with a small network, batch and phases.
    static func reduced(_ p: Problem<Double>, width: Int = 16, depth: Int = 3, batch: Int, phases: [Settings.Phase],
                        learningRate: Double = 5e-3) -> Settings {
        var s = p.defaults
        s.width = width; s.depth = depth; s.batch = batch; s.phases = phases
        s.learningRate = learningRate; s.evaluateEvery = 0; s.conditionBatch = 64
        return s
    }

    /// The relative L2 error before and after training with `settings`.
    static func errorBeforeAndAfter(_ p: Problem<Double>, _ settings: Settings) throws -> (before: Double, after: Double, result: RunResult) {
        let solver = try Solver(problem: p, settings: settings)
        let before = try #require(try solver.relativeL2Error())
        var options = RunOptions()
        options.progress = .silent
        let r = try solver.train(options)
        return (before, try #require(r.relativeL2Error), r)
    }
}
