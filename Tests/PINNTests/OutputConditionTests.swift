import Foundation
import Testing
import TestSupport
@testable import PINN

/// Conditions on chosen outputs, residual names and per-output errors, on a tiny synthetic
/// system whose "network" is a known function of (x, t) with three outputs
/// (a, b, c) = (x + 2t, x^2 t, sin x + t^2): each condition's residual is computed through the
/// solver's own Field and compared with what the written-out formula gives.
@Suite struct OutputConditionTests {
    typealias Support = ProblemTestSupport

    static let domain = SpaceTimeDomain(space: try! Box(lower: [0], upper: [1]), time: try! TimeDomain(0, 1))

    /// (a, b, c) at points `[n, 2]`, `[n, 3]`.
    static func known(_ p: Tensor<Double>) -> Tensor<Double> {
        let x = p.column(0), t = p.column(1)
        return (x + t * 2).scatteringColumns([0], width: 3) + (x * x * t).scatteringColumns([1], width: 3)
            + (x.sin() + t * t).scatteringColumns([2], width: 3)
    }

    static func problem(_ conditions: [Condition<Double>], residualNames: [String]? = nil) -> Problem<Double> {
        Problem<Double>(name: "synthetic", summary: "", details: "", inputNames: ["x", "t"], timeIndex: 1,
                        outputNames: ["a", "b", "c"], inputLower: [0, 0], inputUpper: [1, 1],
                        interior: { n, rng in try domain.sampleInterior(n, using: &rng) },
                        residual: { f in [f.value(0), f.value(1)] }, residualNames: residualNames,
                        conditions: conditions, reference: Reference(summary: "none"))
    }

    /// The residual of each condition of `conditions` on (a, b, c), with the points it drew.
    static func residuals(_ conditions: [Condition<Double>], n: Int = 40) throws -> [(points: Tensor<Double>, residual: Tensor<Double>)] {
        let solver = try Support.exactSolver(problem(conditions), known)
        var rng = RandomStream(seed: 4)
        return try conditions.enumerated().map { i, c in
            let pts = try c.sample(n, &rng)
            return (pts.points, solver.conditionResidual(i, at: pts))
        }
    }

    @Test func dirichletOnChosenOutputsStacksOneBlockPerOutput() throws {
        // Outputs a and c prescribed, c off by one: the first n rows vanish, the next n are -1.
        let right = Condition<Double>.dirichlet(Self.domain, batch: 40, outputs: [0, 2]) { p in
            Self.known(p).gatheringColumns([0, 2])
        }
        let wrong = Condition<Double>.dirichlet(Self.domain, batch: 40, outputs: [0, 2]) { p in
            Self.known(p).gatheringColumns([0, 2]) + (p.column(0) * 0 + 1).scatteringColumns([1], width: 2)
        }
        let r = try Self.residuals([right, wrong])
        #expect(r[0].residual.shape == [80, 1])
        #expect(Support.maxAbs(r[0].residual) < 1e-14, "exact values leave \(Support.maxAbs(r[0].residual))")
        #expect(Support.maxAbs(r[1].residual.rows(0..<40)) < 1e-14)
        #expect(r[1].residual.rows(40..<80).scalars.allSatisfy { Swift.abs($0 + 1) < 1e-14 }, "\(r[1].residual.rows(40..<80).scalars)")
        // The boundary points are on x = 0 or x = 1.
        #expect(r[0].points.column(0).scalars.allSatisfy { $0 == 0 || $0 == 1 })
        // A single output by default, output 0: a - g.
        let plain = try Self.residuals([.dirichlet(Self.domain, batch: 40) { p in p.column(0) }])[0]
        #expect(plain.residual.maxAbsDifference(plain.points.column(1) * 2) < 1e-14, "a - x should be 2t")
    }

    @Test func initialConditionsOnChosenOutputsAndTheirRate() throws {
        let r = try Self.residuals([
            // b(x, 0) = 0 and c(x, 0) = sin x, one output at a time and both together.
            .initial(Self.domain, batch: 40, outputs: [1]) { p in p.column(0) * 0 },
            .initial(Self.domain, batch: 40, component: 2) { p in p.column(0).sin() },
            .initial(Self.domain, batch: 40, outputs: [2, 1]) { p in p.column(0).sin().scatteringColumns([0], width: 2) },
            // (a_t, b_t) = (2, x^2) at t = 0; off by x for b.
            .initialRate(Self.domain, batch: 40, outputs: [0, 1]) { p in
                (p.column(0) * 0 + 2).scatteringColumns([0], width: 2) + p.column(0).square().scatteringColumns([1], width: 2)
            },
            .initialRate(Self.domain, batch: 40, outputs: [1]) { p in p.column(0).square() + p.column(0) },
        ])
        for (i, c) in r.prefix(4).enumerated() {
            #expect(c.points.column(1).scalars.allSatisfy { $0 == 0 }, "condition \(i) is not on t = 0")
            #expect(Support.maxAbs(c.residual) < 1e-14, "condition \(i) leaves \(Support.maxAbs(c.residual))")
        }
        #expect(r[2].residual.shape == [80, 1] && r[3].residual.shape == [80, 1])
        #expect(r[4].residual.maxAbsDifference(-r[4].points.column(0)) < 1e-14, "b_t - (x^2 + x) should be -x")
    }

