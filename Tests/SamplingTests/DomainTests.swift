import Autodiff
import Foundation
import Sampling
import TestSupport
import Testing

@Suite("Domains pass the conformance checker")
struct DomainConformanceTests {
    @Test func intervalAndTime() throws {
        try checkDomain(try Interval(-1, 3))
        try checkDomain(try TimeDomain(0, 0.5))
    }

    @Test(arguments: [1, 2, 3, 7])
    func box(dimension d: Int) throws {
        let lower = (0..<d).map { -1 + 0.3 * Double($0) }, upper = (0..<d).map { 1 + 0.5 * Double($0) }
        try checkDomain(try Box(lower: lower, upper: upper))
    }

    @Test(arguments: [2, 3, 10])
    func ballVolumeByMonteCarlo(dimension d: Int) throws {
        // d = 10: the ball fills 0.25% of its box, so 10^6 points give about 2,500 hits.
        let ball = try Ball(center: (0..<d).map { 0.1 * Double($0) }, radius: 1.5)
        try checkDomain(ball, volumeSamples: d == 10 ? 1_000_000 : 100_000)
    }

    @Test func ballInHighDimension() throws {
        try checkDomain(try Ball(dimension: 100, radius: 2), samples: 500)
    }

    @Test func disk() throws {
        try checkDomain(try Disk(center: (1, -2), radius: 0.7))
    }

    @Test func triangle() throws {
        try checkDomain(try Triangle((0, 0), (2, 0.5), (0.3, 1.7)))
    }

    @Test func nonConvexPolygons() throws {
        // An L shape (clockwise input, reoriented) and a star with reflex vertices.
        let l = try Polygon(vertices: [(0, 0), (0, 2), (1, 2), (1, 1), (2, 1), (2, 0)])
        #expect(abs(l.area - 3) <= 1e-15, "L-shape area \(l.area)")
        try checkDomain(l)
        let star = try Polygon(vertices: (0..<10).map { k in
            let r = k % 2 == 0 ? 1.0 : 0.4, a = Double(k) * Double.pi / 5
            return (r * cos(a), r * sin(a))
        })
        // Area of the 5-pointed star: 10 triangles of sides 1 and 0.4 with angle pi/5.
        let exact = 10 * 0.5 * 1 * 0.4 * sin(Double.pi / 5)
        #expect(abs(star.area - exact) <= 1e-14, "star area \(star.area) vs \(exact)")
        try checkDomain(star)
    }

    @Test func constructiveSolids() throws {
        let square = try Box(lower: [0, 0], upper: [2, 2])
        let hole = try Disk(center: (1, 1), radius: 0.5)
        let ring = try square.subtracting(hole)
        // Exact: 4 - pi/4; the construction estimate is quasi-Monte Carlo (error about 1e-4).
        #expect(abs(ring.volume - (4 - Double.pi / 4)) <= 0.002 * ring.volume, "difference volume \(ring.volume)")
        #expect(abs(ring.boundaryMeasure - (8 + Double.pi)) <= 0.01 * ring.boundaryMeasure,
                "difference boundary \(ring.boundaryMeasure) vs \(8 + Double.pi)")
        try checkDomain(ring, volumeSlack: 0.01)

        let lens = try Disk(center: (0, 0), radius: 1).intersection(try Disk(center: (1, 0), radius: 1))
        let lensArea = 2 * Double.pi / 3 - 3.0.squareRoot() / 2
        #expect(abs(lens.volume - lensArea) <= 0.002 * lensArea, "lens area \(lens.volume) vs \(lensArea)")
        try checkDomain(lens, volumeSlack: 0.01)

        let cross = try Box(lower: [-1, -0.2, -0.2], upper: [1, 0.2, 0.2])
            .union(try Box(lower: [-0.2, -1, -0.2], upper: [0.2, 1, 0.2]))
        let crossVolume = 2 * 0.16 * 2 - 0.064
        #expect(abs(cross.volume - crossVolume) <= 0.002 * crossVolume, "union volume \(cross.volume) vs \(crossVolume)")
        try checkDomain(cross, volumeSlack: 0.01)
    }

    @Test func spaceTime() throws {
        let st = SpaceTimeDomain(space: try Disk(center: (0, 0), radius: 1), time: try TimeDomain(0, 2))
        #expect(abs(st.volume - 2 * Double.pi) <= 1e-14)
        #expect(abs(st.boundaryMeasure - (2 * Double.pi + 4 * Double.pi)) <= 1e-13)
        try checkDomain(st)
        try checkDomain(SpaceTimeDomain(space: try Box.cube(dimension: 3), time: try TimeDomain(0.5, 1)))
    }
}

