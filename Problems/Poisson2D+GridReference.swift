import PINN

/// poisson-2d's exact solution on any (x, y) grid, for `pinn-solve reference poisson-2d`.
extension Poisson2D: GridReferenceProblem {
    public func gridReference(on grid: ReferenceGrid, options: ProblemOptions) throws -> ReferenceSolution {
        .exact(on: grid) { p in (p.column(0) * Double.pi).sin() * (p.column(1) * Double.pi).sin() }
    }
}
