import Autodiff
import PINN

/// The Allen-Cahn problem on the unit ball in d dimensions (`--dim`, default 100):
///
///     Lap u + u - u^3 = f  on B^d,   u = 0 on the sphere,
///
/// with the two-body exact solution and closed-form f (see `BallTwoBody`,
/// `TwoBodySolution`; SDGD, Hu et al. 2024; STDE, Shi et al. 2024).
public struct AllenCahnBall: ProblemDefinition {
    public init() {}
    public var name: String { "allen-cahn-ball" }
    public var summary: String { "Lap u + u - u^3 = f on the unit ball in d dimensions (two-body exact solution, u = 0 on the sphere)" }
    public var dimensionLabel: String { "d (100)" }

    public func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S> {
        BallTwoBody.make(name: name, summary: summary, equation: "Lap u + u - u^3 = f", reaction: .allenCahn,
                         dimension: try BallTwoBody.dimension(options, name))
    }
}
