import Autodiff
import Distributed
import Foundation
import Optimization

/// How a training run is driven: progress, checkpoints, resuming.
public struct RunOptions {
    public var progress: ProgressMode = .automatic
    public var checkpointPath: String? = nil
    public var checkpointEvery = 0
    public var resumeFrom: String? = nil
    /// Called after each checkpoint is written, with its path and the checksum of its bytes
    /// (`Trainer.checkpointWritten`).
    public var checkpointWritten: (@Sendable (_ path: String, _ checksum: UInt64) throws -> Void)? = nil
    public var observer: ((TrainingRecord<Double>) -> Void)? = nil
    /// Data-parallel training over these processes (nil or size 1: one process). Rank 0's
    /// initial parameters are broadcast; each rank takes its share of every batch drawn from
    /// the common stream; evaluations are averaged with one allreduce; only rank 0 reports
    /// progress and writes checkpoints.
    public var communicator: (any Communicator)? = nil
    public init() {}
}

extension Trainer {
    /// What every run sets the same way, PINN or Deep BSDE: evaluation period, time budget,
    /// checkpoints, progress and the random stream of its draws.
    mutating func configure(_ options: RunOptions, evaluateEvery: Int, timeBudget: Double?, seed: UInt64) {
        self.evaluateEvery = evaluateEvery
        self.timeBudget = timeBudget
        checkpointPath = options.checkpointPath
        checkpointEvery = options.checkpointEvery
        checkpointWritten = options.checkpointWritten
        progress = options.progress
        rng = RandomStream(seed: seed, stream: 7)
    }
}

/// What a run reports.
public struct RunResult: Sendable {
    public var problem: String
    public var status: TrainingStatus
    public var steps: Int
    public var wallSeconds: Double
    /// The total loss at the final parameters, and its unweighted terms from the same evaluation.
    public var finalLoss: Double?
    public var finalTerms: [Double]?
    public var termNames: [String]
    public var history: [TrainingRecord<Double>]
    public var relativeL2Error: Double?
    /// The relative L2 error of each output component on its own, by output name (empty
    /// without a reference).
    public var relativeL2ErrorPerOutput: [String: Double] = [:]
    public var pointValue: Double?
    public var pointReference: Double?
    public var unknowns: [String: Double]
    /// The network along each of the problem's benchmark lines and at the tables' points.
    public var benchmarks: [BenchmarkCut] = []
    /// Data-parallel runs: allreduce calls and the seconds spent in them on this rank.
    public var reductions: (calls: Int, seconds: Double)? = nil
    /// How the result was computed: "pinn" (`Solver`) or "bsde" (`DeepBSDE`).
    public var method = "pinn"

    public var stepsPerSecond: Double { wallSeconds > 0 ? Double(steps) / wallSeconds : 0 }
    /// The largest |network - table| of each benchmark table, by name.
    public var benchmarkDeviations: [String: Double] {
        Dictionary(uniqueKeysWithValues: benchmarks.map { ($0.name, $0.maxDeviation ?? .nan) })
    }
    public var pointRelativeError: Double? {
        guard let v = pointValue, let r = pointReference else { return nil }
        return PointReference.relativeError(v, reference: r)
    }
}

extension Solver {
    func makePhases() -> [TrainingPhase<Scalar>] {
        settings.phases.map { p in
            p.optimizer.phase(steps: p.steps, learningRate: settings.schedule.schedule(rate: Scalar(settings.learningRate), steps: p.steps),
                              lbfgsHistory: settings.lbfgsHistory)
        }
    }

    /// What the history's error records: the relative L2 error against the reference solution,
    /// or, for a problem whose reference is one value (the high-dimensional terminal-value
    /// problems), the relative error at that point, as the Deep BSDE solver records it; nil
    /// without a reference.
    func evaluator() -> (([Tensor<Scalar>]) -> Scalar)? {
        if problem.reference.solution != nil {
            return { [unowned self] p in
                self.parameters = p
                return Scalar((try? self.relativeL2Error()).flatMap { $0 } ?? .nan)
            }
        }
        guard let ref = problem.reference.point, ref.value != 0 else { return nil }
        return { [unowned self] p in
            self.parameters = p
            return Scalar(self.pointValue().map { PointReference.relativeError($0, reference: ref.value) } ?? .nan)
        }
    }

