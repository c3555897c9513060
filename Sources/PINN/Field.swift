import Autodiff
import Networks

/// The network's output u at a batch of points, and the derivatives of it that a residual
/// asks for, as tensors on the tape.
///
/// A residual is written once, as a closure over a `Field`:
///
///     { f in f.d(1) - 0.01 * f.laplacian() }            // u_t = 0.01 Lap u
///
/// and runs once per batch. The operators it asks for (`d(1)`, `laplacian()`, ...) are
/// recorded once, when the solver is built (`RecordedResidual`: the closure is called at two
/// points with every derivative answered by zeros); each batch, the chosen engine evaluates
/// all of them in one pass before the closure runs, and each request reads its answer. So
/// the closure must ask for the same operators in the same order on every call (no
/// branching on values or on the batch); a call that asks for anything else stops with a
/// message naming both sequences. Work that does not depend on derivatives (source terms,
/// coefficients of the points) is done in that one call, as in any function.
public final class Field<Scalar: TensorScalar> {
    /// The points, `[n, D]` (constants).
    public let points: Tensor<Scalar>
    /// Outward unit normals at the points, `[n, D]`, when the points lie on a boundary.
    public let normals: Tensor<Scalar>?
    /// Target values at the points (data conditions), `[n, outputs]`.
    public let targets: Tensor<Scalar>?
    /// Names of the input coordinates, e.g. ["x", "t"].
    public let inputNames: [String]
    /// The index of time among the inputs, if the problem has a time axis.
    public let timeIndex: Int?
    /// The values of the problem's unknown scalar coefficients (inverse problems), as
    /// tracked one-element tensors.
    public let unknowns: [String: Tensor<Scalar>]
    /// How Laplacians are computed: exactly, or by an unbiased random estimate.
    public let laplacianEstimator: LaplacianEstimator
    /// Sampled coordinates or probe directions of the random estimates.
    public let directions: Int

    /// What the field does with a request.
    enum Mode {
        /// Each request is appended to `requests` and answered with zeros.
        case recording
        /// The batch's plan is being built (a weighted trace's diagonal is computed): no requests.
        case preparing
        /// Each request is checked against `requests[cursor]` and read from the evaluated plan.
        case answering(Derivatives<Scalar>, [Handle])
    }
    var mode: Mode = .recording
    /// The operators asked for: appended while recording, checked against while answering.
    var requests: [Request] = []
    var cursor = 0
    /// The draws of the stochastic Laplacian estimators (fresh per batch, in request order).
    var rng: RandomStream

    /// One operator a residual asks for, as recorded: what does not depend on the batch.
    enum Request: CustomStringConvertible {
        case value
        case partial(Int)
        case secondPartial(Int, Int)
        case gradient([Int])
        case laplacian([Int])
        case weightedTrace([Int], diagonal: (Field<Scalar>) -> Tensor<Scalar>)
        case normalDerivative
        case derivative([Int])

        var description: String {
            switch self {
            case .value: return "value"
            case .partial(let i): return "d(\(i))"
            case .secondPartial(let i, let j): return "d2(\(i), \(j))"
            case .gradient(let cs): return "gradient(\(cs))"
            case .laplacian(let cs): return "laplacian(\(cs))"
            case .weightedTrace(let cs, _): return "weightedTrace(\(cs))"
            case .normalDerivative: return "normalDerivative"
            case .derivative(let cs): return "derivative(\(cs))"
            }
        }

        /// The same operator with the same coordinates (a weighted trace's diagonal is the
        /// one recorded, so only its coordinates are compared).
        func isSame(as other: Request) -> Bool {
            switch (self, other) {
            case (.value, .value), (.normalDerivative, .normalDerivative): return true
            case (.partial(let a), .partial(let b)): return a == b
            case (.secondPartial(let a, let b), .secondPartial(let c, let d)): return a == c && b == d
            case (.gradient(let a), .gradient(let b)), (.laplacian(let a), .laplacian(let b)),
                 (.weightedTrace(let a, _), .weightedTrace(let b, _)), (.derivative(let a), .derivative(let b)):
                return a == b
            default: return false
            }
        }

