import Autodiff

/// BFGS with a dense inverse Hessian: plain, self-scaled, or the self-scaled Broyden
/// family (Nocedal & Wright 2006, Algorithm 6.1; self-scaling after Oren & Luenberger 1974
/// and Al-Baali 1998; the self-scaled Broyden choice of Al-Baali & Khalfan as used for PINNs
/// by Urbán, Stefanou & Pons, J. Comput. Phys. 523, 2025, eqs. 13-23).
///
/// Unlike `LBFGS`, which remembers the last few steps, the n × n matrix H keeps the
/// curvature of every step taken, which is what the late, slow phase of a PINN fit needs.
/// With r = 1/sᵀy, u = H y, v = r s − u / yᵀu, every rule is an instance of
///
///     H ← (1/τ) [H − u uᵀ/yᵀu + φ (yᵀu) v vᵀ] + r s sᵀ
///
/// φ = 1 is the BFGS member (then the bracket is (I − r s yᵀ) H (I − r y sᵀ) + ...), φ = 0
/// DFP. `Rule.plain` takes τ = 1, φ = 1; `Rule.selfScaled` τ = min(1, 1/b), φ = 1 with
/// b = sᵀBs/sᵀy = −α sᵀg/sᵀy (B = H⁻¹, B s = −α g): when the model overstates the curvature
/// along the last step (b > 1), the old part of the model is enlarged before the update.
/// `Rule.selfScaledBroyden` picks both from b and h = yᵀHy/sᵀy each step (see
/// `broydenParameters`). All keep H positive definite while sᵀy > 0, which the line search
/// guarantees. Before the first update H = I; the BFGS rules' first update starts from
/// H₀ = (sᵀy / yᵀy) I (Nocedal & Wright eq. 6.20), the Broyden rule's scales by its own
/// first τ = h/(1 + aθ) (which is the same for θ = 0).
///
/// Cost per iteration: two symmetric matrix-vector products and one update pass, each over
/// the upper triangle, O(n²) time, and n² scalars of memory (8 n² bytes in Double): kdv-1d's
/// 3,681 parameters hold 108 MB. Line search and stopping rules are those of `LBFGS`
/// (`QuasiNewtonIteration`).
public struct BFGS<Scalar: TensorScalar>: Optimizer {
    /// The largest parameter count accepted: the matrix then takes 8 · 20,000² bytes = 3.2 GB
    /// in Double.
    public static var maximumParameters: Int { 20_000 }

    /// How the matrix learns from a step; the raw values are the phase names.
    public enum Rule: String, Sendable, CaseIterable {
        /// BFGS (τ = φ = 1).
        case plain = "bfgs"
        /// Self-scaled BFGS (τ = min(1, 1/b), φ = 1).
        case selfScaled = "ssbfgs"
        /// Self-scaled Broyden (τ and φ from b and h each step).
        case selfScaledBroyden = "ssbroyden"
    }

    public var rule: Rule
    public var gradientTolerance: Scalar
    public var stepTolerance: Scalar
    public var functionTolerance: Scalar
    /// Objective evaluations allowed per line search.
    public var maxLineSearchEvaluations: Int

