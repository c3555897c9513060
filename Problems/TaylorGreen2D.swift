import Foundation
import PINN

/// The decaying Taylor-Green vortex: unsteady incompressible Navier-Stokes on the periodic
/// square (G. I. Taylor & A. E. Green 1937, Proc. R. Soc. A 158, 499; in PINN form e.g. Jin,
/// Cai, Li & Karniadakis 2021, NSFnets, J. Comput. Phys. 426, 109951):
///
///     u_t + u u_x + v u_y + p_x - nu (u_xx + u_yy) = 0,
///     v_t + u v_x + v v_y + p_y - nu (v_xx + v_yy) = 0,     u_x + v_y = 0,
///
/// on [0, 2 pi]^2 (periodic) x [0, 1], nu = 0.01, with the exact solution
///
///     u = -cos x sin y e^{-2 nu t},   v = sin x cos y e^{-2 nu t},
///     p = -(cos 2x + cos 2y) / 4 e^{-4 nu t}.
///
/// Three outputs (u, v, p), three residual equations. Periodicity is exact: the network sees
/// sin and cos of k x and k y, k = 1, 2, and slow features of t (`Settings.fourierMatrix`). The
/// initial velocity is a condition on outputs 0 and 1; the pressure, fixed by the equations only
/// up to a function of time, by a gauge along the line (0, 0, t), p(0, 0, t) = -e^{-4 nu t} / 2.
/// Reference: the exact solution on an 11 x 41 x 41 (t, x, y) grid.
public struct TaylorGreen2D: ProblemDefinition {
    public static let nu = 0.01
    public static let finalTime = 1.0
    public init() {}
    public var name: String { "taylor-green-2d" }
    public var summary: String { "unsteady Navier-Stokes, decaying Taylor-Green vortex, nu = 0.01, periodic [0, 2 pi]^2, t in [0, 1]; outputs (u, v, p)" }
    public var dimensionLabel: String { "2+1" }

    /// The exact solution at points `[n, 3]` (x, y, t), as `[n, 3]` (u, v, p), for viscosity `nu`.
    public static func exact<T: TensorScalar>(_ p: Tensor<T>, nu: Double = TaylorGreen2D.nu) -> Tensor<T> {
        let x = p.column(0), y = p.column(1)
        let decay = (p.column(2) * T(-2 * nu)).exp()
        let u = -(x.cos() * y.sin() * decay), v = x.sin() * y.cos() * decay
        let pressure = ((x * 2).cos() + (y * 2).cos()) * decay * decay * -0.25
        return u.scatteringColumns([0], width: 3) + v.scatteringColumns([1], width: 3) + pressure.scatteringColumns([2], width: 3)
    }

    /// The periodic embedding: sin, cos of k x and k y for k = 1, 2 (x = pi (x' + 1) on the
    /// scaled input), and slow features of t.
    public static let periodicEmbedding = Problems.periodicEmbedding(inputs: 3, periodic: [0, 1], harmonics: 2, time: 2)

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 2, problem: name)
        let L = 2 * Double.pi, T = TaylorGreen2D.finalTime
        let domain = SpaceTimeDomain(space: try Box(lower: [0, 0], upper: [L, L]), time: try TimeDomain(0, T))
        let nu = S(TaylorGreen2D.nu)
        // Adam 500, then self-scaled BFGS (dense, 3,747 parameters) on 2,000 points re-drawn every
        // 500 steps: u 8.5e-6, v 9.7e-6, p 9.3e-5 after 6,000 steps; u 3.3e-5, v 3.1e-5, p 2.6e-4
        // after 3,000 (Docs/problems-flows.md).
        var settings = Flows.settings(ssbfgsSteps: 5500)
        settings.fourierMatrix = TaylorGreen2D.periodicEmbedding
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u_t + u u_x + v u_y + p_x - nu (u_xx + u_yy) = 0, v_t + u v_x + v v_y + p_y - nu (v_xx + v_yy) = 0,
            u_x + v_y = 0 on [0, 2 pi]^2 periodic, t in [0, 1], nu = 0.01 (Taylor & Green 1937).
            Exact solution u = -cos x sin y e^(-2 nu t), v = sin x cos y e^(-2 nu t),
            p = -(cos 2x + cos 2y)/4 e^(-4 nu t). Periodicity exact: the network sees sin, cos of
            k x and k y, k = 1, 2. Initial velocity (u, v) exact at t = 0; pressure gauge
            p(0, 0, t) = -e^(-4 nu t)/2 along the line x = y = 0.
            Reference: the exact solution on an 11 x 41 x 41 (t, x, y) grid; errors per output.
            """,
            inputNames: ["x", "y", "t"], timeIndex: 2, outputNames: ["u", "v", "p"], domain: domain,
            residual: { f in
                let u = f.value(0), v = f.value(1)
                let ux = f.d(0, 0), uy = f.d(1, 0), vx = f.d(0, 1), vy = f.d(1, 1), px = f.d(0, 2), py = f.d(1, 2)
                return [ux + vy,
                        f.dt(0) + u * ux + v * uy + px - f.laplacian(nil, 0) * nu,
                        f.dt(1) + u * vx + v * vy + py - f.laplacian(nil, 1) * nu]
            },
            residualNames: ["continuity", "momentum_x", "momentum_y"],
            conditions: [
                .initial(domain, batch: 500, name: "initial_velocity", outputs: [0, 1]) { p in
                    TaylorGreen2D.exact(p).gatheringColumns([0, 1])
                },
                .prescribed(outputs: [2], batch: 100, name: "pressure_gauge", at: { n, rng in
                    let t: Tensor<S> = try domain.time.sampleInterior(n, using: &rng)
                    return t.scatteringColumns([2], width: 3)   // (0, 0, t)
                }) { p in TaylorGreen2D.exact(p).column(2) },
            ],
            reference: Reference(summary: "exact solution (u, v, p) on an 11 x 41 x 41 (t, x, y) grid", solution: {
                try self.gridReference(on: .uniform(inputNames: ["x", "y", "t"], inputs: [2, 0, 1], lower: [0, 0, 0],
                                                    upper: [L, L, T], counts: [11, 41, 41]), options: options)
            }),
            defaults: settings,
            expectedError: "relative L2 3.2e-5 over (u, v, p); u 8.5e-6, v 9.7e-6, p 9.3e-5 (targets u, v, p <= 1e-4; Docs/problems-flows.md)")
    }
}

/// taylor-green-2d's exact solution on any (t, x, y) grid, for `pinn-solve reference`.
extension TaylorGreen2D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid, source: "exact solution (Taylor & Green 1937)") { p in TaylorGreen2D.exact(p) }
    }
}
