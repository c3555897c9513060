import Foundation
import Testing
@testable import PINN
@testable import Problems

/// A problem's domain, and the settings `sampler` and `adaptive` acting through the solver.
@Suite struct SamplingSettingsTests {
    static func settings(_ base: Settings, sampler: PointSampler = .uniform, batch: Int = 512) -> Settings {
        var s = base
        s.sampler = sampler; s.batch = batch; s.width = 8; s.depth = 2; s.phases = [.init(.adam, 1)]
        return s
    }

    /// Every sampler, through the settings, on a box (poisson-2d), a space-time box (heat-1d)
    /// and a CSG domain (poisson-csg): points inside the domain, the same from the same seed,
    /// different at the next resampling.
    @Test(arguments: PointSampler.allCases)
    func everySamplerThroughTheSettings(_ sampler: PointSampler) throws {
        for def in [Poisson2D(), Heat1D(), PoissonCSG()] as [any ProblemDefinition] {
            let p = try def.make(Double.self, options: ProblemOptions())
            let domain = try #require(p.domain, "\(p.name) has no domain")
            let s = Self.settings(p.defaults, sampler: sampler)
            let a = try Solver(problem: p, settings: s), b = try Solver(problem: p, settings: s)
            var ra = RandomStream(seed: 5, stream: 7), rb = RandomStream(seed: 5, stream: 7)
            try a.resample(&ra); try b.resample(&rb)
            #expect(a.interior.shape == [512, p.inputDimension])
            #expect(domain.contains(a.interior).allSatisfy { $0 }, "\(sampler) on \(p.name): a point outside the domain")
            #expect(a.interior.scalars == b.interior.scalars, "\(sampler) on \(p.name): not reproducible from the seed")
            let first = a.interior.scalars
            try a.resample(&ra)
            #expect(a.interior.scalars != first, "\(sampler) on \(p.name): resampling repeated the points")
        }
    }

    /// `uniform` is the problem's own draw, exactly as before the setting existed.
    @Test func uniformIsTheProblemsOwnDraw() throws {
        let p = try Heat1D().make(Double.self, options: ProblemOptions())
        let solver = try Solver(problem: p, settings: Self.settings(p.defaults))
        var rng = RandomStream(seed: 1, stream: 7), check = rng
        try solver.resample(&rng)
        #expect(solver.interior.scalars == (try p.interior(512, &check)).scalars)
        let domain = try #require(p.domain)
        var again = RandomStream(seed: 1, stream: 7)
        #expect(solver.interior.scalars == (try domain.sampleInterior(512, using: &again) as Tensor<Double>).scalars)
    }

    /// Sobol points drawn through a problem's settings are more uniform (L2-star discrepancy)
    /// than the default pseudo-random ones on poisson-2d's unit square.
    @Test func sobolThroughAProblemBeatsUniform() throws {
        let p = try Poisson2D().make(Double.self, options: ProblemOptions())
        func discrepancy(_ sampler: PointSampler) throws -> Double {
            let solver = try Solver(problem: p, settings: Self.settings(p.defaults, sampler: sampler, batch: 1024))
            var rng = RandomStream(seed: 3, stream: 7)
            try solver.resample(&rng)
            return Discrepancy.l2Star(solver.interior)
        }
        let sobol = try discrepancy(.sobol), uniform = try discrepancy(.uniform)
        #expect(sobol < uniform / 4, "Sobol \(sobol), uniform \(uniform)")
        #expect(try discrepancy(.halton) < uniform / 2)
    }

    /// A problem whose residual is r(x) = x on [0, 1] (whatever the network).
    static func linearResidual() throws -> Problem<Double> {
        Problem<Double>(name: "r-equals-x", summary: "r = x", details: "", inputNames: ["x"], domain: try Interval(0, 1),
                        residual: { f in [f.coordinate(0)] }, reference: Reference(summary: "none"))
    }

