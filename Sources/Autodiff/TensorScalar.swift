import CBLAS
import RealModule

/// The element types a `Tensor` can hold: `Float` (speed) and `Double` (accuracy, L-BFGS).
///
/// Elementary functions come from swift-numerics' `Real`; the BLAS entry points are the
/// only per-type code, so every kernel is written once, generically, and specialised for
/// both types with `@_specialize`.
public protocol TensorScalar: Real, BinaryFloatingPoint, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// `C = alpha * op(A) * op(B) + beta * C`, row-major, through cblas_?gemm.
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                     alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// `y = alpha * A x + beta * y` for a symmetric n × n A of which only the upper triangle
    /// (row-major, j >= i) is read, through cblas_?symv.
    static func symv(n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
    /// A short name for messages and file formats ("f32", "f64").
    static var precisionName: String { get }
}

extension Float: TensorScalar {
    @inlinable
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    @inlinable
    public static func symv(n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_ssymv(CblasRowMajor, CblasUpper, Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
    public static var precisionName: String { "f32" }
}

extension Double: TensorScalar {
    @inlinable
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    @inlinable
    public static func symv(n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dsymv(CblasRowMajor, CblasUpper, Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
    public static var precisionName: String { "f64" }
}
