import Autodiff
import Foundation
import Networks
import Optimization
import Sampling

/// Time-marching (`Settings.windows`): the time interval [t_0, T] in K equal windows trained one
/// after the other, every phase of the settings in each. Window k's solution is
///
///     u_k(x, t) = u_(k-1)(x, t) + d(x, t - (t_k - t_0)) N_k(x, t)
///
/// with u_(k-1) the previous window's trained solution held fixed (`FixedModel`), d the
/// problem's hard-constraint factor moved to the window's start (`TimeShifted`) and N_k a
/// network on the window (its inputs scaled to the window). Since d vanishes at t_0 and on the
/// boundary, u_k starts from u_(k-1)'s state at t_k exactly and keeps its boundary values: the
/// previous window's end is the next one's initial condition, built in as the problem's own
/// initial condition is. N_k starts from N_(k-1)'s trained parameters with the output layer
/// set to zero, so window k starts from u_(k-1) continued into the window. The result pieces
/// the windows together (`TimeWindows`): each point's value is its window's solution.
///
/// The problem must carry its initial and boundary conditions in a hard constraint (no soft
/// conditions, no unknowns), its factor must vanish at t_0, and its interior must be a
/// space-time domain (`TimeIntervalDomain`). With one window the scheme is the ordinary run.
extension Solver {
    /// The windows' time intervals, after checking that the problem can march in time.
    static func timeWindows(problem: Problem<Scalar>, count K: Int) throws -> [(start: Double, end: Double)] {
        func refuse(_ why: String) -> SettingsError {
            SettingsError("windows \(K): time-marching needs \(why); use windows 1")
        }
        guard let t = problem.timeIndex else { throw refuse("a time axis, and \(problem.name) has none") }
        if problem.ownInterior != nil {
            throw refuse("interior points uniform on a space-time domain, and \(problem.name) draws its own points")
        }
        guard let domain = problem.domain as? any TimeIntervalDomain, t == problem.inputDimension - 1 else {
            throw refuse("a space-time domain with time as the last input, and \(problem.name)'s domain is \(problem.domain.map { "\($0)" } ?? "not given")")
        }
        guard let factor = problem.factor else {
            throw refuse("the initial and boundary conditions built into the network (a hard constraint), and \(problem.name) has none")
        }
        if !problem.conditions.isEmpty {
            throw refuse("every condition built into the network, and \(problem.name) has the soft conditions \(problem.conditions.map(\.name)) (their points span the whole time interval)")
        }
        if !problem.unknowns.isEmpty {
            throw refuse("a forward problem, and \(problem.name) learns unknowns from data over the whole time interval")
        }
        let t0 = domain.timeInterval.start, T = domain.timeInterval.end
        // The factor must make the window's own network vanish at its start.
        var rng = RandomStream(seed: 0, stream: 98)
        let inside: Tensor<Scalar> = try domain.sampleInterior(64, using: &rng)
        var start = inside.scalars
        for i in 0..<64 { start[i * problem.inputDimension + t] = Scalar(t0) }
        let atStart = factor(Tensor(shape: inside.shape, scalars: start)).scalars.map { abs(Double($0)) }.max() ?? 0
        let within = factor(inside).scalars.map { abs(Double($0)) }.max() ?? 0
        guard atStart <= 1e-6 * within else {
            throw refuse(String(format: "a hard-constraint factor that vanishes at the initial time t = %g (the initial condition built in), and %@'s factor is up to %.3g there", t0, problem.name, atStart))
        }
        return (0..<K).map { k in
            (t0 + (T - t0) * Double(k) / Double(K), k + 1 == K ? T : t0 + (T - t0) * Double(k + 1) / Double(K))
        }
    }

    /// The problem on window `interval`, built on `previous` (the solution up to the window's
    /// start; nil for the first window).
    func windowProblem(_ interval: (start: Double, end: Double), previous: (any Model<Scalar>)?) throws -> Problem<Scalar> {
        var p = problem
        let t = problem.timeIndex!, domain = problem.domain as! any TimeIntervalDomain
        if interval != (domain.timeInterval.start, domain.timeInterval.end) {
            p.domain = domain.replacingTime(with: try TimeDomain(interval.start, interval.end))
            if var lo = p.lowerBounds { lo[t] = interval.start; p.lowerBounds = lo }
            if var hi = p.upperBounds { hi[t] = interval.end; p.upperBounds = hi }
        }
        if let previous {
            p.offset = FixedModel(previous)
            p.factor = TimeShifted(problem.factor!, coordinate: t, by: interval.start - domain.timeInterval.start)
        }
        return p
    }

