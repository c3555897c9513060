import Foundation
import Testing
import TestSupport
@testable import PINN

/// Benchmark tables along lines (`BenchmarkLine`): the deviation a run reports is the network's
/// largest distance from the table at the table's own points, the result file carries the
/// network along the line, and a malformed table is refused when the problem is validated.
@Suite struct BenchmarkLineTests {
    typealias Support = ProblemTestSupport
    static let domain = SpaceTimeDomain(space: try! Box(lower: [0], upper: [1]), time: try! TimeDomain(0, 1))

    /// a = x + 2t, b = x^2 t on (x, t).
    static func known(_ p: Tensor<Double>) -> Tensor<Double> {
        let x = p.column(0), t = p.column(1)
        return (x + t * 2).scatteringColumns([0], width: 2) + (x * x * t).scatteringColumns([1], width: 2)
    }

    static func problem(_ benchmarks: [BenchmarkLine]) -> Problem<Double> {
        Problem<Double>(name: "synthetic", summary: "", details: "", inputNames: ["x", "t"], timeIndex: 1,
                        outputNames: ["a", "b"], inputLower: [0, 0], inputUpper: [1, 1],
                        interior: { n, rng in try domain.sampleInterior(n, using: &rng) },
                        residual: { f in [f.value(0), f.value(1)] }, conditions: [],
                        reference: Reference(summary: "none", benchmarks: benchmarks))
    }

    /// b along x at t = 0.5 is x^2 / 2; the table is off by 0.01, 0.03 and 0.02 at its points.
    static let table = BenchmarkLine(name: "b_at_half", output: 1, origin: [0, 0.5], axis: 0, lower: 0, upper: 1,
                                     coordinates: [0.2, 0.5, 0.9], values: [0.02 + 0.01, 0.125 - 0.03, 0.405 + 0.02],
                                     source: "made up")

    @Test func deviationIsTheLargestDistanceAtTheTablesPoints() throws {
        let solver = try Support.exactSolver(Self.problem([Self.table]), Self.known)
        let d = try #require(solver.benchmarkCuts().first?.maxDeviation)
        #expect(Swift.abs(d - 0.03) < 1e-12, "deviation \(d)")
        let cut = try #require(solver.benchmarkCuts().first)
        #expect(cut.name == "b_at_half" && cut.quantity == "b" && cut.label == "x at t = 0.5" && cut.s.count == 201)
        #expect(cut.s.first == 0 && cut.s.last == 1)
        for (s, v) in zip(cut.s, cut.prediction) { #expect(Swift.abs(v - s * s / 2) < 1e-12) }
        #expect(cut.tableS == Self.table.coordinates && cut.tableValues == Self.table.values)
        #expect(zip(cut.tablePrediction ?? [], Self.table.coordinates).allSatisfy { Swift.abs($0 - $1 * $1 / 2) < 1e-12 })
        // The report and the summary carry it.
        var result = RunResult(problem: "synthetic", status: .completed, steps: 1, wallSeconds: 1, finalLoss: 1, finalTerms: nil,
                               termNames: [], history: [], relativeL2Error: nil, pointValue: nil, pointReference: nil, unknowns: [:])
        result.benchmarks = solver.benchmarkCuts()
        let text = RunReportText.make(result, problem: solver.problem, settings: Settings())
        #expect(text.contains("b_at_half: largest |b - table| 3.000e-02 at 3 points (made up)"), "\(text)")
        let json = try JSONSerialization.jsonObject(with: RunSummary(result).encoded()) as? [String: Any]
        let deviations = try #require(json?["benchmark_max_deviation"] as? [String: Double])
        #expect(Swift.abs((deviations["b_at_half"] ?? 0) - 0.03) < 1e-12)
    }

    /// Each malformed variant of the table, by what is wrong with it.
    static func malformed(_ what: String) -> BenchmarkLine {
        var b = table
        switch what {
        case "bad name": b.name = "b at half"
        case "origin": b.origin = [0]
        case "axis": b.axis = 2
        case "output": b.output = 2
        case "empty": b.coordinates = []; b.values = []
        case "lengths": b.values = [1]
        case "not finite": b.values[1] = .nan
        default: b.upper = b.lower
        }
        return b
    }

    @Test(arguments: ["bad name", "origin", "axis", "output", "empty", "lengths", "not finite", "extent"])
    func malformedTablesAreRefused(what: String) throws {
        try Self.problem([Self.table]).validate()
        #expect(throws: SettingsError.self, "\(what)") { try Self.problem([Self.malformed(what)]).validate() }
    }

    @Test func namesAreUnique() throws {
        #expect(throws: SettingsError.self) { try Self.problem([Self.table, Self.table]).validate() }
    }
}
