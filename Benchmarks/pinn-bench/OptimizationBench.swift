import Foundation
import PINN

/// Optimisation benchmarks: L-BFGS on Rosenbrock, the 1-D Poisson PINN of the test suite
/// (Adam then L-BFGS), the quasi-Newton methods' own cost per step, and checkpoint
/// write/read of a million parameters.
func runOptimizationBenchmarks() {
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = Date()
        try body()
        return Date().timeIntervalSince(t0)
    }

    // Rosenbrock from (-1.2, 1).
    let rosenbrock: Objective<Double> = { p in
        let x = p[0][flat: 0], y = p[0][flat: 1]
        return LossEvaluation(loss: (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
                              gradient: [Tensor([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])])
    }
    var p = [Tensor<Double>([-1.2, 1])]
    let lbfgs = LBFGS<Double>(gradientTolerance: 1e-12)
    var s = lbfgs.makeState(for: p)
    var iterations = 0, evaluations = 0
    let tr = seconds {
        while iterations < 200 {
            let r = lbfgs.step(&p, state: &s, objective: rosenbrock)
            iterations += 1; evaluations += r.evaluations
            if rosenbrock(p).loss <= 1e-10 || r.status != .progressing { break }
        }
    }
    print("optim.rosenbrock_lbfgs iterations=\(iterations) evaluations=\(evaluations) f=\(rosenbrock(p).loss) seconds=\(tr)")

    // 1-D Poisson PINN, 1-16-16-1 tanh, 64 stratified points, Adam 500 then L-BFGS 800.
    let widths = [1, 16, 16, 1]
    var rng = RandomStream(seed: 21)
    var params: [Tensor<Double>] = []
    for (a, b) in zip(widths, widths.dropFirst()) {
        params.append(Tensor.normal([a, b], std: (2 / Double(a + b)).squareRoot(), using: &rng))
        params.append(Tensor.zeros([b]))
    }
    func net(_ x: Tensor<Double>, _ p: [Tensor<Double>]) -> Tensor<Double> {
        var h = x
        for l in 0..<3 {
            h = h.matmul(p[2 * l]).addingRow(p[2 * l + 1])
            if l < 2 { h = h.tanh() }
        }
        return h
    }
    final class Batch: @unchecked Sendable { var x = Tensor<Double>.zeros([64, 1]) }
    let batch = Batch()
    let grid = Tensor<Double>(shape: [201, 1]) { Double($0) / 200 }
    let exact = (grid * Double.pi).sin()
    func error(_ p: [Tensor<Double>]) -> Double {
        let d = net(grid, p) - exact
        return ((d * d).sum().scalar / (exact * exact).sum().scalar).squareRoot()
    }
    var trainer = Trainer(phases: [TrainingPhase(Adam<Double>(learningRate: 1e-2), steps: 500),
                                   TrainingPhase(LBFGS<Double>(historySize: 20), steps: 800)],
                          weighting: LossWeighting(.fixed, initial: ["boundary": 10]))
    trainer.progress = .silent
    trainer.interrupt = InterruptFlag()
    trainer.rng = RandomStream(seed: 4)
    var report: TrainingReport<Double>? = nil
    let tp = seconds {
        report = try? trainer.run(parameters: &params, loss: { p in
            let x = batch.x.requiringGradient()
            let u = net(x, p)
            let ux = gradients(of: u, wrt: [x], createGraph: true)[0]
            let uxx = gradients(of: ux, wrt: [x], createGraph: true)[0]
            let f = (batch.x * Double.pi).sin() * (Double.pi * Double.pi)
            return [LossTerm.meanSquare("residual", uxx + f),
                    LossTerm.meanSquare("boundary", net(Tensor(shape: [2, 1], scalars: [0, 1]), p))]
        }, resample: { rng in
            let u = Tensor<Double>.uniform([64, 1], using: &rng)
            batch.x = (Tensor<Double>(shape: [64, 1]) { Double($0) } + u) * (1.0 / 64)
        }, evaluate: error)
    }
    if let report {
        print("optim.poisson1d_pinn steps=\(report.steps) evaluations=\(report.evaluations) error=\(report.finalError ?? .nan) loss=\(report.finalLoss ?? .nan) seconds=\(tp) status=\(report.status)")
    }

    // Quasi-Newton overhead per step: a diagonal quadratic of n parameters (curvatures
    // 1 ... 1e4) costs O(n) to evaluate, so a step's time is the optimiser's own work:
    // L-BFGS's two-loop recursion over 50 pairs, or BFGS's matrix-vector product and
    // rank-2 update of the n x n matrix. n = 3,681 is kdv-1d's network, 14,000 about the
    // largest the defaults would give BFGS. Timed after the history / matrix is filled.
    for n in [3_681, 14_000] {
        let curvature = (0..<n).map { Foundation.pow(1e4, Double($0) / Double(n - 1)) }
        let quadratic: Objective<Double> = { p in
            let x = p[0].scalars
            var f = 0.0, g = [Double](repeating: 0, count: n)
            for j in 0..<n { let d = x[j] - 1; f += curvature[j] * d * d / 2; g[j] = curvature[j] * d }
            return LossEvaluation(loss: f, gradient: [Tensor(g)])
        }
        func perStep<O: Optimizer<Double>>(_ opt: O, warmUp: Int, timed: Int) -> (ms: Double, evaluations: Int) {
            var p = [Tensor<Double>(shape: [n], scalars: [Double](repeating: 0, count: n))]
            var s = opt.makeState(for: p)
            for _ in 0..<warmUp { _ = opt.step(&p, state: &s, objective: quadratic) }
            var evaluations = 0
            let t = seconds { for _ in 0..<timed { evaluations += opt.step(&p, state: &s, objective: quadratic).evaluations } }
            return (1000 * t / Double(timed), evaluations)
        }
        let l = perStep(LBFGS<Double>(historySize: 50, gradientTolerance: 0, stepTolerance: 0), warmUp: 60, timed: 40)
        let b = perStep(BFGS<Double>(rule: .selfScaled, gradientTolerance: 0, stepTolerance: 0), warmUp: 5, timed: 40)
        let r = perStep(BFGS<Double>(rule: .selfScaledBroyden, gradientTolerance: 0, stepTolerance: 0), warmUp: 5, timed: 40)
        print("optim.quasi_newton_overhead n=\(n) lbfgs50_ms_per_step=\(l.ms) ssbfgs_ms_per_step=\(b.ms) ssbroyden_ms_per_step=\(r.ms) evaluations_per_step=\(Double(l.evaluations) / 40)/\(Double(b.evaluations) / 40)/\(Double(r.evaluations) / 40)")
    }

    // Checkpoint of 2^20 Double parameters plus Adam moments.
    let big = [Tensor<Double>.normal([1024, 1024], using: &rng)]
    let cp = Checkpoint(step: 1, phaseIndex: 0, phaseStep: 1, elapsed: 0, rng: rng, rngBeforeResample: nil, weights: [],
                        termNames: [], parameters: big,
                        optimizerState: OptimizerStateRecord(kind: "adam", integers: [1, 1], tensors: big + big),
                        history: [])
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-bench-\(getpid()).ckpt").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let tw = (try? seconds { try cp.write(to: path) }) ?? .nan
    let trd = (try? seconds { _ = try Checkpoint<Double>.read(from: path) }) ?? .nan
    print("optim.checkpoint_3M_doubles write_seconds=\(tw) read_seconds=\(trd)")
}
