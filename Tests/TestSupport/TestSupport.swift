import Autodiff
import Testing

/// The relative error |a - b| / max(|b|, floor), the figure numerical tests report.
public func relativeError<S: TensorScalar>(_ a: S, _ b: S, floor: S = 1e-300 as S) -> S {
    Swift.abs(a - b) / Swift.max(Swift.abs(b), floor)
}

/// The largest elementwise |a - b| divided by max(max |b|, floor).
public func relativeError<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, floor: S = 1e-30 as S) -> S {
    precondition(a.shape == b.shape, "relativeError: shapes \(a.shape) and \(b.shape) differ")
    let scale = b.scalars.reduce(S(0)) { Swift.max($0, Swift.abs($1)) }
    return a.maxAbsDifference(b) / Swift.max(scale, floor)
}

/// Expects `a` and `b` to agree to a relative tolerance, reporting the error found.
public func expectClose<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, relative tol: S, floor: S = 1e-30 as S,
                                         _ what: @autoclosure () -> String = "",
                                         sourceLocation: SourceLocation = #_sourceLocation) {
    let e = relativeError(a, b, floor: floor)
    #expect(e <= tol, "\(what()) relative error \(e) > \(tol)", sourceLocation: sourceLocation)
}

/// Expects two scalars to agree to a relative tolerance, reporting the error found.
public func expectClose<S: TensorScalar>(_ a: S, _ b: S, relative tol: S, floor: S = 1e-30 as S,
                                         _ what: @autoclosure () -> String = "",
                                         sourceLocation: SourceLocation = #_sourceLocation) {
    let e = relativeError(a, b, floor: floor)
    #expect(e <= tol, "\(what()) got \(a), expected \(b): relative error \(e) > \(tol)", sourceLocation: sourceLocation)
}

/// Central finite-difference gradient of a scalar function of one tensor:
/// (f(x + h e_i) - f(x - h e_i)) / 2h for each element i.
public func finiteDifferenceGradient<S: TensorScalar>(_ x: Tensor<S>, step h: S = 1e-6 as S,
                                                      _ f: (Tensor<S>) -> S) -> Tensor<S> {
    var g = Tensor<S>.zeros(x.shape)
    for i in 0..<x.count {
        var xp = x, xm = x
        xp[flat: i] += h
        xm[flat: i] -= h
        g[flat: i] = (f(xp) - f(xm)) / (2 * h)
    }
    return g
}

/// A seeded stream for tests (so every test's random data is reproducible).
public func testStream(_ seed: UInt64 = 42) -> RandomStream { RandomStream(seed: seed) }
