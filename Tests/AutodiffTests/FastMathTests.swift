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
}
