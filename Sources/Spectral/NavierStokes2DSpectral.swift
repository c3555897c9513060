import ComplexModule
import RealModule

/// Two-dimensional incompressible Navier-Stokes in vorticity form on a periodic box (torus),
///
///     omega_t + u . grad omega = nu Laplacian omega + f(x, y),
///     -Laplacian psi = omega,   u = (psi_y, -psi_x),   omega = v_x - u_y,
///
/// with viscosity nu >= 0 and a steady forcing f (zero mean; zero by default).
/// Pseudo-spectral: the advection term is formed on the grid from the spectral u, v,
/// omega_x, omega_y and dealiased by the 2/3 rule (Orszag 1971); time stepping is ETDRK4 with
/// L = -nu |k|^2 exact (Canuto, Hussaini, Quarteroni & Zang, *Spectral Methods*, 2006, ch. 3).
/// Axis 0 is x, axis 1 is y; grid values are row-major [x][y]. The Taylor-Green vortex
/// omega = 2 sin x sin y e^{-2 nu t} on [0, 2 pi]^2 is an exact solution (its advection vanishes).
public struct NavierStokes2DSpectral: Sendable {
    public let nu: Double
    public let box: SpectralBox
    public let dt: Double
    public let forcing: (@Sendable (Double, Double) -> Double)?

    /// Throws for nu < 0, n not even or < 4, dt <= 0, or an empty box.
    public init(nu: Double, n: Int, dt: Double, lower: Double = 0, upper: Double = 2 * Double.pi,
                forcing: (@Sendable (Double, Double) -> Double)? = nil) throws {
        try Check.nonNegative("viscosity nu", nu)
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.nu = nu
        self.box = try SpectralBox(lower: [lower, lower], upper: [upper, upper], shape: [n, n])
        self.dt = dt
        self.forcing = forcing
    }

    /// The vorticity at each of `times` as a spectral series; `initial` is omega(0, x, y).
    public func snapshots(initial: @Sendable (Double, Double) -> Double, times: [Double]) throws -> [SpectralSeries] {
        try Check.times(times)
        let omega0 = box.sample { initial($0[0], $0[1]) }
        let f = forcing.map { f in box.sample { f($0[0], $0[1]) } } ?? []
        let fft = try RealFFT<Double>(shape: box.shape, planning: .estimate)  // reproducible: see PeriodicSemilinear1D
        let advection = Advection(box: box, fft: fft)
        var v = try spectrum(omega0, "Navier-Stokes initial vorticity", fft)
        let fHat = try f.isEmpty ? [] : spectrum(f, "Navier-Stokes forcing", fft)
        let scheme = ETDRK4(linear: box.laplacianEigenvalues.map { Complex(-nu * $0, 0) })
        let size = Double(box.count)
        let amplitude = (omega0 + f.map { $0 * max(times.last ?? 0, 1) }).reduce(0) { max($0, abs($1)) }
        var out: [SpectralSeries] = []
        try scheme.integrate(&v, times: times, maxStep: dt, bound: 1e4 * size * max(amplitude, 1),
                             equation: "Navier-Stokes 2-D", nonlinear: { v, result in
            advection.evaluate(v, into: result)
            if !fHat.isEmpty { for i in result.indices { result[i] = result[i] + fHat[i] } }
        }, record: { _, v in out.append(SpectralSeries(box: box, coefficients: v.map { $0 * (1 / size) })) })
        return out
    }

    /// omega(t, x, y) for each time (rows) and point [x, y] (columns).
    public func solve(initial: @Sendable (Double, Double) -> Double, times: [Double],
                      points: [[Double]]) throws -> [[Double]] {
        try snapshots(initial: initial, times: times).map { $0.values(at: points) }
    }

    /// The uniform-grid convenience: omega at each time on `box.gridPoints`.
    public func solveOnGrid(initial: @Sendable (Double, Double) -> Double, times: [Double]) throws -> [[Double]] {
        try snapshots(initial: initial, times: times).map { $0.gridValues() }
    }

