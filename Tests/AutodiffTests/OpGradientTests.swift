import Autodiff
import TestSupport
import Testing

/// First and second derivatives of every operation in `opCatalogue`, in Double against
/// central finite differences (relative error < 1e-6) and in Float against the Double
/// oracle at the same (Float-rounded) inputs with a loose tolerance.
@Suite struct OpGradients {
    /// `J^T c` by reverse mode against central differences of `<c, f(x)>`.
    @Test(arguments: opNames)
    func reverseModeMatchesFiniteDifferences(_ name: String) {
        let (op, seed) = opCase(name, Double.self)
        let d = CheckData(op, seed: seed)
        let reverse = reverseVJP(op, at: d.xs, cotangent: d.cotangent)
        let fd = finiteDifferenceVJP(op, at: d.xs, cotangent: d.cotangent)
        let e = relativeError(reverse, fd, floor: 1e-8)
        #expect(e < 1e-6, "\(name): reverse-mode gradient vs finite differences, relative error \(e)")
    }

    /// `<J t, c> = <t, J^T c>`, with `J t` from a central difference along `t` and, exactly,
    /// from reverse over reverse (differentiating `c -> <J^T c, t>`).
    @Test(arguments: opNames)
    func innerProductIdentity(_ name: String) {
        let (op, seed) = opCase(name, Double.self)
        let d = CheckData(op, seed: seed)
        let vjp = reverseVJP(op, at: d.xs, cotangent: d.cotangent)
        let jvpFD = finiteDifferenceJVP(op, at: d.xs, direction: d.direction)
        let lhs = inner(jvpFD, d.cotangent)
        var rhs = 0.0, scale = absInner(jvpFD, d.cotangent)
        for (t, g) in zip(d.direction, vjp) { rhs += inner(t, g); scale += absInner(t, g) }
        let e = Swift.abs(lhs - rhs) / Swift.max(scale, 1e-12)
        #expect(e < 1e-6, "\(name): <Jt, c> = \(lhs) but <t, J^T c> = \(rhs), relative error \(e)")

        let jvpExact = doubleReverseJVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let e2 = relativeError([jvpExact], [jvpFD], floor: 1e-8)
        #expect(e2 < 1e-6, "\(name): J t by reverse over reverse vs central difference, relative error \(e2)")
    }

    /// The Hessian-vector product through a recorded backward pass (`createGraph: true`)
    /// against central differences of the first gradient. For linear operations both are
    /// zero; errors are measured against the size of the first gradient.
    @Test(arguments: opNames)
    func secondDerivativeMatchesFiniteDifferences(_ name: String) {
        let (op, seed) = opCase(name, Double.self)
        let d = CheckData(op, seed: seed)
        let nested = nestedHVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let fd = finiteDifferenceHVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let scale = largestMagnitude(reverseVJP(op, at: d.xs, cotangent: d.cotangent))
        let e = relativeError(nested, fd, floor: Swift.max(scale, 1e-8))
        #expect(e < 1e-6, "\(name): nested Hessian-vector product vs finite differences of the gradient, relative error \(e)")
    }

    /// Float: first derivatives and Hessian-vector products against the Double oracle
    /// (finite differences) at the same inputs, to a tolerance that allows for Float
    /// rounding in the forward and backward passes.
    @Test(arguments: opNames)
    func floatMatchesDoubleOracle(_ name: String) {
        let (op, seed) = opCase(name, Double.self)
        let (opF, _) = opCase(name, Float.self)
        let d = CheckData(op, seed: seed)
        let xsF = d.xs.map { converted($0, to: Float.self) }
        let cF = converted(d.cotangent, to: Float.self)
        let tF = d.direction.map { converted($0, to: Float.self) }

        let reverseF = reverseVJP(opF, at: xsF, cotangent: cF).map { converted($0, to: Double.self) }
        let fd = finiteDifferenceVJP(op, at: d.xs, cotangent: d.cotangent)
        let e1 = relativeError(reverseF, fd, floor: 1e-6)
        #expect(e1 < 2e-5, "\(name) (Float): gradient vs Double finite differences, relative error \(e1)")

        let nestedF = nestedHVP(opF, at: xsF, cotangent: cF, direction: tF).map { converted($0, to: Double.self) }
        let hvp = finiteDifferenceHVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let e2 = relativeError(nestedF, hvp, floor: Swift.max(largestMagnitude(fd), 1e-6))
        #expect(e2 < 2e-5, "\(name) (Float): nested Hessian-vector product vs Double finite differences, relative error \(e2)")
    }
}

/// The checks above must be able to fail: operations with deliberately wrong backward
/// rules (built with the public `Tensor.record`) are rejected by the same measures.
@Suite struct GradientCheckerRejectsWrongRules {
    /// sin with a derivative off by 1e-4 relative.
    static var slightlyWrongSin: OpCase<Double> {
        OpCase<Double>(name: "sin, rule off by 1e-4", inputs: [InputSpec([3, 4])]) { xs in
            Tensor.record("badSin", xs[0].detached.sin(), [xs[0]]) { c in [c.grad * c.inputs[0].cos() * 1.0001] }
        }
    }

    /// sin whose rule is right to first order but is not differentiable (it detaches its
    /// input), so its second derivative through `createGraph` is missing.
    static var detachedRuleSin: OpCase<Double> {
        OpCase<Double>(name: "sin, detached rule", inputs: [InputSpec([3, 4])]) { xs in
            Tensor.record("detachedSin", xs[0].detached.sin(), [xs[0]]) { c in [c.grad * c.inputs[0].detached.cos()] }
        }
    }

    @Test func firstOrderCheckRejectsAWrongRule() {
        let op = Self.slightlyWrongSin
        let d = CheckData(op, seed: 1)
        let e = relativeError(reverseVJP(op, at: d.xs, cotangent: d.cotangent),
                              finiteDifferenceVJP(op, at: d.xs, cotangent: d.cotangent), floor: 1e-8)
        #expect(e > 1e-5, "a rule off by 1e-4 gave a relative error of only \(e)")
    }

    @Test func secondOrderCheckRejectsANonDifferentiableRule() {
        let op = Self.detachedRuleSin
        let d = CheckData(op, seed: 2)
        let first = relativeError(reverseVJP(op, at: d.xs, cotangent: d.cotangent),
                                  finiteDifferenceVJP(op, at: d.xs, cotangent: d.cotangent), floor: 1e-8)
        #expect(first < 1e-6, "the detached rule is right to first order, yet the error is \(first)")
        let nested = nestedHVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let fd = finiteDifferenceHVP(op, at: d.xs, cotangent: d.cotangent, direction: d.direction)
        let e = relativeError(nested, fd, floor: 1e-8)
        #expect(e > 0.5, "a missing second derivative gave a relative error of only \(e)")
    }
}
