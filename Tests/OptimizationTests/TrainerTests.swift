import Autodiff
import Foundation
import Testing
import TestSupport
@testable import Optimization

/// A small regression: fit sin(2πx) on [0, 1] with a 1-8-8-1 tanh network, the interior
/// points as the "residual" term and the end points as the "boundary" term. The interior
/// points are redrawn by the resampling hook.
final class Regression {
    let net = TinyMLP<Double>(widths: [1, 8, 8, 1])
    var points = Tensor<Double>.zeros([32, 1])
    let ends = Tensor<Double>(shape: [2, 1], scalars: [0, 1])

    static func target(_ x: Tensor<Double>) -> Tensor<Double> { (x * (2 * Double.pi)).sin() }

    func loss(_ p: [Tensor<Double>]) -> [LossTerm<Double>] {
        [LossTerm.meanSquare("residual", net(points, p) - Regression.target(points)),
         LossTerm.meanSquare("boundary", net(ends, p) - Regression.target(ends))]
    }

    func resample(_ rng: inout RandomStream) { points = Tensor.uniform([32, 1], using: &rng) }
}

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("optim-\(getpid())-\(UUID().uuidString)-\(name)").path
}

@Suite struct TrainerTests {
    /// 200 steps straight equal 100 steps, an interrupt (checkpoint), a resume from the
    /// file and 100 more, bit for bit: Adam with resampling every 30 steps and gradient-norm
    /// loss balancing every 25; L-BFGS on a fixed batch; BFGS and self-scaled BFGS with
    /// resampling every 30 (their matrix lives on across draws, and in the checkpoint), and
    /// the self-scaled Broyden rule likewise.
    @Test(arguments: ["adam", "lbfgs", "bfgs", "ssbfgs", "ssbroyden"])
    func resumeIsBitIdentical(_ which: String) throws {
        func makeTrainer(_ flag: InterruptFlag, _ path: String?) -> Trainer<Double> {
            let phase = switch which {
            case "adam": TrainingPhase(Adam<Double>(learningRate: 2e-2), steps: 200)
            case "lbfgs": TrainingPhase(LBFGS<Double>(gradientTolerance: 0, stepTolerance: 0), steps: 200)
            default: TrainingPhase(BFGS<Double>(rule: BFGS<Double>.Rule(rawValue: which)!, gradientTolerance: 0, stepTolerance: 0), steps: 200)
            }
            var t = Trainer(phases: [phase],
                            weighting: which == "adam"
                                ? LossWeighting(.gradientNormBalancing(alpha: 0.1, every: 25)) : LossWeighting())
            t.resampleEvery = which == "lbfgs" ? 0 : 30
            t.progress = .silent
            t.interrupt = flag
            t.checkpointPath = path
            t.rng = RandomStream(seed: 11)
            return t
        }
        let initial = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)

        let straight = Regression()
        var a = initial
        let ra = try makeTrainer(InterruptFlag(), nil).run(parameters: &a, loss: straight.loss, resample: straight.resample)
        #expect(ra.status == .completed, "straight run: \(ra.status)")
        #expect(ra.steps == 200)