    /// The stream function of a vorticity series: the solution of -Laplacian psi = omega with
    /// zero mean (the mean of omega, which -Laplacian cannot produce, is dropped).
    public func streamFunction(of omega: SpectralSeries) -> SpectralSeries {
        omega.scaled(by: box.laplacianEigenvalues.map { $0 == 0 ? 0 : 1 / $0 })
    }

    /// The velocity (u, v) = (psi_y, -psi_x) of a vorticity series, psi = (-Laplacian)^{-1} omega.
    public func velocity(of omega: SpectralSeries) -> (u: SpectralSeries, v: SpectralSeries) {
        let psi = streamFunction(of: omega)
        let negative = [Double](repeating: -1, count: psi.coefficients.count)
        return (psi.derivative(axis: 1), psi.derivative(axis: 0).scaled(by: negative))
    }

    private func spectrum(_ values: [Double], _ what: String, _ fft: RealFFT<Double>) throws -> [Complex<Double>] {
        try Check.finite(what, values)
        _ = fft.real.update(fromContentsOf: values)
        fft.forward()
        return Array(fft.spectrum)
    }
}

/// The dealiased advection term -FFT(u omega_x + v omega_y) of an (unnormalised) vorticity
/// spectrum, with the wavenumber tables and scratch fields allocated once.
final class Advection {
    let box: SpectralBox
    let fft: RealFFT<Double>
    let kx: [Double], ky: [Double], inverseK2: [Double], mask: [Double]
    let fields: UnsafeMutableBufferPointer<Double> // u, v, omega_x, omega_y, row after row

    init(box: SpectralBox, fft: RealFFT<Double>) {
        self.box = box
        self.fft = fft
        let cshape = box.coefficientShape
        let k = box.wavenumbers
        var kx: [Double] = [], ky: [Double] = []
        box.forEachCoefficient { i in kx.append(k[0][i[0]]); ky.append(k[1][i[1]]) }
        // Nyquist rows/columns are dropped with the 2/3 mask, so odd derivatives are never taken there.
        self.kx = kx
        self.ky = ky
        inverseK2 = box.laplacianEigenvalues.map { $0 == 0 ? 0 : 1 / $0 }
        mask = box.twoThirdsMask
        precondition(kx.count == cshape.reduce(1, *), "Advection: wavenumber table size")
        fields = alignedBuffer(4 * box.count, of: Double.self)
    }

    deinit { UnsafeMutableRawPointer(fields.baseAddress!).deallocate() }

    /// result = -mask * FFT(u omega_x + v omega_y).
    func evaluate(_ w: UnsafeBufferPointer<Complex<Double>>, into result: UnsafeMutableBufferPointer<Complex<Double>>) {
        let m = w.count, n = box.count
        for field in 0..<4 {
            for i in 0..<m {
                let z = w[i] * mask[i]
                // i k z = (-k z.im, k z.re); psi = z / |k|^2.
                switch field {
                case 0: let s = ky[i] * inverseK2[i]; fft.spectrum[i] = Complex(-s * z.imaginary, s * z.real)
                case 1: let s = -kx[i] * inverseK2[i]; fft.spectrum[i] = Complex(-s * z.imaginary, s * z.real)
                case 2: fft.spectrum[i] = Complex(-kx[i] * z.imaginary, kx[i] * z.real)
                default: fft.spectrum[i] = Complex(-ky[i] * z.imaginary, ky[i] * z.real)
                }
            }
            fft.inverse()
            _ = UnsafeMutableBufferPointer(rebasing: fields[(field * n)..<((field + 1) * n)])
                .update(fromContentsOf: fft.real)
        }
        for j in 0..<n {
            fft.real[j] = fields[j] * fields[2 * n + j] + fields[n + j] * fields[3 * n + j]
        }
        fft.forward()
        for i in 0..<m { result[i] = fft.spectrum[i] * -mask[i] }
    }
}
