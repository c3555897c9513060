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
}
