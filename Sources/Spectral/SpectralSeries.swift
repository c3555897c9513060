import ComplexModule
import RealModule

/// A function on a `SpectralBox` held by its spectral coefficients, evaluated anywhere in the
/// box by summing the series (spectral interpolation).
///
/// - periodic: `coefficients` are the normalised half spectrum c = FFT(u)/N, shape
///   `box.coefficientShape`, and u(x) = sum_m c_m exp(i k_m . (x - a)) over the full spectrum,
///   with the conjugate half implied and each Nyquist mode taken as c cos(k_{n/2} (x - a))
///   (the real, symmetric trigonometric interpolant; Trefethen, *Spectral Methods in MATLAB*, ch. 3).
/// - dirichlet: `coefficients` hold real b_m (imaginary parts zero), shape `box.shape`, and
///   u(x) = sum_m b_m prod_a sin(pi (m_a + 1)(x_a - a_a) / L_a).
///
/// At grid points the series reproduces the grid values to round-off.
public struct SpectralSeries: Sendable {
    public let box: SpectralBox
    public let coefficients: [Complex<Double>]

    public init(box: SpectralBox, coefficients: [Complex<Double>]) {
        precondition(coefficients.count == box.coefficientShape.reduce(1, *),
                     "SpectralSeries: \(coefficients.count) coefficients for shape \(box.coefficientShape)")
        self.box = box
        self.coefficients = coefficients
    }

    /// The series with every coefficient multiplied by `factors` (row-major, same count).
    public func scaled(by factors: [Double]) -> SpectralSeries {
        precondition(factors.count == coefficients.count,
                     "SpectralSeries.scaled: \(factors.count) factors for \(coefficients.count) coefficients")
        return SpectralSeries(box: box, coefficients: zip(coefficients, factors).map { $0 * $1 })
    }

    /// The partial derivative of order `order` along `axis` (periodic boxes): c_m (i k_m)^order.
    /// For odd orders the Nyquist coefficient is set to zero, as is usual (its derivative is not
    /// representable as a real interpolant).
    public func derivative(axis: Int, order: Int = 1) -> SpectralSeries {
        precondition(box.boundary == .periodic, "SpectralSeries.derivative: periodic boxes only")
        precondition(axis >= 0 && axis < box.dimension && order >= 0,
                     "SpectralSeries.derivative: axis \(axis), order \(order) for a \(box.dimension)-D box")
        let k = box.wavenumbers[axis]
        var out = coefficients
        var i = 0
        box.forEachCoefficient { index in
            let j = index[axis]
            if order % 2 == 1 && box.isNyquist(axis, j) {
                out[i] = .zero
            } else {
                var factor = Complex<Double>(1, 0)
                for _ in 0..<order { factor = factor * Complex(0, k[j]) }
                out[i] = out[i] * factor
            }
            i += 1
        }
        return SpectralSeries(box: box, coefficients: out)
    }

    /// The values on the box's own grid (row-major, shape `box.shape`), by an inverse FFT or DST-I.
    public func gridValues() -> [Double] {
        switch box.boundary {
        case .periodic:
            // Planning with .estimate cannot fail for these sizes; a failure is a broken FFTW.
            let fft = try! RealFFT<Double>(shape: box.shape, planning: .estimate)
            let n = Double(box.count)
            for i in coefficients.indices { fft.spectrum[i] = coefficients[i] * n }
            fft.inverse()
            return Array(fft.real)
        case .dirichlet:
            let dst = try! RealToRealTransform<Double>(kind: .dstI, shape: box.shape, planning: .estimate)
            let scale = 1 / Double(1 << box.dimension)
            for i in coefficients.indices { dst.data[i] = coefficients[i].real * scale }
            dst.forward()
            return Array(dst.data)
        }
    }

