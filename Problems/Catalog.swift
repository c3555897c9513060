import PINN

/// The bundled problems, in the order `pinn-solve list` shows them.
public let bundledProblems = ProblemCatalog([
    Poisson2D(),
    Poisson1D(),
    Helmholtz2D(),
    PoissonCSG(),
    Heat1D(),
    Heat2D(),
    BlackScholes1D(),
    Burgers1D(),
    AllenCahn1D(),
    KdV1D(),
    Wave1D(),
    Schrodinger1D(),
    Kovasznay(),
    TaylorGreen2D(),
    LidDrivenCavity(),
    NavierStokes2D(),
    BurgersInverse(),
    HeatND(),
    SemilinearHeat(),
    HJB100D(),
    BlackScholesBarenblatt100D(),
    BlackScholesDefaultRisk100D(),
    BlackScholesDefaultRisk100D(defaultRisk: false),
    AllenCahn100D(),
    PoissonBall(),
    AllenCahnBall(),
    SineGordonBall(),
])

/// The problem `make run` solves.
public let defaultProblemName = "poisson-2d"
