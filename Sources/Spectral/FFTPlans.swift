import CFFTW
import ComplexModule

/// Memory FFTW can run SIMD code on: 64-byte aligned, uninitialised-then-zeroed.
@usableFromInline
func alignedBuffer<T>(_ count: Int, of _: T.Type) -> UnsafeMutableBufferPointer<T> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1) * MemoryLayout<T>.stride)
    return UnsafeMutableBufferPointer(start: raw.assumingMemoryBound(to: T.self), count: count)
}

func validateShape(_ shape: [Int], _ what: String) {
    precondition((1...3).contains(shape.count) && shape.allSatisfy { $0 >= 1 },
                 "\(what): shape \(shape) must have 1 to 3 positive extents")
}

/// A real-to-complex FFT and its inverse on a 1-, 2- or 3-D row-major grid, planned once.
///
/// For a real array x of shape n = (n_0, ..., n_{d-1}) the forward transform is
/// X_k = sum_j x_j exp(-2 pi i j.k / n), kept for k_{d-1} = 0 ... n_{d-1}/2 (the other half
/// is the complex conjugate): `spectrum` has shape (n_0, ..., n_{d-1}/2 + 1).
/// `inverse()` maps it back and divides by N = prod n, so `forward` then `inverse` is the
/// identity. The plan owns its two aligned buffers: write `real` (or `spectrum`), execute,
/// read the other. `inverse()` overwrites `spectrum` (FFTW's c2r destroys its input).
/// `Complex<S>` is laid out as C's complex, which is FFTW's `fftw_complex`.
public final class RealFFT<S: FFTWScalar> {
    public let shape: [Int]
    /// Shape of the half spectrum: the last extent becomes n/2 + 1.
    public let spectrumShape: [Int]
    public let real: UnsafeMutableBufferPointer<S>
    public let spectrum: UnsafeMutableBufferPointer<Complex<S>>
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    public init(shape: [Int], planning: FFTPlanning = .measure) throws {
        validateShape(shape, "RealFFT")
        self.shape = shape
        var half = shape
        half[half.count - 1] = shape[shape.count - 1] / 2 + 1
        spectrumShape = half
        real = alignedBuffer(shape.reduce(1, *), of: S.self)
        spectrum = alignedBuffer(half.reduce(1, *), of: Complex<S>.self)
        let dims = shape.map { Int32($0) }
        let (r, c) = (real.baseAddress!, UnsafeMutableRawPointer(spectrum.baseAddress!))
        forwardPlan = try makePlan("r2c \(shape)") { S.fftwPlanR2C(dims, r, c, planning.flags) }
        inversePlan = try makePlan("c2r \(shape)") { S.fftwPlanC2R(dims, c, r, planning.flags) }
    }

    deinit {
        destroyPlan(forwardPlan, S.self)
        destroyPlan(inversePlan, S.self)
        UnsafeMutableRawPointer(real.baseAddress!).deallocate()
        UnsafeMutableRawPointer(spectrum.baseAddress!).deallocate()
    }

    /// `spectrum` = FFT(`real`); `real` is kept.
    public func forward() { S.fftwExecute(forwardPlan) }

    /// `real` = inverse FFT(`spectrum`) / N; `spectrum` is overwritten.
    public func inverse() {
        S.fftwExecute(inversePlan)
        let scale = 1 / S(real.count)
        for i in real.indices { real[i] *= scale }
    }
}

/// A complex-to-complex FFT on a 1-, 2- or 3-D grid, planned once, in place on `data`.
///
/// forward: X_k = sum_j x_j exp(-2 pi i j.k / n); `inverse()` uses exp(+...) and divides by N.
public final class ComplexFFT<S: FFTWScalar> {
    public let shape: [Int]
    public let data: UnsafeMutableBufferPointer<Complex<S>>
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    public init(shape: [Int], planning: FFTPlanning = .measure) throws {
        validateShape(shape, "ComplexFFT")
        self.shape = shape
        data = alignedBuffer(shape.reduce(1, *), of: Complex<S>.self)
        let dims = shape.map { Int32($0) }
        let p = UnsafeMutableRawPointer(data.baseAddress!)
        forwardPlan = try makePlan("c2c forward \(shape)") { S.fftwPlanC2C(dims, p, p, FFTW_FORWARD, planning.flags) }
        inversePlan = try makePlan("c2c backward \(shape)") { S.fftwPlanC2C(dims, p, p, FFTW_BACKWARD, planning.flags) }
    }

