import Autodiff
import Foundation
import Networks
import Optimization
import Sampling

/// The Deep BSDE method (Han, Jentzen & E 2018, PNAS 115, "Solving high-dimensional partial
/// differential equations using deep learning"): u(0, x0) of a `SemilinearParabolic` problem
/// learnt along simulated forward paths, without learning u anywhere else.
///
/// On the grid t_n = n T / N, with forward Euler-Maruyama paths X_n from x0 and their Brownian
/// increments dW_n (Sampling's `SDE`, fresh paths every step), the backward SDE is stepped as
///
///     Y_0 = theta_y,   Z_0 = theta_z,   Z_n = c N_n(X_n)   (n = 1 ... N - 1, c = 1/d by default),
///     Y_(n+1) = Y_n - f(t_n, X_n, Y_n, Z_n) dt + Z_n . dW_n,
///
/// where Y_n approximates u(t_n, X_n) and Z_n = sigma^T grad u(t_n, X_n); theta_y (a scalar)
/// and theta_z (a vector) are trainable, and N_n is one network per time step. The loss is
/// mean |Y_N - g(X_N)|^2 over the paths, minimised with Adam; theta_y is the answer.
///
/// Departures from the paper, each for a stated reason:
/// - N_n is the framework's MLP (tanh, `depth` hidden layers of `width`, default d + 10)
///   without batch normalisation. In its place each network's inputs are standardised with
///   fixed per-coordinate means and standard deviations of X_n, measured once on 1,024 pilot
///   paths (frozen statistics, as batch normalisation uses at inference).
/// - The output division by d (`BSDESettings.outputScale`) follows the authors' code
///   (github.com/frankhan91/DeepBSDE).
/// - theta_y starts at a backward Euler estimate on the pilot paths with Z = 0
///   (`backwardEstimate`) instead of a random value in a user-given range; theta_z and the
///   networks' output layers start at 0 (so Z = 0 at the start: random output weights made
///   the loss of semilinear-heat 20 times the terminal values' variance and biased u(0, x0)
///   by 3e-3).
/// - The reported value is theta_y averaged over the last 10% of the steps
///   (`BSDESettings.averaging`).
/// The Trainer drives the steps, so the time budget, progress, divergence stop, checkpoints
/// and resumption are the PINN's.
public final class DeepBSDE<Scalar: TensorScalar> {
    public let form: SemilinearParabolic<Scalar>
    public let settings: BSDESettings
    /// The problem's name, for reports.
    public let name: String
    /// u(0, x0) to report against, if known.
    public let reference: PointReference?
    /// theta_y `[1]`, theta_z `[d]`, then each time step's network parameters.
    public var parameters: [Tensor<Scalar>]
    /// Networks for t_1 ... t_(N-1) (their parameters live in `parameters`).
    var networks: [MLP<Scalar>]
    let sde: SDE<Scalar>
    let time: TimeDomain
    var paths: SDEPaths<Scalar>?
    /// theta_y at each loss evaluation of this session (for `BSDESettings.averaging`).
    var trail: [Double] = []

