import Autodiff
import Foundation

/// A network that is invariant under permutations of a set S of its input coordinates
/// (Deep Sets, Zaheer et al. 2017): one small network phi applied to each coordinate of S,
/// pooled, and an outer network rho on the pooled features and the other coordinates O:
///
///     x^ = s(x)                                              input scaling to [-1, 1] (as `MLP`)
///     z  = [x^_O, (1 / sqrt|S|) sum_{i in S} (phi(x^_i) - c)]
///     u  = rho(z)
///
/// phi: R -> R^K is a stack of activated layers (the last one K wide: the features are
/// hidden units, there is no linear output layer, which rho's first layer would repeat) and
/// rho: R^(|O| + K) -> R^out an `MLP`. c = (1/2) int_{-1}^{1} phi(y) dy
/// (Gauss-Legendre, on the tape) centres the features and 1/sqrt|S| scales them, so that for
/// coordinates spread over [-1, 1] the pooled features are of order one at any |S| (their
/// mean over the box is zero); both are reparametrisations (rho's first layer absorbs them),
/// chosen for conditioning. The parameter count does not depend on |S|, and a function that
/// is a sum of one-dimensional terms in the coordinates of S (or any function of a few such
/// sums) is held exactly by K features, which an MLP's first layer can only approximate
/// with about |S| units.
///
/// Use it when the problem (equation, domain, conditions, data) is unchanged by permuting
/// the coordinates of S: then so is the solution (`Problem.exchangeable` in PINN).
///
/// The Taylor path pushes each point's |S| coordinates through phi as one batch of
/// one-dimensional Taylor jets (value, first and second derivative), forms the jets of z
/// for every direction and channel of the plan from them, and runs rho's Taylor pass on
/// those jets (`MLP.taylor(inputJets:layout:)`), or, when the plan has more directions than
/// rho's Hessian in z has entries, that Hessian once (`pooledHessianStack`). The nested
/// engine differentiates `callAsFunction`, an independent check.
public struct DeepSetsNetwork<Scalar: TensorScalar>: Model {
    public struct Configuration: Codable, Sendable, Hashable {
        public var inputDimension: Int
        public var outputDimension: Int
        /// The exchangeable coordinates S (at least two, distinct, in range).
        public var pooled: [Int]
        /// Pooled features K (phi's last layer).
        public var features: Int
        /// Widths of phi's layers before its K-wide feature layer (empty: one layer), and
        /// rho's hidden widths.
        public var featureHidden: [Int]
        public var hidden: [Int]
        public var activation: Activation
        /// The box mapped onto [-1, 1]^D, or nil for no scaling; the lower and upper bounds
        /// of the coordinates in S must agree (they are exchangeable).
        public var inputLower: [Double]?
        public var inputUpper: [Double]?
        public var seed: UInt64

        public init(inputDimension: Int, outputDimension: Int = 1, pooled: [Int], features: Int = 16,
                    featureHidden: [Int], hidden: [Int], activation: Activation = .tanh,
                    inputLower: [Double]? = nil, inputUpper: [Double]? = nil, seed: UInt64 = 0) {
            self.inputDimension = inputDimension; self.outputDimension = outputDimension
            self.pooled = pooled; self.features = features
            self.featureHidden = featureHidden; self.hidden = hidden; self.activation = activation
            self.inputLower = inputLower; self.inputUpper = inputUpper; self.seed = seed
        }
    }

    public let configuration: Configuration
    /// The per-coordinate network phi: R -> R^K, as layers h = f(h W + b), `[fanIn, fanOut]`.
    public var featureWeights: [Tensor<Scalar>]
    public var featureBiases: [Tensor<Scalar>]
    /// The outer network rho: R^(|O| + K) -> R^out.
    public var rho: MLP<Scalar>
    /// The other coordinates O, in input order.
    public let others: [Int]
    /// Frozen input map x * scale + offset, per coordinate.
    let scale: [Scalar]
    let offset: [Scalar]
    /// Gauss-Legendre nodes `[Q, 1]` on [-1, 1] and weights `[1, Q]` summing to 1.
    let nodes: Tensor<Scalar>
    let nodeWeights: Tensor<Scalar>

