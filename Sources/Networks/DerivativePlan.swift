import Autodiff

/// The derivatives of a network's output u(x) that one evaluation computes together.
///
/// A plan is a set of first-order directions v_1 ... v_k and second-order channels; channel
/// c is the weighted sum  sum_e w_e(x) d^2u/dv_{j_e}^2  of second directional derivatives.
/// Every operator a PDE residual needs reduces to this form:
///
/// - partial derivative d/dx_i: the direction e_i;
/// - gradient: the directions e_i of the chosen coordinates;
/// - Laplacian over coordinates S: one channel sum_{i in S} d^2/de_i^2;
/// - Hessian diagonal: one channel per coordinate;
/// - mixed partial d^2/dx_i dx_j: (1/2)(d^2_{e_i+e_j} - d^2_{e_i} - d^2_{e_j});
/// - weighted trace tr(S S^T Hess u) = sum_j d^2/ds_j^2 over the columns s_j of S, with S
///   diagonal (per-point weights s_i^2 on coordinate directions), constant, or per point;
/// - stochastic estimators: k random directions with weight 1/k (Hutchinson), or k sampled
///   coordinates with weight d/k (stochastic dimension sampling).
///
/// Asking for the same partial or Laplacian twice returns the same handle; the engines
/// (`TaylorEngine`, `NestedEngine`) evaluate the whole plan in one pass.
///
/// Derivatives of any order given by their coordinates (u_xxx: `derivative([0, 0, 0])`) are
/// listed apart, outside the stacked layout: `Model.derivatives(at:plan:engine:)` routes them
/// (`HigherDerivatives`: univariate Taylor series or nested reverse mode).
public struct DerivativePlan<Scalar: TensorScalar> {
    /// The network's input dimension.
    public let inputDimension: Int

    /// Coordinate directions e_i, in the order added.
    public private(set) var coordinates: [Int] = []
    /// Directions shared by all points, each a vector of `inputDimension` components.
    public private(set) var sharedDirections: [[Scalar]] = []
    /// Per-point directions: each a `[n, inputDimension]` tensor (row i for point i).
    public private(set) var pointDirections: [Tensor<Scalar>] = []
    /// The second-order channels.
    public private(set) var channels: [Channel] = []
    /// Derivatives given by their coordinates (`derivative(_:)`), in the order asked.
    public private(set) var higherOrders: [[Int]] = []

    private var coordinateIndex: [Int: Int] = [:]
    private var laplacianIndex: [[Int]: SecondOrder] = [:]

    public init(inputDimension: Int) {
        require(inputDimension >= 1, "DerivativePlan: input dimension must be at least 1, got \(inputDimension)")
        self.inputDimension = inputDimension
    }

    /// A first-order direction, by kind and position within its kind.
    public struct Direction: Hashable, Sendable {
        public enum Kind: Int, Sendable { case coordinate, shared, perPoint }
        public let kind: Kind
        public let index: Int
    }

    /// One term w * (pointWeight) * d^2u/dv^2 of a channel.
    public struct Term {
        public let direction: Direction
        public let weight: Scalar
        public init(direction: Direction, weight: Scalar) { self.direction = direction; self.weight = weight }
    }

    /// A second-order channel: sum over terms of weight * pointWeights[i, e] * d^2u/dv_e^2.
    public struct Channel {
        public let terms: [Term]
        /// Optional per-point factors, `[n, terms.count]`, constant (no gradient).
        public let pointWeights: Tensor<Scalar>?
    }

    /// Handle of a first-order derivative in the plan.
    public typealias FirstOrder = Direction
    /// Handle of a second-order channel in the plan.
    public struct SecondOrder: Hashable, Sendable { public let index: Int }
    /// Handle of a derivative given by its coordinates (`derivative(_:)`).
    public struct HigherOrder: Hashable, Sendable { public let index: Int }

    /// The number of first-order directions.
    public var directionCount: Int { coordinates.count + sharedDirections.count + pointDirections.count }

    /// The position of a direction among all directions (coordinates, then shared, then per point).
    public func position(of d: Direction) -> Int {
        switch d.kind {
        case .coordinate: return d.index
        case .shared: return coordinates.count + d.index
        case .perPoint: return coordinates.count + sharedDirections.count + d.index
        }
    }