        let path = temporaryPath("resume.ckpt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let flag = InterruptFlag()
        let first = Regression()
        var b = initial
        let rb = try makeTrainer(flag, path).run(parameters: &b, loss: first.loss, resample: first.resample,
                                                 observer: { row in if row.step == 99 { flag.raise() } })
        #expect(rb.status == .interrupted(checkpoint: path))
        #expect(rb.steps == 100)

        let second = Regression()
        var c = initial.map { $0 * 0 }
        let cp = try Checkpoint<Double>.read(from: path)
        #expect(cp.step == 100 && cp.history.count == 100)
        let rc = try makeTrainer(InterruptFlag(), path).run(parameters: &c, loss: second.loss, resample: second.resample,
                                                           resumingFrom: cp)
        #expect(rc.status == .completed, "resumed run: \(rc.status)")
        #expect(rc.steps == 200)
        for (k, (x, y)) in zip(a, c).enumerated() {
            #expect(x.scalars == y.scalars, "\(which): parameter \(k) differs by \(x.maxAbsDifference(y))")
        }
        func values(_ h: [TrainingRecord<Double>]) -> [[Double]] { h.map { [Double($0.step), $0.loss] + $0.terms } }
        #expect(values(ra.history) == values(rc.history), "\(which): loss histories differ")
        #expect(ra.weights == rc.weights)
        if which == "adam" { #expect(ra.weights[1].value != 1, "annealing never changed the boundary weight") }
        let r0 = ra.history.first!.terms[0], r1 = ra.history.last!.terms[0]
        #expect(r1 < r0 / 2, "\(which): the residual term only went from \(r0) to \(r1)")
    }

    /// Learning rate 1e6 blows the loss up; the run stops with the message naming the step
    /// and the term, and the parameters are the last ones with a finite loss.
    /// The same run under the standard divergence rule stops before any NaN, when the loss
    /// first exceeds 10^4 times the best and 100 times the first, with the best parameters.
    @Test func runawayLossStopsWithTheBestParameters() throws {
        let problem = Regression()
        var p = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)
        var t = Trainer(phases: [TrainingPhase(SGD<Double>(learningRate: 1e6), steps: 1000)])
        t.progress = .silent
        t.interrupt = InterruptFlag()
        let report = try t.run(parameters: &p, loss: problem.loss, resample: problem.resample)
        guard case .failed(let message, let fix) = report.status else {
            Issue.record("expected a failure, got \(report.status)")
            return
        }
        #expect(message.hasPrefix("the loss diverged") && message.contains("over 10000 times the best"), "\(message)")
        #expect(fix.contains("smaller learning rate") && fix.contains("the parameters are those of the best loss"), "\(fix)")
        let losses = report.history.map { Double($0.loss) }
        let best = try #require(losses.min()), first = try #require(losses.first)
        // The last recorded loss triggered the stop: it is over both thresholds...
        let last = try #require(losses.last)
        #expect(last > 1e4 * best && last > 100 * first && last.isFinite)
        // ... and no earlier one was.
        for (k, l) in losses.dropLast().enumerated() {
            let bestSoFar = losses[...k].min()!
            #expect(!(l > 1e4 * bestSoFar && l > 100 * first), "step \(k + 1) was over the thresholds already")
        }
        // The kept parameters give the best loss.
        let lossThere = problem.loss(p).reduce(0.0) { $0 + $1.value.scalar }
        expectClose(lossThere, best, relative: 1e-12)
    }

    /// The rule's arithmetic: late noise over a tiny best is not divergence; a runaway loss is;
    /// an error far above the untrained one is.
    @Test func divergenceRuleThresholds() {
        let p = [Tensor<Double>([1])]
        var w = DivergenceWatch<Double>(rule: .standard, history: [])
        #expect(w.observe(loss: 1, error: 0.9, step: 0, parameters: p) == nil)
        #expect(w.observe(loss: 1e-8, error: nil, step: 1, parameters: p) == nil)
        #expect(w.observe(loss: 1e-3, error: nil, step: 2, parameters: p) == nil, "10^5 x the best but under 100 x the first")
        #expect(w.observe(loss: 99, error: nil, step: 3, parameters: p) == nil, "under 100 x the first")
        #expect(w.observe(loss: 101, error: nil, step: 4, parameters: p) != nil)
        var e = DivergenceWatch<Double>(rule: .standard, history: [])
        #expect(e.observe(loss: 1, error: 0.8, step: 0, parameters: p) == nil)
        #expect(e.observe(loss: 1, error: 79, step: 1, parameters: p) == nil)
        #expect(e.observe(loss: 1, error: 81, step: 2, parameters: p)?.contains("error against the reference") == true)
        // A resumed run takes its first loss and error from the history.
        var r = DivergenceWatch<Double>(rule: .standard, history: [TrainingRecord(step: 0, loss: 2, terms: [], error: 0.5, wallTime: 0),
                                                                  TrainingRecord(step: 1, loss: 1e-6, terms: [], error: nil, wallTime: 0)])
        #expect(r.observe(loss: 150, error: nil, step: 2, parameters: p) == nil, "under 100 x the first loss, 2")
        #expect(r.observe(loss: 250, error: nil, step: 3, parameters: p) != nil)
    }