    public var inputDimension: Int { configuration.inputDimension }
    public var outputDimension: Int { configuration.outputDimension }

    public init(_ configuration: Configuration) {
        let c = configuration
        require(c.inputDimension >= 2, "DeepSetsNetwork: input dimension must be at least 2, got \(c.inputDimension)")
        require(c.pooled.count >= 2 && Set(c.pooled).count == c.pooled.count && c.pooled.allSatisfy { (0..<c.inputDimension).contains($0) },
                "DeepSetsNetwork: the pooled coordinates must be at least two distinct coordinates of 0..<\(c.inputDimension), got \(c.pooled)")
        require(c.features >= 1, "DeepSetsNetwork: needs at least one pooled feature, got \(c.features)")
        self.configuration = c
        let pooledSet = Set(c.pooled)
        others = (0..<c.inputDimension).filter { !pooledSet.contains($0) }
        if let lo = c.inputLower, let hi = c.inputUpper {
            require(lo.count == c.inputDimension && hi.count == c.inputDimension && zip(lo, hi).allSatisfy { $0 < $1 },
                    "DeepSetsNetwork: input bounds need \(c.inputDimension) components with lower < upper")
            let i0 = c.pooled[0]
            require(c.pooled.allSatisfy { lo[$0] == lo[i0] && hi[$0] == hi[i0] },
                    "DeepSetsNetwork: the pooled coordinates must share their bounds (they are exchangeable)")
            (scale, offset) = unitBoxMap(lower: lo, upper: hi)
        } else {
            scale = Array(repeating: 1, count: c.inputDimension)
            offset = Array(repeating: 0, count: c.inputDimension)
        }
        var rng = RandomStream(seed: c.seed)
        var fanIn = 1
        featureWeights = []; featureBiases = []
        for width in c.featureHidden + [c.features] {
            featureWeights.append(Initializer.glorotUniform.weights(fanIn: fanIn, fanOut: width, using: &rng).requiringGradient())
            featureBiases.append(Tensor<Scalar>.zeros([width]).requiringGradient())
            fanIn = width
        }
        rho = MLP(MLP.Configuration(inputDimension: others.count + c.features, outputDimension: c.outputDimension,
                                    hidden: c.hidden, activation: c.activation, seed: c.seed &+ 0x9E37_79B9))
        let (x, w) = gaussLegendre(16)
        nodes = Tensor(shape: [x.count, 1], scalars: x.map { Scalar($0) })
        nodeWeights = Tensor(shape: [1, w.count], scalars: w.map { Scalar($0 / 2) })
    }

    /// phi's weights and biases interleaved, then rho's.
    public var parameters: [Tensor<Scalar>] {
        get { zip(featureWeights, featureBiases).flatMap { [$0, $1] } + rho.parameters }
        set {
            let k = 2 * featureWeights.count
            require(newValue.count == k + rho.parameters.count,
                    "DeepSetsNetwork.parameters: expected \(k + rho.parameters.count) tensors, got \(newValue.count)")
            for l in 0..<featureWeights.count {
                let (w, b) = (newValue[2 * l], newValue[2 * l + 1])
                require(w.shape == featureWeights[l].shape && b.shape == featureBiases[l].shape,
                        "DeepSetsNetwork.parameters: feature layer \(l) expects \(featureWeights[l].shape) and \(featureBiases[l].shape), got \(w.shape) and \(b.shape)")
                featureWeights[l] = w.isTracked ? w : w.requiringGradient()
                featureBiases[l] = b.isTracked ? b : b.requiringGradient()
            }
            rho.parameters = Array(newValue[k...])
        }
    }

    /// phi at one coordinate per row, `[N, 1]` -> `[N, K]`.
    func phi(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        var h = x
        for (W, b) in zip(featureWeights, featureBiases) { h = configuration.activation(h.matmul(W).addingRow(b)) }
        return h
    }

