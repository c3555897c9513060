/// Vectorisable tanh and exp for the hot loops.
///
/// The C library's tanh is a function call per element that the compiler cannot
/// vectorise; in a network's forward and Taylor passes it cost more than the matrix
/// products. These versions are straight-line code that LLVM turns into SIMD loops:
///
/// - exp(x) = 2^k e^r with k = round(x / ln 2) (by the 1.5 * 2^52 rounding constant, whose
///   low mantissa bits then hold k), r = x - k ln 2 in two parts (fdlibm's ln2_hi, ln2_lo),
///   e^r by its Taylor polynomial (degree 13 in Double, 7 in Float, |r| <= ln(2)/2), and
///   2^k assembled from its exponent bits. Inputs are clamped to the range the callers
///   need (no overflow, no subnormal results).
/// - tanh(x) for |x| < 0.625 by the rational approximation x + x z P(z)/Q(z), z = x^2, with
///   the coefficients of Cephes' tanh (Moshier 1989; tanhf's polynomial in Float); else
///   sign(x) (1 - 2 / (e^{2|x|} + 1)). Both branches are computed and one selected, so the
///   loop has no branches.
///
/// Accuracy (checked against the C library in Tests/AutodiffTests/FastMathTests.swift):
/// a few units in the last place in both precisions.
@inlinable @inline(__always)
public func fastTanh<S: TensorScalar>(_ x: S) -> S {
    if S.self == Double.self { return unsafeBitCast(fastTanhDouble(unsafeBitCast(x, to: Double.self)), to: S.self) }
    if S.self == Float.self { return unsafeBitCast(fastTanhFloat(unsafeBitCast(x, to: Float.self)), to: S.self) }
    return S.tanh(x)
}

/// e^x for x in [-700, 700] (Double) or [-80, 80] (Float); clamped outside.
@inlinable @inline(__always)
public func fastExp<S: TensorScalar>(_ x: S) -> S {
    if S.self == Double.self { return unsafeBitCast(fastExpDouble(unsafeBitCast(x, to: Double.self)), to: S.self) }
    if S.self == Float.self { return unsafeBitCast(fastExpFloat(unsafeBitCast(x, to: Float.self)), to: S.self) }
    return S.exp(x)
}

@inlinable @inline(__always)
func fastExpDouble(_ x0: Double) -> Double {
    let x = Swift.min(Swift.max(x0, -700), 700)
    let magic = 6755399441055744.0   // 1.5 * 2^52
    let t = x * 1.4426950408889634 + magic
    let k = t - magic
    let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
    var p = 1.6059043836821614e-10        // 1/13!
    p = p * r + 2.08767569878680989792e-09 // 1/12!
    p = p * r + 2.50521083854417187751e-08
    p = p * r + 2.75573192239858906526e-07
    p = p * r + 2.75573192239858906526e-06
    p = p * r + 2.48015873015873015873e-05
    p = p * r + 1.98412698412698412698e-04
    p = p * r + 1.38888888888888888889e-03
    p = p * r + 8.33333333333333333333e-03
    p = p * r + 4.16666666666666666667e-02
    p = p * r + 1.66666666666666666667e-01
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    return p * Double(bitPattern: (t.bitPattern &+ 1023) << 52)
}

@inlinable @inline(__always)
func fastExpFloat(_ x0: Float) -> Float {
    let x = Swift.min(Swift.max(x0, -80), 80)
    let magic: Float = 12582912   // 1.5 * 2^23
    let t = x * 1.44269504088896341 + magic
    let k = t - magic
    let r = (x - k * 0.693359375) - k * -2.12194440e-4
    var p: Float = 1.98412698e-4   // 1/7!
    p = p * r + 1.38888889e-3
    p = p * r + 8.33333333e-3
    p = p * r + 4.16666667e-2
    p = p * r + 1.66666667e-1
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    return p * Float(bitPattern: (t.bitPattern &+ 127) << 23)
}

@inlinable @inline(__always)
func fastTanhDouble(_ x: Double) -> Double {
    let a = Swift.abs(x)
    let z = x * x
    let num = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3
    let den = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
    let small = x + x * z * (num / den)
    let e = fastExpDouble(2 * Swift.min(a, 40))
    let large = 1 - 2 / (e + 1)
    let signedLarge = x < 0 ? -large : large
    return a < 0.625 ? small : signedLarge
}

@inlinable @inline(__always)
func fastTanhFloat(_ x: Float) -> Float {
    let a = Swift.abs(x)
    let z = x * x
    let poly = ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z
                 + 1.33314422036e-1) * z - 3.33332819422e-1)
    let small = x + x * z * poly
    let e = fastExpFloat(2 * Swift.min(a, 20))
    let large: Float = 1 - 2 / (e + 1)
    let signedLarge = x < 0 ? -large : large
    return a < 0.625 ? small : signedLarge
}
