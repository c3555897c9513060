import Autodiff
import Foundation
import Testing

@Suite struct FastMath {
    /// Units in the last place between a and the C library's b.
    func ulps(_ a: Double, _ b: Double) -> Double { Swift.abs(a - b) / b.ulp.magnitude }
    func ulps(_ a: Float, _ b: Float) -> Float { Swift.abs(a - b) / b.ulp.magnitude }

    @Test func tanhMatchesTheCLibraryInDouble() {
        var worst = 0.0, at = 0.0
        for i in -200_000...200_000 {
            let x = Double(i) * 1e-4 * (i % 7 == 0 ? 100 : 1)
            let u = ulps(fastTanh(x), Foundation.tanh(x))
            if u > worst { worst = u; at = x }
        }
        #expect(worst <= 4, "worst error \(worst) ulp at x = \(at)")
    }

    @Test func tanhMatchesTheCLibraryInFloat() {
        var worst: Float = 0, at: Float = 0
        for i in -200_000...200_000 {
            let x = Float(i) * 1e-4 * (i % 7 == 0 ? 100 : 1)
            let u = ulps(fastTanh(x), Foundation.tanhf(x))
            if u > worst { worst = u; at = x }
        }
        #expect(worst <= 4, "worst error \(worst) ulp at x = \(at)")
    }

    @Test func expMatchesTheCLibrary() {
        var worstD = 0.0, worstF: Float = 0
        for i in -70_000...70_000 {
            let x = Double(i) * 1e-2
            worstD = Swift.max(worstD, ulps(fastExp(x), Foundation.exp(x)))
            if Swift.abs(x) < 80 { worstF = Swift.max(worstF, ulps(fastExp(Float(x)), Foundation.expf(Float(x)))) }
        }
        #expect(worstD <= 4, "exp Double: \(worstD) ulp")
        #expect(worstF <= 4, "exp Float: \(worstF) ulp")
    }

    @Test func tanhIsOddAndSaturates() {
        for x in [0.0, 1e-300, 0.3, 0.625, 0.7, 5, 19.06, 40, 1e6, .infinity] {
            #expect(fastTanh(-x) == -fastTanh(x))
        }
        #expect(fastTanh(1e6) == 1 && fastTanh(Float(1e6)) == 1)
        #expect(fastTanh(0.0) == 0)
    }

    @Test func logMatchesTheCLibrary() {
        var worstD = 0.0, worstF: Float = 0, atD = 0.0, atF: Float = 0
        for i in 1...400_000 {
            // 2^-30 ... 2^30 on a geometric grid, plus points crowding 1 (where log is near zero).
            let x = i % 2 == 0 ? Foundation.exp(Double(i - 200_000) * 1.04e-4) : 1 + Double(i - 200_000) * 1e-9
            let uD = ulps(fastLog(x), Foundation.log(x))
            if uD > worstD { worstD = uD; atD = x }
            let xf = Float(x)
            let uF = ulps(fastLog(xf), Foundation.logf(xf))
            if uF > worstF { worstF = uF; atF = xf }
        }
        #expect(worstD <= 4, "log Double: \(worstD) ulp at \(atD)")
        #expect(worstF <= 4, "log Float: \(worstF) ulp at \(atF)")
        #expect(fastLog(1.0) == 0 && fastLog(Float(1)) == 0)
    }

    /// Absolute error in units of the result's magnitude floor 2^-1 ulp (sin and cos cross zero,
    /// where relative error is meaningless): |a - b| / ulp(max(|b|, 0.5)).
    @Test func sinCosMatchTheCLibrary() {
        var worstD = 0.0, worstF: Float = 0, atD = 0.0, atF: Float = 0
        for i in -300_000...300_000 {
            let x = Double(i) * 1e-4 * (i % 7 == 0 ? 300 : 1)   // to +-9e3, most in [-30, 30]
            let (s, c) = fastSinCos(x)
            let eD = Swift.max(Swift.abs(s - Foundation.sin(x)) / Swift.max(Swift.abs(Foundation.sin(x)), 0.5).ulp,
                               Swift.abs(c - Foundation.cos(x)) / Swift.max(Swift.abs(Foundation.cos(x)), 0.5).ulp)
            if eD > worstD { worstD = eD; atD = x }
            let xf = Float(x)
            let (sf, cf) = fastSinCos(xf)
            let eF = Swift.max(Swift.abs(sf - Foundation.sinf(xf)) / Swift.max(Swift.abs(Foundation.sinf(xf)), 0.5).ulp,
                               Swift.abs(cf - Foundation.cosf(xf)) / Swift.max(Swift.abs(Foundation.cosf(xf)), 0.5).ulp)
            if eF > worstF { worstF = eF; atF = xf }
        }
        #expect(worstD <= 4, "sincos Double: \(worstD) ulp at \(atD)")
        #expect(worstF <= 4, "sincos Float: \(worstF) ulp at \(atF)")
        #expect(fastSinCos(0.0) == (0, 1) && fastSinCos(Float(0)) == (0, 1))
    }