    /// phi's Taylor stack at one coordinate per row: value, d/dx and (with `second`) d^2/dx^2,
    /// each `[N, K]`, stacked.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    func phiJets(_ x: Tensor<Scalar>, first: Bool, second: Bool) -> Tensor<Scalar> {
        var plan = DerivativePlan<Scalar>(inputDimension: 1)
        if first {
            let e = plan.partial(0)
            if second { _ = plan.secondDirectional(e) }
        }
        let N = x.shape[0], layout = TaylorLayout(plan: plan, n: N)
        // The input's jets: x, then 1 (d/dx), then 0 (second order).
        var parts = [x]
        if first { parts.append(Tensor(repeating: 1, shape: [N, 1])) }
        if second { parts.append(Tensor.zeros([N, 1])) }
        var H = Tensor.concatenatingRows(parts)
        for (W, b) in zip(featureWeights, featureBiases) { H = configuration.activation.taylor(H.matmul(W), bias: b, layout: layout) }
        return H
    }

    var pooledCount: Int { configuration.pooled.count }
    /// 1 / sqrt|S|.
    var poolScale: Scalar { 1 / Scalar(pooledCount).squareRoot() }

    /// c = (1/2) int_{-1}^{1} phi, `[1, K]`, on the tape.
    func centre() -> Tensor<Scalar> { nodeWeights.matmul(phi(nodes)) }

    /// The scaled coordinates of S, one per row in (point, coordinate) order: `[n |S|, 1]`.
    func pooledInputs(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let S = configuration.pooled
        let s = Tensor(S.map { scale[$0] }), o = Tensor(S.map { offset[$0] })
        return x.gatheringColumns(S).multiplyingRow(s).addingRow(o).reshaped([x.shape[0] * S.count, 1])
    }

    /// The pooled features (1/sqrt|S|) sum_{i in S} (phi(x^_i) - c), `[n, K]`.
    func pooledFeatures(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        phi(pooledInputs(x)).addingRow(centre() * -1).summingRowBlocks(x.shape[0]) * poolScale
    }

    /// [x^_O, pooled] from the scaled other coordinates and the pooled block `[n, K]`.
    func joined(_ xo: Tensor<Scalar>?, _ pooled: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let xo else { return pooled }
        let r = others.count, K = configuration.features
        return xo.scatteringColumns(Array(0..<r), width: r + K) + pooled.scatteringColumns(Array(r..<(r + K)), width: r + K)
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        checkInput(x, "DeepSetsNetwork")
        let pooled = pooledFeatures(x)
        let xo: Tensor<Scalar>? = others.isEmpty ? nil
            : x.gatheringColumns(others).multiplyingRow(Tensor(others.map { scale[$0] })).addingRow(Tensor(others.map { offset[$0] }))
        return rho(joined(xo, pooled))
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        checkInput(x, "DeepSetsNetwork.taylor")
        let n = x.shape[0], m = pooledCount, K = configuration.features, r = others.count
        let S = configuration.pooled, g = poolScale
        let layout = TaylorLayout(plan: plan, n: n)
        let k = plan.directionCount
        // phi's jets along its one input at every (point, coordinate of S).
        let N = n * m
        let hasFirst = k > 0, hasSecond = k > 0 && !plan.channels.isEmpty
        let jets = phiJets(pooledInputs(x.detached), first: hasFirst, second: hasSecond)
        var blocks = [jets.rows(0..<N).addingRow(centre() * -1).summingRowBlocks(n) * g]
        let slot = Dictionary(uniqueKeysWithValues: S.enumerated().map { ($1, $0) })
        let xs = x.detached.scalars, D = inputDimension
        // The component of direction v at point p along S's coordinate a, scaled: s_i v_i.
        func directionScalars(_ dir: DerivativePlan<Scalar>.Direction) -> (Int, Int) -> Scalar {
            switch dir.kind {
            case .coordinate:
                // Coordinate directions take the O(n) paths (a gather of phi' rows, one slot of q).
                preconditionFailure("DeepSetsNetwork: a coordinate direction reached the general path")
            case .shared:
                let v = plan.sharedDirections[dir.index]
                return { _, a in scale[S[a]] * v[S[a]] }
            case .perPoint:
                let V = plan.pointDirections[dir.index].scalars
                return { p, a in scale[S[a]] * V[p * D + S[a]] }
            }
        }
        var phiPrime: Tensor<Scalar>? = nil
        if hasFirst {
            let f1 = jets.rows(N..<(2 * N))
            phiPrime = f1
            // Coordinate directions: one gather of their rows of phi' (rows of coordinates
            // outside S are multiplied by 0).
            if !plan.coordinates.isEmpty {
                var rows: [Int] = [], factor: [Scalar] = []
                rows.reserveCapacity(plan.coordinates.count * n); factor.reserveCapacity(plan.coordinates.count * n)
                for i in plan.coordinates {
                    let a = slot[i]
                    for p in 0..<n { rows.append(p * m + (a ?? 0)); factor.append(a == nil ? 0 : scale[i] * g) }
                }
                blocks.append(f1.gatheringRows(rows).multiplyingColumn(Tensor(factor)))
            }
            let general = (0..<plan.sharedDirections.count).map { DerivativePlan<Scalar>.Direction(kind: .shared, index: $0) }
                + (0..<plan.pointDirections.count).map { DerivativePlan<Scalar>.Direction(kind: .perPoint, index: $0) }
            for dir in general {
                let v = directionScalars(dir)
                var w = [Scalar](repeating: 0, count: n * m)
                for p in 0..<n { for a in 0..<m { w[p * m + a] = v(p, a) * g } }
                blocks.append(f1.multiplyingColumn(Tensor(w)).summingRowBlocks(n))
            }
            if hasSecond {
                let f2 = jets.rows((2 * N)..<(3 * N))
                for ch in plan.channels {
                    var q = [Scalar](repeating: 0, count: n * m)
                    let pw = ch.pointWeights?.scalars, T = ch.terms.count
                    for (t, term) in ch.terms.enumerated() {
                        if term.direction.kind == .coordinate {   // one coordinate: O(n)
                            let i = plan.coordinates[term.direction.index]
                            guard let a = slot[i] else { continue }
                            for p in 0..<n { q[p * m + a] += term.weight * (pw?[p * T + t] ?? 1) * g * scale[i] * scale[i] }
                            continue
                        }
                        let v = directionScalars(term.direction)
                        for p in 0..<n {
                            let w = term.weight * (pw?[p * T + t] ?? 1) * g
                            if w == 0 { continue }
                            for a in 0..<m { let c = v(p, a); q[p * m + a] += w * c * c }
                        }
                    }
                    blocks.append(f2.multiplyingColumn(Tensor(q)).summingRowBlocks(n))
                }
            }
        }
        var pooled = Tensor.concatenatingRows(blocks)
        if pooled.shape[0] < layout.blocks * n {   // no directions: channels are zero
            pooled = pooled.paddedRows(before: 0, after: layout.blocks * n - pooled.shape[0])
        }
        // The other coordinates enter rho linearly: values, the directions' components, no
        // second-order part.
        var Z = pooled
        if r > 0 {
            var O = [Scalar](repeating: 0, count: layout.blocks * n * r)
            for p in 0..<n { for (b, i) in others.enumerated() { O[p * r + b] = xs[p * D + i] * scale[i] + offset[i] } }
            let all = plan.coordinates.indices.map { DerivativePlan<Scalar>.Direction(kind: .coordinate, index: $0) }
                + (0..<plan.sharedDirections.count).map { DerivativePlan<Scalar>.Direction(kind: .shared, index: $0) }
                + (0..<plan.pointDirections.count).map { DerivativePlan<Scalar>.Direction(kind: .perPoint, index: $0) }
            for dir in all {
                let base = (1 + plan.position(of: dir)) * n * r
                let V = dir.kind == .perPoint ? plan.pointDirections[dir.index].scalars : []
                for (b, i) in others.enumerated() {
                    for p in 0..<n {
                        let v: Scalar
                        switch dir.kind {
                        case .coordinate: v = plan.coordinates[dir.index] == i ? 1 : 0
                        case .shared: v = plan.sharedDirections[dir.index][i]
                        case .perPoint: v = V[p * D + i]
                        }
                        O[base + p * r + b] = v * scale[i]
                    }
                }
            }
            Z = joined(Tensor(shape: [layout.blocks * n, r], scalars: O), pooled)
        }
        if let phiPrime, usesPooledHessian(plan) {
            let k1 = (1 + k) * n
            return Derivatives(plan: plan, pointCount: n, stack: pooledHessianStack(
                plan: plan, n: n, zValue: Z.rows(0..<n), firstJets: Z.rows(n..<k1),
                channelJets: Z.rows(k1..<(layout.blocks * n)), phiPrime: phiPrime))
        }
        return Derivatives(plan: plan, pointCount: n, stack: rho.taylor(inputJets: Z, layout: layout))
    }
}

