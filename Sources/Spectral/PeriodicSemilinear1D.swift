import ComplexModule
import RealModule

/// A semilinear evolution equation on a periodic interval [a, b),
///
///     u_t = L u + M g(u),
///
/// with L and M Fourier multipliers (L e^{ikx} = l(k) e^{ikx}, likewise m(k)) and g pointwise.
/// Burgers, KdV and Kuramoto-Sivashinsky have M = -d/dx, g = u^2/2; Allen-Cahn has M = 1.
/// A conforming type is data plus its symbols; the solver is this protocol's extension:
/// a Fourier pseudo-spectral discretisation on n points, the nonlinear term dealiased by the
/// 2/3 rule where `dealias` is true, ETDRK4 in time (`ETDRK4`).
public protocol PeriodicSemilinearEquation: Sendable {
    /// The name used in error messages.
    static var name: String { get }
    var lower: Double { get }
    var upper: Double { get }
    /// Number of grid points (= Fourier modes), even.
    var n: Int { get }
    /// The largest time step; output intervals are split into equal steps no longer than this.
    var dt: Double { get }
    var dealias: Bool { get }
    /// The initial condition u(0, x).
    var initial: @Sendable (Double) -> Double { get }
    /// l(k), the symbol of L.
    func linearSymbol(_ k: Double) -> Complex<Double>
    /// m(k), the symbol of M.
    func nonlinearSymbol(_ k: Double) -> Complex<Double>
    /// g(u).
    func pointwise(_ u: Double) -> Double
}

extension PeriodicSemilinearEquation {
    /// The periodic grid x_j = a + j (b - a)/n.
    public var box: SpectralBox {
        // Conforming initialisers validate n and the interval, so this cannot fail.
        try! SpectralBox(lower: [lower], upper: [upper], shape: [n], boundary: .periodic)
    }

    /// The grid points x_j.
    public var gridPoints: [Double] { box.axisPoints(0) }

    /// The solution at each of `times` (non-decreasing, >= 0) as a Fourier series, which
    /// `SpectralSeries.values(at:)` evaluates anywhere and `.derivative(axis:order:)` differentiates.
    public func snapshots(times: [Double]) throws -> [SpectralSeries] {
        try Check.times(times)
        let box = self.box
        let u0 = box.sample { initial($0[0]) }
        // FFTW_ESTIMATE: a measured plan is chosen by timing, so its rounding (and so the reference's
        // last bits) could differ from run to run.
        let fft = try RealFFT<Double>(shape: [n], planning: .estimate)
        let modes = n / 2 + 1
        try Check.finite("\(Self.name) initial data", u0)
        _ = fft.real.update(fromContentsOf: u0)
        fft.forward()
        var v = Array(fft.spectrum)
        v[n / 2] = .zero // the Nyquist mode is not evolved (odd derivatives are not real there)

        let k = box.wavenumbers[0]
        let mask = dealias ? box.twoThirdsMask : [Double](repeating: 1, count: modes)
        var multiplier = (0..<modes).map { nonlinearSymbol(k[$0]) * mask[$0] }
        multiplier[n / 2] = .zero
        var linear = k.map { linearSymbol($0) }
        linear[n / 2] = .zero
        let scheme = ETDRK4(linear: linear)
        let amplitude = u0.reduce(0) { max($0, abs($1)) }
        let bound = 1e4 * Double(n) * max(amplitude, 1)

        var out: [SpectralSeries] = []
        out.reserveCapacity(times.count)
        let scale = 1 / Double(n)
        try scheme.integrate(&v, times: times, maxStep: dt, bound: bound, equation: Self.name,
                             nonlinear: { v, result in
            for i in 0..<modes { fft.spectrum[i] = v[i] }
            fft.inverse()
            for j in 0..<n { fft.real[j] = pointwise(fft.real[j]) }
            fft.forward()
            multiplier.withUnsafeBufferPointer { m in
                for i in 0..<modes { result[i] = m[i] * fft.spectrum[i] }
            }
        }, record: { _, v in
            out.append(SpectralSeries(box: box, coefficients: v.map { $0 * scale }))
        })
        return out
    }

    /// u(t, x) for every requested time (rows) and point (columns), interpolating spectrally
    /// in space where a point is not a grid point. Points outside [a, b) are taken periodically.
    public func solve(times: [Double], points: [Double]) throws -> [[Double]] {
        let xs = points.map { [$0] }
        return try snapshots(times: times).map { $0.values(at: xs) }
    }

    /// The uniform-grid convenience: u at `timeCount` equally spaced times on [0, finalTime]
    /// (both included) and on the solver's own grid `gridPoints`.
    public func solveOnGrid(finalTime: Double, timeCount: Int) throws -> (t: [Double], x: [Double], u: [[Double]]) {
        try Check.nonNegative("finalTime", finalTime)
        try Check.gridSize("timeCount", timeCount, minimum: 2)
        let t = (0..<timeCount).map { finalTime * Double($0) / Double(timeCount - 1) }
        return (t, gridPoints, try snapshots(times: t).map { $0.gridValues() })
    }
}

/// Checks shared by the 1-D equations' initialisers.
func checkPeriodic1D(lower: Double, upper: Double, n: Int, dt: Double) throws {
    try Check.interval("interval", lower, upper)
    try Check.gridSize("n", n, minimum: 4, even: true)
    try Check.positive("dt", dt)
}