    public init(rule: Rule = .plain, gradientTolerance: Scalar = 1e-9, stepTolerance: Scalar = 1e-12,
                functionTolerance: Scalar = 0, maxLineSearchEvaluations: Int = 25) {
        self.rule = rule
        self.gradientTolerance = gradientTolerance; self.stepTolerance = stepTolerance
        self.functionTolerance = functionTolerance; self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    public var name: String { rule.rawValue }
    public var divergenceHint: String {
        "BFGS only accepts steps that decrease the loss, so the starting point itself is not finite: check the initial parameters and the loss terms"
    }

    public struct State: OptimizerState {
        public var iteration: Int
        var matrix: DenseInverseHessian<Scalar>
        var cache = QuasiNewtonCache<Scalar>()

        init(iteration: Int, count: Int, rule: Rule) {
            self.iteration = iteration
            matrix = DenseInverseHessian(count: count, rule: rule)
        }

        /// The record kind, from the update rule the matrix follows.
        var kind: String { matrix.rule.rawValue }

        /// The inverse-Hessian model, row-major n × n (nil before the first update).
        public var inverseHessian: Tensor<Scalar>? {
            matrix.isEmpty ? nil : Tensor(shape: [matrix.count, matrix.count], scalars: matrix.symmetric)
        }

        public var record: OptimizerStateRecord<Scalar> {
            let hTensors = matrix.isEmpty ? [] : [Tensor(shape: [matrix.count, matrix.count], scalars: matrix.h)]
            return OptimizerStateRecord(kind: kind,
                                        integers: [Int64(iteration), Int64(matrix.count), matrix.isEmpty ? 0 : 1,
                                                   cache.loss == nil ? 0 : 1],
                                        strings: cache.terms.map(\.name), tensors: hTensors + cache.tensors)
        }

        public init(record: OptimizerStateRecord<Scalar>) throws {
            guard let rule = Rule(rawValue: record.kind) else {
                throw CheckpointError.incompatibleState("the checkpoint holds a '\(record.kind)' optimiser state but the phase uses one of \(Rule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try record.expect(kind: record.kind, integers: 4)
            let n = Int(record.integers[1]), hasMatrix = record.integers[2] != 0, cached = record.integers[3] != 0
            let m = hasMatrix ? 1 : 0
            guard n >= 0, record.tensors.count == m + (cached ? 3 : 0) else {
                throw CheckpointError.incompatibleState("the '\(record.kind)' state record has \(record.tensors.count) tensors, expected \(m + (cached ? 3 : 0))")
            }
            self.init(iteration: Int(record.integers[0]), count: n, rule: rule)
            if hasMatrix {
                guard record.tensors[0].shape == [n, n] else {
                    throw CheckpointError.incompatibleState("the '\(record.kind)' matrix has shape \(record.tensors[0].shape), expected [\(n), \(n)]")
                }
                matrix.h = record.tensors[0].scalars
                matrix.isEmpty = false
            }
            cache = try QuasiNewtonCache(tensors: record.tensors[m...], names: record.strings, kind: record.kind)
        }
    }

    public func makeState(for parameters: [Tensor<Scalar>]) -> State {
        let n = ParameterAlgebra.count(parameters)
        require(n <= Self.maximumParameters,
                "BFGS keeps a dense \(n) x \(n) matrix; at most \(Self.maximumParameters) parameters are accepted (use L-BFGS)")
        return State(iteration: 0, count: n, rule: rule)
    }

    /// Drops the cached evaluation but keeps H: a positive definite H still gives descent
    /// directions for the new objective, and after a fresh draw of collocation points from
    /// the same law, or new loss weights, the curvature of the network differs little from
    /// what H has learnt, which took thousands of steps (L-BFGS relearns its few pairs in a
    /// few steps and starts afresh instead).
    public func objectiveDidChange(state: inout State) {
        state.cache.drop()
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
                     objective: Objective<Scalar>) -> OptimizerStep<Scalar> {
        let n = ParameterAlgebra.count(parameters)
        require(n == state.matrix.count, "BFGS: the state was made for \(state.matrix.count) parameters, got \(n)")
        state.matrix.rule = rule
        return QuasiNewtonIteration.step(&parameters, model: &state.matrix, cache: &state.cache, iteration: &state.iteration,
                                         tolerances: .init(gradient: gradientTolerance, step: stepTolerance,
                                                           function: functionTolerance, lineSearchEvaluations: maxLineSearchEvaluations),
                                         objective: objective)
    }
}

/// The dense inverse-Hessian model of `BFGS`: H as n × n row-major scalars of which only
/// the upper triangle (j >= i) is kept up to date and read, so each pass over the matrix
/// touches half of it: per iteration one symmetric product for the direction, one for
/// u = H y, and the update (`pinn-bench optimization` times it).
struct DenseInverseHessian<Scalar: TensorScalar>: CurvatureModel, Sendable {
    typealias Rule = BFGS<Scalar>.Rule
    let count: Int
    var rule: Rule
    /// Row-major n × n; the strict lower triangle is not used (zero once initialised).
    var h: [Scalar] = []
    var isEmpty = true

    init(count: Int, rule: Rule) { self.count = count; self.rule = rule }

    mutating func reset() { isEmpty = true }

    /// The whole symmetric matrix (the upper triangle mirrored), row-major.
    var symmetric: [Scalar] {
        var m = h
        for i in 0..<count { for j in 0..<i { m[i * count + j] = h[j * count + i] } }
        return m
    }

    /// H v by one symmetric matrix-vector product over the upper triangle.
    func apply(_ v: [Scalar]) -> [Scalar] {
        var out = [Scalar](repeating: 0, count: count)
        h.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    Scalar.symv(n: count, alpha: 1, a: a.baseAddress!, lda: count, x: b.baseAddress!, beta: 0, y: c.baseAddress!)
                }
            }
        }
        return out
    }

    func direction(_ g: [Scalar]) -> [Scalar] { apply(g).map { -$0 } }

    /// H ← c·I.
    private mutating func setIdentity(_ c: Scalar) {
        let n = count
        if h.count != n * n { h = [Scalar](repeating: 0, count: n * n) }
        h.withUnsafeMutableBufferPointer { a in
            for i in 0..<(n * n) { a[i] = 0 }
            for i in 0..<n { a[i * n + i] = c }
        }
    }