    /// The series summed at each point (each point has `box.dimension` coordinates).
    /// Cost: O(number of coefficients) per point.
    public func values(at points: [[Double]]) -> [Double] {
        let d = box.dimension
        let cshape = box.coefficientShape
        // Pad to three axes: a leading axis of extent 1 has the single factor 1.
        let extents = Array(repeating: 1, count: 3 - d) + cshape
        var factors = [[Complex<Double>]](repeating: [Complex(1, 0)], count: 3)
        return points.map { x in
            precondition(x.count == d, "SpectralSeries.values: a point of \(x.count) coordinates in a \(d)-D box")
            for a in 0..<d { factors[3 - d + a] = axisFactors(a, x[a]) }
            return coefficients.withUnsafeBufferPointer { c in
                var total = Complex<Double>.zero
                var offset = 0
                for i0 in 0..<extents[0] {
                    var s1 = Complex<Double>.zero
                    for i1 in 0..<extents[1] {
                        var s2 = Complex<Double>.zero
                        factors[2].withUnsafeBufferPointer { e2 in
                            for i2 in 0..<extents[2] { s2 = s2 + c[offset + i2] * e2[i2] }
                        }
                        offset += extents[2]
                        s1 = s1 + s2 * factors[1][i1]
                    }
                    total = total + s1 * factors[0][i0]
                }
                return total.real
            }
        }
    }

    /// The series summed on the tensor-product grid `axes[0] x ... x axes[d-1]` (one coordinate
    /// list per box axis, any points, periodic ones taken modulo the period): values row-major,
    /// the last axis fastest, as `values(at:)` gives for the same points.
    /// One axis is summed at a time (u = sum_{m0} e0 sum_{m1} e1 sum_{m2} e2 c), so the cost is
    /// O(n_{d-1} C + ...) rather than O(points x C) for C coefficients: for the 101 x 201 x 201
    /// default reference grid of a 64 x 64-mode solution about 3 million complex products per time.
    public func values(onGrid axes: [[Double]]) -> [Double] {
        precondition(axes.count == box.dimension,
                     "SpectralSeries.values(onGrid:): \(axes.count) axes for a \(box.dimension)-D box")
        var shape = box.coefficientShape
        var work = coefficients
        for a in stride(from: box.dimension - 1, through: 0, by: -1) {
            let factors = axes[a].map { axisFactors(a, $0) }
            work = Self.contract(work, shape: shape, axis: a, factors: factors)
            shape[a] = axes[a].count
        }
        return work.map(\.real)
    }

    /// b[o, j, i'] = sum_i a[o, i, i'] f[j][i] over axis `axis` of the row-major array `a` of `shape`.
    private static func contract(_ a: [Complex<Double>], shape: [Int], axis: Int,
                                 factors f: [[Complex<Double>]]) -> [Complex<Double>] {
        let outer = shape[..<axis].reduce(1, *), m = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        let n = f.count
        var b = [Complex<Double>](repeating: .zero, count: outer * n * inner)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                for o in 0..<outer {
                    for j in 0..<n {
                        let out = (o * n + j) * inner
                        f[j].withUnsafeBufferPointer { fj in
                            for i in 0..<m {
                                let w = fj[i], src = (o * m + i) * inner
                                for k in 0..<inner { b[out + k] = b[out + k] + a[src + k] * w }
                            }
                        }
                    }
                }
            }
        }
        return b
    }

    /// The basis functions of one axis at coordinate x, with the half-spectrum weights folded in.
    private func axisFactors(_ axis: Int, _ x: Double) -> [Complex<Double>] {
        let a = box.lower[axis]
        let n = box.coefficientShape[axis]
        let last = axis == box.dimension - 1
        return (0..<n).map { i in
            let theta = box.wavenumber(axis, i) * (x - a)
            switch box.boundary {
            case .dirichlet:
                return Complex(Double.sin(theta), 0)
            case .periodic:
                if box.isNyquist(axis, i) { return Complex(Double.cos(theta), 0) }
                let w: Double = last && i > 0 ? 2 : 1
                return Complex(w * Double.cos(theta), w * Double.sin(theta))
            }
        }
    }
}