    func checkCoordinate(_ i: Int, _ op: String) {
        require(i >= 0 && i < inputDimension,
                     "\(op): coordinate \(i) does not exist for input dimension \(inputDimension) (valid: 0..<\(inputDimension))")
    }

    // MARK: First order

    /// d u / d x_i.
    public mutating func partial(_ i: Int) -> FirstOrder {
        checkCoordinate(i, "partial")
        if let k = coordinateIndex[i] { return Direction(kind: .coordinate, index: k) }
        coordinates.append(i)
        coordinateIndex[i] = coordinates.count - 1
        return Direction(kind: .coordinate, index: coordinates.count - 1)
    }

    /// The partial derivatives over `coords` (all coordinates when nil), in that order.
    public mutating func gradient(_ coords: [Int]? = nil) -> [FirstOrder] {
        (coords ?? Array(0..<inputDimension)).map { partial($0) }
    }

    /// The directional derivative along a vector shared by all points.
    public mutating func directional(_ v: [Scalar]) -> FirstOrder {
        require(v.count == inputDimension,
                     "directional: direction has \(v.count) components, input dimension is \(inputDimension)")
        sharedDirections.append(v)
        return Direction(kind: .shared, index: sharedDirections.count - 1)
    }

    /// The directional derivative along a per-point direction field `v` of shape `[n, D]`.
    public mutating func directional(perPoint v: Tensor<Scalar>) -> FirstOrder {
        require(v.rank == 2 && v.shape[1] == inputDimension,
                     "directional(perPoint:): needs [n, \(inputDimension)], got \(v.shape)")
        if let n = pointDirections.first?.shape[0] {
            require(v.shape[0] == n, "directional(perPoint:): \(v.shape[0]) rows, earlier directions have \(n)")
        }
        pointDirections.append(v.detached)
        return Direction(kind: .perPoint, index: pointDirections.count - 1)
    }

    // MARK: Second order

    /// A custom channel: sum_e weights[e] * pointWeights[i, e] * d^2u/dv_e^2.
    public mutating func channel(_ terms: [Term], pointWeights: Tensor<Scalar>? = nil) -> SecondOrder {
        if let p = pointWeights {
            require(p.rank == 2 && p.shape[1] == terms.count,
                         "channel: point weights must be [n, \(terms.count)], got \(p.shape)")
        }
        channels.append(Channel(terms: terms, pointWeights: pointWeights?.detached))
        return SecondOrder(index: channels.count - 1)
    }

    /// The second directional derivative d^2u/dv^2 along a direction already in the plan.
    public mutating func secondDirectional(_ d: Direction) -> SecondOrder {
        channel([Term(direction: d, weight: 1)])
    }

    /// d^2u / dx_i dx_j (polarisation for i != j).
    public mutating func secondPartial(_ i: Int, _ j: Int) -> SecondOrder {
        checkCoordinate(i, "secondPartial"); checkCoordinate(j, "secondPartial")
        if i == j { return secondDirectional(partial(i)) }
        var v = [Scalar](repeating: 0, count: inputDimension)
        v[i] = 1; v[j] = 1
        let both = directional(v), ei = partial(i), ej = partial(j)
        return channel([Term(direction: both, weight: 0.5), Term(direction: ei, weight: -0.5),
                        Term(direction: ej, weight: -0.5)])
    }

    /// The Laplacian over `coords` (all coordinates when nil).
    public mutating func laplacian(_ coords: [Int]? = nil) -> SecondOrder {
        let cs = coords ?? Array(0..<inputDimension)
        if let h = laplacianIndex[cs] { return h }
        let h = channel(cs.map { Term(direction: partial($0), weight: 1) })
        laplacianIndex[cs] = h
        return h
    }

    /// d^2u/dx_i^2 for each coordinate in `coords`, one channel each.
    public mutating func hessianDiagonal(_ coords: [Int]? = nil) -> [SecondOrder] {
        (coords ?? Array(0..<inputDimension)).map { secondDirectional(partial($0)) }
    }

