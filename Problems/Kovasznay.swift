import Foundation
import PINN

/// Kovasznay flow: steady incompressible Navier-Stokes behind a grid (L. I. G. Kovasznay 1948,
/// "Laminar flow behind a two-dimensional grid", Proc. Cambridge Phil. Soc. 44, 58), a
/// benchmark of NSFnets (Jin, Cai, Li & Karniadakis 2021, J. Comput. Phys. 426, 109951):
///
///     u u_x + v u_y + p_x - (u_xx + u_yy) / Re = 0,
///     u v_x + v v_y + p_y - (v_xx + v_yy) / Re = 0,     u_x + v_y = 0,
///
/// on [-0.5, 1] x [-0.5, 1.5] with Re = 40, whose exact solution is
///
///     u = 1 - e^{lambda x} cos 2 pi y,   v = lambda / (2 pi) e^{lambda x} sin 2 pi y,
///     p = (1 - e^{2 lambda x}) / 2,      lambda = Re/2 - sqrt(Re^2/4 + 4 pi^2).
///
/// Three outputs (u, v, p) and three residual equations (continuity, momentum x, momentum y).
/// The velocity is prescribed on the whole boundary (a Dirichlet condition on outputs 0 and 1);
/// the pressure, fixed by the equations only up to a constant, by a gauge at the centre, p(0.25, 0.5).
/// Reference: the exact solution on a 101 x 101 (x, y) grid.
public struct Kovasznay: ProblemDefinition {
    public static let reynolds = 40.0
    public static let lower = [-0.5, -0.5], upper = [1.0, 1.5]
    /// lambda = Re/2 - sqrt(Re^2/4 + 4 pi^2) = -0.9637 at Re = 40.
    public static func lambda(reynolds: Double = Kovasznay.reynolds) -> Double {
        reynolds / 2 - (reynolds * reynolds / 4 + 4 * Double.pi * Double.pi).squareRoot()
    }
    /// Where the pressure gauge sits.
    public static let gaugePoint = [0.25, 0.5]

    public init() {}
    public var name: String { "kovasznay" }
    public var summary: String { "steady Navier-Stokes, Re = 40, Kovasznay flow on [-0.5, 1] x [-0.5, 1.5]; outputs (u, v, p)" }
    public var dimensionLabel: String { "2" }

    /// The exact solution at points `[n, 2]` (x, y), as `[n, 3]` (u, v, p), at Reynolds number `reynolds`.
    public static func exact<T: TensorScalar>(_ p: Tensor<T>, reynolds: Double = Kovasznay.reynolds) -> Tensor<T> {
        let l = T(lambda(reynolds: reynolds)), k = T(2 * Double.pi)
        let x = p.column(0), y = p.column(1)
        let e = (x * l).exp()
        let u = 1 - e * (y * k).cos(), v = e * (y * k).sin() * (l / k), pressure = (1 - (x * (2 * l)).exp()) * 0.5
        return u.scatteringColumns([0], width: 3) + v.scatteringColumns([1], width: 3) + pressure.scatteringColumns([2], width: 3)
    }

    /// The exact pressure at the gauge point.
    public static var gaugeValue: Double { (1 - Foundation.exp(2 * lambda() * gaugePoint[0])) / 2 }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        try options.require(dimension: 2, problem: name)
        let box = try Box(lower: Kovasznay.lower, upper: Kovasznay.upper)
        let nu = S(1 / Kovasznay.reynolds)
        // Adam 500 to leave the initial basin, then self-scaled BFGS (dense inverse Hessian of the
        // 3,363 parameters) on 2,000 points re-drawn every 500 steps, the matrix kept across
        // draws: u 1.1e-6, v 6.5e-6, p 3.5e-6 after 8,000 steps; v, the smallest output, was still
        // 4.0e-5 after 5,000 (Docs/problems-flows.md). With the gauge at the corner (-0.5, -0.5)
        // instead of the centre, p was 9.5e-4 after 3,000 steps, nearly all a constant offset.
        let settings = Flows.settings(ssbfgsSteps: 7500)
        return Problem<S>(
            name: name, summary: summary,
            details: """
            u u_x + v u_y + p_x - (u_xx + u_yy)/Re = 0, u v_x + v v_y + p_y - (v_xx + v_yy)/Re = 0,
            u_x + v_y = 0 on [-0.5, 1] x [-0.5, 1.5], Re = 40 (Kovasznay 1948; NSFnets, Jin et al. 2021).
            Exact solution u = 1 - e^(lambda x) cos(2 pi y), v = lambda/(2 pi) e^(lambda x) sin(2 pi y),
            p = (1 - e^(2 lambda x))/2, lambda = Re/2 - sqrt(Re^2/4 + 4 pi^2) = \(String(format: "%.6f", Kovasznay.lambda())).
            Velocity (u, v) exact on the whole boundary; pressure gauge p(0.25, 0.5) exact (the centre of the box).
            Reference: the exact solution on a 101 x 101 (x, y) grid; errors per output.
            """,
            inputNames: ["x", "y"], outputNames: ["u", "v", "p"], domain: box,
            residual: { f in Flows.steadyNavierStokes(f, nu: nu) },
            residualNames: Flows.steadyResidualNames,
            conditions: [
                .dirichlet(box, batch: 400, name: "wall_velocity", outputs: [0, 1]) { p in
                    Kovasznay.exact(p).gatheringColumns([0, 1])
                },
                .gauge(output: 2, at: Kovasznay.gaugePoint, value: Kovasznay.gaugeValue, name: "pressure_gauge"),
            ],
            reference: Reference(summary: "exact solution (u, v, p) on a 101 x 101 (x, y) grid", solution: {
                try self.gridReference(on: .uniform(inputNames: ["x", "y"], inputs: [0, 1], lower: Kovasznay.lower,
                                                    upper: Kovasznay.upper, counts: [101, 101]), options: options)
            }),
            defaults: settings,
            expectedError: "relative L2 1.5e-6 over (u, v, p); u 1.1e-6, v 6.5e-6, p 3.5e-6 (targets u, v <= 1e-5, p <= 1e-4; Docs/problems-flows.md)")
    }
}

/// kovasznay's exact solution on any (x, y) grid, for `pinn-solve reference kovasznay`.
extension Kovasznay: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid, source: "exact solution (Kovasznay 1948)") { p in Kovasznay.exact(p) }
    }
}