    /// RAD through the settings with r(x) = x, k = 1, c = 0: the batch has density 2x, so its
    /// mean is 2/3 within 4 standard deviations (variance 1/18 per point) plus the small bias
    /// of drawing 1,000 of 100,000 candidates without replacement.
    @Test func radDrawsWithDensityProportionalToTheResidual() throws {
        var s = Settings()
        s.batch = 1000; s.adaptive = .rad; s.radExponent = 1; s.radOffset = 0; s.adaptivePool = 100_000
        s.width = 4; s.depth = 1; s.resampleEvery = 10
        let solver = try Solver(problem: try Self.linearResidual(), settings: s)
        var rng = RandomStream(seed: 2, stream: 7)
        try solver.resample(&rng)
        let x = solver.interior.scalars
        let mean = x.reduce(0, +) / Double(x.count)
        let sd = (1.0 / 18 / 1000).squareRoot()
        #expect(abs(mean - 2.0 / 3) < 4 * sd + 0.003, "RAD mean \(mean), expected 2/3 (uniform would be 1/2)")
        #expect(Set(x).count == 1000, "a candidate was drawn twice")
        // c = 1 mixes in the uniform density: (2x + 1) / 2, mean 7/12.
        s.radOffset = 1
        let mixed = try Solver(problem: try Self.linearResidual(), settings: s)
        try mixed.resample(&rng)
        let m = mixed.interior.scalars.reduce(0, +) / 1000
        #expect(abs(m - 7.0 / 12) < 4 * (0.0764 / 1000).squareRoot() + 0.003, "RAD c = 1 mean \(m), expected 7/12")
    }

    /// RAR through the settings: the batch is the fresh draw plus the rar_count candidates of
    /// largest residual (largest x for r = x), and grows by rar_count each resampling.
    @Test func rarAddsTheHighestResidualPoints() throws {
        var s = Settings()
        s.batch = 200; s.adaptive = .rar; s.rarCount = 10; s.adaptivePool = 1000; s.width = 4; s.depth = 1; s.resampleEvery = 5
        let p = try Self.linearResidual()
        let solver = try Solver(problem: p, settings: s)
        var rng = RandomStream(seed: 4, stream: 7), check = rng
        try solver.resample(&rng)
        let base = try p.interior(200, &check), pool = try p.interior(1000, &check)
        #expect(solver.interior.shape == [210, 1])
        #expect(Array(solver.interior.scalars.prefix(200)) == base.scalars)
        #expect(Array(solver.interior.scalars.suffix(10)) == Array(pool.scalars.sorted(by: >).prefix(10)))
        let added = Array(solver.interior.scalars.suffix(10))
        try solver.resample(&rng)
        #expect(solver.interior.shape == [220, 1])
        #expect(Array(solver.interior.scalars[200..<210]) == added, "the first round's points were not kept")
    }

    /// A quasi-random sampler needs a domain: a problem that draws its own points (SDE paths)
    /// is refused with a settings error naming the sampler and the way out.
    @Test func samplerWithoutADomainIsASettingsError() throws {
        let p = try SemilinearHeat().make(Double.self, options: ProblemOptions(dimension: 3))
        #expect(p.domain == nil)
        var s = Self.settings(p.defaults, sampler: .sobol)
        do {
            _ = try Solver(problem: p, settings: s)
            Issue.record("sampler sobol was accepted for a problem without a domain")
        } catch let e as SettingsError {
            #expect(e.description.contains("sampler sobol") && e.description.contains("use sampler uniform"), "\(e)")
        }
        // Adaptive sampling draws its candidates the problem's way, so it needs no domain.
        s.sampler = .uniform; s.adaptive = .rad; s.resampleEvery = 1; s.batch = 16; s.adaptivePool = 64
        let solver = try Solver(problem: p, settings: s)
        var rng = RandomStream(seed: 0, stream: 7)
        try solver.resample(&rng)
        #expect(solver.interior.shape == [16, 4])
    }

    /// The domain gives the scaling box unless bounds are given, and is checked against the inputs.
    @Test func domainGivesTheBoundsAndIsChecked() throws {
        let domain = SpaceTimeDomain(space: try Box(lower: [-2], upper: [3]), time: try TimeDomain(0, 0.5))
        var p = Problem<Double>(name: "p", summary: "", details: "", inputNames: ["x", "t"], timeIndex: 1, domain: domain,
                                residual: { f in [f.u] }, reference: Reference(summary: "none"))
        #expect(p.inputLower == [-2, 0] && p.inputUpper == [3, 0.5])
        try p.validate()
        p.inputLower = [-4, 0]
        #expect(p.inputLower == [-4, 0] && p.inputUpper == [3, 0.5])
        p.domain = try Box(lower: [0], upper: [1])
        #expect(throws: SettingsError.self) { try p.validate() }
        p.domain = nil
        #expect(throws: SettingsError.self) { try p.validate() }
        // Bounds and an interior draw given explicitly, as before domains.
        let q = Problem<Double>(name: "q", summary: "", details: "", inputNames: ["x"], inputLower: [0], inputUpper: [2],
                                interior: { n, rng in Tensor<Double>.uniform([n, 1], low: 0, high: 2, using: &rng) },
                                residual: { f in [f.u] }, reference: Reference(summary: "none"))
        try q.validate()
        #expect(q.domain == nil && q.inputUpper == [2])
    }