    @Test func divergenceStopsWithMessageAndKeepsLastGoodParameters() throws {
        let problem = Regression()
        var p = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)
        var t = Trainer(phases: [TrainingPhase(SGD<Double>(learningRate: 1e6), steps: 1000)])
        t.progress = .silent
        t.interrupt = InterruptFlag()
        t.divergence = nil   // only NaN and infinity stop it (the divergence rule is tested below)
        // The network's output layer is linear, so huge steps overflow to inf, then NaN.
        let report = try t.run(parameters: &p, loss: problem.loss, resample: problem.resample)
        guard case .failed(let message, let fix) = report.status else {
            Issue.record("expected a failure, got \(report.status)")
            return
        }
        #expect(message.contains("Loss became"), "\(message)")
        #expect(message.contains("at step \(report.steps + 1)"), "\(message) (steps \(report.steps))")
        #expect(message.contains("residual term") || message.contains("boundary term"), "\(message)")
        #expect(fix.contains("smaller learning rate") && fix.contains("1000000"), "\(fix)")
        #expect(ParameterAlgebra.allFinite(p))
        let lossThere = problem.loss(p).reduce(0.0) { $0 + $1.value.scalar }
        #expect(lossThere.isFinite, "the kept parameters give loss \(lossThere)")
        #expect(report.finalLoss != nil)
    }

    /// SIGINT, with the handlers installed, raises the flag instead of killing the process;
    /// the Trainer then writes a checkpoint and returns `.interrupted`. The signal is sent to
    /// the process (`kill`), not the thread: test threads block signals. It raises a flag of
    /// this test's own: raising `.process` would stop every trainer that other tests run at
    /// the same time (it did: a reduced poisson-1d run stopped after 9 steps).
    @Test func sigintWritesCheckpointAndReturnsInterrupted() throws {
        let flag = InterruptFlag()
        InterruptFlag.installSignalHandlers(raising: flag)
        defer { InterruptFlag.removeSignalHandlers() }
        let path = temporaryPath("sigint.ckpt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let problem = Regression()
        var p = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)
        var t = Trainer(phases: [TrainingPhase(Adam<Double>(), steps: 1000)])
        t.progress = .silent
        t.interrupt = flag
        t.checkpointPath = path
        let report = try t.run(parameters: &p, loss: problem.loss, resample: problem.resample,
                               observer: { row in if row.step == 4 { _ = kill(getpid(), SIGINT) } })
        #expect(report.status == .interrupted(checkpoint: path))
        #expect(flag.signal == SIGINT && !InterruptFlag.process.isRaised)
        let cp = try Checkpoint<Double>.read(from: path)
        #expect(cp.step == report.steps && report.steps >= 5 && report.steps < 1000)
        for (x, y) in zip(cp.parameters, p) { #expect(x.scalars == y.scalars) }
    }

    @Test func targetLossAndTimeBudgetStopTheRun() throws {
        let problem = Regression()
        var p = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)
        var t = Trainer(phases: [TrainingPhase(Adam<Double>(learningRate: 1e-2), steps: 5000)])
        t.progress = .silent
        t.interrupt = InterruptFlag()
        t.targetLoss = 0.05
        let r = try t.run(parameters: &p, loss: problem.loss, resample: problem.resample)
        #expect(r.status == .reachedTargetLoss(0.05))
        #expect(r.history.last!.loss <= 0.05 && r.history.dropLast().allSatisfy { $0.loss > 0.05 })

        t.targetLoss = nil
        t.timeBudget = 0.2
        let start = Date()
        var q = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 5)
        let r2 = try t.run(parameters: &q, loss: problem.loss, resample: problem.resample)
        #expect(r2.status == .timeBudgetExhausted(seconds: 0.2))
        #expect(Date().timeIntervalSince(start) < 5 && r2.steps < 5000)
    }
}

@Suite struct ProgressLineTests {
    /// The error is measured every `evaluateEvery` steps (0, 250, ... 0-based) and lines are
    /// printed every 100 (99, 199, ...): the two never meet, so a line must carry the latest
    /// measurement with its step, and a line of a measured step shows its own.
    @Test func linesCarryTheLatestMeasuredError() {
        let reporter = ProgressReporter(.silent)
        func row(_ step: Int, _ error: Double?) -> TrainingRecord<Double> {
            TrainingRecord(step: step, loss: 0.25, terms: [0.25], error: error, wallTime: 1)
        }
        let before = reporter.line(phase: "adam", row: row(99, nil), termNames: ["residual"], rate: 10, eta: nil)
        #expect(!before.contains("error"))
        reporter.report(phase: "adam", row: row(250, 0.5), termNames: ["residual"], rate: 10, eta: nil, now: 1)
        let own = reporter.line(phase: "adam", row: row(250, 0.5), termNames: ["residual"], rate: 10, eta: nil)
        #expect(own.contains("error 5.0e-1 ") && !own.contains("@"))
        let later = reporter.line(phase: "adam", row: row(299, nil), termNames: ["residual"], rate: 10, eta: nil)
        #expect(later == "[adam] step 300 loss 2.5e-1 residual 2.5e-1 error 5.0e-1 @251 1.0e1 steps/s")
        reporter.report(phase: "lbfgs", row: row(500, 0.125), termNames: ["residual"], rate: 10, eta: nil, now: 2)
        #expect(reporter.line(phase: "lbfgs", row: row(599, nil), termNames: ["residual"], rate: 10, eta: nil)
                    .contains("error 1.25e-1 @501"))
    }
}
