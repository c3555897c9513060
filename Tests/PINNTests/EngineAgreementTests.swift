import Autodiff
import Testing
import TestSupport
@testable import PINN
import Problems

/// Both derivative engines give one answer on every bundled problem: the loss terms of one
/// evaluation and their parameter gradients, Taylor mode against nested reverse mode, same
/// seed, network and batch. The catalogue is iterated, so a new problem is covered as soon
/// as it is listed. Problems posed in any dimension run at d = 5.
@Suite struct EngineAgreementTests {
    static let names = bundledProblems.names

    /// The problem at d = 5 where it takes a dimension, at its own dimension otherwise.
    static func problem(_ name: String) throws -> Problem<Double> {
        let def = try bundledProblems.named(name)
        if let p = try? def.make(Double.self, options: ProblemOptions(dimension: 5)) { return p }
        return try def.make(Double.self, options: ProblemOptions())
    }

    /// The loss terms and the gradient of their sum with respect to every parameter, from
    /// the problem's default settings on a small network and batch in Double.
    static func evaluate(_ p: Problem<Double>, engine: DerivativeEngine) throws -> (names: [String], terms: [Double], gradient: [Tensor<Double>]) {
        var s = p.defaults
        s.engine = engine
        s.precision = .f64
        s.width = Swift.min(s.width, 12)
        s.depth = Swift.min(s.depth, 3)
        s.fourierFeatures = Swift.min(s.fourierFeatures, 4)
        s.batch = 24
        s.conditionBatch = 10
        s.seed = 3
        let solver = try Solver(problem: p, settings: s)
        var rng = RandomStream(seed: 17)
        try solver.resample(&rng)
        let terms = solver.lossTerms()
        let total = terms.dropFirst().reduce(terms[0].value) { $0 + $1.value }
        let g = gradients(of: total, wrt: solver.parameters)
        return (terms.map(\.name), terms.map { $0.value.scalar }, g)
    }

    @Test(arguments: names) func taylorAndNestedAgree(_ name: String) throws {
        let p = try Self.problem(name)
        let taylor = try Self.evaluate(p, engine: .taylor)
        let nested = try Self.evaluate(p, engine: .nested)
        #expect(taylor.names == nested.names)
        for (i, term) in taylor.names.enumerated() {
            let (a, b) = (taylor.terms[i], nested.terms[i])
            #expect(a.isFinite && b.isFinite, "\(name) \(term): taylor \(a), nested \(b)")
            #expect(Swift.abs(a - b) <= 1e-10 * Swift.max(1, Swift.abs(b)), "\(name) \(term): taylor \(a), nested \(b)")
        }
        #expect(taylor.gradient.count == nested.gradient.count)
        var worst = 0.0, scale = 0.0
        for (a, b) in zip(taylor.gradient, nested.gradient) {
            worst = Swift.max(worst, a.maxAbsDifference(b))
            scale = Swift.max(scale, b.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) })
        }
        #expect(scale > 0, "\(name): the parameter gradient is zero, so the comparison checks nothing")
        #expect(worst <= 1e-9 * Swift.max(1, scale), "\(name): parameter gradients differ by \(worst) (largest entry \(scale))")
    }
}
