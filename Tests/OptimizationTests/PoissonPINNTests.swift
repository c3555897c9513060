import Autodiff
import Testing
import TestSupport
@testable import Optimization

/// -u'' = π² sin(πx) on [0, 1], u(0) = u(1) = 0; exact u = sin(πx). A 1-16-16-1 tanh
/// network in Double; u'' by nested reverse mode (the input is a tracked tensor; the seed
/// of ones gives every point's own derivative because the points are independent).
@Suite struct PoissonPINNTests {
    let net = TinyMLP<Double>(widths: [1, 16, 16, 1])

    final class Batch { var x = Tensor<Double>.zeros([64, 1]) }

    func loss(_ p: [Tensor<Double>], _ batch: Batch) -> [LossTerm<Double>] {
        let x = batch.x.requiringGradient()
        let u = net(x, p)
        let ux = gradients(of: u, wrt: [x], createGraph: true)[0]
        let uxx = gradients(of: ux, wrt: [x], createGraph: true)[0]
        let f = (batch.x * Double.pi).sin() * (Double.pi * Double.pi)
        let ends = net(Tensor(shape: [2, 1], scalars: [0, 1]), p)
        return [LossTerm.meanSquare("residual", uxx + f), LossTerm.meanSquare("boundary", ends)]
    }

    /// Relative L2 error on 201 grid points.
    func error(_ p: [Tensor<Double>]) -> Double {
        let grid = Tensor<Double>(shape: [201, 1]) { Double($0) / 200 }
        let u = net(grid, p), exact = (grid * Double.pi).sin()
        let d = u - exact
        return ((d * d).sum().scalar / (exact * exact).sum().scalar).squareRoot()
    }

    @Test func adamThenLBFGSReachesRelativeErrorBelow1e4() throws {
        let batch = Batch()
        var p = net.initialParameters(seed: 21)
        var t = Trainer(phases: [TrainingPhase(Adam<Double>(learningRate: 1e-2), steps: 500),
                                 TrainingPhase(LBFGS<Double>(historySize: 20), steps: 800)],
                        weighting: LossWeighting(.fixed, initial: ["boundary": 10]))
        t.progress = .silent
        t.interrupt = InterruptFlag()
        t.evaluateEvery = 100
        t.targetError = 5e-5
        t.rng = RandomStream(seed: 4)
        let report = try t.run(parameters: &p, loss: { loss($0, batch) },
                               resample: { rng in
                                   // Stratified points: one uniform draw in each of 64 cells.
                                   let u = Tensor<Double>.uniform([64, 1], using: &rng)
                                   batch.x = (Tensor<Double>(shape: [64, 1]) { Double($0) } + u) * (1.0 / 64)
                               },
                               evaluate: error)
        let e = error(p)
        #expect(report.status.isSuccess, "\(report.status)")
        #expect(e < 1e-4, "relative L2 error \(e) after \(report.steps) steps, \(report.evaluations) evaluations, \(report.elapsed) s; status \(report.status)")
        expectClose(report.finalError!, e, relative: 1e-12)
    }
}