    /// Lane sums against plain Double sums, at lengths around the vector and block sizes, and
    /// the finite check with a NaN or infinity in the vector part and in the tail.
    @Test func laneSumsAndFiniteCheck() {
        var rng = RandomStream(seed: 21)
        for n in [0, 1, 7, 15, 16, 17, 31, 32, 33, 4095, 4097, 10_007] {
            let xd: [Double] = (0..<n).map { _ in rng.normal(Double.self) }
            let xf = xd.map { Float($0) }
            let sumD = xd.reduce(0, +), sqD = xd.reduce(0) { $0 + $1 * $1 }
            let sumF = xf.reduce(0.0) { $0 + Double($1) }, sqF = xf.reduce(0.0) { $0 + Double($1 * $1) }
            xd.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(Swift.abs(laneSum(p, count: n) - sumD) <= 1e-12 * Swift.max(1, sqD), "Double sum, n = \(n)")
                #expect(Swift.abs(laneSumOfSquares(p, count: n) - sqD) <= 1e-12 * Swift.max(1, sqD), "Double squares, n = \(n)")
                #expect(laneAllFinite(p, count: n))
            }
            xf.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(Swift.abs(laneSum(p, count: n) - sumF) <= 1e-5 * Swift.max(1, sqF), "Float sum, n = \(n)")
                #expect(Swift.abs(laneSumOfSquares(p, count: n) - sqF) <= 1e-5 * Swift.max(1, sqF), "Float squares, n = \(n)")
                #expect(laneAllFinite(p, count: n))
            }
            for bad in [Double.nan, .infinity, -.infinity] where n > 0 {
                for at in Set([0, n / 2, n - 1]) {
                    var y = xd
                    y[at] = bad
                    #expect(!y.withUnsafeBufferPointer { laneAllFinite($0.baseAddress!, count: n) }, "Double \(bad) at \(at) of \(n)")
                    let yf = y.map { Float($0) }
                    #expect(!yf.withUnsafeBufferPointer { laneAllFinite($0.baseAddress!, count: n) }, "Float \(bad) at \(at) of \(n)")
                }
            }
        }
        // Large finite values do not count as overflow.
        let big = [Float](repeating: 3e38, count: 40)
        #expect(big.withUnsafeBufferPointer { laneAllFinite($0.baseAddress!, count: 40) })
    }

    /// The eight-lane Float functions give their scalar twins' bits in every lane, and
    /// fastSqrt is within an ulp of the correctly rounded square root.
    @Test func vectorFunctionsMatchTheirScalarTwins() {
        var rng = RandomStream(seed: 5)
        var worstSqrt: Float = 0
        for _ in 0..<20_000 {
            var x = Float8(), pos = Float8()
            for l in 0..<8 {
                x[l] = rng.uniform(Float.self) * 40 - 20
                pos[l] = Float.exp(rng.uniform(Float.self) * 60 - 30)
            }
            let lg = fastLog(pos), sq = fastSqrt(pos), sc = fastSinCos(x)
            for l in 0..<8 {
                #expect(lg[l].bitPattern == fastLog(pos[l]).bitPattern)
                #expect(sq[l].bitPattern == fastSqrt(pos[l]).bitPattern)
                let (s1, c1) = fastSinCos(x[l])
                #expect(sc.sin[l].bitPattern == s1.bitPattern && sc.cos[l].bitPattern == c1.bitPattern)
                worstSqrt = Swift.max(worstSqrt, ulps(sq[l], pos[l].squareRoot()))
            }
        }
        #expect(worstSqrt <= 1, "fastSqrt: \(worstSqrt) ulp")
    }
}
