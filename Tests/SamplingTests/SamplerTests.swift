import Autodiff
import Sampling
import TestSupport
import Testing

@Suite("Unit-cube samplers")
struct SamplerTests {
    /// The first 16 points of the unscrambled Sobol sequence in dimensions 1-8, as printed by
    /// `scipy.stats.qmc.Sobol(d=8, scramble=False).random(16)` (SciPy 1.17.1, direction
    /// numbers new-joe-kuo-6.21201 of Joe & Kuo 2008); they are exact dyadic rationals.
    static let published: [[Double]] = [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        [0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75],
        [0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25],
        [0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875],
        [0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375],
        [0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125],
        [0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625],
        [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125, 0.4375, 0.9375],
        [0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125, 0.9375, 0.4375],
        [0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625, 0.1875, 0.1875],
        [0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625, 0.6875, 0.6875],
        [0.3125, 0.1875, 0.3125, 0.5625, 0.9375, 0.4375, 0.0625, 0.0625],
        [0.8125, 0.6875, 0.8125, 0.0625, 0.4375, 0.9375, 0.5625, 0.5625],
        [0.5625, 0.4375, 0.0625, 0.8125, 0.1875, 0.6875, 0.3125, 0.8125],
        [0.0625, 0.9375, 0.5625, 0.3125, 0.6875, 0.1875, 0.8125, 0.3125],
    ]

    /// Points 1000, 1001 and 1027 (0-based) in dimensions 1, 2, 3, 4, 10, 100, 1000, 10000
    /// and 21201, from `scipy.stats.qmc.Sobol(d=21201, scramble=False).random(1028)` (same
    /// source): they exercise the direction-number recurrence and the last table line.
    static let columns = [1, 2, 3, 4, 10, 100, 1000, 10000, 21201]
    static let publishedFar: [(Int, [Double])] = [
        (1000, [0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.0693359375, 0.1865234375,
                0.2001953125, 0.4326171875, 0.0830078125]),
        (1001, [0.7197265625, 0.5966796875, 0.0185546875, 0.1767578125, 0.5693359375, 0.6865234375,
                0.7001953125, 0.9326171875, 0.5830078125]),
        (1027, [0.25146484375, 0.62646484375, 0.69775390625, 0.73681640625, 0.92138671875, 0.10791015625,
                0.91259765625, 0.97509765625, 0.74951171875]),
    ]

    @Test func sobolMatchesPublishedSequence() throws {
        var rng = testStream()
        let x: Tensor<Double> = try SobolSampler().sample(16, dimension: 8, using: &rng)
        #expect(x.rows == SamplerTests.published, "first Sobol points differ: \(x.rows)")
        #expect(SobolSampler.maximumDimension == 21201)
        for (index, expected) in SamplerTests.publishedFar {
            let y: Tensor<Double> = try SobolSampler(skip: index).sample(1, dimension: 21201, using: &rng)
            let got = SamplerTests.columns.map { y[0, $0 - 1] }
            #expect(got == expected, "Sobol point \(index): got \(got), published \(expected)")
        }
    }

    @Test func sobolSkipAgreesWithTheSequenceAndFloatStaysBelowOne() throws {
        var rng = testStream()
        let all: Tensor<Double> = try SobolSampler().sample(200, dimension: 40, using: &rng)
        let part: Tensor<Double> = try SobolSampler(skip: 37).sample(100, dimension: 40, using: &rng)
        #expect(part.rows == Array(all.rows[37..<137]))
        let f: Tensor<Float> = try SobolSampler(randomShift: true).sample(4096, dimension: 3, using: &rng)
        #expect(f.scalars.allSatisfy { $0 >= 0 && $0 < 1 }, "Float Sobol max \(f.scalars.max()!)")
    }

