import ComplexModule
import RealModule

/// The focusing cubic nonlinear Schroedinger equation on a periodic interval,
///
///     i h_t + alpha h_xx + kappa |h|^2 h = 0,        x in [a, b) periodic, h complex.
///
/// Written as h_t = L h + N(h) with L = i alpha d^2/dx^2 (symbol -i alpha k^2, purely imaginary)
/// and N(h) = i kappa |h|^2 h, it is stepped by ETDRK4 with the full-circle contour (the
/// half-circle shortcut is valid only for real L; Kassam & Trefethen 2005, sec. 5). The
/// collocation semi-discretisation (no dealiasing) conserves the discrete mass
/// M = int |h|^2 dx and energy H = int alpha |h_x|^2 - (kappa/2) |h|^4 dx exactly, so their
/// drift measures the time-stepping error alone.
/// Defaults: the PINN benchmark (Raissi et al. 2019) alpha = 1/2, kappa = 1 on [-5, 5],
/// h0 = 2 sech(x), t in [0, pi/2]; max |h| = 3.9988 at t = pi/4.
public struct SchrodingerSpectral: Sendable {
    public let alpha: Double
    public let kappa: Double
    public let box: SpectralBox
    public let dt: Double
    public let initial: @Sendable (Double) -> Complex<Double>

    /// Throws for a non-finite alpha or kappa, n not even or < 4, dt <= 0, or an empty interval.
    public init(alpha: Double = 0.5, kappa: Double = 1, n: Int = 256, dt: Double = 1e-4,
                lower: Double = -5, upper: Double = 5,
                initial: @escaping @Sendable (Double) -> Complex<Double> = { Complex(2 / Double.cosh($0), 0) }) throws {
        for (name, value) in [("alpha", alpha), ("kappa", kappa)] where !value.isFinite {
            throw SpectralError.invalidParameter(name: name, value: "\(value)", expected: "a finite number")
        }
        try checkPeriodic1D(lower: lower, upper: upper, n: n, dt: dt)
        self.alpha = alpha
        self.kappa = kappa
        self.box = try SpectralBox(lower: [lower], upper: [upper], shape: [n])
        self.dt = dt
        self.initial = initial
    }

    public var n: Int { box.shape[0] }

    /// The signed wavenumbers of the full (complex) spectrum, FFTW order.
    public var wavenumbers: [Double] {
        (0..<n).map { 2 * Double.pi * Double($0 <= n / 2 ? $0 : $0 - n) / box.length(0) }
    }

    /// The normalised spectrum c = FFT(h)/n at each of `times`.
    public func snapshots(times: [Double]) throws -> [[Complex<Double>]] {
        try Check.times(times)
        let h0 = box.axisPoints(0).map(initial)
        try Check.finite("Schroedinger initial data", h0.flatMap { [$0.real, $0.imaginary] })
        let fft = try ComplexFFT<Double>(shape: [n], planning: .estimate)  // reproducible: see PeriodicSemilinear1D
        _ = fft.data.update(fromContentsOf: h0)
        fft.forward()
        var v = Array(fft.data)
        let scheme = ETDRK4(linear: wavenumbers.map { Complex(0, -alpha * $0 * $0) })
        let amplitude = h0.reduce(0) { max($0, $1.length) }
        let (n, kappa) = (self.n, self.kappa)
        var out: [[Complex<Double>]] = []
        try scheme.integrate(&v, times: times, maxStep: dt, bound: 1e4 * Double(n) * max(amplitude, 1),
                             equation: "Schroedinger", nonlinear: { v, result in
            _ = fft.data.update(fromContentsOf: v)
            fft.inverse()
            for j in 0..<n {
                let h = fft.data[j]
                fft.data[j] = h * Complex(0, kappa * h.normSquared)
            }
            fft.forward()
            _ = result.update(fromContentsOf: fft.data)
        }, record: { _, v in out.append(v.map { $0 * (1 / Double(n)) }) })
        return out
    }

    /// h(t, x) for each time (rows) and point (columns), summing the Fourier series
    /// (the Nyquist mode as c cos(k (x - a))) at each point.
    public func solve(times: [Double], points: [Double]) throws -> [[Complex<Double>]] {
        try snapshots(times: times).map { values($0, at: points) }
    }

    /// The uniform-grid convenience: h at each time on the grid x_j = a + j L/n.
    public func solveOnGrid(times: [Double]) throws -> [[Complex<Double>]] {
        try snapshots(times: times).map { gridValues($0) }
    }

    /// The trigonometric interpolant with coefficients c at each point: its real and imaginary
    /// parts summed as real series (`series(_:)`, `SpectralSeries.values(at:)`).
    public func values(_ c: [Complex<Double>], at points: [Double]) -> [Complex<Double>] {
        let (re, im) = series(c), xs = points.map { [$0] }
        return zip(re.values(at: xs), im.values(at: xs)).map { Complex($0, $1) }
    }

    /// The real and imaginary parts of the interpolant with full spectrum c (FFTW order) as real
    /// series on the half spectrum: Re h has coefficients (c_m + conj c_{-m})/2 and Im h
    /// (c_m - conj c_{-m})/(2i), m = 0 ... n/2 (the Nyquist mode c_{n/2} cos(k (x - a)) splits
    /// into Re c_{n/2} and Im c_{n/2}).
    public func series(_ c: [Complex<Double>]) -> (real: SpectralSeries, imaginary: SpectralSeries) {
        precondition(c.count == n, "SchrodingerSpectral.series: \(c.count) coefficients for n = \(n)")
        let pairs = (0...(n / 2)).map { m in (c[m], c[(n - m) % n].conjugate) }
        return (SpectralSeries(box: box, coefficients: pairs.map { ($0.0 + $0.1) * 0.5 }),
                SpectralSeries(box: box, coefficients: pairs.map { ($0.0 - $0.1) * Complex(0, -0.5) }))
    }

    /// Grid values of the interpolant with coefficients c (an inverse FFT).
    public func gridValues(_ c: [Complex<Double>]) -> [Complex<Double>] {
        let fft = try! ComplexFFT<Double>(shape: [n], planning: .estimate)
        for m in 0..<n { fft.data[m] = c[m] * Double(n) }
        fft.inverse()
        return Array(fft.data)
    }

    /// The mass int |h|^2 dx of the interpolant (Parseval: L sum |c_m|^2).
    public func mass(_ c: [Complex<Double>]) -> Double {
        box.length(0) * c.reduce(0) { $0 + $1.normSquared }
    }

    /// The energy int alpha |h_x|^2 - (kappa/2) |h|^4 dx that the semi-discrete scheme conserves:
    /// the first term by Parseval, the second by the trapezoid rule on the grid.
    public func energy(_ c: [Complex<Double>]) -> Double {
        let k = wavenumbers
        let length = box.length(0)
        let kinetic = length * (0..<n).reduce(0) { $0 + k[$1] * k[$1] * c[$1].normSquared }
        let quartic = gridValues(c).reduce(0) { $0 + $1.normSquared * $1.normSquared } * length / Double(n)
        return alpha * kinetic - 0.5 * kappa * quartic
    }
}
