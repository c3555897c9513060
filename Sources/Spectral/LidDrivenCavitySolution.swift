/// A converged `LidDrivenCavityFD` solution: psi, omega, the velocity and the pressure at the
/// (n + 1)^2 grid nodes (row-major [x][y], node (i h, j h) at index i (n + 1) + j), and values
/// anywhere in the square by fourth-order (4 x 4 node) Lagrange interpolation.
///
/// The velocity at interior nodes is (psi_y, -psi_x) by central differences; on the walls it is
/// the boundary data (u = U(x) on the whole lid, corners included; 0 on the other walls).
/// The pressure solves the momentum equations in the least-squares sense on the grid's edges,
///
///     minimise sum over edges of ((p_b - p_a)/h - G_ab)^2,
///     G = (p_x, p_y) = (-(u u_x + v u_y) - omega_y / Re, -(u v_x + v v_y) + omega_x / Re),
///
/// (Laplacian u = -omega_y, Laplacian v = omega_x), G_ab the mean of G at the edge's ends (one-
/// sided second-order differences on the walls). Its normal equations are the pressure Poisson
/// equation with its Neumann condition, always solvable; conjugate gradients solve them. The
/// gauge: p = 0 at the centre (0.5, 0.5).
public struct LidDrivenCavitySolution: Sendable {
    public let reynolds: Double
    public let n: Int
    public let lid: [Double]
    public let psi: [Double], omega: [Double]
    public let u: [Double], v: [Double], p: [Double]
    /// Sweeps to convergence and the final scaled residual (`LidDrivenCavityFD.solve()`).
    public let iterations: Int, residual: Double

    init(reynolds: Double, n: Int, lid: [Double], psi: [Double], omega: [Double], iterations: Int, residual: Double) throws {
        let m = n + 1, h = 1 / Double(n)
        var u = [Double](repeating: 0, count: m * m), v = u
        for i in 1..<n {
            for j in 1..<n {
                let k = i * m + j
                u[k] = (psi[k + 1] - psi[k - 1]) / (2 * h)
                v[k] = -(psi[k + m] - psi[k - m]) / (2 * h)
            }
        }
        for i in 0...n { u[i * m + n] = lid[i] }
        self.reynolds = reynolds; self.n = n; self.lid = lid; self.psi = psi; self.omega = omega
        self.u = u; self.v = v; self.iterations = iterations; self.residual = residual
        self.p = try Self.pressure(n: n, reynolds: reynolds, u: u, v: v, omega: omega)
    }

    /// x_i = i h, i = 0 ... n.
    public var nodes: [Double] { (0...n).map { Double($0) / Double(n) } }

    /// A nodal field (`u`, `v`, `p`, `psi`, `omega`) at (x, y) in [0, 1]^2.
    public func value(_ field: [Double], x: Double, y: Double) -> Double {
        Self.interpolate(field, n: n, x: x, y: y)
    }

    /// (u, v, p) at each point [x, y]: three arrays, one per output.
    public func values(at points: [[Double]]) -> [[Double]] {
        [u, v, p].map { f in points.map { value(f, x: $0[0], y: $0[1]) } }
    }

    /// The first of 4 nodes around s in [0, 1] and their Lagrange weights.
    static func weights(_ s: Double, _ n: Int) -> (Int, [Double]) {
        let t = min(max(s, 0), 1) * Double(n)
        let first = min(max(Int(t.rounded(.down)) - 1, 0), n - 3)
        let r = t - Double(first)   // position in node units from the first node
        let w = (0..<4).map { a -> Double in
            (0..<4).reduce(1.0) { w, b in b == a ? w : w * (r - Double(b)) / Double(a - b) }
        }
        return (first, w)
    }

