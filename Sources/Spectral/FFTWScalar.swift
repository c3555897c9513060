import CFFTW
import RealModule
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A floating-point type FFTW transforms: `Double` (libfftw3) or `Float` (libfftw3f).
///
/// The requirements are thin wrappers over the `fftw_*` / `fftwf_*` planner and executor
/// functions; plans are `OpaquePointer`s in both precisions. Use the plan types
/// (`RealFFT`, `ComplexFFT`, `RealToRealTransform`) rather than these directly.
public protocol FFTWScalar: BinaryFloatingPoint, Real, Sendable {
    static func fftwPlanR2C(_ dims: [Int32], _ input: UnsafeMutablePointer<Self>,
                            _ output: UnsafeMutableRawPointer, _ flags: UInt32) -> OpaquePointer?
    static func fftwPlanC2R(_ dims: [Int32], _ input: UnsafeMutableRawPointer,
                            _ output: UnsafeMutablePointer<Self>, _ flags: UInt32) -> OpaquePointer?
    static func fftwPlanC2C(_ dims: [Int32], _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer,
                            _ sign: Int32, _ flags: UInt32) -> OpaquePointer?
    static func fftwPlanR2R(_ dims: [Int32], _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>,
                            _ kinds: [fftw_r2r_kind], _ flags: UInt32) -> OpaquePointer?
    static func fftwExecute(_ plan: OpaquePointer)
    static func fftwDestroy(_ plan: OpaquePointer)
    static func fftwExportWisdom() -> String?
    static func fftwImportWisdom(_ text: String) -> Bool
    static func fftwForgetWisdom()
}

extension Double: FFTWScalar {
    public static func fftwPlanR2C(_ dims: [Int32], _ input: UnsafeMutablePointer<Double>,
                                   _ output: UnsafeMutableRawPointer, _ flags: UInt32) -> OpaquePointer? {
        fftw_plan_dft_r2c(Int32(dims.count), dims, input, output.assumingMemoryBound(to: fftw_complex.self), flags)
    }
    public static func fftwPlanC2R(_ dims: [Int32], _ input: UnsafeMutableRawPointer,
                                   _ output: UnsafeMutablePointer<Double>, _ flags: UInt32) -> OpaquePointer? {
        fftw_plan_dft_c2r(Int32(dims.count), dims, input.assumingMemoryBound(to: fftw_complex.self), output, flags)
    }
    public static func fftwPlanC2C(_ dims: [Int32], _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer,
                                   _ sign: Int32, _ flags: UInt32) -> OpaquePointer? {
        fftw_plan_dft(Int32(dims.count), dims, input.assumingMemoryBound(to: fftw_complex.self),
                      output.assumingMemoryBound(to: fftw_complex.self), sign, flags)
    }
    public static func fftwPlanR2R(_ dims: [Int32], _ input: UnsafeMutablePointer<Double>,
                                   _ output: UnsafeMutablePointer<Double>, _ kinds: [fftw_r2r_kind],
                                   _ flags: UInt32) -> OpaquePointer? {
        fftw_plan_r2r(Int32(dims.count), dims, input, output, kinds, flags)
    }
    public static func fftwExecute(_ plan: OpaquePointer) { fftw_execute(plan) }
    public static func fftwDestroy(_ plan: OpaquePointer) { fftw_destroy_plan(plan) }
    public static func fftwExportWisdom() -> String? {
        guard let text = fftw_export_wisdom_to_string() else { return nil }
        defer { free(text) }
        return String(cString: text)
    }
    public static func fftwImportWisdom(_ text: String) -> Bool { fftw_import_wisdom_from_string(text) != 0 }
    public static func fftwForgetWisdom() { fftw_forget_wisdom() }
}