// MARK: The Laplacian through the Hessian in the pooled space

extension DeepSetsNetwork {
    /// Whether `plan` is cheaper through rho's gradient in z = [x^_O, pooled] and Hessian in
    /// its pooled block than through one jet per direction: a single output, every channel
    /// term a coordinate of S (Laplacians, Hessian diagonals and diagonal traces over S), and
    /// more blocks than that pass has (q + K(K - 1)/2 directions and K(K + 1)/2 channels,
    /// q = |O| + K).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    func usesPooledHessian(_ plan: DerivativePlan<Scalar>) -> Bool {
        guard outputDimension == 1, !plan.channels.isEmpty else { return false }
        let K = configuration.features, q = others.count + K, pooledSet = Set(configuration.pooled)
        let termsInS = plan.channels.allSatisfy { ch in
            ch.terms.allSatisfy { $0.direction.kind == .coordinate && pooledSet.contains(plan.coordinates[$0.direction.index]) }
        }
        return termsInS && plan.directionCount + plan.channels.count > q + K * K
    }

    /// u and the plan's derivatives from rho's gradient G in z and Hessian H in its pooled block
    /// (one Taylor pass of rho on q + K(K - 1)/2 directions, independent of |S|):
    ///
    ///     d u / d v        = G . z'_v
    ///     channel c        = sum_e w_e (z'_e^T H z'_e + G . z''_e) = tr(H M_c) + G . a_c,
    ///     M_c = sum_e w_e z'_e z'_e^T  (in the pooled block: sum_i w_i s_i^2 g^2 phi'(x_i) phi'(x_i)^T)
    ///
    /// `zValue` `[n, q]` and the jets `firstJets` `[k n, q]` (z'_v for every direction v) and
    /// `channelJets` `[c n, q]` (a_c) are those of the direct path; `phiPrime` `[n |S|, K]`
    /// are phi' at every (point, coordinate).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    func pooledHessianStack(plan: DerivativePlan<Scalar>, n: Int, zValue: Tensor<Scalar>, firstJets: Tensor<Scalar>,
                            channelJets: Tensor<Scalar>, phiPrime: Tensor<Scalar>) -> Tensor<Scalar> {
        let r = others.count, K = configuration.features, q = r + K, m = pooledCount, k = plan.directionCount
        let g = poolScale
        // rho's gradient in all of z and its Hessian in the pooled block only (M is zero
        // elsewhere: every channel term is a coordinate of S): the entries (a, a), then (a, b)
        // for a < b, one channel each; M's off-diagonal entries count twice.
        let entries = (0..<K).map { ($0, $0) } + (0..<K).flatMap { a in ((a + 1)..<K).map { (a, $0) } }
        var hp = DerivativePlan<Scalar>(inputDimension: q)
        let grad = hp.gradient()
        for (a, b) in entries { _ = hp.secondPartial(r + a, r + b) }
        let rd = rho.taylor(zValue, plan: hp)
        let G = rd.matrix(grad)                                                    // [n, q]
        let H = rd.stack.rows(((1 + hp.directionCount) * n)..<((1 + hp.directionCount + entries.count) * n))
            .reshaped([entries.count, n]).transposed()                             // [n, entries]
        let gramColumns = entries.map { $0.0 * K + $0.1 }
        let twice = Tensor(entries.map { Scalar($0.0 == $0.1 ? 1 : 2) })
        var blocks = [rd.value]
        if k > 0 { blocks.append((firstJets * G.repeatingBlock(k)).sum(alongAxis: 1).reshaped([k * n, 1])) }
        let slot = Dictionary(uniqueKeysWithValues: configuration.pooled.enumerated().map { ($1, $0) })
        for (ci, ch) in plan.channels.enumerated() {
            var w = [Scalar](repeating: 0, count: n * m)
            let pw = ch.pointWeights?.scalars, T = ch.terms.count
            for (t, term) in ch.terms.enumerated() {
                let i = plan.coordinates[term.direction.index], a = slot[i]!
                for p in 0..<n { w[p * m + a] += term.weight * (pw?[p * T + t] ?? 1) * g * g * scale[i] * scale[i] }
            }
            // M's pooled block [n, K K], matched to H's columns.
            let M = phiPrime.weightedGram(weights: w, groups: n).gatheringColumns(gramColumns).multiplyingRow(twice)
            let quadratic = (H * M).sum(alongAxis: 1).reshaped([n, 1])
            let linear = (channelJets.rows((ci * n)..<((ci + 1) * n)) * G).sum(alongAxis: 1).reshaped([n, 1])
            blocks.append(quadratic + linear)
        }
        return Tensor.concatenatingRows(blocks)
    }
}