        /// Columns of the answer: k for a gradient over k coordinates, else 1.
        var columns: Int {
            if case .gradient(let cs) = self { return cs.count }
            return 1
        }
    }

    /// Where a request's answer lies in the batch's evaluated plan.
    enum Handle {
        case value
        case first(DerivativePlan<Scalar>.FirstOrder)
        case firsts([DerivativePlan<Scalar>.FirstOrder])
        case second(DerivativePlan<Scalar>.SecondOrder)
        case derivative(DerivativePlan<Scalar>.HigherOrder)
    }

    /// A field at `points` (with their normals and targets where a condition gives them).
    /// `rng` draws the stochastic Laplacian estimators' samples for this batch.
    public init(points: Tensor<Scalar>, normals: Tensor<Scalar>? = nil, targets: Tensor<Scalar>? = nil,
                inputNames: [String], timeIndex: Int? = nil, unknowns: [String: Tensor<Scalar>] = [:],
                estimator: LaplacianEstimator = .exact, directions: Int = 16, rng: RandomStream = RandomStream(seed: 0)) {
        require(points.rank == 2 && points.shape[1] == inputNames.count,
                "Field: points of shape \(points.shape) for the \(inputNames.count) inputs \(inputNames)")
        self.points = points.detached; self.normals = normals?.detached; self.targets = targets?.detached; self.inputNames = inputNames
        self.timeIndex = timeIndex; self.unknowns = unknowns; self.laplacianEstimator = estimator; self.directions = directions
        self.rng = rng
    }

    /// The number of points.
    public var count: Int { points.shape[0] }
    /// The input dimension D.
    public var dimension: Int { points.shape[1] }
    /// The space coordinates: every input but time.
    public var spaceCoordinates: [Int] { (0..<dimension).filter { $0 != timeIndex } }

    /// Coordinate i of the points, `[n, 1]`.
    public func coordinate(_ i: Int) -> Tensor<Scalar> {
        require(i >= 0 && i < dimension, "Field.coordinate(\(i)): input dimension is \(dimension)")
        return points.column(i)
    }

    /// The time coordinate, `[n, 1]`.
    public var t: Tensor<Scalar> { coordinate(requireTime("t")) }

    /// The space coordinates, `[n, d]`.
    public var x: Tensor<Scalar> { timeIndex == nil ? points : points.gatheringColumns(spaceCoordinates) }

    func requireTime(_ op: String) -> Int {
        guard let t = timeIndex else { fatalError("Field.\(op): this problem has no time axis (inputs \(inputNames))") }
        return t
    }

    /// An unknown coefficient of an inverse problem, a tracked `[1, 1]` tensor.
    public func unknown(_ name: String) -> Tensor<Scalar> {
        guard let v = unknowns[name] else {
            fatalError("Field.unknown(\"\(name)\"): the problem declares unknowns \(unknowns.keys.sorted())")
        }
        return v.reshaped([1, 1])
    }

    /// A one-element tensor broadcast to `[n, 1]` (for scalar coefficients in residuals).
    public func column(_ s: Tensor<Scalar>) -> Tensor<Scalar> { s.broadcast(to: [count, 1]) }

    // MARK: Requests

    /// Records `r`, or answers it (component c) from the evaluated plan.
    func ask(_ r: Request, _ c: Int) -> Tensor<Scalar> {
        switch mode {
        case .recording:
            requests.append(r)
            return Tensor.zeros([count, r.columns])
        case .preparing:
            fatalError("Field: \(r) asked while the batch's derivatives are being prepared: a weighted trace's diagonal must be computed from the points, not from u or its derivatives")
        case .answering(let d, let handles):
            require(cursor < requests.count && requests[cursor].isSame(as: r),
                    "Field: request \(cursor + 1) of this call is \(r), but the residual was recorded asking for \(Self.list(requests)); a residual must ask for the same operators in the same order every call (no branching on values, on the batch or on state kept between calls)")
            let h = handles[cursor]
            cursor += 1
            return answer(h, d, c)
        }
    }

