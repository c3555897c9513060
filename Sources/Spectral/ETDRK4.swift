import ComplexModule
import RealModule

/// Exponential time differencing RK4 for diagonal semilinear systems v' = L v + N(v) (N autonomous).
///
/// `v` holds the spectral coefficients of the solution, L is diagonal (one complex number
/// per mode), N is the nonlinear term evaluated pseudo-spectrally by the caller. One step of
/// size h (Cox & Matthews 2002, J. Comput. Phys. 176, 430, eq. (26)-(29)):
///
///     a = E2 v + Q N(v)                 E = exp(hL), E2 = exp(hL/2)
///     b = E2 v + Q N(a)
///     c = E2 a + Q (2 N(b) - N(v))
///     v+ = E v + f1 N(v) + 2 f2 (N(a) + N(b)) + f3 N(c)
///
/// with, for z = hL, Q = h (e^{z/2} - 1)/z, f1 = h (-4 - z + e^z (4 - 3z + z^2))/z^3,
/// f2 = h (2 + z + e^z (z - 2))/z^3, f3 = h (-4 - 3z - z^2 + e^z (4 - z))/z^3.
/// These suffer cancellation for small |z|, so each is computed as the mean of the same
/// expression over M points on the circle of radius 1 about z (Kassam & Trefethen 2005,
/// SIAM J. Sci. Comput. 26, 1214): the mean-value property of the entire integrands makes
/// this exact up to a trapezoid error that falls like 1/M!. The full circle is used, which
/// is valid for complex L (dispersive and Schroedinger operators), not just real L.
public struct ETDRK4: Sendable {
    /// The diagonal of L, one entry per mode.
    public let linear: [Complex<Double>]
    /// Points on the contour (Kassam-Trefethen use 32 on the upper half circle for real L).
    public let contourPoints: Int

    public init(linear: [Complex<Double>], contourPoints: Int = 64) {
        precondition(contourPoints >= 8, "ETDRK4: contourPoints \(contourPoints) must be >= 8")
        self.linear = linear
        self.contourPoints = contourPoints
    }

    /// The per-mode coefficients of one step of size h.
    public struct Coefficients: Sendable {
        public let step: Double
        public let e, e2, q, f1, f2, f3: [Complex<Double>]
    }

    public func coefficients(step h: Double) -> Coefficients {
        let m = contourPoints
        let roots = (0..<m).map { j in
            Complex<Double>.exp(Complex(0, 2 * Double.pi * (Double(j) + 0.5) / Double(m)))
        }
        let n = linear.count
        var e = [Complex<Double>](), e2 = e, q = e, f1 = e, f2 = e, f3 = e
        e.reserveCapacity(n); e2.reserveCapacity(n); q.reserveCapacity(n)
        f1.reserveCapacity(n); f2.reserveCapacity(n); f3.reserveCapacity(n)
        let four = Complex<Double>(4, 0), two = Complex<Double>(2, 0), three = Complex<Double>(3, 0)
        let one = Complex<Double>(1, 0)
        for l in linear {
            let hl = l * h
            e.append(.exp(hl))
            e2.append(.exp(hl * 0.5))
            var sq = Complex<Double>.zero, s1 = sq, s2 = sq, s3 = sq
            for r in roots {
                let z = hl + r
                let ez = Complex<Double>.exp(z)
                let z2 = z * z
                let z3inv = one / (z2 * z)
                sq = sq + (Complex.exp(z * 0.5) - one) / z
                s1 = s1 + (-four - z + ez * (four - three * z + z2)) * z3inv
                s2 = s2 + (two + z + ez * (z - two)) * z3inv
                s3 = s3 + (-four - three * z - z2 + ez * (four - z)) * z3inv
            }
            let w = h / Double(m)
            q.append(sq * w); f1.append(s1 * w); f2.append(s2 * w); f3.append(s3 * w)
        }
        return Coefficients(step: h, e: e, e2: e2, q: q, f1: f1, f2: f2, f3: f3)
    }