    /// Trains window after window (see above) and returns the report of the whole run: the
    /// windows' histories one after the other (steps and wall time running on), the errors of the
    /// pieced-together solution, which becomes `model`. A time budget is shared out as the
    /// windows go: each gets what is left over the windows left. A window that fails or is
    /// interrupted ends the run there, with the windows trained so far.
    func marchInTime(windows K: Int, _ options: RunOptions) throws -> RunResult {
        try checkOptions(options)
        let intervals = try Self.timeWindows(problem: problem, count: K)
        let t = problem.timeIndex!
        var trained: [any Model<Scalar>] = []
        var history: [TrainingRecord<Double>] = []
        var steps = 0, wall = 0.0, budgetStop = false
        var last: RunResult? = nil
        _ = try referenceSolution()
        // The budget counts training, as a one-window run's does: from after the reference.
        let clock = Date()
        for (k, interval) in intervals.enumerated() {
            var s = settings
            s.windows = 1
            s.seed = settings.seed &+ UInt64(k)
            if let budget = settings.timeBudget {
                let left = budget - Date().timeIntervalSince(clock)
                if left <= 0 { budgetStop = true; break }
                s.timeBudget = left / Double(K - k)
            }
            let window = try Solver(problem: try windowProblem(interval, previous: trained.last), settings: s)
            window.referenceCache = referenceCache
            window.referencePoints = referencePoints
            if let previous = trained.last {
                // N_k from N_(k-1), its output layer (the last weights and biases) zero.
                var p = previous.parameters.map(\.detached)
                require(p.map(\.shape) == window.model.parameters.map(\.shape), "Solver: window \(k + 1)'s network differs from window \(k)'s")
                for i in (p.count - 2)..<p.count { p[i] = Tensor.zeros(p[i].shape) }
                window.model.parameters = p
                window.model = TimeWindows(trained + [window.model], starts: intervals[1...k].map(\.start), timeIndex: t)
            }
            if K > 1 && options.progress != .silent {
                // Where the progress lines go (standard error), before the window's first one.
                writeStandardError(String(format: "window %d of %d: t in [%g, %g]\n", k + 1, K, interval.start, interval.end))
            }
            var o = options
            // The window's records run on from the windows before it.
            let (stepsBefore, wallBefore) = (steps, wall)
            func runOn(_ r: TrainingRecord<Double>) -> TrainingRecord<Double> {
                TrainingRecord(step: r.step + stepsBefore, loss: r.loss, terms: r.terms, error: r.error, wallTime: r.wallTime + wallBefore)
            }
            o.observer = options.observer.map { observe in { observe(runOn($0)) } }
            let r = try window.train(o)
            history += r.history.map(runOn)
            steps += r.steps; wall += r.wallSeconds
            trained.append((window.model as? TimeWindows<Scalar>)?.windows.last ?? window.model)
            model = trained.count == 1 ? trained[0] : TimeWindows(trained, starts: intervals[1..<trained.count].map(\.start), timeIndex: t)
            last = r
            switch r.status {
            case .completed, .reachedTargetLoss, .reachedTargetError: continue
            case .timeBudgetExhausted: budgetStop = true; continue
            case .interrupted, .failed: break
            }
            break
        }
        guard var result = last else { throw SettingsError("time_budget \(settings.timeBudget ?? 0) s: no time left for the first window") }
        result.history = history
        result.steps = steps
        result.wallSeconds = wall
        // A window cut short by the budget makes the run's status say so (with the run's budget,
        // not the window's share), unless it ended worse.
        if budgetStop {
            switch result.status {
            case .completed, .reachedTargetLoss, .reachedTargetError, .timeBudgetExhausted:
                result.status = .timeBudgetExhausted(seconds: settings.timeBudget ?? wall)
            case .interrupted, .failed: break
            }
        }
        return result
    }

    /// Time-marching runs write no checkpoints and cannot resume: each window's checkpoint
    /// would need the windows before it.
    public func checkOptions(_ options: RunOptions) throws {
        guard settings.windows > 1 else { return }
        if options.checkpointPath != nil || options.resumeFrom != nil {
            throw SettingsError("windows \(settings.windows): time-marching runs write no checkpoints and cannot resume from one; run without --checkpoint and --resume, or with windows 1")
        }
    }

    /// The trainable tensors of each time window, in time order (one list without
    /// time-marching), then the unknowns with the last.
    public var windowParameters: [[Tensor<Scalar>]] {
        var sets = (model as? TimeWindows<Scalar>)?.windows.map { $0.parameters } ?? [model.parameters]
        sets[sets.count - 1] += unknowns
        return sets
    }
}