    func component(_ t: Tensor<Scalar>, _ c: Int) -> Tensor<Scalar> {
        require(c >= 0 && c < t.shape[1], "Field: output component \(c) does not exist (\(t.shape[1]) outputs)")
        return t.shape[1] == 1 ? t : t.column(c)
    }

    func answer(_ h: Handle, _ d: Derivatives<Scalar>, _ c: Int) -> Tensor<Scalar> {
        switch h {
        case .value: return component(d.value, c)
        case .first(let k): return component(d[k], c)
        case .second(let k): return component(d[k], c)
        case .firsts(let ks): return d.matrix(ks, component: c)
        case .derivative(let k): return d.derivative(k, component: c)
        }
    }

    static func list(_ requests: [Request]) -> String {
        requests.isEmpty ? "nothing" : "[" + requests.map(\.description).joined(separator: ", ") + "]"
    }

    // MARK: One batch

    /// The batch's plan for the recorded `requests`, and each request's handle in it. What
    /// depends on the batch is made here, in request order: the stochastic Laplacians' draws
    /// (from `rng`), the normal directions, the weighted traces' diagonals.
    func plan(for requests: [Request]) -> (DerivativePlan<Scalar>, [Handle]) {
        mode = .preparing
        var plan = DerivativePlan<Scalar>(inputDimension: dimension)
        let handles = requests.map { r -> Handle in
            switch r {
            case .value: return .value
            case .partial(let i): return .first(plan.partial(i))
            case .secondPartial(let i, let j): return .second(plan.secondPartial(i, j))
            case .gradient(let cs): return .firsts(plan.gradient(cs))
            case .laplacian(let cs):
                switch laplacianEstimator {
                case .exact: return .second(plan.laplacian(cs))
                case .sampled: return .second(plan.sampledLaplacian(cs, samples: Swift.min(directions, cs.count), using: &rng))
                case .hutchinson: return .second(plan.hutchinsonLaplacian(cs, probes: directions, using: &rng))
                }
            case .weightedTrace(let cs, let s): return .second(plan.weightedTrace(diagonal: diagonal(s, cs), coordinates: cs))
            case .normalDerivative:
                guard let nrm = normals else { fatalError("Field.normalDerivative: these points carry no normals (not a boundary condition)") }
                return .first(plan.directional(perPoint: nrm))
            case .derivative(let cs): return .derivative(plan.derivative(cs))
            }
        }
        return (plan, handles)
    }

    /// A weighted trace's diagonal at these points, checked.
    func diagonal(_ s: (Field<Scalar>) -> Tensor<Scalar>, _ cs: [Int]) -> Tensor<Scalar> {
        let v = s(self)
        require(v.shape == [count, cs.count] || v.shape == [cs.count],
                "Field.weightedTrace: the diagonal has shape \(v.shape), expected [\(count), \(cs.count)] or [\(cs.count)]")
        return v
    }

    /// Answers the requests from now on from `d`, the evaluated plan.
    func startAnswering(_ d: Derivatives<Scalar>, handles: [Handle]) {
        mode = .answering(d, handles)
        cursor = 0
    }

    /// Checks that the call asked for every recorded operator.
    func finishAnswering() {
        require(cursor == requests.count,
                "Field: the residual asked for \(Self.list(Array(requests.prefix(cursor)))) in this call, but was recorded asking for \(Self.list(requests)); a residual must ask for the same operators in the same order every call (no branching on values, on the batch or on state kept between calls)")
    }

    // MARK: Operators

