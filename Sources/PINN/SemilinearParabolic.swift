import Autodiff
import Foundation
import Sampling

/// A terminal-value problem in the semilinear parabolic form that the Deep BSDE method
/// solves (Han, Jentzen & E 2018, PNAS 115, eq. 1):
///
///     u_t + (1/2) tr(sigma sigma^T Hess u) + mu . grad u + f(t, x, u, sigma^T grad u) = 0,
///     u(T, x) = g(x),   x in R^d, t in [0, T),
///
/// with a diagonal diffusion sigma(t, x) = diag(s(t, x)) (every bundled problem's: sqrt(2) I
/// for heat-type operators, diag(sigma x) for Black-Scholes), so sigma^T grad u = s * grad u
/// elementwise and the second-order term is (1/2) sum_i s_i^2 u_ii. The forward process is
/// dX = mu dt + s * dW from `start` at t = 0; the quantity the method learns is u(0, start).
///
/// A problem gives this form once (`Problem.parabolic`); `residual(_:)` is the PDE it implies,
/// written with a `Field`, which the tests compare with the problem's own residual closure.
/// Points are rows (x_1, ..., x_d, t) with time last, as in the high-dimensional problems.
public struct SemilinearParabolic<Scalar: TensorScalar>: Sendable {
    /// A function of time `[n, 1]` and state `[n, d]`.
    public typealias Coefficient = @Sendable (_ t: Tensor<Scalar>, _ x: Tensor<Scalar>) -> Tensor<Scalar>
    /// f(t, x, y, z) with t, y `[n, 1]`, x, z `[n, d]`; returns `[n, 1]`.
    public typealias Generator = @Sendable (_ t: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>,
                                            _ z: Tensor<Scalar>) -> Tensor<Scalar>

    public var dimension: Int
    /// The horizon T: the terminal value is given at t = T, the answer wanted at t = 0.
    public var horizon: Double
    /// x0, where u(0, x0) is reported (length d).
    public var start: [Double]
    /// mu(t, x), `[n, d]`.
    public var drift: Coefficient
    /// The diagonal s(t, x) of sigma, `[n, d]`.
    public var diffusion: Coefficient
    public var generator: Generator
    /// g(x) `[n, d]` -> `[n, 1]`.
    public var terminal: @Sendable (Tensor<Scalar>) -> Tensor<Scalar>
    /// The Deep BSDE settings that reach the problem's documented accuracy.
    public var defaults: BSDESettings

    public init(dimension: Int, horizon: Double, start: [Double], drift: @escaping Coefficient,
                diffusion: @escaping Coefficient, generator: @escaping Generator,
                terminal: @escaping @Sendable (Tensor<Scalar>) -> Tensor<Scalar>, defaults: BSDESettings = BSDESettings()) {
        require(dimension >= 1 && start.count == dimension,
                "SemilinearParabolic: start has \(start.count) coordinates for dimension \(dimension)")
        require(horizon > 0 && horizon.isFinite, "SemilinearParabolic: the horizon must be positive, got \(horizon)")
        self.dimension = dimension; self.horizon = horizon; self.start = start; self.drift = drift
        self.diffusion = diffusion; self.generator = generator; self.terminal = terminal; self.defaults = defaults
    }

    /// Brownian motion scaled by `sigma` (mu = 0, s = sigma): sqrt(2) gives the Laplacian.
    public static func brownian(sigma: Double) -> (drift: Coefficient, diffusion: Coefficient) {
        let s = Scalar(sigma)
        return ({ _, x in Tensor.zeros(x.shape) }, { _, x in x * 0 + s })
    }

    /// Geometric Brownian motion, mu = rate x, s = volatility x (Black-Scholes).
    public static func geometric(rate: Double, volatility: Double) -> (drift: Coefficient, diffusion: Coefficient) {
        let r = Scalar(rate), v = Scalar(volatility)
        return ({ _, x in x * r }, { _, x in x * v })
    }

    /// The forward SDE dX = mu dt + s * dW (Sampling's Euler-Maruyama paths).
    public var sde: SDE<Scalar> {
        get throws {
            let mu = drift, s = diffusion
            return try SDE(dimension: dimension,
                           drift: { t, x in mu(Tensor(repeating: Scalar(t), shape: [x.shape[0], 1]), x) },
                           diffusion: { t, x in s(Tensor(repeating: Scalar(t), shape: [x.shape[0], 1]), x) })
        }
    }

    /// The PDE this form states, as a residual over a `Field` whose inputs are (x, t), time last:
    /// u_t + (1/2) sum s_i^2 u_ii + mu . grad u + f(t, x, u, s * grad u).
    public func residual(_ field: Field<Scalar>) -> Tensor<Scalar> {
        let x = field.x, t = field.t, u = field.u, grad = field.gradient()
        let s = diffusion(t, x)
        let diffusion = self.diffusion
        let trace = field.weightedTrace { f in diffusion(f.t, f.x) * Scalar(0.5.squareRoot()) }
        return field.dt() + trace + (drift(t, x) * grad).sum(alongAxis: 1)
            + generator(t, x, u, s * grad)
    }
}

