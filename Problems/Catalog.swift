import PINN

/// The bundled problems, in the order `pinn-solve list` shows them.
public let bundledProblems = ProblemCatalog([
    Poisson2D(),
    PoissonBall(),
    AllenCahnBall(),
    SineGordonBall(),
])

/// The problem `make run` solves.
public let defaultProblemName = "poisson-2d"
