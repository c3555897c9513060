import ComplexModule
import RealModule

/// The Poisson equation on a box in 1, 2 or 3 dimensions,
///
///     -Laplacian u = f,
///
/// periodic (then f must have zero mean, and u is the zero-mean solution) or with homogeneous
/// Dirichlet conditions u = 0 on the boundary (DST-I). Mode by mode, u_hat_m = f_hat_m / |k_m|^2,
/// exact for the trigonometric / sine interpolant of f; the error is that of interpolating f,
/// which falls exponentially with n for analytic data.
public struct PoissonSpectral: Sendable {
    public let box: SpectralBox
    /// The largest |mean f| / max |f| accepted on a periodic box.
    public let meanTolerance: Double

    public init(box: SpectralBox, meanTolerance: Double = 1e-8) {
        self.box = box
        self.meanTolerance = meanTolerance
    }

    /// The solution as a spectral series; `source` is f on `box.gridPoints`.
    /// Throws if f is not finite, or (periodic) if its mean is not zero: the periodic problem
    /// has no solution then.
    public func series(source: [Double]) throws -> SpectralSeries {
        let f = try box.series(of: source, what: "Poisson source f")
        let lambda = box.laplacianEigenvalues
        if box.boundary == .periodic {
            let mean = f.coefficients[0].real
            let scale = source.reduce(0) { max($0, abs($1)) }
            guard abs(mean) <= meanTolerance * max(scale, Double.leastNormalMagnitude) else {
                throw SpectralError.invalidParameter(
                    name: "mean of the periodic Poisson source f", value: "\(mean)",
                    expected: "0 (the integral of Laplacian u over the torus vanishes); subtract the mean from f")
            }
        }
        return f.scaled(by: lambda.map { $0 == 0 ? 0 : 1 / $0 })
    }

    /// u at each point (`box.dimension` coordinates each).
    public func solve(source: [Double], points: [[Double]]) throws -> [Double] {
        try series(source: source).values(at: points)
    }

    /// As `solve(source:points:)` with f given as a function, sampled on the grid.
    public func solve(source: ([Double]) -> Double, points: [[Double]]) throws -> [Double] {
        try solve(source: box.sample(source), points: points)
    }

    /// The uniform-grid convenience: u on `box.gridPoints`.
    public func solveOnGrid(source: ([Double]) -> Double) throws -> [Double] {
        try series(source: box.sample(source)).gridValues()
    }
}
