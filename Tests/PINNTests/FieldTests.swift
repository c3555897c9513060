import Foundation
import Testing
import TestSupport
@testable import PINN

/// The one-pass `Field`: a residual closure is recorded once and called once per batch; a
/// closure that changes what it asks for stops with a message; the batch's random draws come
/// from its stream in request order; derivatives of order above 2 (routed in Networks) agree
/// with nested reverse mode.
@Suite struct FieldTests {
    /// Counts calls of a closure (closures capture it by reference).
    final class Counter: @unchecked Sendable { var calls = 0 }

    static let domain = try! Box(lower: [0, 0], upper: [1, 1])

    /// -Lap u = 1 on the unit square, u = 0 on its boundary, with call counters on both closures.
    static func countedProblem(_ residualCalls: Counter, _ boundaryCalls: Counter) -> Problem<Double> {
        Problem<Double>(name: "counted", summary: "", details: "", inputNames: ["x", "y"], domain: domain,
                        residual: { f in residualCalls.calls += 1; return [f.laplacian() + 1] },
                        conditions: [.init(name: "boundary", batch: 8, sample: { n, rng in
                            ConditionPoints(try domain.sampleBoundary(n, using: &rng))
                        }, residual: { f in boundaryCalls.calls += 1; return f.u })],
                        reference: Reference(summary: "none"))
    }

    static func settings() -> Settings {
        var s = Settings()
        s.width = 8; s.depth = 2; s.batch = 16; s.phases = [.init(.adam, 3)]
        return s
    }