    public init(form: SemilinearParabolic<Scalar>, settings: BSDESettings, name: String = "",
                reference: PointReference? = nil) throws {
        try settings.validate()
        try settings.checkMemory(dimension: form.dimension)
        self.form = form; self.settings = settings; self.name = name; self.reference = reference
        sde = try form.sde
        time = try TimeDomain(0, form.horizon)
        let d = form.dimension, N = settings.timeSteps
        // Pilot paths: input statistics of each step's network and the starting value.
        var pilotStream = RandomStream(seed: settings.seed, stream: 8)
        let pilot = try sde.simulate(paths: 1024, from: form.start, over: time, steps: N, using: &pilotStream)
        let width = settings.width ?? d + 10
        networks = try (1..<Swift.max(N, 1)).map { n in
            let (mean, std) = Self.columnMoments(pilot.states[n])
            guard std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw SettingsError("\(name): the forward paths do not spread at t_\(n) (standard deviations \(std.prefix(4))...); the Deep BSDE method needs a non-degenerate diffusion")
            }
            var net = MLP<Scalar>(MLP.Configuration(inputDimension: d, outputDimension: d, hidden: Array(repeating: width, count: settings.depth),
                                                    activation: .tanh, inputLower: zip(mean, std).map { $0 - $1 },
                                                    inputUpper: zip(mean, std).map { $0 + $1 }, seed: settings.seed &+ UInt64(n)))
            // Z starts at 0: random output weights add sum_n Z_n . dW_n noise far larger than the
            // terminal values' own spread where grad u is small (semilinear heat, Allen-Cahn).
            net.weights[settings.depth] = Tensor<Scalar>.zeros(net.weights[settings.depth].shape).requiringGradient()
            return net
        }
        let y0 = Self.backwardEstimate(form, pilot)
        parameters = [Tensor<Scalar>([Scalar(y0)]).requiringGradient(), Tensor<Scalar>.zeros([d]).requiringGradient()]
            + networks.flatMap(\.parameters)
    }

    /// The current estimate of u(0, x0).
    public var value: Double { Double(parameters[0].scalars[0]) }

    /// A starting value for theta_y: Y_N = g(X_N) on each pilot path, stepped back by the same
    /// Euler scheme with Z = 0 (Y_n = Y_(n+1) + f(t_n, X_n, Y_n, 0) dt, solved by five
    /// fixed-point sweeps), averaged at t = 0. Exact for f = 0 and for linear f(y) up to the
    /// pilot's Monte Carlo error; the training then learns Z and corrects the rest.
    static func backwardEstimate(_ form: SemilinearParabolic<Scalar>, _ pilot: SDEPaths<Scalar>) -> Double {
        let N = pilot.increments.count, n = pilot.states[0].shape[0]
        let zero = Tensor<Scalar>.zeros([n, form.dimension])
        var y = form.terminal(pilot.states[N]).detached
        for k in stride(from: N - 1, through: 0, by: -1) {
            let t = Tensor<Scalar>(repeating: Scalar(pilot.times[k]), shape: [n, 1])
            let dt = Scalar(pilot.times[k + 1] - pilot.times[k]), next = y
            for _ in 0..<5 { y = (next + form.generator(t, pilot.states[k], y, zero) * dt).detached }
        }
        return Double(y.mean().scalar)
    }

    /// Per-column mean and standard deviation of `[n, d]`, in Double.
    static func columnMoments(_ x: Tensor<Scalar>) -> (mean: [Double], std: [Double]) {
        let n = x.shape[0], d = x.shape[1], s = x.scalars
        var mean = [Double](repeating: 0, count: d), square = mean
        for i in 0..<n {
            for j in 0..<d { let v = Double(s[i * d + j]); mean[j] += v; square[j] += v * v }
        }
        let m = mean.map { $0 / Double(n) }
        return (m, zip(square, m).map { (Swift.max($0 / Double(n) - $1 * $1, 0)).squareRoot() })
    }

    /// Draws fresh forward paths.
    func resample(_ rng: inout RandomStream) throws {
        paths = try sde.simulate(paths: settings.paths, from: form.start, over: time, steps: settings.timeSteps, using: &rng)
    }

    /// The terminal mismatch Y_N - g(X_N) `[paths, 1]` on the current paths with `p` as parameters.
    public func terminalMismatch(_ p: [Tensor<Scalar>]) -> Tensor<Scalar> {
        guard let paths else { fatalError("DeepBSDE: no paths drawn yet") }
        let m = settings.paths, d = form.dimension, scale = Scalar(settings.outputScale ?? 1 / Double(d))
        var y = p[0].broadcast(to: [m, 1])
        var z = Tensor<Scalar>.zeros([m, d]).addingRow(p[1])
        var offset = 2
        for n in 0..<settings.timeSteps {
            let x = paths.states[n], dt = Scalar(paths.times[n + 1] - paths.times[n])
            let t = Tensor<Scalar>(repeating: Scalar(paths.times[n]), shape: [m, 1])
            y = y - form.generator(t, x, y, z) * dt + (z * paths.increments[n]).sum(alongAxis: 1)
            if n + 1 < settings.timeSteps {
                var net = networks[n]
                let count = net.weights.count * 2
                net.parameters = Array(p[offset..<(offset + count)])
                offset += count
                z = net(paths.states[n + 1]) * scale
            }
        }
        return y - form.terminal(paths.states[settings.timeSteps])
    }

    static func inDouble(_ r: TrainingRecord<Scalar>) -> TrainingRecord<Double> {
        let terms: [Double] = r.terms.map { Double($0) }
        let error: Double? = r.error.map { Double($0) }
        return TrainingRecord<Double>(step: r.step, loss: Double(r.loss), terms: terms, error: error, wallTime: r.wallTime)
    }

    /// Trains with Adam for `settings.steps` steps (or the time budget) and reports u(0, x0).
    public func train(_ options: RunOptions = RunOptions()) throws -> RunResult {
        let steps = settings.steps
        let schedule = settings.schedule.schedule(rate: Scalar(settings.learningRate), steps: steps)
        var trainer = Trainer<Scalar>(phases: [OptimizerKind.adam.phase(steps: steps, learningRate: schedule)])
        trainer.resampleEvery = 1
        // The first point error is the pilot Monte Carlo value's, which can be small by chance:
        // only the loss rule applies.
        trainer.divergence = DivergenceRule(errorFactor: .infinity)
        trainer.configure(options, evaluateEvery: settings.evaluateEvery, timeBudget: settings.timeBudget, seed: settings.seed)
        let checkpoint = try options.resumeFrom.map { try Checkpoint<Scalar>.read(from: $0) }
        var params = parameters
        let ref = reference
        let evaluate: (([Tensor<Scalar>]) -> Scalar)? = ref.map { r in
            { p in Scalar(PointReference.relativeError(Double(p[0].scalars[0]), reference: r.value)) }
        }
        let report = try trainer.run(
            parameters: &params,
            loss: { [unowned self] p in
                self.trail.append(Double(p[0].scalars[0]))
                return [LossTerm<Scalar>.meanSquare(LossTerm<Scalar>.terminal, self.terminalMismatch(p))]
            },
            resample: { [unowned self] rng in
                do { try self.resample(&rng) } catch { fatalError("DeepBSDE: simulating paths failed: \(error)") }
            },
            evaluate: evaluate,
            observer: options.observer.map { obs in { r in obs(Self.inDouble(r)) } },
            resumingFrom: checkpoint)
        parameters = params
        let tail = trail.suffix(Swift.max(1, Int((Double(trail.count) * settings.averaging).rounded())))
        if settings.averaging > 0, report.status.isSuccess, !tail.isEmpty {
            parameters[0] = Tensor<Scalar>([Scalar(tail.reduce(0, +) / Double(tail.count))]).requiringGradient()
        }
        let history: [TrainingRecord<Double>] = report.history.map(Self.inDouble)
        let finalLoss: Double? = report.finalLoss.map { Double($0) }
        let finalTerms: [Double]? = report.finalTerms?.map { Double($0) }
        var result = RunResult(problem: name, status: report.status, steps: report.steps, wallSeconds: report.elapsed,
                               finalLoss: finalLoss, finalTerms: finalTerms, termNames: report.termNames, history: history,
                               relativeL2Error: nil, pointValue: value, pointReference: ref?.value, unknowns: [:])
        result.method = "bsde"
        return result
    }
}