    /// Out-of-range values name the setting and the range.
    @Test func samplingSettingsAreValidated() throws {
        func message(_ change: (inout Settings) -> Void) -> String {
            var s = Settings()
            change(&s)
            do { try s.validate(); return "" } catch { return "\(error)" }
        }
        #expect(message { $0.radExponent = 11 }.contains("rad_exponent must be a finite number in 0...10"))
        #expect(message { $0.radExponent = .nan }.contains("rad_exponent"))
        #expect(message { $0.radOffset = -1 }.contains("rad_offset must be a finite number in 0...1e12"))
        #expect(message { $0.adaptivePool = 0 }.contains("adaptive_pool must be in 1...100000000"))
        #expect(message { $0.rarCount = -3 }.contains("rar_count must be in 1...100000000"))
        #expect(message { $0.adaptive = .rad; $0.resampleEvery = 0 }.contains("set resample_every in 1..."))
        #expect(message { $0.adaptive = .rad; $0.adaptivePool = 10 }.contains("adaptive_pool must be in 1000...100000000 for adaptive rad"))
        #expect(message { $0.adaptive = .rar; $0.rarCount = 50_000_000; $0.adaptivePool = 60_000_000 }.contains("adaptive rar would grow the batch"))
        #expect(message { $0.adaptive = .rad; $0.resampleEvery = 10 } == "")
    }

    /// describe's line says how the points are drawn.
    @Test func pointsDescription() {
        var s = Settings()
        s.batch = 10000; s.resampleEvery = 500
        #expect(s.pointsDescription == "batch 10000 (fresh every 500 steps)")
        s.sampler = .sobol
        #expect(s.pointsDescription == "batch 10000 (Sobol, fresh every 500 steps)")
        s.sampler = .uniform; s.adaptive = .rad
        #expect(s.pointsDescription == "batch 10000 (fresh every 500 steps, RAD k=1 c=1 from 100000 candidates)")
        s.adaptive = .rar; s.rarCount = 50; s.adaptivePool = 5000; s.sampler = .lhs
        #expect(s.pointsDescription == "batch 10000 (Latin hypercube, fresh every 500 steps, RAR +50 per round from 5000 candidates)")
    }

    /// Settings written before the sampling keys existed (checkpoint settings files) still read.
    @Test func settingsWithoutSamplingKeysDecode() throws {
        let json = #"{"width": 4, "depth": 1, "activation": "tanh", "fourier_features": 0, "fourier_scale": 1, "residual_connections": false, "phases": [{"optimizer": "adam", "steps": 1}], "learning_rate": 0.001, "schedule": "constant", "batch": 10, "resample_every": 0, "evaluate_every": 0, "precision": "f64", "engine": "taylor", "estimator": "exact", "directions": 1, "seed": 0}"#
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        let s = try dec.decode(Settings.self, from: Data(json.utf8))
        #expect(s.sampler == .uniform && s.adaptive == .none && s.width == 4 && s.batch == 10)
        var t = s
        t.sampler = .halton; t.adaptive = .rar; t.rarCount = 3
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        #expect(try dec.decode(Settings.self, from: enc.encode(t)) == t)
        #expect(throws: DecodingError.self) { try dec.decode(Settings.self, from: Data(json.replacingOccurrences(of: "\"width\": 4, ", with: "").utf8)) }
    }

    /// A short run with RAD (resampling every 10 steps) trains end to end and lowers the loss.
    @Test func radTrainsEndToEnd() throws {
        let p = try Poisson1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.phases = [.init(.adam, 60)]; s.learningRate = 1e-2; s.batch = 64; s.resampleEvery = 10; s.evaluateEvery = 0
        s.adaptive = .rad; s.adaptivePool = 640; s.sampler = .sobol
        let result = try Solver(problem: p, settings: s).train(RunOptions.ballSilent)
        #expect(result.status == .completed)
        let first = try #require(result.history.first?.loss), last = try #require(result.finalLoss)
        #expect(last < first / 10, "loss \(first) -> \(last)")
        #expect((result.relativeL2Error ?? .infinity) < 1)
    }
}
