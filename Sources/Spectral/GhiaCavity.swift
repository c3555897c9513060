/// The benchmark centreline velocities of the lid-driven cavity at Re = 100 from U. Ghia,
/// K. N. Ghia & C. T. Shin, "High-Re solutions for incompressible flow using the Navier-Stokes
/// equations and a multigrid method", J. Comput. Phys. 48 (1982) 387-411: Table I (u along the
/// vertical line through the centre, x = 0.5) and Table II (v along the horizontal line through
/// the centre, y = 0.5), the Re = 100 columns, 17 points each, on their 129 x 129 grid with the
/// sharp lid U = 1 (vorticity-stream function, coupled strongly implicit multigrid). Positions
/// and values as printed (4 and 5 decimals); the wall points are the boundary data.
public enum GhiaCavity {
    public static let reynolds = 100.0

    /// (y, u(0.5, y)), from the lid down.
    public static let uVertical: [(y: Double, u: Double)] = [
        (1.0000, 1.00000), (0.9766, 0.84123), (0.9688, 0.78871), (0.9609, 0.73722),
        (0.9531, 0.68717), (0.8516, 0.23151), (0.7344, 0.00332), (0.6172, -0.13641),
        (0.5000, -0.20581), (0.4531, -0.21090), (0.2813, -0.15662), (0.1719, -0.10150),
        (0.1016, -0.06434), (0.0703, -0.04775), (0.0625, -0.04192), (0.0547, -0.03717),
        (0.0000, 0.00000),
    ]

    /// (x, v(x, 0.5)), from the right wall to the left.
    public static let vHorizontal: [(x: Double, v: Double)] = [
        (1.0000, 0.00000), (0.9688, -0.05906), (0.9609, -0.07391), (0.9531, -0.08864),
        (0.9453, -0.10313), (0.9063, -0.16914), (0.8594, -0.22445), (0.8047, -0.24533),
        (0.5000, 0.05454), (0.2344, 0.17527), (0.2266, 0.17507), (0.1563, 0.16077),
        (0.0938, 0.12317), (0.0781, 0.10890), (0.0703, 0.10091), (0.0625, 0.09233),
        (0.0000, 0.00000),
    ]

    /// The largest |u - u_Ghia| and |v - v_Ghia| over the two tables, for a velocity field
    /// given as a function of (x, y) returning (u, v).
    public static func maxDeviation(_ velocity: (Double, Double) -> (u: Double, v: Double)) -> (u: Double, v: Double) {
        let du = uVertical.map { abs(velocity(0.5, $0.y).u - $0.u) }.max() ?? 0
        let dv = vHorizontal.map { abs(velocity($0.x, 0.5).v - $0.v) }.max() ?? 0
        return (du, dv)
    }
}