    @Test func eachClosureIsCalledOncePerBatch() throws {
        let residualCalls = Counter(), boundaryCalls = Counter()
        let solver = try Solver(problem: Self.countedProblem(residualCalls, boundaryCalls), settings: Self.settings())
        // Recording, when the solver is built: one call of each.
        #expect(residualCalls.calls == 1 && boundaryCalls.calls == 1, "recording: \(residualCalls.calls), \(boundaryCalls.calls)")
        #expect(solver.recorded.residual.operators == ["laplacian([0, 1])"])
        #expect(solver.recorded.conditions.map(\.operators) == [["value"]])
        var rng = RandomStream(seed: 3)
        for batch in 1...3 {
            try solver.resample(&rng)
            let terms = solver.lossTerms()
            #expect(terms.count == 2)
            #expect(residualCalls.calls == 1 + batch && boundaryCalls.calls == 1 + batch,
                    "after \(batch) batches: residual called \(residualCalls.calls) times, boundary \(boundaryCalls.calls)")
        }
    }

    @Test func aClosureAskingForOtherOperatorsStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let calls = Counter()
            let body: (Field<Double>) -> Tensor<Double> = { f in
                calls.calls += 1
                return calls.calls == 1 ? f.u + f.d(0) : f.u + f.laplacian()
            }
            let x = Tensor<Double>.zeros([3, 2])
            let recorded = RecordedResidual(body, recordingOn: Field(points: x, inputNames: ["x", "y"]))
            _ = recorded(Field(points: x, inputNames: ["x", "y"]), model: MLP<Double>(inputDimension: 2, hidden: [4]), engine: .taylor)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("request 2 of this call is laplacian([0, 1]), but the residual was recorded asking for [value, d(0)]"), "stderr: \(text)")
        #expect(text.contains("must ask for the same operators in the same order every call"), "stderr: \(text)")
    }

    @Test func aClosureAskingForFewerOperatorsStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let calls = Counter()
            let body: (Field<Double>) -> Tensor<Double> = { f in
                calls.calls += 1
                return calls.calls == 1 ? f.u * f.d2(0, 1) : f.u
            }
            let x = Tensor<Double>.zeros([3, 2])
            let recorded = RecordedResidual(body, recordingOn: Field(points: x, inputNames: ["x", "y"]))
            _ = recorded(Field(points: x, inputNames: ["x", "y"]), model: MLP<Double>(inputDimension: 2, hidden: [4]), engine: .nested)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("asked for [value] in this call, but was recorded asking for [value, d2(0, 1)]"), "stderr: \(text)")
        #expect(text.contains("must ask for the same operators in the same order every call"), "stderr: \(text)")
    }

    @Test func aWeightedTraceDiagonalFromDerivativesStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor<Double>.zeros([3, 2])
            _ = RecordedResidual({ f in f.weightedTrace { g in g.gradient() } }, recordingOn: Field(points: x, inputNames: ["x", "y"]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("a weighted trace's diagonal must be computed from the points"), "stderr: \(text)")
    }

    /// The answers of one call are the derivatives of the plan built as the closure asks, with
    /// the stochastic Laplacians drawn from the field's stream in request order: fresh for
    /// every batch, the same for the same stream.
    @Test(arguments: zip([LaplacianEstimator.sampled, .hutchinson], [2, 3]))
    func stochasticLaplaciansDrawFromTheBatchStreamInRequestOrder(_ estimator: LaplacianEstimator, _ k: Int) {
        let D = 5
        var rng = testStream(8)
        let x = Tensor<Double>.uniform([6, D], low: -1, high: 1, using: &rng)
        let names = (0..<D).map { "x\($0)" }
        let net = MLP<Double>(inputDimension: D, hidden: [8, 8], seed: 4)
        let body: (Field<Double>) -> [Tensor<Double>] = { f in [f.laplacian([0, 1, 2]), f.d(4), f.laplacian()] }
        let recorded = RecordedResidual(body, recordingOn: Field(points: x.rows(0..<2), inputNames: names))
        func call(_ seed: UInt64) -> [Tensor<Double>] {
            recorded(Field(points: x, inputNames: names, estimator: estimator, directions: k, rng: RandomStream(seed: seed, stream: 1)),
                     model: net, engine: .taylor)
        }
        // By hand: the same plan, drawn from the same stream in the same order.
        var plan = DerivativePlan<Double>(inputDimension: D)
        var stream = RandomStream(seed: 21, stream: 1)
        let first: DerivativePlan<Double>.SecondOrder, dx: DerivativePlan<Double>.FirstOrder, second: DerivativePlan<Double>.SecondOrder
        switch estimator {
        case .sampled:
            first = plan.sampledLaplacian([0, 1, 2], samples: k, using: &stream)
            dx = plan.partial(4)
            second = plan.sampledLaplacian(Array(0..<D), samples: k, using: &stream)
        case .hutchinson:
            first = plan.hutchinsonLaplacian([0, 1, 2], probes: k, using: &stream)
            dx = plan.partial(4)
            second = plan.hutchinsonLaplacian(probes: k, using: &stream)
        case .exact: return
        }
        let d = net.derivatives(at: x, plan: plan)
        let got = call(21)
        #expect(got[0].maxAbsDifference(d[first]) == 0 && got[1].maxAbsDifference(d[dx]) == 0
                && got[2].maxAbsDifference(d[second]) == 0, "\(estimator): the one-pass answers differ from the plan drawn by hand")
        #expect(call(21)[2].maxAbsDifference(got[2]) == 0, "the same stream gives the same estimate")
        #expect(call(22)[2].maxAbsDifference(got[2]) > 0, "another batch's stream gives another estimate")
    }

    /// Derivatives given by coordinates, routed in Networks (`HigherDerivatives`): Taylor
    /// series along one coordinate, nested reverse mode for mixed ones, against nested reverse
    /// mode for all, on a network with two outputs and on a hard-constrained one.
    @Test func higherOrderDerivativesAgreeWithNestedReverseMode() {
        var rng = testStream(12)
        let x = Tensor<Double>.uniform([7, 3], low: -1, high: 1, using: &rng)
        let net = MLP<Double>(inputDimension: 3, outputDimension: 2, hidden: [10, 10], seed: 5)
        let constrained = HardConstraint(MLP<Double>(inputDimension: 3, hidden: [10, 10], seed: 6),
                                         factor: BallDistance<Double>(inputDimension: 3))
        let requests: [[Int]] = [[0, 0, 0], [1, 1, 1, 1], [0, 0, 1], [2], [1, 1], [0, 0, 0, 0]]
        func check<M: Model>(_ model: M, _ name: String) where M.Scalar == Double {
            var plan = DerivativePlan<Double>(inputDimension: 3)
            let handles = requests.map { plan.derivative($0) }
            let taylor = model.derivatives(at: x, plan: plan, engine: .taylor)
            let nested = model.derivatives(at: x, plan: plan, engine: .nested)
            for (h, coords) in zip(handles, requests) {
                for c in 0..<model.outputDimension {
                    let oracle = HigherDerivatives<Double>.nested(model.callAsFunction, at: x, coords, component: c)
                    expectClose(taylor.derivative(h, component: c), oracle, relative: 1e-10, "\(name) taylor \(coords) output \(c)")
                    expectClose(nested.derivative(h, component: c), oracle, relative: 0, "\(name) nested \(coords) output \(c)")
                }
            }
        }
        check(net, "MLP")
        check(constrained, "hard constraint")
        // And through a Field, as a residual asks: u_xxx by the Taylor engine against the nested one.
        let names = ["x", "y", "z"]
        let recorded = RecordedResidual({ f in [f.derivative([0, 0, 0], 1), f.d(1, 1), f.derivative([0, 2, 2])] },
                                        recordingOn: Field(points: x.rows(0..<2), inputNames: names))
        let byTaylor = recorded(Field(points: x, inputNames: names), model: net, engine: .taylor)
        let byNested = recorded(Field(points: x, inputNames: names), model: net, engine: .nested)
        for (a, b) in zip(byTaylor, byNested) { expectClose(a, b, relative: 1e-10, "Field.derivative, taylor against nested") }
    }
}