    @Test func gaugePinsOneOutputAtOnePoint() throws {
        let point = [0.5, 0.25], value = Foundation.sin(0.5) + 0.0625
        let r = try Self.residuals([
            .gauge(output: 2, at: point, value: value),
            .gauge(output: 2, at: point, value: value + 0.5),
            .prescribed(outputs: [1], batch: 10, name: "line", at: { n, rng in
                let t: Tensor<Double> = try Self.domain.time.sampleInterior(n, using: &rng)
                return t.scatteringColumns([1], width: 2) + 0.5
            }) { p in p.column(1) * 0.25 - 0.0625 },
        ])
        #expect(r[0].points.shape == [40, 2] && r[0].points.scalars == Array(repeating: point, count: 40).flatMap { $0 })
        #expect(Support.maxAbs(r[0].residual) < 1e-14)
        #expect(r[1].residual.scalars.allSatisfy { Swift.abs($0 + 0.5) < 1e-14 })
        // b = x^2 t on the line x = 0.5, t in (0.5, 1.5): 0.25 t; the target above is off by -0.0625.
        #expect(r[2].residual.scalars.allSatisfy { Swift.abs($0 - 0.0625) < 1e-14 }, "\(r[2].residual.scalars)")
    }

    @Test func dataOnChosenOutputs() throws {
        var rng = RandomStream(seed: 2)
        let pts = try Self.domain.sampleInterior(30, using: &rng) as Tensor<Double>
        let bc = Self.known(pts).gatheringColumns([1, 2])
        let r = try Self.residuals([
            .data(points: pts, values: bc, batch: 30, outputs: [1, 2]),
            .data(points: pts, values: Self.known(pts), batch: 30),
            .data(points: pts, values: bc, batch: 30),
        ])
        #expect(Support.maxAbs(r[0].residual) < 1e-14 && r[0].residual.shape == [60, 1])
        #expect(Support.maxAbs(r[1].residual) < 1e-14 && r[1].residual.shape == [90, 1])
        // Without outputs the columns are outputs 0 and 1, which (b, c) are not.
        #expect(Support.maxAbs(r[2].residual) > 0.1)
    }

    @Test func residualNamesNameTheLossTerms() throws {
        let named = try Solver(problem: Self.problem([.gauge(output: 0, at: [0, 0], value: 0)], residualNames: ["first", "second"]),
                               settings: Settings())
        var rng = RandomStream(seed: 1)
        try named.resample(&rng)
        #expect(named.lossTerms().map(\.name) == ["residual_first", "residual_second", "gauge"])
        let unnamed = try Solver(problem: Self.problem([]), settings: Settings())
        try unnamed.resample(&rng)
        #expect(unnamed.lossTerms().map(\.name) == ["residual_0", "residual_1"])
        #expect(throws: SettingsError.self) {
            try Self.problem([.gauge(output: 0, at: [0, 0], value: 0, name: "residual_x")], residualNames: ["x", "y"]).validate()
        }
    }

    @Test func perOutputErrorsAreEachOutputsOwnRelativeL2() {
        // a exact, b off by 2 at one point of two: sqrt(4 / 8); over both sqrt(4 / 18).
        let prediction = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let e = Solver<Double>.relativeL2Errors(prediction: prediction, reference: [[1, 3], [2, 2]], names: ["a", "b"])
        #expect(e.perOutput["a"] == 0)
        #expect(Swift.abs(e.perOutput["b"]! - 0.5.squareRoot()) < 1e-15)
        #expect(Swift.abs(e.total - (4.0 / 18).squareRoot()) < 1e-15)
    }

    @Test func reportAndSummaryGiveOneErrorPerOutput() throws {
        let p = Self.problem([])
        let r = RunResult(problem: "synthetic", status: .completed, steps: 1, wallSeconds: 1, finalLoss: 1, finalTerms: nil,
                          termNames: [], history: [], relativeL2Error: 0.5,
                          relativeL2ErrorPerOutput: ["a": 1e-3, "b": 2e-4, "c": 3e-5],
                          pointValue: nil, pointReference: nil, unknowns: [:])
        let text = RunReportText.make(r, problem: p, settings: Settings())
        let lines = text.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.hasPrefix("relative L2:") })
        #expect(Array(lines[(at + 1)...(at + 3)]) == ["  a:             1.000e-03", "  b:             2.000e-04", "  c:             3.000e-05"],
                "\(text)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("per-output-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunSummary(r).write(to: dir.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir)) as? [String: Any])
        #expect(json["relative_l2_error_per_output"] as? [String: Double] == ["a": 1e-3, "b": 2e-4, "c": 3e-5])
    }
}
