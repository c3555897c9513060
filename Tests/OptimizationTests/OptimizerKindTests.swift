import Autodiff
import Testing
@testable import Optimization

/// Each optimiser kind builds its own optimiser, and each schedule kind its schedule.
@Suite struct OptimizerKindTests {
    @Test(arguments: OptimizerKind.allCases)
    func eachKindBuildsTheOptimizerOfItsName(kind: OptimizerKind) {
        let o: any Optimizer<Double> = kind.make(learningRate: .constant(0.01), lbfgsHistory: 7)
        // The optimiser's name is the kind's raw value (checkpoints record it).
        #expect(o.name == kind.rawValue)
        let phase: TrainingPhase<Double> = kind.phase(steps: 12, learningRate: .constant(0.01))
        #expect(phase.steps == 12 && phase.name == kind.rawValue)
        #expect(kind.keepsDenseMatrix == (o is BFGS<Double>))
    }

    @Test func theKindsPassTheirSettingsOn() {
        let adam = OptimizerKind.adam.make(learningRate: LearningRateSchedule<Double>.constant(0.02)) as? Adam<Double>
        #expect(adam?.learningRate == .constant(0.02) && adam?.decoupledWeightDecay == false)
        #expect((OptimizerKind.adamw.make(learningRate: LearningRateSchedule<Double>.constant(0.02)) as? Adam<Double>)?.weightDecay == 0.01)
        #expect((OptimizerKind.sgd.make(learningRate: LearningRateSchedule<Double>.constant(0.02)) as? SGD<Double>)?.momentum == 0.9)
        #expect((OptimizerKind.lbfgs.make(learningRate: LearningRateSchedule<Double>.constant(1), lbfgsHistory: 7) as? LBFGS<Double>)?.historySize == 7)
        #expect((OptimizerKind.lbfgs.make(learningRate: LearningRateSchedule<Double>.constant(1)) as? LBFGS<Double>)?.historySize == 10)
        #expect((OptimizerKind.ssbfgs.make(learningRate: LearningRateSchedule<Double>.constant(1)) as? BFGS<Double>)?.rule == .selfScaled)
        #expect((OptimizerKind.bfgs.make(learningRate: LearningRateSchedule<Double>.constant(1)) as? BFGS<Double>)?.rule == .plain)
        #expect((OptimizerKind.ssbroyden.make(learningRate: LearningRateSchedule<Double>.constant(1)) as? BFGS<Double>)?.rule == .selfScaledBroyden)
        #expect(OptimizerKind.names == "adam, adamw, sgd, lbfgs, bfgs, ssbfgs, ssbroyden")
    }

    @Test func scheduleKindsBuildTheirSchedules() {
        let eta = 0.5
        #expect(ScheduleKind.constant.schedule(rate: eta, steps: 10) == .constant(eta))
        #expect(ScheduleKind.cosine.schedule(rate: eta, steps: 10) == .cosine(eta, totalSteps: 10, minimum: eta / 100))
        #expect(ScheduleKind.exponential.schedule(rate: eta, steps: 10) == .exponential(eta, decayRate: 0.1, decaySteps: 10))
        #expect(ScheduleKind.exponential.schedule(rate: eta, steps: 0) == .exponential(eta, decayRate: 0.1, decaySteps: 1))
        #expect(ScheduleKind.linear.schedule(rate: eta, steps: 10) == .linear(from: eta, to: 0, steps: 10))
        #expect(ScheduleKind.allCases.map(\.rawValue) == ["constant", "cosine", "exponential", "linear"])
    }
}