    /// The nonlinear term: reads v (all modes), writes N(v) into the second buffer.
    public typealias Nonlinear = (UnsafeBufferPointer<Complex<Double>>, UnsafeMutableBufferPointer<Complex<Double>>) -> Void

    /// Advances `v` from time `start` through each of `times` (non-decreasing, >= start), calling
    /// `record(i, v)` when times[i] is reached. Each interval between output times is split into
    /// the fewest equal steps no longer than `maxStep`, so every output time is hit exactly;
    /// coefficients are reused while the step size stays the same.
    ///
    /// Throws `SpectralError.unstable` as soon as a coefficient is not finite or exceeds `bound`
    /// in magnitude: the mark of a step size outside the scheme's stability region.
    public func integrate(_ v: inout [Complex<Double>], from start: Double = 0, times: [Double], maxStep: Double,
                          bound: Double, equation: String, nonlinear: Nonlinear,
                          record: (Int, [Complex<Double>]) -> Void) throws {
        precondition(v.count == linear.count, "ETDRK4.integrate: \(v.count) modes for an operator of \(linear.count)")
        try Check.positive("dt", maxStep)
        let n = v.count
        var work = [[Complex<Double>]](repeating: [Complex<Double>](repeating: .zero, count: n), count: 7)
        var cached: Coefficients?
        var t = start
        var stepCount = 0
        let boundSquared = bound * bound
        for (i, target) in times.enumerated() {
            precondition(target >= t - 1e-12 * max(1, abs(t)), "ETDRK4.integrate: time \(target) before \(t)")
            let span = max(0, target - t)
            let steps = span == 0 ? 0 : Int((span / maxStep * (1 - 1e-12)).rounded(.up))
            if steps > 0 {
                let h = span / Double(steps)
                if cached == nil || abs(cached!.step - h) > 1e-13 * h { cached = coefficients(step: h) }
                let c = cached!
                for s in 0..<steps {
                    step(&v, c, &work, nonlinear)
                    stepCount += 1
                    if !withinBound(v, boundSquared) {
                        throw SpectralError.unstable(equation: equation, dt: h,
                                                     time: t + Double(s + 1) * h, step: stepCount)
                    }
                }
            }
            t = target
            record(i, v)
        }
    }

    private func withinBound(_ v: [Complex<Double>], _ boundSquared: Double) -> Bool {
        v.withUnsafeBufferPointer { p in
            var largest = 0.0
            for z in p { largest = max(largest, z.normSquared) }
            return largest <= boundSquared // false for NaN
        }
    }

    /// One Cox-Matthews step; `work` holds seven scratch vectors.
    private func step(_ v: inout [Complex<Double>], _ c: Coefficients, _ work: inout [[Complex<Double>]],
                      _ nonlinear: Nonlinear) {
        let n = v.count
        // work: 0 Nv, 1 a, 2 Na, 3 b, 4 Nb, 5 c, 6 Nc
        var nv = work[0], a = work[1], na = work[2], b = work[3], nb = work[4], cc = work[5], nc = work[6]
        work = []
        defer { work = [nv, a, na, b, nb, cc, nc] }
        v.withUnsafeBufferPointer { v in nv.withUnsafeMutableBufferPointer { nonlinear(v, $0) } }
        for k in 0..<n { a[k] = c.e2[k] * v[k] + c.q[k] * nv[k] }
        a.withUnsafeBufferPointer { a in na.withUnsafeMutableBufferPointer { nonlinear(a, $0) } }
        for k in 0..<n { b[k] = c.e2[k] * v[k] + c.q[k] * na[k] }
        b.withUnsafeBufferPointer { b in nb.withUnsafeMutableBufferPointer { nonlinear(b, $0) } }
        for k in 0..<n { cc[k] = c.e2[k] * a[k] + c.q[k] * (nb[k] * 2 - nv[k]) }
        cc.withUnsafeBufferPointer { cc in nc.withUnsafeMutableBufferPointer { nonlinear(cc, $0) } }
        for k in 0..<n {
            v[k] = c.e[k] * v[k] + c.f1[k] * nv[k] + c.f2[k] * ((na[k] + nb[k]) * 2) + c.f3[k] * nc[k]
        }
    }
}