extension ResultWriter {
    /// The result file of a Deep BSDE run: loss and point-error history, the trained
    /// parameters (theta_y, theta_z, then each step's network) and the settings. There is no
    /// solution block: the method gives u at one point only.
    public static func write<S: TensorScalar>(bsde: DeepBSDE<S>, result: RunResult, to path: String) throws {
        var history = LossHistory()
        for r in result.history {
            history.append(step: r.step, terms: Dictionary(uniqueKeysWithValues: zip(result.termNames, r.terms)),
                           error: r.error, wallTime: r.wallTime)
        }
        let params = bsde.parameters.enumerated().map { NamedTensor(name: "param_\($0.offset)", $0.element) }
        let b = bsde.settings
        var s: [String: SettingValue] = [
            "problem": .text(bsde.name), "method": .text("bsde"), "time_steps": .int(b.timeSteps), "batch": .int(b.paths),
            "width": .int(b.width ?? bsde.form.dimension + 10), "depth": .int(b.depth), "activation": .text("tanh"),
            "phases": .text("adam:\(b.steps)"), "learning_rate": .double(b.learningRate), "schedule": .text(b.schedule.rawValue),
            "precision": .text(b.precision.rawValue), "seed": Settings.seedAttribute(b.seed),
            "steps": .int(result.steps), "wall_seconds": .double(result.wallSeconds), "status": .text("\(result.status)"),
        ]
        if let v = result.pointValue { s["point_value"] = .double(v) }
        if let v = result.pointReference { s["point_reference"] = .double(v) }
        if let v = result.pointRelativeError { s["point_relative_error"] = .double(v) }
        let file = ResultFile(metadata: CFMetadata(title: "pinn-solve \(bsde.name) (Deep BSDE)",
                                                   source: "pinn-solve: Deep BSDE method (Han, Jentzen & E 2018)",
                                                   history: "created by pinn-solve run \(bsde.name) --method bsde"),
                              solutions: [], history: history, parameters: params, settings: s)
        try file.write(to: path)
    }
}
