import Autodiff
import Sampling
import TestSupport
import Testing

/// The samplers a run chooses by name (`PointSampler`) on every kind of domain, and the
/// collocation sampler that combines them with RAR and RAD.
@Suite("Point samplers on domains")
struct PointSamplerTests {
    static func domains() throws -> [any Domain] {
        [try Box(lower: [-1, 0], upper: [1, 2]),
         SpaceTimeDomain(space: try Box(lower: [0], upper: [3]), time: try TimeDomain(0, 0.5)),
         try Disk(radius: 1),
         try CSG(.difference, Disk(radius: 1), Box(lower: [-0.25, -0.25], upper: [0.25, 0.25])),
         SpaceTimeDomain(space: try CSG(.difference, Box(lower: [0, 0], upper: [1, 1]), Disk(center: (0, 0), radius: 0.5)),
                         time: try TimeDomain(0, 1))]
    }

    /// Every sampler gives n points inside every domain, the same points from the same seed,
    /// and different points on the next draw from the stream (resampling).
    @Test(arguments: PointSampler.allCases)
    func pointsAreInsideReproducibleAndFreshOnEachDraw(_ sampler: PointSampler) throws {
        for domain in try Self.domains() {
            var a = testStream(7), b = testStream(7)
            let x: Tensor<Double> = try sampler.sample(500, in: domain, using: &a)
            let y: Tensor<Double> = try sampler.sample(500, in: domain, using: &b)
            #expect(x.shape == [500, domain.dimension])
            #expect(domain.contains(x).allSatisfy { $0 }, "\(sampler) on \(domain): a point outside")
            #expect(x.scalars == y.scalars, "\(sampler) on \(domain): the same seed gave different points")
            let z: Tensor<Double> = try sampler.sample(500, in: domain, using: &a)
            #expect(x.scalars != z.scalars, "\(sampler) on \(domain): the next draw repeated the points")
            let shared = Set(x.scalars).intersection(z.scalars).count
            #expect(shared < 50, "\(sampler) on \(domain): \(shared) coordinates repeated across draws")
            let f: Tensor<Float> = try sampler.sample(100, in: domain, using: &a)
            #expect(domain.contains(f).allSatisfy { $0 }, "\(sampler) on \(domain) in Float: a point outside")
        }
    }

    /// On a domain without a unit-cube map (CSG) the points are the first n of the sampler's
    /// box points that fall inside: the same Sobol set, filtered.
    @Test func rejectionKeepsTheFirstPointsInside() throws {
        let csg = try CSG(.difference, Box(lower: [0, 0], upper: [2, 1]), Box(lower: [0.5, 0], upper: [1.5, 0.5]))
        var rng = testStream(3), check = testStream(3)
        let sobol = SobolSampler(randomShift: true)
        let x: Tensor<Double> = try csg.sampleInterior(300, unitCube: sobol, using: &rng)
        let box: Tensor<Double> = try Box(lower: [0, 0], upper: [2, 1]).sampleInterior(4096, sampler: sobol, using: &check)
        let inside = zip(box.rows, csg.contains(box, tolerance: 0)).filter(\.1).map(\.0)
        #expect(x.rows == Array(inside.prefix(300)))
    }

    /// Sobol points through the settings' choice are more uniform than pseudo-random ones
    /// (L2-star discrepancy, Warnock's formula) on the unit square.
    @Test func sobolIsMoreUniformThanPseudoRandom() throws {
        let square = try Box(lower: [0, 0], upper: [1, 1])
        var rng = testStream(11)
        for n in [256, 1024] {
            let s: Tensor<Double> = try PointSampler.sobol.sample(n, in: square, using: &rng)
            let u: Tensor<Double> = try PointSampler.uniform.sample(n, in: square, using: &rng)
            let ds = Discrepancy.l2Star(s), du = Discrepancy.l2Star(u)
            #expect(ds < du / 4, "n = \(n): Sobol discrepancy \(ds), pseudo-random \(du)")
        }
    }

    /// Scrambled Hammersley keeps i / n in the first column on every draw; jittered, it moves.
    @Test func jitteredHammersleyMovesTheFirstColumn() throws {
        var rng = testStream(5)
        let plain = HammersleySampler(scrambled: true), jittered = HammersleySampler(scrambled: true, jittered: true)
        let a: Tensor<Double> = try plain.sample(64, dimension: 2, using: &rng)
        let b: Tensor<Double> = try plain.sample(64, dimension: 2, using: &rng)
        #expect(a.column(0).scalars == b.column(0).scalars)
        let c: Tensor<Double> = try jittered.sample(64, dimension: 2, using: &rng)
        let d: Tensor<Double> = try jittered.sample(64, dimension: 2, using: &rng)
        #expect(c.column(0).scalars != d.column(0).scalars)
        // Still one point in each stratum [i/n, (i+1)/n) of the first axis.
        #expect(Set(c.column(0).scalars.map { Int($0 * 64) }) == Set(0..<64))
    }

    /// RAR: each draw is a fresh base batch plus every point added so far, and each round adds
    /// the candidates of largest residual (here r(x) = x, so the largest x of the pool).
    @Test func refinementAddsTheWorstCandidatesEachRound() throws {
        let interval = try Interval(0, 1)
        let draw: (Int, inout RandomStream) throws -> Tensor<Double> = { n, rng in try interval.sampleInterior(n, using: &rng) }
        var sampler = CollocationSampler<Double>(rule: .refinement(try ResidualAdaptiveRefinement(count: 5, candidatePool: 400)),
                                                 draw: draw)
        var rng = testStream(9), check = testStream(9)
        var expectedAdded: [Double] = []
        for round in 1...3 {
            let x = try sampler.next(100, residual: { $0 }, using: &rng)
            let base = try draw(100, &check), pool = try draw(400, &check)
            expectedAdded += pool.scalars.sorted(by: >).prefix(5)
            #expect(x.shape == [100 + 5 * round, 1])
            #expect(Array(x.scalars.prefix(100)) == base.scalars, "round \(round): the base batch is not the plain draw")
            #expect(Array(x.scalars.dropFirst(100)) == expectedAdded, "round \(round): added points are not the largest residuals")
        }
        #expect(rng == check)
    }

    /// RAD draws the batch from the pool; without a rule the sampler is the plain draw.
    @Test func distributionAndPlainDraws() throws {
        let interval = try Interval(0, 1)
        let draw: (Int, inout RandomStream) throws -> Tensor<Double> = { n, rng in try interval.sampleInterior(n, using: &rng) }
        var plain = CollocationSampler<Double>(draw: draw)
        var rng = testStream(4), check = testStream(4)
        #expect(try plain.next(50, residual: { _ in fatalError("the plain draw evaluated the residual") }, using: &rng).scalars
                == (try draw(50, &check)).scalars)
        var rad = CollocationSampler<Double>(rule: .distribution(try ResidualAdaptiveDistribution(exponent: 1, offset: 0, candidatePool: 200)),
                                             draw: draw)
        let pool = try draw(200, &check)
        let x = try rad.next(50, residual: { $0 }, using: &rng)
        #expect(x.shape == [50, 1])
        #expect(Set(x.scalars).isSubset(of: Set(pool.scalars)), "RAD drew points that are not candidates")
    }
}
