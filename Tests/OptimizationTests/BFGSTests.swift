import Autodiff
import Testing
import TestSupport
@testable import Optimization

/// The dense BFGS optimiser: its update against an independent oracle, then its
/// convergence against L-BFGS on the same objectives.
@Suite struct BFGSTests {
    /// A random symmetric positive definite n × n matrix (M Mᵀ + I), row-major.
    static func spd(_ n: Int, _ rng: inout RandomStream) -> [Double] {
        let m = Tensor<Double>.uniform([n, n], low: -1, high: 1, using: &rng).scalars
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n {
            var s = i == j ? 1.0 : 0
            for k in 0..<n { s += m[i * n + k] * m[j * n + k] }
            a[i * n + j] = s
        } }
        return a
    }

    static func matmul(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { c[i * n + j] += a[i * n + k] * b[k * n + j] } } }
        return c
    }

    /// The BFGS update in the product form γ (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy,
    /// written out with dense matrices.
    static func productForm(_ h: [Double], s: [Double], y: [Double], gamma: Double) -> [Double] {
        let n = s.count
        let rho = 1 / zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
        var left = [Double](repeating: 0, count: n * n), right = left, ss = left
        for i in 0..<n { for j in 0..<n {
            left[i * n + j] = (i == j ? 1 : 0) - rho * s[i] * y[j]
            right[i * n + j] = (i == j ? 1 : 0) - rho * y[i] * s[j]
            ss[i * n + j] = rho * s[i] * s[j]
        } }
        return zip(matmul(matmul(left, h, n), right, n), ss).map { gamma * $0 + $1 }
    }

    /// The optimiser's update against the product form (γ = 1 for BFGS,
    /// max(1, −α sᵀg / sᵀy) self-scaled), which updates the upper triangle only; the
    /// result satisfies the secant condition H y = s.
    @Test(arguments: [false, true])
    func updateMatchesTheProductForm(selfScaling: Bool) {
        let rule: BFGS<Double>.Rule = selfScaling ? .selfScaled : .plain
        let n = 7
        var rng = testStream(17)
        let h = Self.spd(n, &rng)
        let a = Self.spd(n, &rng)
        let s = Tensor<Double>.uniform([n], low: -1, high: 1, using: &rng).scalars
        var y = [Double](repeating: 0, count: n)                    // y = A s: sᵀy > 0
        for i in 0..<n { for k in 0..<n { y[i] += a[i * n + k] * s[k] } }
        let alpha = 0.7
        // A gradient along the step with b = −α sᵀg / sᵀy = 2.5 > 1, so that the self-scaled
        // update really scales.
        let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }, ss = s.reduce(0) { $0 + $1 * $1 }
        let g = s.map { -2.5 * sy / (alpha * ss) * $0 }
        let b = -alpha * zip(s, g).reduce(0) { $0 + $1.0 * $1.1 } / sy
        #expect(abs(b - 2.5) < 1e-12)

        var model = DenseInverseHessian<Double>(count: n, rule: rule)
        model.h = h; model.isEmpty = false
        model.update(step: s, gradientChange: y, gradient: g, alpha: alpha)

        let expected = Self.productForm(h, s: s, y: y, gamma: selfScaling ? Swift.max(1, b) : 1)
        expectClose(Tensor(model.symmetric), Tensor(expected), relative: 1e-12, "updated H")
        for i in 0..<n { for j in 0..<i { #expect(model.h[i * n + j] == h[i * n + j], "the lower triangle is neither read nor written") } }
        expectClose(Tensor(model.apply(y)), Tensor(s), relative: 1e-12, "secant condition H y = s")
    }

    /// The first update starts from H₀ = (sᵀy / yᵀy) I and applies plain BFGS, whatever the
    /// scaling rule.
    @Test func firstUpdateStartsFromTheScaledIdentity() {
        let n = 5
        var rng = testStream(3)
        let s = Tensor<Double>.uniform([n], low: -1, high: 1, using: &rng).scalars
        let y = s.enumerated().map { Double($0.offset + 1) * $0.element }
        var plain = DenseInverseHessian<Double>(count: n, rule: .plain)
        var scaled = DenseInverseHessian<Double>(count: n, rule: .selfScaled)
        plain.update(step: s, gradientChange: y, gradient: s.map { -10 * $0 }, alpha: 1)
        scaled.update(step: s, gradientChange: y, gradient: s.map { -10 * $0 }, alpha: 1)
        #expect(plain.h == scaled.h)
        let h0 = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 } / y.reduce(0) { $0 + $1 * $1 }
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = h0 }
        expectClose(Tensor(plain.symmetric), Tensor(Self.productForm(identity, s: s, y: y, gamma: 1)), relative: 1e-12, "H after the first update")
    }

    /// The inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting.
    static func inverse(_ m: [Double], _ n: Int) -> [Double] {
        var a = m, inv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inv[i * n + i] = 1 }
        for c in 0..<n {
            let p = (c..<n).max { abs(a[$0 * n + c]) < abs(a[$1 * n + c]) }!
            for j in 0..<n { a.swapAt(c * n + j, p * n + j); inv.swapAt(c * n + j, p * n + j) }
            let d = a[c * n + c]
            for j in 0..<n { a[c * n + j] /= d; inv[c * n + j] /= d }
            for r in 0..<n where r != c {
                let f = a[r * n + c]
                for j in 0..<n { a[r * n + j] -= f * a[c * n + j]; inv[r * n + j] -= f * inv[c * n + j] }
            }
        }
        return inv
    }

    /// The self-scaled Broyden update against the Hessian-side form of the same method,
    /// written out with B = H⁻¹ (Urbán, Stefanou & Pons 2025, eqs. 13-23):
    /// B₊ = τ [B − B s sᵀB / sᵀBs + θ (sᵀBs) w wᵀ] + y yᵀ / sᵀy, w = y/sᵀy − B s/sᵀBs, with θ
    /// and τ chosen from b = sᵀBs/sᵀy and h = yᵀHy/sᵀy. The optimiser updates H directly (the
    /// inverse-side parameter φ = (1 − θ)/(1 + aθ)); H₊ B₊ must be the identity, H₊ y = s, and
    /// both sides of the choice b < 1 and b > 1 are exercised.
    @Test(arguments: [0.4, 2.5])
    func broydenUpdateIsTheInverseOfTheHessianForm(b: Double) {
        let n = 7
        var rng = testStream(29)
        let h = Self.spd(n, &rng)
        let a = Self.spd(n, &rng)
        let s = Tensor<Double>.uniform([n], low: -1, high: 1, using: &rng).scalars
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n { for k in 0..<n { y[i] += a[i * n + k] * s[k] } }
        let alpha = 0.7
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        func times(_ m: [Double], _ v: [Double]) -> [Double] { (0..<n).map { i in (0..<n).reduce(0) { $0 + m[i * n + $1] * v[$1] } } }
        // The model that made the step: B = H⁻¹ with B s = −α g, and sᵀBs/sᵀy = b.
        let sy = dot(s, y)
        var bMatrix = Self.inverse(h, n)
        let sBs0 = dot(s, times(bMatrix, s))
        bMatrix = bMatrix.map { $0 * b * sy / sBs0 }
        let hMatrix = Self.inverse(bMatrix, n)
        let bs = times(bMatrix, s)
        let g = bs.map { -$0 / alpha }
        let sBs = dot(s, bs), yHy = dot(y, times(hMatrix, y))
        #expect(abs(sBs / sy - b) < 1e-10)

        // θ and τ as the paper defines them.
        let hk = yHy / sy, ak = b * hk - 1
        let rhoMinus = min(1, hk * (1 - (ak / (1 + ak)).squareRoot()))
        let theta = max((rhoMinus - 1) / ak, min(1 / rhoMinus, (1 - b) / b))
        let sigma = 1 + ak * theta
        let root = Double.exp(Double.log(abs(sigma)) / Double(1 - n))
        let tau = theta <= 0 ? min(min(1, 1 / b) * root, sigma) : min(1, 1 / b) * min(root, 1 / theta)
        let w = (0..<n).map { y[$0] / sy - bs[$0] / sBs }
        var bNew = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n {
            bNew[i * n + j] = tau * (bMatrix[i * n + j] - bs[i] * bs[j] / sBs + theta * sBs * w[i] * w[j]) + y[i] * y[j] / sy
        } }

        var model = DenseInverseHessian<Double>(count: n, rule: .selfScaledBroyden)
        model.h = hMatrix; model.isEmpty = false
        model.update(step: s, gradientChange: y, gradient: g, alpha: alpha)
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        expectClose(Tensor(Self.matmul(model.symmetric, bNew, n)), Tensor(identity), relative: 1e-9, "H₊ B₊")
        expectClose(Tensor(model.apply(y)), Tensor(s), relative: 1e-12, "secant condition H y = s")
        #expect(theta != 0, "the test exercises a member other than BFGS (theta \(theta))")
    }

    /// The first self-scaled Broyden update starts from H = I and scales by τ = h/(1 + aθ):
    /// with s parallel to y (a = 0) every member coincides and the result is BFGS from
    /// (sᵀy/yᵀy) I, the plain rule's first update.
    @Test func firstBroydenUpdateAlongOneDirection() {
        let n = 5
        var rng = testStream(5)
        let s = Tensor<Double>.uniform([n], low: -1, high: 1, using: &rng).scalars
        let y = s.map { 3 * $0 }
        var broyden = DenseInverseHessian<Double>(count: n, rule: .selfScaledBroyden)
        var plain = DenseInverseHessian<Double>(count: n, rule: .plain)
        broyden.update(step: s, gradientChange: y, gradient: s.map { -$0 }, alpha: 1)
        plain.update(step: s, gradientChange: y, gradient: s.map { -$0 }, alpha: 1)
        expectClose(Tensor(broyden.symmetric), Tensor(plain.symmetric), relative: 1e-12, "H after the first update")
    }

    @Test(arguments: BFGS<Double>.Rule.allCases)
    func solvesRosenbrock(rule: BFGS<Double>.Rule) {
        let opt = BFGS<Double>(rule: rule, gradientTolerance: 1e-12)
        let (p, iterations, _) = TestProblems.minimize(opt, from: [Tensor<Double>([-1.2, 1])], limit: 100,
                                                       objective: TestProblems.rosenbrock) { $0 <= 1e-10 }
        let f = TestProblems.rosenbrock(p).loss
        #expect(f <= 1e-10, "\(opt.name): f = \(f) after \(iterations) iterations")
        #expect(iterations <= 100, "\(opt.name): \(iterations) iterations")
        expectClose(p[0], Tensor([1, 1]), relative: 1e-4, "minimiser")
    }

    /// The ill-conditioned quadratic of `RosenbrockAndQuadraticTests` (100 curvatures
    /// spread over [1, 1e4]): L-BFGS with 10 pairs needs 541 iterations for f/f0 ≤ 1e-12;
    /// the dense matrix, which keeps every step's curvature, needs fewer (441 plain, 169
    /// self-scaled, 138 self-scaled Broyden, measured).
    @Test(arguments: BFGS<Double>.Rule.allCases)
    func illConditionedQuadratic(rule: BFGS<Double>.Rule) {
        let q = TestProblems.Quadratic<Double>(shapes: [[10, 10]], condition: 1e4)
        let f0 = q(q.start()).loss
        func iterations<O: Optimizer<Double>>(_ opt: O) -> Int {
            let (p, k, _) = TestProblems.minimize(opt, from: q.start(), limit: 1000, objective: q.callAsFunction) { $0 <= 1e-12 * f0 }
            #expect(q(p).loss <= 1e-12 * f0, "\(opt.name): f/f0 = \(q(p).loss / f0) after \(k) iterations")
            return k
        }
        let dense = iterations(BFGS<Double>(rule: rule, gradientTolerance: 0))
        let limited = iterations(LBFGS<Double>(gradientTolerance: 0))
        print("quadratic: \(rule.rawValue) \(dense) iterations, lbfgs \(limited)")
        // Measured: 441 (bfgs), 169 (ssbfgs), 138 (ssbroyden) against 541 for L-BFGS.
        let bound = switch rule { case .plain: 480; case .selfScaled: 200; case .selfScaledBroyden: 170 }
        #expect(dense <= bound, "dense \(rule.rawValue) took \(dense) iterations (L-BFGS \(limited))")
    }

    /// In Float the same quadratic (condition 1e3) still falls by 1e-6.
    @Test func worksInFloat() {
        let q = TestProblems.Quadratic<Float>(shapes: [[4, 5], [5]], condition: 1e3)
        let f0 = q(q.start()).loss
        let (p, _, _) = TestProblems.minimize(BFGS<Float>(rule: .selfScaled, gradientTolerance: 0), from: q.start(), limit: 200,
                                              objective: q.callAsFunction) { $0 <= 1e-6 * f0 }
        #expect(q(p).loss <= 1e-6 * f0, "f/f0 = \(q(p).loss / f0)")
    }

    /// A new objective (fresh points, new weights) drops the cached evaluation, so the next
    /// step evaluates the new one, but keeps the matrix: the step after the change is a
    /// quasi-Newton step, not a steepest-descent one.
    @Test func objectiveChangeKeepsTheMatrixAndDropsTheCache() throws {
        let q = TestProblems.Quadratic<Double>(shapes: [[3, 4]], condition: 100)
        let opt = BFGS<Double>(rule: .selfScaled, gradientTolerance: 0)
        var p = q.start()
        var s = opt.makeState(for: p)
        for _ in 0..<5 { _ = opt.step(&p, state: &s, objective: q.callAsFunction) }
        let h = try #require(s.inverseHessian)
        opt.objectiveDidChange(state: &s)
        #expect(s.inverseHessian?.scalars == h.scalars)
        #expect(s.record.integers[3] == 0, "the cache is dropped")
        // The shifted objective q(p) + c·p: the step must evaluate it, not reuse the cache.
        var evaluations = 0
        let shifted: Objective<Double> = { x in
            evaluations += 1
            let e = q(x)
            return LossEvaluation(loss: e.loss + x[0].scalars.reduce(0, +), gradient: [e.gradient[0] + 1])
        }
        let expected = q(p).loss + p[0].scalars.reduce(0, +)
        let r = opt.step(&p, state: &s, objective: shifted)
        #expect(evaluations >= 2, "the start point is evaluated, then the line search")
        #expect(r.evaluation.loss == expected, "the step starts from the new objective's value")
    }

    /// A step the objective cannot evaluate leaves the parameters alone.
    @Test func nonFiniteStartIsReported() {
        let opt = BFGS<Double>()
        var p = [Tensor<Double>([1, 2])]
        var s = opt.makeState(for: p)
        let r = opt.step(&p, state: &s) { q in LossEvaluation(loss: .nan, gradient: [q[0] * 0]) }
        #expect(r.status == .nonFinite)
        #expect(p[0].scalars == [1, 2])
    }
}
