/// Vectorisable tanh, exp, log and sincos for the hot loops.
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
/// - log(x) for positive normal x: x = 2^e m with m in [sqrt(1/2), sqrt(2)), then
///   log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1)/(m + 1), |s| <= 0.172
///   (terms to s^11 in Float, s^21 in Double), plus e ln 2 in two parts.
/// - sin and cos together: k = round(x 2/pi), r = x - k pi/2 in Double with pi/2 in two
///   parts (fdlibm's 33-bit pio2_1 and its tail, exact for |k| < 2^20), their Taylor
///   polynomials on |r| <= pi/4 (to r^9 and r^10 in Float, r^15 and r^16 in Double) and the
///   quadrant k mod 4 choosing signs and order. Accurate for |x| <= 10^5; beyond that the
///   reduction loses digits (the callers' arguments are coordinates, angles and phases of
///   order one).
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

/// log(x) for positive normal x (no checks: zero, negative, subnormal, infinite and NaN
/// inputs give meaningless results).
@inlinable @inline(__always)
public func fastLog<S: TensorScalar>(_ x: S) -> S {
    if S.self == Double.self { return unsafeBitCast(fastLogDouble(unsafeBitCast(x, to: Double.self)), to: S.self) }
    if S.self == Float.self { return unsafeBitCast(fastLogFloat(unsafeBitCast(x, to: Float.self)), to: S.self) }
    return S.log(x)
}

/// (sin x, cos x) for |x| <= 10^5.
@inlinable @inline(__always)
public func fastSinCos<S: TensorScalar>(_ x: S) -> (sin: S, cos: S) {
    if S.self == Double.self {
        let (s, c) = fastSinCosDouble(unsafeBitCast(x, to: Double.self))
        return (unsafeBitCast(s, to: S.self), unsafeBitCast(c, to: S.self))
    }
    if S.self == Float.self {
        let (s, c) = fastSinCosFloat(unsafeBitCast(x, to: Float.self))
        return (unsafeBitCast(s, to: S.self), unsafeBitCast(c, to: S.self))
    }
    return (S.sin(x), S.cos(x))
}

@inlinable @inline(__always)
func fastLogFloat(_ x: Float) -> Float {
    let bits = x.bitPattern
    let m0 = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)   // [1, 2)
    let e0 = Int32(bitPattern: bits >> 23) &- 127
    let big = m0 > 1.41421356
    let m = big ? m0 * 0.5 : m0
    let e = Float(big ? e0 &+ 1 : e0)
    let s = (m - 1) / (m + 1), z = s * s
    var p: Float = 1 / 11
    p = p * z + 1 / 9
    p = p * z + 1 / 7
    p = p * z + 1 / 5
    p = p * z + 1 / 3
    let logM = 2 * s + 2 * s * z * p
    return e * 0.693359375 + (e * -2.12194440e-4 + logM)
}

@inlinable @inline(__always)
func fastLogDouble(_ x: Double) -> Double {
    let bits = x.bitPattern
    let m0 = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
    let e0 = Int64(bitPattern: bits >> 52) &- 1023
    let big = m0 > 1.4142135623730951
    let m = big ? m0 * 0.5 : m0
    let e = Double(big ? e0 &+ 1 : e0)
    let s = (m - 1) / (m + 1), z = s * s
    var p = 1.0 / 21
    p = p * z + 1.0 / 19
    p = p * z + 1.0 / 17
    p = p * z + 1.0 / 15
    p = p * z + 1.0 / 13
    p = p * z + 1.0 / 11
    p = p * z + 1.0 / 9
    p = p * z + 1.0 / 7
    p = p * z + 1.0 / 5
    p = p * z + 1.0 / 3
    let logM = 2 * s + 2 * s * z * p
    return e * 6.93147180369123816490e-01 + (e * 1.90821492927058770002e-10 + logM)
}

/// Reduces x to r in [-pi/4, pi/4] with x = k pi/2 + r; returns r and k mod 4.
@inlinable @inline(__always)
func reduceQuarterTurns(_ x: Double) -> (r: Double, quadrant: Int) {
    let magic = 6755399441055744.0   // 1.5 * 2^52: t's low mantissa bits hold k
    let t = x * 0.63661977236758134308 + magic
    let k = t - magic
    let r = (x - k * 1.57079632673412561417e+00) - k * 6.07710050650619224932e-11
    return (r, Int(truncatingIfNeeded: t.bitPattern) & 3)
}

