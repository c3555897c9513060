import ComplexModule
import RealModule

/// The heat (diffusion) equation on a box in 1, 2 or 3 dimensions,
///
///     u_t = nu Laplacian u,        u(0, x) = u0(x),
///
/// either periodic or with homogeneous Dirichlet conditions (`SpectralBox.Boundary`).
/// Each Fourier (periodic) or sine (Dirichlet, DST-I) mode is an eigenfunction of the
/// Laplacian with eigenvalue -|k|^2, so the semi-discrete solution is exact in time:
/// u_hat_m(t) = u_hat_m(0) exp(-nu |k_m|^2 t). The only errors are those of representing u0
/// on the grid, which fall exponentially with n for analytic (periodic / odd-extendable) data.
/// No time stepping, so any t >= 0 costs one series evaluation.
public struct HeatSpectral: Sendable {
    public let nu: Double
    public let box: SpectralBox

    /// Throws for nu < 0.
    public init(nu: Double, box: SpectralBox) throws {
        try Check.nonNegative("viscosity nu", nu)
        self.nu = nu
        self.box = box
    }

    /// The solution at each of `times` as a spectral series; `initial` is u0 on `box.gridPoints`.
    public func snapshots(initial: [Double], times: [Double]) throws -> [SpectralSeries] {
        try Check.times(times)
        let u0 = try box.series(of: initial, what: "heat initial data")
        let lambda = box.laplacianEigenvalues
        return times.map { t in u0.scaled(by: lambda.map { Double.exp(-nu * $0 * t) }) }
    }

    /// u(t, x) for each time (rows) and point (columns, `box.dimension` coordinates each).
    public func solve(initial: [Double], times: [Double], points: [[Double]]) throws -> [[Double]] {
        try snapshots(initial: initial, times: times).map { $0.values(at: points) }
    }

    /// As `solve(initial:times:points:)` with u0 given as a function, sampled on the grid.
    public func solve(initial: ([Double]) -> Double, times: [Double], points: [[Double]]) throws -> [[Double]] {
        try solve(initial: box.sample(initial), times: times, points: points)
    }

    /// u(t, x) for each time (rows) on the tensor-product grid `axes[0] x ... x axes[d-1]`
    /// (columns row-major, `SpectralSeries.values(onGrid:)`); `initial` is sampled on the box's grid.
    public func solve(initial: ([Double]) -> Double, times: [Double], grid axes: [[Double]]) throws -> [[Double]] {
        try snapshots(initial: box.sample(initial), times: times).map { $0.values(onGrid: axes) }
    }

    /// The uniform-grid convenience: u at each time on `box.gridPoints`.
    public func solveOnGrid(initial: ([Double]) -> Double, times: [Double]) throws -> [[Double]] {
        try snapshots(initial: box.sample(initial), times: times).map { $0.gridValues() }
    }
}
