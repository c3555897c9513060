/// Eight-lane Float versions of `fastLog` and `fastSinCos`, for loops the compiler does not
/// vectorise on its own (Box-Muller with its integer quarter turns, the two-body source
/// term with its carried coordinates). The same operations in the same order as the scalar
/// functions in FastMath.swift, so each lane gives the scalar function's result bit for bit
/// (tested).

public typealias Float8 = SIMD8<Float>

@inlinable @inline(__always)
public func fastLog(_ x: Float8) -> Float8 {
    let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
    let m0 = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: Float8.self)
    let e0 = SIMD8<Int32>(truncatingIfNeeded: bits &>> 23) &- 127
    // m0 > sqrt(2) compared as bit patterns (same order for positive floats): all ones there.
    let big = (SIMD8<Int32>(repeating: 0x3FB5_04F3) &- SIMD8<Int32>(truncatingIfNeeded: bits & 0x007F_FFFF | 0x3F80_0000)) &>> 31
    let mb = unsafeBitCast(m0, to: SIMD8<Int32>.self), halfb = unsafeBitCast(m0 * 0.5, to: SIMD8<Int32>.self)
    let m = unsafeBitCast((mb & ~big) | (halfb & big), to: Float8.self)
    let e = Float8(e0 &- big)
    let s = (m - 1) / (m + 1), z = s * s
    var p = Float8(repeating: 1 / 11)
    p = p * z + 1 / 9
    p = p * z + 1 / 7
    p = p * z + 1 / 5
    p = p * z + 1 / 3
    let logM = 2 * s + 2 * s * z * p
    return e * 0.693359375 + (e * -2.12194440e-4 + logM)
}

@inlinable @inline(__always)
public func fastSinCos(_ x: Float8) -> (sin: Float8, cos: Float8) {
    let xd = SIMD8<Double>(x)
    let magic = 6755399441055744.0
    let t = xd * 0.63661977236758134308 + magic
    let k = t - magic
    let r = (xd - k * 1.57079632673412561417e+00) - k * 6.07710050650619224932e-11
    let q = SIMD8<Int32>(truncatingIfNeeded: unsafeBitCast(t, to: SIMD8<UInt64>.self) & 3)
    let (s, c) = sinCosPolynomial(Float8(r))
    return applyQuadrant(s, c, q)
}

/// sqrt(x) for positive normal x by three Newton steps from a bit-pattern guess (relative
/// error 3.5% -> 6e-4 -> 2e-7 -> rounding): `squareRoot()` on a vector calls sqrtf per lane.
@inlinable @inline(__always)
public func fastSqrt(_ x: Float8) -> Float8 {
    var y = unsafeBitCast(SIMD8<UInt32>(repeating: 0x1FBD_1DF5) &+ (unsafeBitCast(x, to: SIMD8<UInt32>.self) &>> 1), to: Float8.self)
    y = 0.5 * (y + x / y)
    y = 0.5 * (y + x / y)
    y = 0.5 * (y + x / y)
    return y
}

/// The scalar twin of `fastSqrt(Float8)`, bit for bit.
@inlinable @inline(__always)
public func fastSqrt(_ x: Float) -> Float {
    var y = Float(bitPattern: 0x1FBD_1DF5 &+ (x.bitPattern &>> 1))
    y = 0.5 * (y + x / y)
    y = 0.5 * (y + x / y)
    y = 0.5 * (y + x / y)
    return y
}

/// (sin, cos) of 2 pi b / 2^24 for integers b in [0, 2^24) (`sinCosOfTurnFraction`, Float).
@inlinable @inline(__always)
func sinCosOfTurnFraction24(_ b: SIMD8<Int32>) -> (Float8, Float8) {
    let k = (b &+ (1 &<< 21)) &>> 22
    let f = b &- (k &<< 22)
    let r = Float8(f) * (Float.pi / 2 / Float(sign: .plus, exponent: 22, significand: 1))
    let (s, c) = sinCosPolynomial(r)
    return applyQuadrant(s, c, k & 3)
}

@inlinable @inline(__always)
func sinCosPolynomial(_ r: Float8) -> (Float8, Float8) {
    let z = r * r
    var sp = Float8(repeating: 1 / 362_880)
    sp = sp * z - 1 / 5040
    sp = sp * z + 1 / 120
    sp = sp * z - 1 / 6
    var cp = Float8(repeating: -1 / 3_628_800)
    cp = cp * z + 1 / 40320
    cp = cp * z - 1 / 720
    cp = cp * z + 1 / 24
    return (r + r * z * sp, 1 - 0.5 * z + z * z * cp)
}

/// The quadrant's swap and signs as bit operations (`replacing(with:where:)` and vector
/// comparisons of integers compile to per-lane code).
@inlinable @inline(__always)
func applyQuadrant(_ sinR: Float8, _ cosR: Float8, _ q: SIMD8<Int32>) -> (Float8, Float8) {
    let swap = 0 &- (q & 1)                      // all ones where sin and cos trade places
    let sb = unsafeBitCast(sinR, to: SIMD8<Int32>.self), cb = unsafeBitCast(cosR, to: SIMD8<Int32>.self)
    let s = (sb & ~swap) | (cb & swap), c = (cb & ~swap) | (sb & swap)
    let sinSign = (q & 2) &<< 30, cosSign = ((q &+ 1) & 2) &<< 30
    return (unsafeBitCast(s ^ sinSign, to: Float8.self), unsafeBitCast(c ^ cosSign, to: Float8.self))
}