/// Maps (sin r, cos r) to (sin x, cos x) for x = k pi/2 + r, q = k mod 4.
@inlinable @inline(__always)
func applyQuadrant<T: FloatingPoint>(_ sinR: T, _ cosR: T, _ q: Int) -> (T, T) {
    let s = q & 1 == 0 ? sinR : cosR
    let c = q & 1 == 0 ? cosR : sinR
    return (q & 2 == 0 ? s : -s, (q &+ 1) & 2 == 0 ? c : -c)
}

@inlinable @inline(__always)
func fastSinCosFloat(_ x: Float) -> (Float, Float) {
    let (r, q) = reduceQuarterTurns(Double(x))
    let (s, c) = sinCosPolynomialFloat(Float(r))
    return applyQuadrant(s, c, q)
}

/// sin r and cos r for |r| <= pi/4.
@inlinable @inline(__always)
func sinCosPolynomialFloat(_ r: Float) -> (Float, Float) {
    let z = r * r
    var sp: Float = 1 / 362_880
    sp = sp * z - 1 / 5040
    sp = sp * z + 1 / 120
    sp = sp * z - 1 / 6
    var cp: Float = -1 / 3_628_800
    cp = cp * z + 1 / 40320
    cp = cp * z - 1 / 720
    cp = cp * z + 1 / 24
    return (r + r * z * sp, 1 - 0.5 * z + z * z * cp)
}

@inlinable @inline(__always)
func fastSinCosDouble(_ x: Double) -> (Double, Double) {
    let (r, q) = reduceQuarterTurns(x)
    let (s, c) = sinCosPolynomialDouble(r)
    return applyQuadrant(s, c, q)
}

/// sin r and cos r for |r| <= pi/4.
@inlinable @inline(__always)
func sinCosPolynomialDouble(_ r: Double) -> (Double, Double) {
    let z = r * r
    var sp = -7.6471637318198164759e-13   // -1/15!
    sp = sp * z + 1.6059043836821614599e-10
    sp = sp * z - 2.5052108385441718775e-08
    sp = sp * z + 2.7557319223985890653e-06
    sp = sp * z - 1.9841269841269841270e-04
    sp = sp * z + 8.3333333333333333333e-03
    sp = sp * z - 1.6666666666666666667e-01
    var cp = 4.7794773323873852974e-14    // 1/16!
    cp = cp * z - 1.1470745597729724714e-11
    cp = cp * z + 2.0876756987868098979e-09
    cp = cp * z - 2.7557319223985890653e-07
    cp = cp * z + 2.4801587301587301587e-05
    cp = cp * z - 1.3888888888888888889e-03
    cp = cp * z + 4.1666666666666666667e-02
    return (r + r * z * sp, 1 - 0.5 * z + z * z * cp)
}

/// (sin, cos) of 2 pi b / 2^bits for an integer b in [0, 2^bits): the quarter turn and the
/// remainder split exactly in integers, so no range reduction is needed (Box-Muller's angle).
@inlinable @inline(__always)
func sinCosOfTurnFraction<S: TensorScalar>(_ b: Int64, bits: Int64, _: S.Type) -> (S, S) {
    let k = (b &+ (1 &<< (bits &- 3))) &>> (bits &- 2)   // nearest quarter turn, 0 ... 4
    let f = b &- (k &<< (bits &- 2))                // |f| <= 2^(bits - 3)
    if S.self == Float.self {
        let r = Float(Int32(truncatingIfNeeded: f)) * (Float.pi / 2 / Float(sign: .plus, exponent: Int(truncatingIfNeeded: bits &- 2), significand: 1))
        let (sp, cp) = sinCosPolynomialFloat(r)
        let (s, c) = applyQuadrant(sp, cp, Int(truncatingIfNeeded: k) & 3)
        return (unsafeBitCast(s, to: S.self), unsafeBitCast(c, to: S.self))
    }
    let r = Double(f) * (Double.pi / 2 / Double(sign: .plus, exponent: Int(truncatingIfNeeded: bits &- 2), significand: 1))
    let (sp, cp) = sinCosPolynomialDouble(r)
    let (s, c) = applyQuadrant(sp, cp, Int(truncatingIfNeeded: k) & 3)
    if S.self == Double.self { return (unsafeBitCast(s, to: S.self), unsafeBitCast(c, to: S.self)) }
    return (S(s), S(c))
}