    /// tr(diag(s)^2 Hess u) = sum_i s_i(x)^2 d^2u/dx_i^2 over `coords`, with `s` of shape
    /// `[n, coords.count]` (per point) or `[coords.count]` (shared).
    public mutating func weightedTrace(diagonal s: Tensor<Scalar>, coordinates coords: [Int]? = nil) -> SecondOrder {
        let cs = coords ?? Array(0..<inputDimension)
        let dirs = cs.map { partial($0) }
        if s.rank == 1 {
            require(s.count == cs.count, "weightedTrace(diagonal:): \(s.count) factors for \(cs.count) coordinates")
            return channel(zip(dirs, s.scalars).map { Term(direction: $0, weight: $1 * $1) })
        }
        require(s.rank == 2 && s.shape[1] == cs.count,
                     "weightedTrace(diagonal:): needs [n, \(cs.count)] or [\(cs.count)], got \(s.shape)")
        return channel(dirs.map { Term(direction: $0, weight: 1) }, pointWeights: s.detached.square())
    }

    /// tr(S S^T Hess u) for a constant factor S of shape `[D, q]`: the sum of the second
    /// directional derivatives along the columns of S.
    public mutating func weightedTrace(factor S: Tensor<Scalar>) -> SecondOrder {
        require(S.rank == 2 && S.shape[0] == inputDimension,
                     "weightedTrace(factor:): needs [\(inputDimension), q], got \(S.shape)")
        let cols = S.transposed().rows
        return channel(cols.map { Term(direction: directional($0), weight: 1) })
    }

    /// tr(S(x) S(x)^T Hess u) for a per-point factor given by its columns, each `[n, D]`.
    public mutating func weightedTrace(pointFactorColumns cols: [Tensor<Scalar>]) -> SecondOrder {
        channel(cols.map { Term(direction: directional(perPoint: $0), weight: 1) })
    }

    // MARK: Any order

    /// d^k u / dx_{i1} ... dx_{ik} for the coordinates `coords` (e.g. [0, 0, 0] for u_xxx), of
    /// any order: outside the stacked layout, answered by `Derivatives.derivative(_:component:)`
    /// when first asked (`HigherDerivatives`). Orders 1 and 2 are cheaper as `partial` and
    /// `secondPartial`.
    public mutating func derivative(_ coords: [Int]) -> HigherOrder {
        for i in coords { checkCoordinate(i, "derivative") }
        higherOrders.append(coords)
        return HigherOrder(index: higherOrders.count - 1)
    }

    // MARK: Stochastic estimators

    /// The distribution of Hutchinson probe vectors.
    public enum Probe: String, Sendable, CaseIterable { case rademacher, gaussian }

    /// An unbiased estimate of the Laplacian over `coords` from `k` random directions v
    /// with E[v v^T] = I on those coordinates (Hutchinson 1990): (1/k) sum_j d^2u/dv_j^2.
    /// The directions are shared by all points of the batch.
    public mutating func hutchinsonLaplacian(_ coords: [Int]? = nil, probes k: Int, distribution: Probe = .rademacher,
                                             using rng: inout RandomStream) -> SecondOrder {
        require(k >= 1, "hutchinsonLaplacian: needs at least 1 probe, got \(k)")
        let cs = coords ?? Array(0..<inputDimension)
        for c in cs { checkCoordinate(c, "hutchinsonLaplacian") }
        var terms: [Term] = []
        for _ in 0..<k {
            var v = [Scalar](repeating: 0, count: inputDimension)
            for c in cs {
                v[c] = distribution == .rademacher ? (rng.next() & 1 == 0 ? 1 : -1) : rng.normal(Scalar.self)
            }
            terms.append(Term(direction: directional(v), weight: 1 / Scalar(k)))
        }
        return channel(terms)
    }

    /// An unbiased estimate of the Laplacian over `coords` (d of them) from `k` coordinates
    /// sampled without replacement: (d/k) sum_{sampled i} d^2u/dx_i^2 (stochastic
    /// dimension sampling, Hu et al. 2024). The sample is shared by all points of the batch.
    public mutating func sampledLaplacian(_ coords: [Int]? = nil, samples k: Int,
                                          using rng: inout RandomStream) -> SecondOrder {
        var cs = coords ?? Array(0..<inputDimension)
        require(k >= 1 && k <= cs.count, "sampledLaplacian: needs 1 <= samples <= \(cs.count), got \(k)")
        for i in 0..<k {   // partial Fisher-Yates shuffle
            let j = i + Int(rng.next() % UInt64(cs.count - i))
            cs.swapAt(i, j)
        }
        let w = Scalar(cs.count) / Scalar(k)
        return channel(cs.prefix(k).map { Term(direction: partial($0), weight: w) })
    }
}