    deinit {
        destroyPlan(forwardPlan, S.self)
        destroyPlan(inversePlan, S.self)
        UnsafeMutableRawPointer(data.baseAddress!).deallocate()
    }

    public func forward() { S.fftwExecute(forwardPlan) }

    public func inverse() {
        S.fftwExecute(inversePlan)
        let scale = 1 / S(data.count)
        for i in data.indices { data[i] = Complex(data[i].real * scale, data[i].imaginary * scale) }
    }
}

/// The real-to-real transforms of FFTW that the bounded-domain solvers use.
public enum RealToRealKind: Sendable {
    /// DST-I (`FFTW_RODFT00`): Y_k = 2 sum_{j=0}^{n-1} X_j sin(pi (j+1)(k+1) / (n+1)), for
    /// homogeneous Dirichlet data on the n interior points x_j = a + (j+1) L/(n+1).
    /// Its own inverse up to the factor 2(n+1).
    case dstI
    /// DCT-I (`FFTW_REDFT00`): Y_k = X_0 + (-1)^k X_{n-1} + 2 sum_{j=1}^{n-2} X_j cos(pi j k/(n-1)),
    /// for homogeneous Neumann data on the n points x_j = a + j L/(n-1) (ends included).
    /// Its own inverse up to the factor 2(n-1); needs n >= 2.
    case dctI

    var fftwKind: fftw_r2r_kind { self == .dstI ? FFTW_RODFT00 : FFTW_REDFT00 }

    /// The factor 2(n+1) or 2(n-1) that the transform applied twice multiplies by, per axis.
    func logicalSize(_ n: Int) -> Int { self == .dstI ? 2 * (n + 1) : 2 * (n - 1) }
}

/// A DST-I or DCT-I on a 1-, 2- or 3-D grid (the same kind on every axis), in place on `data`.
///
/// `forward()` applies the unnormalised FFTW transform; `inverse()` applies it again and
/// divides by prod_a 2(n_a + 1) (DST-I) or prod_a 2(n_a - 1) (DCT-I), so the pair is the identity.
public final class RealToRealTransform<S: FFTWScalar> {
    public let shape: [Int]
    public let kind: RealToRealKind
    public let data: UnsafeMutableBufferPointer<S>
    private let plan: OpaquePointer
    private let normalisation: S

    public init(kind: RealToRealKind, shape: [Int], planning: FFTPlanning = .measure) throws {
        validateShape(shape, "RealToRealTransform")
        precondition(kind == .dstI || shape.allSatisfy { $0 >= 2 }, "RealToRealTransform: DCT-I needs extents >= 2, got \(shape)")
        self.shape = shape
        self.kind = kind
        data = alignedBuffer(shape.reduce(1, *), of: S.self)
        normalisation = 1 / S(shape.map { kind.logicalSize($0) }.reduce(1, *))
        let dims = shape.map { Int32($0) }
        let kinds = Array(repeating: kind.fftwKind, count: shape.count)
        let p = data.baseAddress!
        plan = try makePlan("r2r \(kind) \(shape)") { S.fftwPlanR2R(dims, p, p, kinds, planning.flags) }
    }

    deinit {
        destroyPlan(plan, S.self)
        UnsafeMutableRawPointer(data.baseAddress!).deallocate()
    }

    public func forward() { S.fftwExecute(plan) }

    public func inverse() {
        S.fftwExecute(plan)
        for i in data.indices { data[i] *= normalisation }
    }
}