    /// The self-scaled Broyden parameters (Urbán, Stefanou & Pons 2025, eqs. 13-23, after
    /// Al-Baali & Khalfan) from b = sᵀBs/sᵀy and h = yᵀHy/sᵀy, with a = b h − 1 >= 0: the
    /// Hessian-side Broyden parameter θ = max(θ⁻, min(θ⁺, (1 − b)/b)) with
    /// ρ⁻ = min(1, h (1 − √(a/(1 + a)))), θ⁻ = (ρ⁻ − 1)/a, θ⁺ = 1/ρ⁻; the inverse-side
    /// φ = (1 − θ)/(1 + aθ); the scaling τ = h/(1 + aθ) at the first update, and afterwards,
    /// with σ = 1 + aθ and ρ = min(1, 1/b), τ = min(ρ σ^(1/(1−n)), σ) for θ <= 0 and
    /// ρ min(σ^(1/(1−n)), 1/θ) for θ > 0. When a vanishes (s ∥ H y) every member of the
    /// family gives the same matrix: then θ = 0 (BFGS).
    static func broydenParameters(b: Scalar, h: Scalar, first: Bool, count n: Int) -> (tau: Scalar, phi: Scalar) {
        let a = Swift.max(b * h - 1, 0)
        var theta: Scalar = 0
        if a > Scalar.ulpOfOne {
            let rhoMinus = Swift.min(1, h * (1 - Scalar.sqrt(a / (1 + a))))
            let thetaMinus = (rhoMinus - 1) / a, thetaPlus = 1 / rhoMinus
            theta = Swift.max(thetaMinus, Swift.min(thetaPlus, (1 - b) / b))
        }
        let sigma = 1 + a * theta
        let phi = (1 - theta) / sigma
        if first { return (h / sigma, phi) }
        let rho = Swift.min(1, 1 / b)
        let root = n > 1 ? Scalar.exp(Scalar.log(Swift.abs(sigma)) / Scalar(1 - n)) : 1
        let tau = theta <= 0 ? Swift.min(rho * root, sigma) : rho * Swift.min(root, 1 / theta)
        return (tau, phi)
    }

    mutating func update(step s: [Scalar], gradientChange y: [Scalar], gradient g: [Scalar], alpha: Scalar) {
        let n = count
        let sy = ParameterAlgebra.dot(s, y)
        let first = isEmpty
        var gamma: Scalar = 1, phi: Scalar = 1
        switch rule {
        case .plain, .selfScaled:
            if first {
                // H₀ = (sᵀy / yᵀy) I, then the plain update.
                setIdentity(sy / ParameterAlgebra.dot(y, y))
            } else if rule == .selfScaled {
                gamma = Swift.max(1, -alpha * ParameterAlgebra.dot(s, g) / sy)
            }
        case .selfScaledBroyden:
            if first { setIdentity(1) }
        }
        isEmpty = false
        let u = apply(y)
        let yHy = ParameterAlgebra.dot(y, u)
        if rule == .selfScaledBroyden {
            let b = -alpha * ParameterAlgebra.dot(s, g) / sy
            let p = Self.broydenParameters(b: b, h: yHy / sy, first: first, count: n)
            gamma = 1 / p.tau; phi = p.phi
        }
        // H_ij ← γ H_ij + cuu u_i u_j + c1 (s_i u_j + u_i s_j) + c2 s_i s_j for j >= i
        // (cuu = 0 for the BFGS member). Rows i and n-1-i go together, so that every chunk
        // of row pairs holds the same work.
        let cuu = gamma * (phi - 1) / yHy, c1 = -gamma * phi / sy, c2 = gamma * phi * yHy / (sy * sy) + 1 / sy
        h.withUnsafeMutableBufferPointer { a in
            s.withUnsafeBufferPointer { sp in
                u.withUnsafeBufferPointer { up in
                    func row(_ i: Int) {
                        let r = a.baseAddress! + i * n
                        let si = sp[i], ui = up[i]
                        if cuu == 0 {
                            for j in i..<n { r[j] = gamma * r[j] + c1 * (si * up[j] + ui * sp[j]) + c2 * (si * sp[j]) }
                        } else {
                            for j in i..<n {
                                let bfgsPart: Scalar = gamma * r[j] + c1 * (si * up[j] + ui * sp[j]) + c2 * (si * sp[j])
                                r[j] = bfgsPart + cuu * (ui * up[j])
                            }
                        }
                    }
                    Parallel.forEachChunk((n + 1) / 2, minChunk: 32) { pairs in
                        for k in pairs {
                            row(k)
                            if n - 1 - k != k { row(n - 1 - k) }
                        }
                    }
                }
            }
        }
    }
}
