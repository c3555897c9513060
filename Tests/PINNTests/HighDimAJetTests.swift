import Foundation
import Testing
import TestSupport
@testable import PINN

/// The closed-form jets of RadialFunction, AffineFunction and SeparableFunction against
/// nested reverse mode (the default `InputFunction.taylor`) on a plan with every kind of
/// direction and channel.
@Suite struct HighDimAJetTests {
    static let D = 6

    /// Coordinates, a mixed partial (shared direction), a per-point direction, a Laplacian
    /// over the first 5 inputs and a weighted trace with per-point weights.
    static func plan(_ n: Int, _ rng: inout RandomStream) -> DerivativePlan<Double> {
        var plan = DerivativePlan<Double>(inputDimension: D)
        _ = plan.partial(5)
        _ = plan.laplacian(Array(0..<5))
        _ = plan.secondPartial(1, 3)
        _ = plan.directional(perPoint: Tensor.normal([n, D], using: &rng))
        _ = plan.weightedTrace(diagonal: Tensor.uniform([n, 3], low: 0.5, high: 2, using: &rng), coordinates: [0, 2, 4])
        return plan
    }

    func compare(_ f: some InputFunction<Double>, _ body: @escaping (Tensor<Double>) -> Tensor<Double>) {
        var rng = testStream(3)
        let x = Tensor<Double>.normal([7, Self.D], using: &rng)
        let plan = Self.plan(7, &rng)
        let closed = f.taylor(x, plan: plan).stack
        let nested = ClosureFunction<Double>(inputDimension: Self.D, body).taylor(x, plan: plan).stack
        let err = closed.maxAbsDifference(nested)
        #expect(err < 1e-12, "closed-form jets differ from nested reverse mode by \(err)")
        #expect(f(x).maxAbsDifference(body(x)) < 1e-14)
    }

    @Test func radialJetsMatchNestedReverseMode() {
        let space = Array(0..<5)
        let f = RadialFunction<Double>(inputDimension: Self.D, coordinates: space) { r in
            (Foundation.log((1 + r) / 2), 1 / (1 + r), -1 / ((1 + r) * (1 + r)))
        }
        compare(f) { x in ((x.gatheringColumns(space).squaredNorm(alongAxis: 1) + 1) / 2).log() }
    }

    @Test func affineJetsMatchNestedReverseMode() {
        let f = AffineFunction<Double>.timeToGo(inputDimension: Self.D, timeIndex: 5, terminal: 0.3, scale: 2)
        compare(f) { x in (0.3 - x.column(5)) * 2 }
    }

    @Test func separableJetsMatchNestedReverseMode() {
        let f = SeparableFunction<Double>(inputDimension: Self.D, coordinates: [0, 1, 2, 3, 4], coefficient: 0.2) { s in
            (Foundation.sin(s), Foundation.cos(s), -Foundation.sin(s))
        }
        compare(f) { x in x.gatheringColumns([0, 1, 2, 3, 4]).sin().sum(alongAxis: 1) * 0.2 }
    }
}