@Suite("Domain specifics")
struct DomainSpecificTests {
    @Test func boxFacesGetPointsInProportionToArea() throws {
        // Faces x = const have area 1 * 4, y = const 2 * 4, z = const 2 * 1: weights 4, 4, 8, 8, 2, 2 of 28.
        let box = try Box(lower: [0, 0, 0], upper: [2, 1, 4])
        #expect(abs(box.boundaryMeasure - 28) <= 1e-13)
        var rng = testStream(3)
        let n = 28_000
        let b: Tensor<Double> = try box.sampleBoundary(n, using: &rng)
        let normals: Tensor<Double> = box.outwardNormals(at: b)
        var counts = [Int](repeating: 0, count: 6)
        for i in 0..<n {
            for k in 0..<3 where normals[i, k] != 0 { counts[2 * k + (normals[i, k] > 0 ? 1 : 0)] += 1 }
        }
        let expected = [4.0, 4, 8, 8, 2, 2].map { $0 / 28 * Double(n) }
        let chi2 = zip(counts, expected).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) / $1.1 }
        // chi-square with 5 degrees of freedom: P(chi2 > 20.5) = 0.001.
        #expect(chi2 < 20.5, "face counts \(counts), expected \(expected), chi2 \(chi2)")
    }

    @Test func polygonEdgesGetPointsInProportionToLength() throws {
        let t = try Triangle((0, 0), (3, 0), (0, 4))   // sides 3, 5, 4
        var rng = testStream(4)
        let n = 12_000
        let b: Tensor<Double> = try t.sampleBoundary(n, using: &rng)
        var counts = [0, 0, 0]
        for row in b.rows {
            if abs(row[1]) < 1e-12 { counts[0] += 1 } else if abs(row[0]) < 1e-12 { counts[2] += 1 } else { counts[1] += 1 }
        }
        let expected = [3.0, 5, 4].map { $0 / 12 * Double(n) }
        let chi2 = zip(counts, expected).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) / $1.1 }
        #expect(chi2 < 13.8, "edge counts \(counts), expected \(expected), chi2 \(chi2)")  // 2 dof, p = 0.001
    }

    @Test func diskInteriorRadiusLaw() throws {
        // Uniform in area: P(|x - c| <= s r) = s^2, for both the random and the polar Sobol map.
        let disk = try Disk(center: (0.5, 0.5), radius: 2)
        var rng = testStream(5)
        let x: Tensor<Double> = try disk.sampleInterior(4000, using: &rng)
        let q: Tensor<Double> = try disk.sampleInterior(4096, sampler: SobolSampler(), using: &rng)
        for (pts, what) in [(x, "random"), (q, "Sobol")] {
            let s = pts.rows.map { (($0[0] - 0.5) * ($0[0] - 0.5) + ($0[1] - 0.5) * ($0[1] - 0.5)).squareRoot() / 2 }
            let ks = kolmogorovSmirnov(s) { $0 * $0 }
            #expect(ks < ksCritical(s.count), "\(what) disk radius KS \(ks)")
        }
    }

    @Test func gridsAreExact() throws {
        let box = try Box(lower: [0, -1], upper: [1, 1])
        let g: Tensor<Double> = try box.uniformGrid([3, 5])
        #expect(g.shape == [15, 2])
        #expect(g.rows[0] == [0, -1] && g.rows[1] == [0, -0.5] && g.rows[14] == [1, 1], "grid rows \(g.rows)")
        let st = SpaceTimeDomain(space: try Interval(0, 2), time: try TimeDomain(0, 1))
        let h: Tensor<Double> = try st.uniformGrid([3, 2])
        #expect(h.rows == [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]], "space-time grid \(h.rows)")
    }

    @Test func spaceTimeSlices() throws {
        let st = SpaceTimeDomain(space: try Ball(dimension: 3), time: try TimeDomain(0, 1.5))
        var rng = testStream(6)
        let a: Tensor<Double> = try st.sampleInitial(100, using: &rng)
        let b: Tensor<Double> = try st.sampleTerminal(100, using: &rng)
        let c: Tensor<Double> = try st.sampleLateral(100, using: &rng)
        #expect(a.column(3).scalars.allSatisfy { $0 == 0 } && b.column(3).scalars.allSatisfy { $0 == 1.5 })
        let radii = c.rows.map { ($0[0] * $0[0] + $0[1] * $0[1] + $0[2] * $0[2]).squareRoot() }
        #expect(radii.allSatisfy { abs($0 - 1) <= 1e-14 }, "lateral radii off by \(radii.map { abs($0 - 1) }.max()!)")
        let na: Tensor<Double> = st.outwardNormals(at: a), nb: Tensor<Double> = st.outwardNormals(at: b)
        #expect(na.rows.allSatisfy { $0 == [0, 0, 0, -1] } && nb.rows.allSatisfy { $0 == [0, 0, 0, 1] })
    }

    @Test func csgRejectionReportsAcceptance() throws {
        let square = try Box(lower: [0, 0], upper: [1, 1])
        let ring = try square.subtracting(try Disk(center: (0.5, 0.5), radius: 0.4))
        var rng = testStream(7)
        let (pts, report): (Tensor<Double>, RejectionReport) = try ring.sampleInteriorReporting(5000, using: &rng)
        let exact = 1 - Double.pi * 0.16
        #expect(pts.shape == [5000, 2])
        #expect(abs(report.acceptanceRate - exact) <= 0.03, "acceptance \(report.acceptanceRate), expected about \(exact)")
        #expect(abs(ring.estimatedInteriorAcceptance - exact) <= 0.01)
    }

    @Test func floatPointsFromDoubleGeometry() throws {
        var rng = testStream(8)
        let ball = try Ball(dimension: 4, radius: 1)
        let x: Tensor<Float> = try ball.sampleInterior(1000, using: &rng)
        #expect(ball.contains(x).allSatisfy { $0 })
        let box = try Box.cube(dimension: 5, lower: -2, upper: 3)
        let y: Tensor<Float> = try box.sampleInterior(1000, using: &rng)
        #expect(y.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
    }
}