/// The settings of the Deep BSDE method (`pinn-solve run NAME --method bsde`).
public struct BSDESettings: Sendable, Equatable, Codable {
    /// Euler steps N of the forward and backward SDEs on [0, T].
    public var timeSteps = 20
    /// Paths per batch (fresh every step).
    public var paths = 64
    /// Hidden width of each time step's network (nil: d + 10, as Han, Jentzen & E).
    public var width: Int? = nil
    /// Hidden layers of each time step's network.
    public var depth = 2
    /// Adam steps.
    public var steps = 2000
    public var learningRate = 1e-2
    /// Learning-rate schedule over the steps.
    public var schedule: ScheduleKind = .constant
    public var precision: Settings.Precision = .f32
    public var seed: UInt64 = 0
    /// Stop after this many seconds of training.
    public var timeBudget: Double? = nil
    /// Record the point error every this many steps (0: only at the end).
    public var evaluateEvery = 100
    /// Z_n = outputScale * N_n(X_n) (nil: 1/d, as the authors' code): the size of
    /// sigma^T grad u, so that the networks' outputs are of order one.
    public var outputScale: Double? = nil
    /// The reported u(0, x0) is the mean of theta_y over this last fraction of the steps
    /// (Polyak-Ruppert averaging; 0: the last value). Adam moves theta_y by about the learning
    /// rate each step whatever the size of its noisy gradient, so the last value wanders.
    public var averaging = 0.1

    public init(timeSteps: Int = 20, paths: Int = 64, width: Int? = nil, depth: Int = 2, steps: Int = 2000,
                learningRate: Double = 1e-2, schedule: ScheduleKind = .constant) {
        self.timeSteps = timeSteps; self.paths = paths; self.width = width; self.depth = depth
        self.steps = steps; self.learningRate = learningRate; self.schedule = schedule
    }

    /// Throws a `SettingsError` naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ m: String) throws { if !ok { throw SettingsError(m) } }
        try check((1...10_000).contains(timeSteps), "--time-steps must be in 1...10000, got \(timeSteps)")
        try check((1...1_000_000).contains(paths), "--batch (paths per batch) must be in 1...1000000, got \(paths)")
        try check(width.map { Settings.Limits.width.contains($0) } ?? true, "--width must be in \(Settings.Limits.width), got \(width ?? 0)")
        try check((1...64).contains(depth), "--depth must be in 1...64 for the Deep BSDE method, got \(depth)")
        try check((1...Settings.Limits.steps.upperBound).contains(steps), "--steps must be in 1...\(Settings.Limits.steps.upperBound), got \(steps)")
        try check(learningRate > 0 && learningRate.isFinite && learningRate <= 10, "--learning-rate must be in (0, 10], got \(learningRate)")
        try check(timeBudget.map { $0 > 0 && $0.isFinite } ?? true, "--time-budget must be positive, got \(timeBudget ?? 0)")
        try check(evaluateEvery >= 0, "--evaluate-every must be >= 0, got \(evaluateEvery)")
        try check(averaging >= 0 && averaging <= 1, "averaging must be in [0, 1], got \(averaging)")
    }

    /// A lower estimate of a run's memory (bytes) in dimension d: the pilot's and a batch's
    /// states and increments, the recorded activations of every time step's network (value and
    /// gradient), and the parameters with their gradient and Adam's two moments.
    public func estimatedBytes(dimension d: Int) -> Double {
        let s = precision == .f32 ? 4.0 : 8.0, dd = Double(d), n = Double(timeSteps), w = Double(width ?? d + 10)
        let paths = 2 * Double(1024 + self.paths) * dd * (n + 1)
        let activations = 2 * Double(self.paths) * (w * Double(depth) + 3 * dd) * n
        let parameters = (n - 1) * (dd * w + Double(depth - 1) * w * w + w * dd)
        return (paths + activations + 4 * parameters) * s
    }

    /// Refuses a run whose `estimatedBytes` exceeds 90% of the machine's memory.
    public func checkMemory(dimension d: Int, available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws {
        let need = estimatedBytes(dimension: d)
        guard need <= 0.9 * available else {
            func gib(_ b: Double) -> String { String(format: "%.3g GiB", b / 1_073_741_824) }
            throw SettingsError("this Deep BSDE run needs at least \(gib(need)) of memory (dimension \(d), \(timeSteps) time steps, \(paths) paths, width \(width ?? d + 10), depth \(depth)), the machine has \(gib(available)): lower --batch, --time-steps or --width")
        }
    }
}