    @Test func haltonMatchesRadicalInverses() throws {
        var rng = testStream()
        let x: Tensor<Double> = try HaltonSampler().sample(8, dimension: 2, using: &rng)
        // van der Corput in base 2 and base 3, indices 0 ... 7.
        let base2: [Double] = [0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]
        #expect(x.column(0).scalars == base2)
        let base3: [Double] = [0, 1.0 / 3, 2.0 / 3, 1.0 / 9, 4.0 / 9, 7.0 / 9, 2.0 / 9, 5.0 / 9]
        let err = zip(x.column(1).scalars, base3).map { abs($0 - $1) }.max()!
        #expect(err <= 4e-16, "base-3 radical inverse off by \(err)")
        let h: Tensor<Double> = try HammersleySampler().sample(4, dimension: 2, using: &rng)
        #expect(h.rows == [[0, 0], [0.25, 0.5], [0.5, 0.25], [0.75, 0.75]])
    }

    @Test func latinHypercubeHasOnePointPerStratum() throws {
        var rng = testStream(9)
        let n = 50, d = 6
        let x: Tensor<Double> = try LatinHypercubeSampler().sample(n, dimension: d, using: &rng)
        for k in 0..<d {
            let strata = Set(x.column(k).scalars.map { Int(($0 * Double(n)).rounded(.down)) })
            #expect(strata == Set(0..<n), "axis \(k): strata \(strata.sorted())")
        }
    }

    @Test func warnockFormulaMatchesTheOneDimensionalClosedForm() {
        // In 1-D: D^2 = 1 / (12 n^2) + (1/n) sum_i (x_(i) - (2i - 1) / (2n))^2.
        var rng = testStream(10)
        let n = 50
        let x = Tensor<Double>.uniform([n, 1], using: &rng)
        let s = x.scalars.sorted()
        var closed = 1 / (12 * Double(n * n))
        for (i, v) in s.enumerated() { closed += (v - (2 * Double(i + 1) - 1) / (2 * Double(n))) * (v - (2 * Double(i + 1) - 1) / (2 * Double(n))) / Double(n) }
        let w = Discrepancy.l2Star(x)
        #expect(abs(w - closed.squareRoot()) <= 1e-12, "Warnock \(w) vs closed form \(closed.squareRoot())")
    }

    @Test(arguments: [2, 5])
    func lowDiscrepancyBeatsPseudoRandom(dimension d: Int) throws {
        let n = 1024
        var rng = testStream(11)
        var randomMean = 0.0
        for _ in 0..<4 {
            let x: Tensor<Double> = try PseudoRandomSampler().sample(n, dimension: d, using: &rng)
            randomMean += Discrepancy.l2Star(x) / 4
        }
        let expected = Discrepancy.expectedL2StarOfRandom(count: n, dimension: d)
        // Sanity of the oracle: the random points' discrepancy is near its expectation.
        #expect(randomMean > 0.6 * expected && randomMean < 1.4 * expected,
                "pseudo-random L2* \(randomMean), expected about \(expected)")
        let samplers: [any UnitCubeSampler] = [SobolSampler(), SobolSampler(randomShift: true), HaltonSampler(skip: 1),
                                               HaltonSampler(scrambled: true), HammersleySampler(),
                                               HammersleySampler(scrambled: true)]
        for s in samplers {
            let x: Tensor<Double> = try s.sample(n, dimension: d, using: &rng)
            let disc = Discrepancy.l2Star(x)
            #expect(disc < 0.5 * randomMean, "\(s) in d = \(d): L2* \(disc) vs pseudo-random \(randomMean)")
        }
    }

    @Test func samplersAreReproducibleBySeed() throws {
        for s in [PseudoRandomSampler(), LatinHypercubeSampler(), HaltonSampler(scrambled: true)] as [any UnitCubeSampler] {
            var a = testStream(12), b = testStream(12)
            let x: Tensor<Double> = try s.sample(64, dimension: 3, using: &a)
            let y: Tensor<Double> = try s.sample(64, dimension: 3, using: &b)
            #expect(x.scalars == y.scalars, "\(s) not reproducible")
        }
    }

    @Test func unitCubeGrid() throws {
        let g: Tensor<Float> = try UniformGrid.unitCube(counts: [2, 3])
        #expect(g.rows == [[0, 0], [0, 0.5], [0, 1], [1, 0], [1, 0.5], [1, 1]])
    }
}