    /// u (component c), `[n, 1]`.
    public func value(_ c: Int = 0) -> Tensor<Scalar> { ask(.value, c) }
    /// u, the first output component.
    public var u: Tensor<Scalar> { value(0) }

    /// du_c / dx_i, `[n, 1]`.
    public func d(_ i: Int, _ c: Int = 0) -> Tensor<Scalar> { ask(.partial(i), c) }

    /// d^2 u_c / dx_i dx_j, `[n, 1]`.
    public func d2(_ i: Int, _ j: Int, _ c: Int = 0) -> Tensor<Scalar> { ask(.secondPartial(i, j), c) }

    /// d^k u_c / dx_{i1} ... dx_{ik} for any order k (e.g. [0, 0, 0] for u_xxx), outside the
    /// stacked plan: along one coordinate by univariate Taylor mode (`Model.series`, one
    /// series per coordinate to the highest order asked), mixed ones by nested reverse mode
    /// (`HigherDerivatives`). Use `d` and `d2` for orders 1 and 2.
    public func derivative(_ coords: [Int], _ c: Int = 0) -> Tensor<Scalar> {
        for i in coords { require(i >= 0 && i < dimension, "Field.derivative: coordinate \(i) out of range for \(dimension) inputs") }
        return ask(.derivative(coords), c)
    }

    /// du_c/dt.
    public func dt(_ c: Int = 0) -> Tensor<Scalar> { d(requireTime("dt"), c) }

    /// The gradient of u_c over `coords` (the space coordinates by default), `[n, k]`.
    public func gradient(_ coords: [Int]? = nil, _ c: Int = 0) -> Tensor<Scalar> {
        ask(.gradient(coords ?? spaceCoordinates), c)
    }

    /// The Laplacian of u_c over `coords` (the space coordinates by default), `[n, 1]`,
    /// exact or estimated as `laplacianEstimator` says (a stochastic estimate draws its
    /// directions afresh every batch).
    public func laplacian(_ coords: [Int]? = nil, _ c: Int = 0) -> Tensor<Scalar> {
        ask(.laplacian(coords ?? spaceCoordinates), c)
    }

    /// tr(diag(s)^2 Hess u_c) = sum_i s_i^2 d^2u/dx_i^2 over `coords` (space by default), with
    /// s = `diagonal(field)` of shape `[n, coords.count]` (per point) or `[coords.count]`.
    ///
    /// The weights enter the engine's pass, which runs before the residual: so s is given as
    /// a function of the field's points (`f.x`, `f.t`, `f.points`; not u or its derivatives),
    /// computed for each batch from the closure passed when the residual was recorded, e.g.
    /// `f.weightedTrace { $0.x * sigma }`.
    public func weightedTrace(_ coords: [Int]? = nil, _ c: Int = 0,
                              diagonal: @escaping (Field<Scalar>) -> Tensor<Scalar>) -> Tensor<Scalar> {
        let cs = coords ?? spaceCoordinates
        if case .recording = mode {
            mode = .preparing
            _ = self.diagonal(diagonal, cs)
            mode = .recording
        }
        return ask(.weightedTrace(cs, diagonal: diagonal), c)
    }

    /// The derivative along the outward normal, for points on a boundary.
    public func normalDerivative(_ c: Int = 0) -> Tensor<Scalar> {
        guard normals != nil else { fatalError("Field.normalDerivative: these points carry no normals (not a boundary condition)") }
        return ask(.normalDerivative, c)
    }
}

/// How a Laplacian request is computed (`--estimator`; k is `Settings.directions`, the
/// field's `directions`). The raw values are the names in config files, checkpoints' settings
/// files, result files and summaries.
public enum LaplacianEstimator: String, Codable, Sendable, CaseIterable {
    /// All d second derivatives.
    case exact
    /// k coordinates sampled without replacement per step, scaled by d/k (unbiased).
    case sampled
    /// k Rademacher probe directions per step (Hutchinson, unbiased).
    case hutchinson
}
