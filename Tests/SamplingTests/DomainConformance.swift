import Autodiff
import Sampling
import TestSupport
import Testing

/// The conformance checker every domain passes (STYLE.md item 12). Checks, with the
/// number of failures in each message:
/// - interior samples have shape [n, d] and satisfy `contains`;
/// - boundary samples satisfy `isOnBoundary` to 1e-12 (times the bounding-box scale);
/// - outward normals have unit length to 1e-12, and p + eps n leaves the domain while
///   p - eps n stays in it (eps = 1e-7 of the bounding-box diameter);
/// - the Monte Carlo volume (fraction of uniform bounding-box points inside, times the
///   box volume) matches `volume` within 4 standard errors plus `volumeSlack` (where the
///   box has enough hits to resolve it: at least 200 expected);
/// - a signed distance, where there is one, vanishes on the boundary, is <= 0 inside and
///   equals eps at p + eps n for almost all boundary points;
/// - unit-cube maps, where there are any, land inside / on the boundary.
func checkDomain(_ domain: some Domain, samples n: Int = 2000, volumeSamples: Int = 100_000,
                 volumeSlack: Double = 0, seed: UInt64 = 1,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
    var rng = RandomStream(seed: seed)
    let d = domain.dimension, box = domain.boundingBox
    let name = "\(domain)"
    let tol = 1e-12 * box.scale

    let x: Tensor<Double> = try domain.sampleInterior(n, using: &rng)
    #expect(x.shape == [n, d], "\(name): interior shape \(x.shape)", sourceLocation: sourceLocation)
    let outside = domain.contains(x, tolerance: tol).filter { !$0 }.count
    #expect(outside == 0, "\(name): \(outside) of \(n) interior samples fail contains", sourceLocation: sourceLocation)

    let b: Tensor<Double> = try domain.sampleBoundary(n, using: &rng)
    #expect(b.shape == [n, d], "\(name): boundary shape \(b.shape)", sourceLocation: sourceLocation)
    let off = domain.isOnBoundary(b, tolerance: tol).filter { !$0 }.count
    #expect(off == 0, "\(name): \(off) of \(n) boundary samples are farther than \(tol) from the boundary",
            sourceLocation: sourceLocation)

    let normals: Tensor<Double> = domain.outwardNormals(at: b)
    #expect(normals.shape == [n, d], sourceLocation: sourceLocation)
    var worstNorm = 0.0
    for i in 0..<n {
        var s = 0.0
        for k in 0..<d { s += normals[i, k] * normals[i, k] }
        worstNorm = max(worstNorm, abs(s.squareRoot() - 1))
    }
    #expect(worstNorm <= 1e-12, "\(name): normal length off by \(worstNorm)", sourceLocation: sourceLocation)
    let diameter = zip(box.lower, box.upper).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot()
    let eps = 1e-7 * diameter
    let stepOut = b + normals * eps, stepIn = b - normals * eps
    let outFails = domain.contains(stepOut, tolerance: 0).filter { $0 }.count
    let inFails = domain.contains(stepIn, tolerance: 0).filter { !$0 }.count
    #expect(outFails == 0, "\(name): \(outFails) of \(n) points p + eps n are still inside (normal not outward)",
            sourceLocation: sourceLocation)
    #expect(inFails == 0, "\(name): \(inFails) of \(n) points p - eps n are outside (normal not outward)",
            sourceLocation: sourceLocation)

    let cube = try Box(lower: box.lower, upper: box.upper)
    let fractionExpected = domain.volume / cube.volume
    if fractionExpected * Double(volumeSamples) >= 200 {
        let y: Tensor<Double> = try cube.sampleInterior(volumeSamples, using: &rng)
        let hits = domain.contains(y, tolerance: 0).filter { $0 }.count
        let p = Double(hits) / Double(volumeSamples)
        let estimate = p * cube.volume
        let sigma = cube.volume * (fractionExpected * (1 - fractionExpected) / Double(volumeSamples)).squareRoot()
        #expect(abs(estimate - domain.volume) <= 4 * sigma + volumeSlack * domain.volume,
                "\(name): Monte Carlo volume \(estimate) vs volume \(domain.volume) (4 sigma = \(4 * sigma))",
                sourceLocation: sourceLocation)
    }

    if let sdf = domain as? any SignedDistanceDomain {
        let onB: Tensor<Double> = sdf.signedDistance(b), inI: Tensor<Double> = sdf.signedDistance(x)
        let out: Tensor<Double> = sdf.signedDistance(stepOut)
        #expect(onB.shape == [n, 1], sourceLocation: sourceLocation)
        let worst = onB.scalars.map(abs).max() ?? 0
        #expect(worst <= tol, "\(name): signed distance on the boundary up to \(worst)", sourceLocation: sourceLocation)
        let positiveInside = inI.scalars.filter { $0 > tol }.count
        #expect(positiveInside == 0, "\(name): signed distance > 0 at \(positiveInside) interior points",
                sourceLocation: sourceLocation)
        let exact = out.scalars.filter { abs($0 - eps) <= 1e-6 * eps + tol }.count
        #expect(exact >= n * 99 / 100, "\(name): signed distance at p + eps n equals eps at only \(exact) of \(n) points",
                sourceLocation: sourceLocation)
    }

    if let mappable = domain as? any UnitCubeMappable {
        let y: Tensor<Double> = try mappable.sampleInterior(512, sampler: SobolSampler(), using: &rng)
        let bad = domain.contains(y, tolerance: tol).filter { !$0 }.count
        #expect(bad == 0, "\(name): \(bad) of 512 Sobol-mapped interior points fail contains", sourceLocation: sourceLocation)
    }
    if let mappable = domain as? any BoundaryUnitCubeMappable {
        let y: Tensor<Double> = try mappable.sampleBoundary(512, sampler: SobolSampler(skip: 1), using: &rng)
        let bad = domain.isOnBoundary(y, tolerance: tol).filter { !$0 }.count
        #expect(bad == 0, "\(name): \(bad) of 512 Sobol-mapped boundary points are off the boundary",
                sourceLocation: sourceLocation)
    }
}

/// The Kolmogorov-Smirnov statistic sup |F_n - F| of samples against a continuous CDF.
func kolmogorovSmirnov(_ samples: [Double], cdf: (Double) -> Double) -> Double {
    let s = samples.sorted(), n = Double(s.count)
    var d = 0.0
    for (i, x) in s.enumerated() {
        let f = cdf(x)
        d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
    }
    return d
}

/// The KS critical value at significance 0.001 for n samples (asymptotic, 1.949 / sqrt n).
func ksCritical(_ n: Int) -> Double { 1.949 / Double(n).squareRoot() }
