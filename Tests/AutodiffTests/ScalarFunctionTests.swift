import Foundation
import Testing
import TestSupport
@testable import Autodiff

/// `ScalarFunction`: its closed-form derivative towers against finite differences of its
/// values, and `Tensor.applying` differentiated by nested reverse mode to order 4 against
/// the tower.
@Suite struct ScalarFunctionTests {
    static let functions: [ScalarFunction] = [
        .affine(slope: -1.5, intercept: 0.25),
        .reciprocal(numerator: 5, intercept: 10, slope: 2),
        .reciprocal(numerator: 1, intercept: 2, slope: -0.4),
        .logarithm(intercept: 0.5, slope: 0.5),
        .sine,
    ]

    /// f^(k) for k = 1 ... 4 against central differences of f^(k-1) (h = 1e-5: truncation
    /// about 1e-10 relative, round-off about 1e-11 at these sizes).
    @Test(arguments: 0..<5) func towerMatchesFiniteDifferences(_ index: Int) {
        let f = Self.functions[index], h = 1e-5
        for q in [-0.8, 0.3, 1.7] {
            for k in 1...4 {
                let fd = (f(q + h, derivative: k - 1) - f(q - h, derivative: k - 1)) / (2 * h)
                let exact = f(q, derivative: k)
                #expect(Swift.abs(fd - exact) <= 1e-7 * Swift.max(1, Swift.abs(exact)),
                        "\(f) order \(k) at \(q): tower \(exact), finite differences \(fd)")
            }
        }
    }

    @Test func closedFormsAtOnePoint() {
        // Written out by hand at q = 1.
        expectClose(ScalarFunction.reciprocal(numerator: 5, intercept: 10, slope: 2)(1, derivative: 2), 2 * 5 * 4 / 1728.0, relative: 1e-15)
        expectClose(ScalarFunction.logarithm(intercept: 0.5, slope: 0.5)(1, derivative: 3), 2 * 0.125, relative: 1e-15)
        #expect(Swift.abs(ScalarFunction.logarithm(intercept: 0.5, slope: 0.5)(3) - Foundation.log(2.0)) < 1e-15)
        expectClose(ScalarFunction.sine(1, derivative: 7), -Foundation.cos(1.0), relative: 1e-15)
    }

    /// Nested reverse mode through `applying`: the k-th derivative of sum f(x) with respect to
    /// x is f^(k)(x) elementwise, so four nested gradients must reproduce the tower.
    @Test(arguments: 0..<5) func nestedGradientsFollowTheTower(_ index: Int) {
        let f = Self.functions[index]
        let x = Tensor<Double>([-0.8, 0.3, 1.7]).requiringGradient()
        var g = x.applying(f)
        expectClose(g.detached, Tensor(x.scalars.map { f($0) }), relative: 1e-15)
        for k in 1...4 {
            g = gradient(of: g, wrt: x, createGraph: true)
            let expected = Tensor(x.scalars.map { f($0, derivative: k) })
            expectClose(g.detached, expected, relative: 1e-14, floor: 1, "\(f) derivative \(k):")
        }
    }

    @Test func floatFollowsDouble() {
        let f = ScalarFunction.reciprocal(numerator: 1, intercept: 2, slope: 0.4)
        let x = Tensor<Float>([0.5, 1.5]).requiringGradient()
        let g = gradient(of: x.applying(f), wrt: x, createGraph: true)
        let h = gradient(of: g, wrt: x)
        for (i, v) in [0.5, 1.5].enumerated() {
            expectClose(Double(g[flat: i]), f(v, derivative: 1), relative: 1e-6)
            expectClose(Double(h[flat: i]), f(v, derivative: 2), relative: 1e-6)
        }
    }
}

@Suite struct TemporaryNameTests {
    @Test func siblingStaysInTheDirectoryAndFitsAFileName() {
        let short = TemporaryName.sibling(of: "/data/run/result.nc")
        #expect(short.hasPrefix("/data/run/.result.nc.") && short.hasSuffix(".tmp"))
        #expect(TemporaryName.sibling(of: "/data/run/result.nc") != short, "two calls give one name")
        for n in [200, 250, 255] {
            let name = String(repeating: "é", count: n / 2) + String(repeating: "x", count: n % 2)
            let tmp = TemporaryName.sibling(of: "/d/" + name)
            let last = (tmp as NSString).lastPathComponent
            #expect(last.utf8.count <= TemporaryName.maximumNameBytes, "\(last.utf8.count) bytes for a \(name.utf8.count)-byte name")
            #expect(tmp.hasPrefix("/d/.") && tmp.hasSuffix(".tmp"))
        }
        // Two long names that differ only after the cut get different temporary names.
        let a = String(repeating: "a", count: 240), b = a.dropLast() + "b"
        func hash(_ p: String) -> Substring { (p as NSString).lastPathComponent.split(separator: ".")[1] }
        #expect(hash(TemporaryName.sibling(of: "/d/" + a)) != hash(TemporaryName.sibling(of: "/d/" + String(b))))
    }
}
