import Autodiff
import Testing
import TestSupport
@testable import Optimization

@Suite struct OptimizerConformanceTests {
    @Test func everyOptimizerPassesTheCheckerInDouble() throws {
        try checkOptimizer(SGD<Double>(learningRate: 0.05))
        try checkOptimizer(SGD<Double>(learningRate: 0.05, momentum: 0.5))
        try checkOptimizer(SGD<Double>(learningRate: 0.05, momentum: 0.5, nesterov: true))
        try checkOptimizer(Adam<Double>(learningRate: 0.1))
        try checkOptimizer(Adam<Double>.adamW(learningRate: .constant(0.1), weightDecay: 1e-4), reduction: 5e-2)
        try checkOptimizer(LBFGS<Double>(historySize: 5), reduction: 1e-12)
    }

    @Test func everyOptimizerPassesTheCheckerInFloat() throws {
        try checkOptimizer(SGD<Float>(learningRate: 0.05, momentum: 0.5, nesterov: true))
        try checkOptimizer(Adam<Float>(learningRate: .warmup(steps: 5, then: .cosine(0.1, totalSteps: 60, minimum: 0.01))))
        try checkOptimizer(LBFGS<Float>(), reduction: 1e-6)
    }

    /// Hand-iterated momentum on f = x²/2 (gradient x): x0 = 1, η = 0.1, μ = 0.9.
    @Test func sgdMomentumAndNesterovMatchHandIteration() {
        let f: Objective<Double> = { p in LossEvaluation(loss: p[0].scalar * p[0].scalar / 2, gradient: [p[0]]) }
        for (nesterov, expected) in [(false, [0.9, 0.72]), (true, [0.81, 0.5751])] {
            let sgd = SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: nesterov)
            var p = [Tensor<Double>(scalar: 1)]
            var s = sgd.makeState(for: p)
            for k in 0..<2 {
                _ = sgd.step(&p, state: &s, objective: f)
                expectClose(p[0].scalar, expected[k], relative: 1e-14, "nesterov \(nesterov) step \(k + 1)")
            }
        }
    }

    /// The first Adam step moves each coordinate by η g/(|g| + ε) (bias correction makes
    /// m̂ = g, v̂ = g²); AdamW subtracts η λ x as well; Adam's L2 decay adds λ x to g.
    @Test func adamFirstStepIsSignedLearningRate() {
        let g = [3.0, -0.5, 2e-3]
        let f: Objective<Double> = { _ in LossEvaluation(loss: 0, gradient: [Tensor(g)]) }
        let x0 = [1.0, 2.0, -1.0]
        let plain = Adam<Double>(learningRate: 0.01)
        let decoupled = Adam<Double>.adamW(learningRate: .constant(0.01), weightDecay: 0.1)
        for (opt, decay) in [(plain, 0.0), (decoupled, 0.1)] {
            var p = [Tensor(x0)]
            var s = opt.makeState(for: p)
            _ = opt.step(&p, state: &s, objective: f)
            for i in 0..<3 {
                let expected = x0[i] - 0.01 * g[i] / (Swift.abs(g[i]) + 1e-8) - 0.01 * decay * x0[i]
                expectClose(p[0][flat: i], expected, relative: 1e-12, "\(opt.name) coordinate \(i)")
            }
        }
    }

    @Test func nonFiniteGradientLeavesParametersUnchanged() {
        let f: Objective<Double> = { _ in LossEvaluation(loss: .nan, gradient: [Tensor([1, 1])]) }
        var p = [Tensor<Double>([1, 2])]
        let adam = Adam<Double>()
        var s = adam.makeState(for: p)
        let r = adam.step(&p, state: &s, objective: f)
        #expect(r.status == .nonFinite)
        #expect(p[0].scalars == [1, 2])
        let lbfgs = LBFGS<Double>()
        var sl = lbfgs.makeState(for: p)
        #expect(lbfgs.step(&p, state: &sl, objective: f).status == .nonFinite)
        #expect(p[0].scalars == [1, 2])
    }
}

@Suite struct RosenbrockAndQuadraticTests {
    @Test func lbfgsSolvesRosenbrockWithinOneHundredIterations() {
        let opt = LBFGS<Double>(historySize: 10, gradientTolerance: 1e-12)
        let (p, iterations, evaluations) = TestProblems.minimize(opt, from: [Tensor<Double>([-1.2, 1])], limit: 100,
                                                                 objective: TestProblems.rosenbrock) { $0 <= 1e-10 }
        let f = TestProblems.rosenbrock(p).loss
        #expect(f <= 1e-10, "f = \(f) after \(iterations) iterations, \(evaluations) evaluations")
        #expect(iterations <= 100)
        expectClose(p[0], Tensor([1, 1]), relative: 1e-4, "minimiser")
    }

    @Test func adamMakesProgressOnRosenbrock() {
        let opt = Adam<Double>(learningRate: .exponential(0.02, decayRate: 0.1, decaySteps: 5000))
        var p = [Tensor<Double>([-1.2, 1])]
        var s = opt.makeState(for: p)
        for _ in 0..<5000 { _ = opt.step(&p, state: &s, objective: TestProblems.rosenbrock) }
        let f = TestProblems.rosenbrock(p).loss
        #expect(f <= 1e-4, "Adam reached f = \(f) at \(p[0].scalars), started at 24.2")
    }

    /// Condition number 1e4 in 100 dimensions: L-BFGS (m = 10) reaches f/f0 ≤ 1e-12 within
    /// 600 iterations (it takes 541; scipy's L-BFGS-B takes 546 on the same spectrum);
    /// Adam, whose per-coordinate scaling suits a diagonal Hessian, lowers f by 1e-6 at least.
    @Test func illConditionedQuadratic() {
        let q = TestProblems.Quadratic<Double>(shapes: [[10, 10]], condition: 1e4)
        let f0 = q(q.start()).loss
        let (p, iterations, _) = TestProblems.minimize(LBFGS<Double>(gradientTolerance: 0), from: q.start(), limit: 600,
                                                       objective: q.callAsFunction) { $0 <= 1e-12 * f0 }
        #expect(q(p).loss <= 1e-12 * f0, "L-BFGS: f/f0 = \(q(p).loss / f0) after \(iterations) iterations")

        var pa = q.start()
        let adam = Adam<Double>(learningRate: .cosine(0.05, totalSteps: 3000, minimum: 1e-4))
        var sa = adam.makeState(for: pa)
        for _ in 0..<3000 { _ = adam.step(&pa, state: &sa, objective: q.callAsFunction) }
        #expect(q(pa).loss <= 1e-6 * f0, "Adam: f/f0 = \(q(pa).loss / f0) after 3000 steps")
    }
}
