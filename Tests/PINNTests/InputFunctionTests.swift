import Foundation
import Testing
import TestSupport
@testable import PINN

/// The closed-form jets of RadialFunction, AffineFunction and SeparableFunction against
/// nested reverse mode (the default `InputFunction.taylor`) on a plan with every kind of
/// direction and channel.
@Suite struct InputFunctionJetTests {
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
        let f = RadialFunction<Double>(inputDimension: Self.D, coordinates: space, phi: .logarithm(intercept: 0.5, slope: 0.5))
        compare(f) { x in ((x.gatheringColumns(space).squaredNorm(alongAxis: 1) + 1) / 2).log() }
    }

    @Test func affineJetsMatchNestedReverseMode() {
        let f = AffineFunction<Double>.timeToGo(inputDimension: Self.D, timeIndex: 5, terminal: 0.3, scale: 2)
        compare(f) { x in (0.3 - x.column(5)) * 2 }
    }

    @Test func separableJetsMatchNestedReverseMode() {
        let f = SeparableFunction<Double>(inputDimension: Self.D, coordinates: [0, 1, 2, 3, 4], coefficient: 0.2, h: .sine)
        compare(f) { x in x.gatheringColumns([0, 1, 2, 3, 4]).sin().sum(alongAxis: 1) * 0.2 }
    }
}

/// Each closed-form input function on the tape: nested reverse mode through its
/// `callAsFunction` (what `--engine nested` and the coordinate series of orders >= 3 use)
/// against its own Taylor jets (orders 0-2) and against finite differences of its values
/// (orders 0-3 along every coordinate).
@Suite struct InputFunctionOnTapeTests {
    static let D = 6

    /// The helpers as the bundled problems use them, with every optional part switched on.
    static var helpers: [(String, any InputFunction<Double>)] {
        var heat = [Double](repeating: 0, count: D)
        heat[5] = -0.7; heat[1] = 0.3
        return [
            ("radial log", RadialFunction<Double>(inputDimension: D, coordinates: [0, 1, 2, 3, 4], phi: .logarithm(intercept: 0.5, slope: 0.5))),
            ("radial heat flow", RadialFunction<Double>.heatFlow(inputDimension: D, coordinates: [0, 2, 4], timeIndex: 5, terminal: 1.3,
                                                                rate: 6, phi: .reciprocal(numerator: 1, intercept: 2, slope: 0.4))),
            ("radial shifted", RadialFunction<Double>(inputDimension: D, coordinates: [1, 3], linear: heat, constant: 0.4,
                                                      phi: .reciprocal(numerator: 5, intercept: 10, slope: 2))),
            ("radial identity", RadialFunction<Double>(inputDimension: D, phi: .affine(slope: 1))),
            ("affine", AffineFunction<Double>(weights: [0.5, -1, 0, 2, 0.25, -3], bias: 0.7)),
            ("time to go", AffineFunction<Double>.timeToGo(inputDimension: D, timeIndex: 5, terminal: 1, scale: 15)),
            ("separable", SeparableFunction<Double>(inputDimension: D, coordinates: [0, 1, 2, 3, 4], coefficient: 0.2, h: .sine)),
        ]
    }

    static func points() -> Tensor<Double> {
        var rng = testStream(11)
        return Tensor<Double>.uniform([5, D], low: -0.9, high: 0.9, using: &rng)
    }

    @Test(arguments: 0..<7) func nestedThroughValueMatchesTaylorJets(_ index: Int) {
        let (name, f) = Self.helpers[index]
        var rng = testStream(5)
        let x = Self.points()
        let plan = InputFunctionJetTests.plan(x.shape[0], &rng)
        let nested = NestedEngine.evaluate({ f($0) }, at: x, plan: plan).stack
        let jets = f.taylor(x, plan: plan).stack
        expectClose(nested, jets, relative: 1e-12, "\(name): nested reverse mode through the value against the Taylor jets:")
    }

    /// d^k f / dx_i^k, k = 0 ... 3, from the nested series through `callAsFunction`,
    /// against five-point central differences of the values (h = 1e-3: truncation about
    /// 1e-12 for k = 1, 2 and 1e-7 for k = 3 at these sizes; round-off 1e-10 at k = 3).
    @Test(arguments: 0..<7) func nestedDerivativesMatchFiniteDifferences(_ index: Int) {
        let (name, f) = Self.helpers[index]
        let x = Self.points(), n = x.shape[0], h = 1e-3
        for i in 0..<Self.D {
            let d = CoordinateSeries.derivatives(f.series(at: x, along: i, order: 3))
            func shifted(_ s: Double) -> [Double] {
                var y = x
                for r in 0..<n { y[r, i] += s * h }
                return f(y).scalars
            }
            let (m2, m1, p0, p1, p2) = (shifted(-2), shifted(-1), shifted(0), shifted(1), shifted(2))
            for r in 0..<n {
                let fd = [p0[r],
                          (m2[r] - 8 * m1[r] + 8 * p1[r] - p2[r]) / (12 * h),
                          (-m2[r] + 16 * m1[r] - 30 * p0[r] + 16 * p1[r] - p2[r]) / (12 * h * h),
                          (-m2[r] + 2 * m1[r] - 2 * p1[r] + p2[r]) / (2 * h * h * h)]
                for k in 0...3 {
                    let tol = [1e-14, 1e-8, 1e-7, 1e-5][k]
                    let got = d[k][r, 0]
                    #expect(Swift.abs(got - fd[k]) <= tol * Swift.max(1, Swift.abs(fd[k])),
                            "\(name): order \(k) along x\(i) at point \(r): nested \(got), finite differences \(fd[k])")
                }
            }
        }
    }
}