    /// d/dx (axis 0) or d/dy (axis 1) of a nodal field at every node: central inside, one-sided
    /// second order on the walls.
    static func derivative(_ f: [Double], axis: Int, n: Int) -> [Double] {
        let m = n + 1, h = 1 / Double(n), s = axis == 0 ? m : 1
        var d = [Double](repeating: 0, count: m * m)
        for i in 0...n {
            for j in 0...n {
                let k = i * m + j, at = axis == 0 ? i : j
                if at == 0 {
                    d[k] = (-3 * f[k] + 4 * f[k + s] - f[k + 2 * s]) / (2 * h)
                } else if at == n {
                    d[k] = (3 * f[k] - 4 * f[k - s] + f[k - 2 * s]) / (2 * h)
                } else {
                    d[k] = (f[k + s] - f[k - s]) / (2 * h)
                }
            }
        }
        return d
    }

    static func pressure(n: Int, reynolds: Double, u: [Double], v: [Double], omega: [Double]) throws -> [Double] {
        let m = n + 1, h = 1 / Double(n), nu = 1 / reynolds
        let ux = derivative(u, axis: 0, n: n), uy = derivative(u, axis: 1, n: n)
        let vx = derivative(v, axis: 0, n: n), vy = derivative(v, axis: 1, n: n)
        let wx = derivative(omega, axis: 0, n: n), wy = derivative(omega, axis: 1, n: n)
        var gx = [Double](repeating: 0, count: m * m), gy = gx
        for k in 0..<(m * m) {
            gx[k] = -(u[k] * ux[k] + v[k] * uy[k]) - nu * wy[k]
            gy[k] = -(u[k] * vx[k] + v[k] * vy[k]) + nu * wx[k]
        }
        // Right-hand side of the normal equations (graph Laplacian times h^2).
        var b = [Double](repeating: 0, count: m * m)
        for i in 0...n {
            for j in 0...n {
                let k = i * m + j
                if i < n { let e = h * (gx[k] + gx[k + m]) / 2; b[k] -= e; b[k + m] += e }
                if j < n { let e = h * (gy[k] + gy[k + 1]) / 2; b[k] -= e; b[k + 1] += e }
            }
        }
        var p = try conjugateGradients(b, n: n)
        let centre = LidDrivenCavitySolution.interpolate(p, n: n, x: 0.5, y: 0.5)
        for k in p.indices { p[k] -= centre }
        return p
    }

    static func interpolate(_ f: [Double], n: Int, x: Double, y: Double) -> Double {
        let (ix, wx) = weights(x, n), (iy, wy) = weights(y, n)
        var sum = 0.0
        for a in 0..<4 { for b in 0..<4 { sum += wx[a] * wy[b] * f[(ix + a) * (n + 1) + iy + b] } }
        return sum
    }

    /// Solves L p = b for the Neumann graph Laplacian (L p)_k = sum over neighbours (p_k - p_l);
    /// b sums to zero, so the system is consistent and CG converges to a solution.
    static func conjugateGradients(_ b: [Double], n: Int) throws -> [Double] {
        let m = n + 1
        func apply(_ x: [Double]) -> [Double] {
            var y = [Double](repeating: 0, count: m * m)
            for i in 0...n {
                for j in 0...n {
                    let k = i * m + j
                    var s = 0.0
                    if i > 0 { s += x[k] - x[k - m] }
                    if i < n { s += x[k] - x[k + m] }
                    if j > 0 { s += x[k] - x[k - 1] }
                    if j < n { s += x[k] - x[k + 1] }
                    y[k] = s
                }
            }
            return y
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var x = [Double](repeating: 0, count: m * m), r = b, d = r
        var rr = dot(r, r)
        let target = 1e-24 * max(rr, .leastNormalMagnitude), limit = 50 * m
        var iteration = 0
        while rr > target && iteration < limit {
            iteration += 1
            let q = apply(d), alpha = rr / dot(d, q)
            for k in x.indices { x[k] += alpha * d[k]; r[k] -= alpha * q[k] }
            let next = dot(r, r)
            for k in d.indices { d[k] = r[k] + next / rr * d[k] }
            rr = next
        }
        guard rr <= target, rr.isFinite else {
            throw SpectralError.notConverged(solver: "lid-driven cavity pressure (conjugate gradients, n = \(n))",
                                             iterations: iteration, residual: (rr / max(dot(b, b), .leastNormalMagnitude)).squareRoot(),
                                             tolerance: 1e-12)
        }
        return x
    }
}