extension Float: FFTWScalar {
    public static func fftwPlanR2C(_ dims: [Int32], _ input: UnsafeMutablePointer<Float>,
                                   _ output: UnsafeMutableRawPointer, _ flags: UInt32) -> OpaquePointer? {
        fftwf_plan_dft_r2c(Int32(dims.count), dims, input, output.assumingMemoryBound(to: fftwf_complex.self), flags)
    }
    public static func fftwPlanC2R(_ dims: [Int32], _ input: UnsafeMutableRawPointer,
                                   _ output: UnsafeMutablePointer<Float>, _ flags: UInt32) -> OpaquePointer? {
        fftwf_plan_dft_c2r(Int32(dims.count), dims, input.assumingMemoryBound(to: fftwf_complex.self), output, flags)
    }
    public static func fftwPlanC2C(_ dims: [Int32], _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer,
                                   _ sign: Int32, _ flags: UInt32) -> OpaquePointer? {
        fftwf_plan_dft(Int32(dims.count), dims, input.assumingMemoryBound(to: fftwf_complex.self),
                       output.assumingMemoryBound(to: fftwf_complex.self), sign, flags)
    }
    public static func fftwPlanR2R(_ dims: [Int32], _ input: UnsafeMutablePointer<Float>,
                                   _ output: UnsafeMutablePointer<Float>, _ kinds: [fftw_r2r_kind],
                                   _ flags: UInt32) -> OpaquePointer? {
        fftwf_plan_r2r(Int32(dims.count), dims, input, output, kinds, flags)
    }
    public static func fftwExecute(_ plan: OpaquePointer) { fftwf_execute(plan) }
    public static func fftwDestroy(_ plan: OpaquePointer) { fftwf_destroy_plan(plan) }
    public static func fftwExportWisdom() -> String? {
        guard let text = fftwf_export_wisdom_to_string() else { return nil }
        defer { free(text) }
        return String(cString: text)
    }
    public static func fftwImportWisdom(_ text: String) -> Bool { fftwf_import_wisdom_from_string(text) != 0 }
    public static func fftwForgetWisdom() { fftwf_forget_wisdom() }
}

/// How hard FFTW's planner looks for a fast algorithm (FFTW manual, "Planner Flags").
public enum FFTPlanning: Sendable {
    /// A heuristic plan, made at once (`FFTW_ESTIMATE`).
    case estimate
    /// Times a few algorithms (`FFTW_MEASURE`); the default for plans reused many times. The
    /// algorithm chosen depends on timings, so results may differ in the last bits from run to
    /// run; the reference solvers use `.estimate` so that their references are reproducible.
    case measure
    /// A wider search (`FFTW_PATIENT`); worth it only for long runs.
    case patient

    var flags: UInt32 {
        switch self {
        case .estimate: return FFTW_ESTIMATE
        case .measure: return FFTW_MEASURE
        case .patient: return FFTW_PATIENT
        }
    }
}

/// FFTW's planner (and plan destruction and wisdom) is not thread-safe; only `fftw_execute`
/// is. Every planner call in this module runs inside this lock.
let fftwPlannerLock = Mutex<Void>(())

/// FFTW wisdom: the planner's accumulated measurements, saved and restored as text so that a
/// later run makes `.measure` plans at once (FFTW manual, "Words of Wisdom").
public enum FFTWisdom {
    /// The current wisdom of precision `S` as FFTW's text format, or nil.
    public static func export<S: FFTWScalar>(_: S.Type = Double.self) -> String? {
        fftwPlannerLock.withLock { _ in S.fftwExportWisdom() }
    }

    /// Adds wisdom from `text`; returns false if FFTW rejects it.
    @discardableResult
    public static func `import`<S: FFTWScalar>(_ text: String, as _: S.Type = Double.self) -> Bool {
        fftwPlannerLock.withLock { _ in S.fftwImportWisdom(text) }
    }

    /// Forgets all wisdom of precision `S` (existing plans stay valid).
    public static func forget<S: FFTWScalar>(_: S.Type = Double.self) {
        fftwPlannerLock.withLock { _ in S.fftwForgetWisdom() }
    }
}

/// Makes a plan under the planner lock, or throws naming what failed.
func makePlan(_ what: @autoclosure () -> String, _ body: () -> OpaquePointer?) throws -> OpaquePointer {
    guard let plan = fftwPlannerLock.withLock({ _ in body() }) else { throw SpectralError.planFailed(what()) }
    return plan
}

/// Destroys a plan under the planner lock.
func destroyPlan<S: FFTWScalar>(_ plan: OpaquePointer, _: S.Type) {
    fftwPlannerLock.withLock { _ in S.fftwDestroy(plan) }
}