    /// Trains with the settings' phases (window after window when `settings.windows` > 1, see
    /// `marchInTime`) and returns the report, with the error against the reference. Throws for
    /// unreadable checkpoints or reference failures; a diverging run
    /// returns with a `.failed` status (and the last good parameters).
    public func train(_ options: RunOptions = RunOptions()) throws -> RunResult {
        if settings.windows > 1 { return try marchInTime(windows: settings.windows, options) }
        var trainer = Trainer<Scalar>(phases: makePhases(),
                                      weighting: LossWeighting(.fixed, initial: Dictionary(uniqueKeysWithValues:
                                          problem.conditions.map { ($0.name, Scalar($0.weight)) })))
        trainer.resampleEvery = settings.resampleEvery
        // One value can be close by chance before training: no divergence rule on a point error.
        if problem.reference.solution == nil { trainer.divergence = DivergenceRule(errorFactor: .infinity) }
        trainer.configure(options, evaluateEvery: settings.evaluateEvery, timeBudget: settings.timeBudget, seed: settings.seed)
        let checkpoint = try options.resumeFrom.map { try Checkpoint<Scalar>.read(from: $0) }
        // Resuming replays the last draw before training on: adaptive sampling takes its
        // residual from the checkpoint's network (RAR's points added before it are not kept).
        if settings.adaptive != .none, let c = checkpoint, c.parameters.map(\.shape) == parameters.map(\.shape) {
            parameters = c.parameters
        }
        var statistics: ReductionStatistics? = nil
        if let comm = options.communicator, comm.size > 1 {
            var p = parameters
            try comm.broadcast(&p)
            parameters = p
            let dp = DataParallel<Scalar>(comm)
            statistics = dp.statistics
            trainer.reduceEvaluation = { dp.reduce($0) }
            trainer.reduceTermGradients = { dp.reduce(termGradients: $0) }
            trainer.agree = { (try? comm.any($0)) ?? true }
            share = comm
            if !comm.isRoot { trainer.progress = .silent; trainer.checkpointPath = nil }
        }
        var params = parameters
        _ = try referenceSolution()
        let report = try trainer.run(
            parameters: &params,
            loss: { [unowned self] p in self.parameters = p; return self.lossTerms() },
            resample: { [unowned self] rng in
                do { try self.resample(&rng) } catch { fatalError("resampling failed: \(error)") }
            },
            evaluate: evaluator(),
            observer: options.observer.map { obs in { r in
                obs(TrainingRecord(step: r.step, loss: Double(r.loss), terms: r.terms.map { Double($0) },
                                   error: r.error.map { Double($0) }, wallTime: r.wallTime))
            } },
            resumingFrom: checkpoint)
        parameters = params
        if getenv("PINN_POOL_STATS") != nil { print("buffer pool: \(BufferPool.missCount) misses, \(BufferPool.cachedBytes) bytes cached") }
        let ref = problem.reference.point
        let errors = try relativeL2Errors()
        return RunResult(problem: problem.name, status: report.status, steps: report.steps, wallSeconds: report.elapsed,
                         finalLoss: report.finalLoss.map { Double($0) }, finalTerms: report.finalTerms?.map { Double($0) },
                         termNames: report.termNames,
                         history: report.history.map { r in
                             TrainingRecord(step: r.step, loss: Double(r.loss), terms: r.terms.map { Double($0) },
                                            error: r.error.map { Double($0) }, wallTime: r.wallTime)
                         },
                         relativeL2Error: errors?.total, relativeL2ErrorPerOutput: errors?.perOutput ?? [:],
                         pointValue: pointValue(), pointReference: ref?.value,
                         unknowns: unknownValues, benchmarks: benchmarkCuts(),
                         reductions: statistics.map { ($0.current.calls, $0.current.seconds) })
    }
}
