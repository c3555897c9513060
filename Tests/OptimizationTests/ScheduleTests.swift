import Autodiff
import Testing
import TestSupport
@testable import Optimization

@Suite struct ScheduleTests {
    @Test func schedulesFollowTheirFormulas() {
        expectClose(LearningRateSchedule<Double>.constant(0.3).rate(at: 99), 0.3, relative: 0)
        let step = LearningRateSchedule<Double>.step(1, every: 10, factor: 0.5)
        #expect([0, 9, 10, 25].map { step.rate(at: $0) } == [1, 1, 0.5, 0.25])
        let exp = LearningRateSchedule<Double>.exponential(2, decayRate: 0.1, decaySteps: 100)
        expectClose(exp.rate(at: 50), 2 * Double.pow(0.1, 0.5), relative: 1e-14)
        let cos = LearningRateSchedule<Double>.cosine(1, totalSteps: 100, minimum: 0.1)
        expectClose(cos.rate(at: 0), 1, relative: 1e-15)
        expectClose(cos.rate(at: 50), 0.55, relative: 1e-14)
        expectClose(cos.rate(at: 100), 0.1, relative: 1e-14)
        expectClose(cos.rate(at: 500), 0.1, relative: 1e-14)
        let lin = LearningRateSchedule<Double>.linear(from: 1e-3, to: 0, steps: 10_000)
        expectClose(lin.rate(at: 2500), 7.5e-4, relative: 1e-14)
        let warm = LearningRateSchedule<Double>.warmup(steps: 4, then: .step(1, every: 2, factor: 0.1))
        #expect([0, 1, 3].map { warm.rate(at: $0) } == [0.25, 0.5, 1])
        expectClose(warm.rate(at: 6), 0.1, relative: 1e-15)
    }

    @Test func clippingScalesToTheGlobalNorm() {
        var g = [Tensor<Double>([3, 0]), Tensor<Double>(shape: [1, 1], scalars: [4])]
        let before = GradientClipping.clip(&g, maxNorm: 1)
        expectClose(before, 5, relative: 1e-15)
        expectClose(ParameterAlgebra.norm(g), 1, relative: 1e-15)
        expectClose(g[0][flat: 0], 0.6, relative: 1e-15)
        expectClose(g[1][flat: 0], 0.8, relative: 1e-15)
        var small = [Tensor<Double>([0.1])]
        GradientClipping.clip(&small, maxNorm: 1)
        #expect(small[0].scalars == [0.1])
    }

    /// Hand-computed updates of both adaptive rules.
    @Test func lossWeightingRules() {
        let res = [Tensor<Double>([1, -3])], bc = [Tensor<Double>([0.5, -0.5])]
        var annealing = LossWeighting<Double>(.learningRateAnnealing(reference: "residual", alpha: 0.5, every: 10))
        #expect(annealing.needsUpdate(at: 20) && !annealing.needsUpdate(at: 21))
        annealing.update(termGradients: [("residual", res), ("boundary", bc)])
        // λ̂ = max|∇L_r| / mean|∇L_b| = 3 / 0.5 = 6; λ = 0.5·1 + 0.5·6.
        expectClose(annealing.weight("boundary"), 3.5, relative: 1e-15)
        expectClose(annealing.weight("residual"), 1, relative: 0)

        var norms = LossWeighting<Double>(.gradientNormBalancing(alpha: 1, every: 1))
        norms.update(termGradients: [("residual", res), ("boundary", bc)])
        // ||∇L_r|| = √10, ||∇L_b|| = √0.5; λ̂_i = (√10 + √0.5)/||∇L_i||.
        let total = 10.0.squareRoot() + 0.5.squareRoot()
        expectClose(norms.weight("residual"), total / 10.0.squareRoot(), relative: 1e-14)
        expectClose(norms.weight("boundary"), total / 0.5.squareRoot(), relative: 1e-14)

        var fixed = LossWeighting<Double>(.fixed, initial: ["boundary": 10])
        fixed.update(termGradients: [("residual", res), ("boundary", bc)])
        #expect(fixed.weight("boundary") == 10 && fixed.weight("data") == 1)
    }
}