extension Tensor {
    /// For rows in `groups` consecutive groups of equal size, the weighted Gram matrix of each
    /// group, sum_i w_i y_i y_i^T, flattened: `[N, K]` with N = groups x size -> `[groups, K K]`.
    /// Its backward pass is not itself differentiable.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    func weightedGram(weights w: [Scalar], groups n: Int) -> Tensor {
        require(rank == 2 && shape[0] == w.count && n > 0 && shape[0] % n == 0,
                "weightedGram: \(shape) with \(w.count) weights in \(n) groups")
        let K = shape[1], m = shape[0] / n
        var y = Tensor.zeros([n, K * K])
        var scaled = [Scalar](repeating: 0, count: m * K)
        withUnsafeBufferPointer { yb in
            let py = yb.baseAddress!
            y.withUnsafeMutableBufferPointer { ob in
                for p in 0..<n {
                    for i in 0..<m {
                        let wi = w[p * m + i], row = (p * m + i) * K
                        for c in 0..<K { scaled[i * K + c] = wi * py[row + c] }
                    }
                    scaled.withUnsafeBufferPointer { sb in
                        Scalar.gemm(transA: true, transB: false, m: K, n: K, k: m, alpha: 1, a: py + p * m * K, lda: K,
                                    b: sb.baseAddress!, ldb: K, beta: 0, c: ob.baseAddress! + p * K * K, ldc: K)
                    }
                }
            }
        }
        return Tensor.record("weightedGram", y, [self]) { ctx in
            precondition(!ctx.grad.isTracked, "weightedGram: the backward pass cannot itself be differentiated")
            // dY_p = diag(w_p) Y_p (dM_p + dM_p^T)
            let Y = ctx.inputs[0], G = ctx.grad.scalars
            var dY = Tensor<Scalar>.zeros(Y.shape)
            var sym = [Scalar](repeating: 0, count: K * K)
            Y.withUnsafeBufferPointer { yb in
                dY.withUnsafeMutableBufferPointer { db in
                    let dy = db.baseAddress!
                    for p in 0..<n {
                        for a in 0..<K {
                            for b in 0..<K { sym[a * K + b] = G[p * K * K + a * K + b] + G[p * K * K + b * K + a] }
                        }
                        sym.withUnsafeBufferPointer { sb in
                            Scalar.gemm(transA: false, transB: false, m: m, n: K, k: K, alpha: 1, a: yb.baseAddress! + p * m * K,
                                        lda: K, b: sb.baseAddress!, ldb: K, beta: 0, c: dy + p * m * K, ldc: K)
                        }
                        for i in 0..<m {
                            let wi = w[p * m + i], row = (p * m + i) * K
                            for c in 0..<K { dy[row + c] *= wi }
                        }
                    }
                }
            }
            return [dY]
        }
    }
}
