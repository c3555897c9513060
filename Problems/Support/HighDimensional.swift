import Foundation
import PINN

/// Shared pieces of the high-dimensional terminal-value problems (semilinear heat, HJB,
/// Allen-Cahn, Black-Scholes): inputs (x_1, ..., x_d, t) with time last, the dimension
/// option, and the hard terminal constraint u = g(x) + c (T - t) N(x, t).
enum HighDimensional {
    /// ["x1", ..., "xd", "t"].
    static func inputNames(_ d: Int) -> [String] { (1...d).map { "x\($0)" } + ["t"] }

    /// The dimension from `--dim` for a problem posed in any dimension (default `standard`).
    static func dimension(_ options: ProblemOptions, _ name: String, default standard: Int) throws -> Int {
        try options.dimension(default: standard, problem: name)
    }

    /// Input scaling bounds: every space coordinate in [lo, hi], time in [0, T].
    static func bounds(_ d: Int, _ lo: Double, _ hi: Double, _ T: Double) -> ([Double], [Double]) {
        ([Double](repeating: lo, count: d) + [0], [Double](repeating: hi, count: d) + [T])
    }

    /// The hard terminal constraint u = g(|x|^2) + c (T - t) N with closed-form jets.
    static func terminalConstraint<S: TensorScalar>(_ d: Int, T: Double, scale c: Double,
                                                    phi: ScalarFunction)
        -> (offset: RadialFunction<S>, factor: AffineFunction<S>) {
        (RadialFunction(inputDimension: d + 1, coordinates: Array(0..<d), phi: phi),
         AffineFunction.timeToGo(inputDimension: d + 1, timeIndex: d, terminal: T, scale: c))
    }

    /// Settings shared by the terminal-value problems: f32, fresh path points every step.
    static func settings(steps: Int, batch: Int, width: Int = 64, depth: Int = 3, learningRate: Double = 1e-3,
                         timeBudget: Double? = nil) -> Settings {
        var s = Settings()
        s.width = width; s.depth = depth; s.activation = .tanh
        s.phases = [.init(.adam, steps)]
        s.learningRate = learningRate; s.schedule = .cosine
        s.batch = batch; s.resampleEvery = 1; s.evaluateEvery = 500
        s.precision = .f32
        s.timeBudget = timeBudget
        return s
    }

    /// Settings for a problem symmetric in x_1 ... x_d (it declares them `exchangeable`): the
    /// deep-sets network (16 features per coordinate; rho 16 x 2), 100 Adam steps then
    /// self-scaled BFGS in Double, `batch` points drawn afresh every 100 steps (a quasi-Newton
    /// matrix needs the same loss for a while; every step gave a noisy one), the error
    /// recorded every 100 steps. heat-nd's and the symmetric terminal-value problems' defaults
    /// (Docs/problems-high-dimensional.md: 1e-4 after 17-48 s at d = 100 on one thread).
    static func deepSetsSettings(steps: Int = 3000, batch: Int, conditionBatch: Int? = nil, timeBudget: Double?) -> Settings {
        var s = Settings()
        s.architecture = .deepSets
        s.poolFeatures = 16; s.width = 16; s.depth = 2; s.activation = .tanh
        s.phases = [.init(.adam, 100), .init(.ssbfgs, steps - 100)]
        s.learningRate = 1e-3; s.schedule = .cosine
        s.batch = batch; s.conditionBatch = conditionBatch ?? batch
        s.resampleEvery = 100; s.evaluateEvery = 100
        s.precision = .f64
        s.timeBudget = timeBudget
        return s
    }

    /// Points per batch for the deep-sets network at dimension d: 10^5 (point, coordinate)
    /// pairs, but at least 50 points and at most `cap`.
    static func deepSetsPoints(_ d: Int, atMost cap: Int) -> Int { Swift.min(cap, Swift.max(50, 100_000 / d)) }

    /// How the terminal value u(T, x) = g(|x|^2) enters.
    enum Terminal: String {
        /// u = g(x) + c (T - t) N(x, t): exact at t = T.
        case hard
        /// u = phi(|x|^2 + 2 d (T - t)) + c (T - t) N(x, t): exact at t = T, with the
        /// terminal value's argument transported by the heat flow's mean square.
        case heatFlow
        /// u = c N(x, t) and a loss term (u - g)^2 on path points at t = T.
        case soft
    }

    /// The model and conditions for terminal data g(|x|^2) on Brownian paths from 0.
    static func terminal<S: TensorScalar>(_ kind: Terminal, _ d: Int, T: Double, scale c: Double, batch: Int = 128,
                                          phi: ScalarFunction)
        -> (offset: RadialFunction<S>?, factor: AffineFunction<S>, conditions: [Condition<S>]) {
        let (g, factor): (RadialFunction<S>, AffineFunction<S>) = terminalConstraint(d, T: T, scale: c, phi: phi)
        switch kind {
        case .hard: return (g, factor, [])
        case .heatFlow:
            return (RadialFunction.heatFlow(inputDimension: d + 1, coordinates: Array(0..<d), timeIndex: d, terminal: T,
                                            rate: 2 * Double(d), phi: phi), factor, [])
        case .soft:
            let zeros = [Double](repeating: 0, count: d)
            let cond = Condition<S>(name: "terminal", batch: batch, sample: { n, rng in
                ConditionPoints(PathPoints.brownian(n, start: zeros, sigma: 2.0.squareRoot(), times: 0...T, fixedTime: T, using: &rng))
            }, residual: { f in f.u - g(f.points) })
            return (nil, AffineFunction(weights: [Double](repeating: 0, count: d + 1), bias: c), [cond])
        }
    }
}
