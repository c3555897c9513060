import ComplexModule
import RealModule

/// A box [a_0, b_0] x ... x [a_{d-1}, b_{d-1}] (d = 1, 2, 3) with the grid a spectral solver uses.
///
/// - `.periodic`: n_a points x_j = a + j L/n per axis (the point b is the image of a);
///   functions are Fourier series in exp(i k (x - a)), k = 2 pi m / L, |m| <= n/2.
/// - `.dirichlet`: the n_a interior points x_j = a + (j+1) L/(n+1); functions vanish on the
///   boundary and are sine series in sin(pi m (x - a)/L), m = 1 ... n (DST-I).
///
/// Grid values are stored row-major (the last axis fastest), shape `shape`.
public struct SpectralBox: Sendable, Equatable {
    public enum Boundary: Sendable, Equatable { case periodic, dirichlet }

    public let lower: [Double]
    public let upper: [Double]
    public let shape: [Int]
    public let boundary: Boundary

    /// Throws if the dimension is not 1-3, a bound is not finite or not increasing, or an
    /// extent is below 2 (periodic) or 1 (Dirichlet).
    public init(lower: [Double], upper: [Double], shape: [Int], boundary: Boundary = .periodic) throws {
        guard (1...3).contains(shape.count), lower.count == shape.count, upper.count == shape.count else {
            throw SpectralError.invalidParameter(
                name: "box dimension", value: "lower \(lower.count), upper \(upper.count), shape \(shape.count)",
                expected: "1, 2 or 3 bounds and extents, the same number of each")
        }
        for a in shape.indices {
            try Check.interval("box axis \(a)", lower[a], upper[a])
            try Check.gridSize("grid size n[\(a)]", shape[a], minimum: boundary == .periodic ? 2 : 1)
        }
        self.lower = lower
        self.upper = upper
        self.shape = shape
        self.boundary = boundary
    }

    public var dimension: Int { shape.count }
    public var count: Int { shape.reduce(1, *) }
    public func length(_ axis: Int) -> Double { upper[axis] - lower[axis] }

    /// The coordinate of grid index `j` along `axis`.
    public func coordinate(_ axis: Int, _ j: Int) -> Double {
        switch boundary {
        case .periodic: return lower[axis] + Double(j) * length(axis) / Double(shape[axis])
        case .dirichlet: return lower[axis] + Double(j + 1) * length(axis) / Double(shape[axis] + 1)
        }
    }

    /// The coordinates of one axis.
    public func axisPoints(_ axis: Int) -> [Double] { (0..<shape[axis]).map { coordinate(axis, $0) } }

    /// All grid points, row-major: `count` points of `dimension` coordinates.
    public var gridPoints: [[Double]] {
        var points: [[Double]] = []
        points.reserveCapacity(count)
        forEachIndex { index in points.append(index.indices.map { coordinate($0, index[$0]) }) }
        return points
    }

    /// f sampled on the grid (row-major).
    public func sample(_ f: ([Double]) -> Double) -> [Double] { gridPoints.map(f) }

    /// Calls `body` with every grid multi-index in row-major order.
    func forEachIndex(_ body: ([Int]) -> Void) { Self.forEach(shape, body) }

    /// Calls `body` with every multi-index of `shape` in row-major order.
    static func forEach(_ shape: [Int], _ body: ([Int]) -> Void) {
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<shape.reduce(1, *) {
            body(index)
            var a = shape.count - 1
            while a >= 0 {
                index[a] += 1
                if index[a] < shape[a] { break }
                index[a] = 0
                a -= 1
            }
        }
    }

    /// The shape of the coefficient array: the half spectrum (last extent n/2 + 1) for a
    /// periodic box, the grid shape for a Dirichlet box.
    public var coefficientShape: [Int] {
        guard boundary == .periodic else { return shape }
        var s = shape
        s[s.count - 1] = shape[s.count - 1] / 2 + 1
        return s
    }

    /// The wavenumbers of coefficient index `i` along `axis`: 2 pi m / L with m the signed
    /// index (periodic; the last axis holds m = 0 ... n/2), or pi (i + 1) / L (Dirichlet).
    public func wavenumber(_ axis: Int, _ i: Int) -> Double {
        switch boundary {
        case .periodic: return 2 * Double.pi * Double(signedIndex(axis, i)) / length(axis)
        case .dirichlet: return Double.pi * Double(i + 1) / length(axis)
        }
    }

    /// The signed Fourier index m of coefficient index i along `axis` (periodic).
    func signedIndex(_ axis: Int, _ i: Int) -> Int {
        axis == dimension - 1 || i <= shape[axis] / 2 ? i : i - shape[axis]
    }

    /// True where index i along `axis` is the Nyquist mode m = n/2 (n even).
    func isNyquist(_ axis: Int, _ i: Int) -> Bool {
        boundary == .periodic && shape[axis] % 2 == 0 && i == shape[axis] / 2
    }

    /// The per-axis wavenumber tables, one array per axis over the coefficient shape.
    public var wavenumbers: [[Double]] {
        (0..<dimension).map { a in (0..<coefficientShape[a]).map { wavenumber(a, $0) } }
    }

    /// |k|^2 for every coefficient (row-major over `coefficientShape`): the eigenvalues of -Laplacian.
    public var laplacianEigenvalues: [Double] {
        let k = wavenumbers
        var out: [Double] = []
        out.reserveCapacity(coefficientShape.reduce(1, *))
        forEachCoefficient { index in
            out.append(index.indices.reduce(0) { $0 + k[$1][index[$1]] * k[$1][index[$1]] })
        }
        return out
    }

    /// 1 for coefficients kept by the 2/3 rule (|m_a| <= n_a/3 on every axis), 0 otherwise
    /// (Orszag 1971, J. Atmos. Sci. 28, 1074). Periodic boxes only.
    public var twoThirdsMask: [Double] {
        precondition(boundary == .periodic, "twoThirdsMask: the 2/3 rule applies to periodic boxes only")
        var out: [Double] = []
        forEachCoefficient { index in
            let kept = index.indices.allSatisfy { a in 3 * abs(signedIndex(a, index[a])) <= shape[a] }
            out.append(kept ? 1 : 0)
        }
        return out
    }

    /// Calls `body` with every coefficient multi-index in row-major order.
    func forEachCoefficient(_ body: ([Int]) -> Void) { Self.forEach(coefficientShape, body) }

    /// The spectral coefficients of grid values (shape `shape`, row-major): a forward FFT or DST-I.
    /// Throws if a value is not finite.
    public func series(of values: [Double], what: String = "grid data") throws -> SpectralSeries {
        precondition(values.count == count, "SpectralBox.series: \(values.count) values for grid shape \(shape)")
        try Check.finite(what, values)
        switch boundary {
        case .periodic:
            let fft = try RealFFT<Double>(shape: shape, planning: .estimate)
            _ = fft.real.update(fromContentsOf: values)
            fft.forward()
            let scale = 1 / Double(count)
            return SpectralSeries(box: self, coefficients: fft.spectrum.map { $0 * scale })
        case .dirichlet:
            let dst = try RealToRealTransform<Double>(kind: .dstI, shape: shape, planning: .estimate)
            _ = dst.data.update(fromContentsOf: values)
            dst.forward()
            let scale = 1 / Double(shape.map { $0 + 1 }.reduce(1, *))
            return SpectralSeries(box: self, coefficients: dst.data.map { Complex($0 * scale, 0) })
        }
    }
}
