import Autodiff

/// BFGS with a dense inverse Hessian, plain or self-scaled (Nocedal & Wright 2006,
/// Algorithm 6.1; self-scaling after Oren & Luenberger 1974 and Al-Baali 1998, as used for
/// PINNs by Urbán, Stefanou & Pons, J. Comput. Phys. 523, 2025).
///
/// Unlike `LBFGS`, which remembers the last few steps, the n × n matrix H keeps the
/// curvature of every step taken, which is what the late, slow phase of a PINN fit needs.
/// With ρ = sᵀy, u = H y:
///
///     H ← γ [H − (s uᵀ + u sᵀ)/ρ + (yᵀu/ρ²) s sᵀ] + s sᵀ/ρ
///
/// γ = 1 is BFGS. The self-scaled variant takes γ = max(1, b) with b = sᵀBs/ρ = −α sᵀg/ρ
/// (B = H⁻¹, so B s = −α g): when the model overstates the curvature along the last step
/// (b > 1), the old part of the model is enlarged before the update (the Hessian-side
/// factor τ = min(1, 1/b)). Both keep H positive definite while sᵀy > 0, which the line
/// search guarantees. Before the first update H = I; the first update starts from
/// H₀ = (ρ / yᵀy) I (Nocedal & Wright eq. 6.20).
///
/// Cost per iteration: two symmetric matrix-vector products and one update pass, each over
/// the upper triangle, O(n²) time, and n² scalars of memory (8 n² bytes in Double): kdv-1d's
/// 3,681 parameters hold 108 MB. Line search and stopping rules are those of `LBFGS`
/// (`QuasiNewtonIteration`).
public struct BFGS<Scalar: TensorScalar>: Optimizer {
    /// The largest parameter count accepted: the matrix then takes 8 · 20,000² bytes = 3.2 GB
    /// in Double.
    public static var maximumParameters: Int { 20_000 }

    public var selfScaling: Bool
    public var gradientTolerance: Scalar
    public var stepTolerance: Scalar
    public var functionTolerance: Scalar
    /// Objective evaluations allowed per line search.
    public var maxLineSearchEvaluations: Int

    public init(selfScaling: Bool = false, gradientTolerance: Scalar = 1e-9, stepTolerance: Scalar = 1e-12,
                functionTolerance: Scalar = 0, maxLineSearchEvaluations: Int = 25) {
        self.selfScaling = selfScaling
        self.gradientTolerance = gradientTolerance; self.stepTolerance = stepTolerance
        self.functionTolerance = functionTolerance; self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    public var name: String { selfScaling ? "ssbfgs" : "bfgs" }
    public var divergenceHint: String {
        "BFGS only accepts steps that decrease the loss, so the starting point itself is not finite: check the initial parameters and the loss terms"
    }

    public struct State: OptimizerState {
        public var iteration: Int
        var matrix: DenseInverseHessian<Scalar>
        var cache = QuasiNewtonCache<Scalar>()

        init(iteration: Int, count: Int, selfScaling: Bool) {
            self.iteration = iteration
            matrix = DenseInverseHessian(count: count, selfScaling: selfScaling)
        }

        /// The record kind, from the update rule the matrix follows.
        var kind: String { matrix.selfScaling ? "ssbfgs" : "bfgs" }

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
            guard record.kind == "bfgs" || record.kind == "ssbfgs" else {
                throw CheckpointError.incompatibleState("the checkpoint holds a '\(record.kind)' optimiser state but the phase uses 'bfgs' or 'ssbfgs'")
            }
            try record.expect(kind: record.kind, integers: 4)
            let n = Int(record.integers[1]), hasMatrix = record.integers[2] != 0, cached = record.integers[3] != 0
            let m = hasMatrix ? 1 : 0
            guard n >= 0, record.tensors.count == m + (cached ? 3 : 0) else {
                throw CheckpointError.incompatibleState("the '\(record.kind)' state record has \(record.tensors.count) tensors, expected \(m + (cached ? 3 : 0))")
            }
            self.init(iteration: Int(record.integers[0]), count: n, selfScaling: record.kind == "ssbfgs")
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
        return State(iteration: 0, count: n, selfScaling: selfScaling)
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
        state.matrix.selfScaling = selfScaling
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
    let count: Int
    var selfScaling: Bool
    /// Row-major n × n; the strict lower triangle is not used (zero once initialised).
    var h: [Scalar] = []
    var isEmpty = true

    init(count: Int, selfScaling: Bool) { self.count = count; self.selfScaling = selfScaling }

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

    mutating func update(step s: [Scalar], gradientChange y: [Scalar], gradient g: [Scalar], alpha: Scalar) {
        let n = count
        let rho = ParameterAlgebra.dot(s, y)
        var gamma: Scalar = 1
        if isEmpty {
            // H₀ = (ρ / yᵀy) I, then the plain update.
            let h0 = rho / ParameterAlgebra.dot(y, y)
            if h.count != n * n { h = [Scalar](repeating: 0, count: n * n) }
            h.withUnsafeMutableBufferPointer { a in
                for i in 0..<(n * n) { a[i] = 0 }
                for i in 0..<n { a[i * n + i] = h0 }
            }
            isEmpty = false
        } else if selfScaling {
            let b = -alpha * ParameterAlgebra.dot(s, g) / rho
            gamma = Swift.max(1, b)
        }
        let u = apply(y)
        let yHy = ParameterAlgebra.dot(y, u)
        let c1 = -gamma / rho, c2 = gamma * yHy / (rho * rho) + 1 / rho
        // H_ij ← γ H_ij + c1 (s_i u_j + u_i s_j) + c2 s_i s_j for j >= i. Rows i and n-1-i
        // go together, so that every chunk of row pairs holds the same work.
        h.withUnsafeMutableBufferPointer { a in
            s.withUnsafeBufferPointer { sp in
                u.withUnsafeBufferPointer { up in
                    func row(_ i: Int) {
                        let r = a.baseAddress! + i * n
                        let si = sp[i], ui = up[i]
                        for j in i..<n { r[j] = gamma * r[j] + c1 * (si * up[j] + ui * sp[j]) + c2 * (si * sp[j]) }
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
