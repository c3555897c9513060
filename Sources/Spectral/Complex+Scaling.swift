import ComplexModule

extension Complex {
    /// A complex number times a real one, componentwise (no complex multiply).
    @inlinable @inline(__always)
    static func * (z: Complex, a: RealType) -> Complex { Complex(z.real * a, z.imaginary * a) }

    /// |z|^2 without the overflow-safe scaling of `length`.
    @inlinable @inline(__always)
    var normSquared: RealType { real * real + imaginary * imaginary }
}
