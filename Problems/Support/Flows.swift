import PINN

/// What the flow problems share (kovasznay, taylor-green-2d, lid-driven-cavity,
/// navier-stokes-2d): their training recipe and the steady incompressible Navier-Stokes
/// residual.
enum Flows {
    /// The flow problems' recipe: 4 x 32 tanh, Adam 500 (2e-3, cosine) to leave the initial
    /// basin, then self-scaled BFGS for `ssbfgsSteps` on 2,000 points re-drawn every 500 steps,
    /// the error evaluated every 250 (Docs/problems-flows.md gives each problem's runs).
    static func settings(ssbfgsSteps: Int) -> Settings {
        var settings = Settings()
        settings.width = 32; settings.depth = 4
        settings.phases = [.init(.adam, 500), .init(.ssbfgs, ssbfgsSteps)]
        settings.learningRate = 2e-3; settings.schedule = .cosine
        settings.batch = 2000; settings.resampleEvery = 500; settings.evaluateEvery = 250
        return settings
    }

    /// The names of `steadyNavierStokes`'s equations.
    static let steadyResidualNames = ["continuity", "momentum_x", "momentum_y"]

    /// Steady incompressible Navier-Stokes on outputs (u, v, p) of inputs (x, y) with viscosity
    /// `nu` (1/Re): u_x + v_y, u u_x + v u_y + p_x - nu Lap u, u v_x + v v_y + p_y - nu Lap v.
    static func steadyNavierStokes<S: TensorScalar>(_ f: Field<S>, nu: S) -> [Tensor<S>] {
        let u = f.value(0), v = f.value(1)
        let ux = f.d(0, 0), uy = f.d(1, 0), vx = f.d(0, 1), vy = f.d(1, 1), px = f.d(0, 2), py = f.d(1, 2)
        return [ux + vy,
                u * ux + v * uy + px - f.laplacian(nil, 0) * nu,
                u * vx + v * vy + py - f.laplacian(nil, 1) * nu]
    }
}
