import Autodiff
import Sampling
import TestSupport
import Testing

@Suite("Adaptive sampling")
struct AdaptiveTests {
    static func peak(_ x: Tensor<Double>) -> Tensor<Double> {
        Tensor(x.column(0).scalars.map { 1 / (0.01 + ($0 - 0.3) * ($0 - 0.3)) })
    }

    @Test func refinementAddsTheLargestResiduals() throws {
        var rng = testStream(30)
        let rar = try ResidualAdaptiveRefinement(count: 10, candidatePool: 2000)
        let start: Tensor<Double> = try Interval(0, 1).sampleInterior(50, using: &rng)
        let refined = try rar.refine(start, in: try Interval(0, 1), residual: AdaptiveTests.peak, using: &rng)
        #expect(refined.shape == [60, 1])
        #expect(refined.rows(0..<50).scalars == start.scalars)
        // Oracle: the added points are the 10 candidates closest to the peak at 0.3.
        var check = testStream(30)
        _ = try Interval(0, 1).sampleInterior(50, using: &check) as Tensor<Double>
        let pool: Tensor<Double> = try Interval(0, 1).sampleInterior(2000, using: &check)
        let nearest = pool.scalars.sorted { abs($0 - 0.3) < abs($1 - 0.3) }.prefix(10)
        #expect(Set(refined.rows(50..<60).scalars) == Set(nearest))
    }

    @Test func distributionFollowsResidualDensity() throws {
        // r(x) = x on [0, 1], k = 1, c = 0: density 2x, mean 2/3 (pool 50x larger than the draw).
        var rng = testStream(31)
        let rad = try ResidualAdaptiveDistribution(exponent: 1, offset: 0, candidatePool: 100_000)
        let x: Tensor<Double> = try rad.resample(2000, in: try Interval(0, 1), residual: { $0 }, using: &rng)
        let mean = x.scalars.reduce(0, +) / 2000
        let sd = (1.0 / 18).squareRoot() / 2000.0.squareRoot()
        #expect(abs(mean - 2.0 / 3) < 4 * sd + 0.005, "RAD mean \(mean), expected 2/3")
        #expect(Set(x.scalars).count == 2000, "sampling without replacement repeated a point")
        // A large offset c makes it uniform: mean 1/2.
        let uniform = try ResidualAdaptiveDistribution(exponent: 2, offset: 1e9, candidatePool: 50_000)
        let y: Tensor<Double> = try uniform.resample(2000, in: try Interval(0, 1), residual: { $0 }, using: &rng)
        let my = y.scalars.reduce(0, +) / 2000
        #expect(abs(my - 0.5) < 4 * (1.0 / 12 / 2000).squareRoot(), "RAD with large c: mean \(my)")
    }

    @Test func badResidualsThrow() throws {
        var rng = testStream(32)
        let rad = try ResidualAdaptiveDistribution(offset: 0, candidatePool: 100)
        let zero = { (x: Tensor<Double>) in Tensor<Double>.zeros([x.shape[0]]) }
        #expect(throws: SamplingError.self) { try rad.resample(10, in: try Interval(0, 1), residual: zero, using: &rng) as Tensor<Double> }
        let nan = { (x: Tensor<Double>) in Tensor<Double>(repeating: .nan, shape: [x.shape[0], 1]) }
        do {
            _ = try rad.resample(10, in: try Interval(0, 1), residual: nan, using: &rng) as Tensor<Double>
            Issue.record("NaN residual did not throw")
        } catch let e as SamplingError {
            #expect("\(e)".contains("candidate 0") && "\(e)".contains("nan"), "message: \(e)")
        }
    }
}

@Suite("Bad input names the value and what was expected")
struct ErrorMessageTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func messages() throws {
        let cases: [(String, [String])] = [
            (message { _ = try Box(lower: [0, 2], upper: [1, 1]) }, ["2.0", "1.0", "axis 1", "lower < upper"]),
            (message { _ = try Interval(3, -1) }, ["3.0", "-1.0", "Interval"]),
            (message { _ = try Box.cube(dimension: 0) }, ["dimension 0", "at least 1"]),
            (message { _ = try Ball(dimension: 3, radius: -2) }, ["-2.0", "positive"]),
            (message { _ = try Disk(radius: 0) }, ["Disk", "0.0", "positive"]),
            (message { _ = try Polygon(vertices: [(0, 0), (1, 1), (2, 2)]) }, ["degenerate", "area", "collinear"]),
            (message { _ = try Polygon(vertices: [(0, 0), (1, 0)]) }, ["2 vertices", "at least 3"]),
            (message { _ = try Polygon(vertices: [(0, 0), (4, 0), (4, 3), (2, -1), (0, 3)]) }, ["edges", "intersect", "simple"]),
            (message { _ = try Triangle((0, 0), (0, 0), (1, 1)) }, ["Triangle", "coincide"]),
            (message {
                var rng = testStream()
                _ = try Box.cube(dimension: 2).sampleInterior(-5, using: &rng) as Tensor<Double>
            }, ["-5", "at least 0"]),
            (message {
                var rng = testStream()
                _ = try SobolSampler().sample(4, dimension: 30_000, using: &rng) as Tensor<Double>
            }, ["30000", "at most 21201"]),
            (message { _ = try Box.cube(dimension: 2).union(try Ball(dimension: 3)) }, ["dimension 3", "expected 2"]),
            (message {
                _ = try Disk(center: (0, 0), radius: 1).intersection(try Disk(center: (5, 0), radius: 1))
            }, ["accepted 0", "empty"]),
            (message { _ = try Gaussian.heatKernel(dimension: 2, time: -1) }, ["-1.0", "t >= 0"]),
        ]
        for (msg, fragments) in cases {
            for f in fragments { #expect(msg.contains(f), "message \"\(msg)\" lacks \"\(f)\"") }
        }
    }

    @Test func rejectionFailsClearlyOnANearlyEmptyRegion() throws {
        // A sliver: the intersection is 1e-4 of the smaller operand, below the 1e-3 floor.
        let a = try Box(lower: [0, 0], upper: [1, 1]), b = try Box(lower: [0.9999, 0], upper: [2, 1])
        #expect(throws: SamplingError.self) { _ = try a.intersection(b) }
    }
}
