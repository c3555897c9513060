import Autodiff
import Networks
import Testing
import TestSupport

/// `JetCache` answers a repeated (points, plan) from its last computation and recomputes when
/// anything the jets depend on changes: a coordinate of a point, a plan's direction, weight or
/// per-point weight.
@Suite struct JetCacheTests {
    let f = BallDistance<Double>(inputDimension: 3)
    let x = Tensor<Double>(rows: [[0.1, 0.2, -0.3], [-0.5, 0.4, 0.9]])

    func plan(weights: Tensor<Double>? = nil, direction: [Double] = [1, 2, 0]) -> DerivativePlan<Double> {
        var p = DerivativePlan<Double>(inputDimension: 3)
        _ = p.gradient(); _ = p.laplacian(); _ = p.directional(direction)
        _ = p.weightedTrace(diagonal: weights ?? Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        return p
    }

    @Test func repeatsAreAnsweredAndChangesRecomputed() {
        let cache = JetCache<Double>()
        var computed = 0
        func jets(_ x: Tensor<Double>, _ p: DerivativePlan<Double>) -> Tensor<Double> {
            cache.derivatives(x, plan: p) { computed += 1; return f.taylor(x, plan: p) }.stack
        }
        let first = jets(x, plan())
        #expect(computed == 1 && cache.hits == 0)
        // The same points and an equal plan built afresh: answered, with the same jets.
        let again = jets(Tensor(rows: [[0.1, 0.2, -0.3], [-0.5, 0.4, 0.9]]), plan())
        #expect(computed == 1 && cache.hits == 1)
        #expect(again.scalars == first.scalars)
        // Each change recomputes, and the result is the uncached function's.
        var moved = x.scalars; moved[4] += 1e-12
        let changes: [(String, Tensor<Double>, DerivativePlan<Double>)] = [
            ("a coordinate", Tensor(shape: [2, 3], scalars: moved), plan()),
            ("a per-point weight", x, plan(weights: Tensor(rows: [[1, 2, 3], [4, 5, 7]]))),
            ("a shared direction", x, plan(direction: [1, 2, 1e-9])),
            ("fewer points", x.rows(0..<1), { var p = DerivativePlan<Double>(inputDimension: 3); _ = p.gradient(); return p }()),
        ]
        for (i, (what, points, p)) in changes.enumerated() {
            let got = jets(points, p)
            #expect(computed == 2 + i, "\(what): answered from the cache")
            #expect(got.scalars == f.taylor(points, plan: p).stack.scalars, "\(what)")
        }
        #expect(cache.hits == 1)
    }
}
