import Autodiff
import Networks

/// The network's output u at a batch of points, and the derivatives of it that a residual
/// asks for, as tensors on the tape.
///
/// A residual is written once, as a closure over a `Field`:
///
///     { f in f.d(1) - 0.01 * f.laplacian() }            // u_t = 0.01 Lap u
///
/// and the solver runs it twice per batch: first in *recording* mode, where every request
/// (`d(1)`, `laplacian()`, ...) is added to one `DerivativePlan` and answered with zeros,
/// then, after one evaluation of the whole plan by the chosen engine, in *answering* mode,
/// where the same requests, in the same order, return the real derivatives. So all
/// derivatives a residual needs come from one pass. The closure must ask for the same
/// operators in the same order on every call (no branching on values).
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

    enum Mode { case recording, answering(Derivatives<Scalar>) }
    var mode: Mode = .recording
    var plan: DerivativePlan<Scalar>
    var requests: [Request] = []
    /// Derivatives of order > 2 (answering mode).
    var higher: (([Int], Int) -> Tensor<Scalar>)?
    var cursor = 0
    var rng: RandomStream

    enum Request {
        case value
        case first(DerivativePlan<Scalar>.FirstOrder)
        case firsts([DerivativePlan<Scalar>.FirstOrder])
        case second(DerivativePlan<Scalar>.SecondOrder)
        case higher([Int])
    }

    init(points: Tensor<Scalar>, normals: Tensor<Scalar>?, targets: Tensor<Scalar>?, inputNames: [String], timeIndex: Int?,
         unknowns: [String: Tensor<Scalar>], estimator: LaplacianEstimator, directions: Int = 16, rng: RandomStream) {
        self.points = points.detached; self.normals = normals?.detached; self.targets = targets?.detached; self.inputNames = inputNames
        self.timeIndex = timeIndex; self.unknowns = unknowns; self.laplacianEstimator = estimator; self.directions = directions
        self.plan = DerivativePlan(inputDimension: points.shape[1]); self.rng = rng
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

    func request(_ make: (inout DerivativePlan<Scalar>) -> Request) -> Request {
        switch mode {
        case .recording:
            let r = make(&plan)
            requests.append(r)
            return r
        case .answering:
            require(cursor < requests.count, "Field: the residual asked for more derivatives than when it was recorded; it must ask for the same operators in the same order every time")
            defer { cursor += 1 }
            return requests[cursor]
        }
    }

    func component(_ t: Tensor<Scalar>, _ c: Int) -> Tensor<Scalar> {
        require(c >= 0 && c < t.shape[1], "Field: output component \(c) does not exist (\(t.shape[1]) outputs)")
        return t.shape[1] == 1 ? t : t.column(c)
    }

    func answer(_ r: Request, _ c: Int) -> Tensor<Scalar> {
        guard case .answering(let d) = mode else { return Tensor.zeros([count, 1]) }
        switch r {
        case .value: return component(d.value, c)
        case .first(let h): return component(d[h], c)
        case .second(let h): return component(d[h], c)
        case .firsts(let hs): return d.matrix(hs, component: c)
        case .higher(let coords): return higher!(coords, c)
        }
    }

    /// u (component c), `[n, 1]`.
    public func value(_ c: Int = 0) -> Tensor<Scalar> { answer(request { _ in .value }, c) }
    /// u, the first output component.
    public var u: Tensor<Scalar> { value(0) }

    /// du_c / dx_i, `[n, 1]`.
    public func d(_ i: Int, _ c: Int = 0) -> Tensor<Scalar> { answer(request { .first($0.partial(i)) }, c) }

    /// d^2 u_c / dx_i dx_j, `[n, 1]`.
    public func d2(_ i: Int, _ j: Int, _ c: Int = 0) -> Tensor<Scalar> {
        answer(request { .second($0.secondPartial(i, j)) }, c)
    }

    /// d^k u_c / dx_{i1} ... dx_{ik} for any order k (e.g. [0, 0, 0] for u_xxx), outside the
    /// one-pass plan: along one coordinate by univariate Taylor mode (`Model.series`, one
    /// series per coordinate to the highest order asked), mixed ones by nested reverse mode.
    /// Use `d` and `d2` for orders 1 and 2.
    public func derivative(_ coords: [Int], _ c: Int = 0) -> Tensor<Scalar> {
        for i in coords { require(i >= 0 && i < dimension, "Field.derivative: coordinate \(i) out of range for \(dimension) inputs") }
        return answer(request { _ in .higher(coords) }, c)
    }

    /// du_c/dt.
    public func dt(_ c: Int = 0) -> Tensor<Scalar> { d(requireTime("dt"), c) }

    /// The gradient of u_c over `coords` (the space coordinates by default), `[n, k]`.
    public func gradient(_ coords: [Int]? = nil, _ c: Int = 0) -> Tensor<Scalar> {
        let cs = coords ?? spaceCoordinates
        guard case .answering = mode else { _ = request { .firsts($0.gradient(cs)) }; return Tensor.zeros([count, cs.count]) }
        return answer(request { .firsts($0.gradient(cs)) }, c)
    }

    /// The Laplacian of u_c over `coords` (the space coordinates by default), `[n, 1]`,
    /// exact or estimated as `laplacianEstimator` says.
    public func laplacian(_ coords: [Int]? = nil, _ c: Int = 0) -> Tensor<Scalar> {
        let cs = coords ?? spaceCoordinates
        return answer(request { plan in
            switch laplacianEstimator {
            case .exact: return .second(plan.laplacian(cs))
            case .sampled: return .second(plan.sampledLaplacian(cs, samples: Swift.min(directions, cs.count), using: &rng))
            case .hutchinson: return .second(plan.hutchinsonLaplacian(cs, probes: directions, using: &rng))
            }
        }, c)
    }

    /// tr(diag(s)^2 Hess u_c) = sum_i s_i^2 d^2u/dx_i^2 over `coords` (space by default),
    /// with s of shape `[n, coords.count]` (per point) or `[coords.count]`.
    public func weightedTrace(diagonal s: Tensor<Scalar>, _ coords: [Int]? = nil, _ c: Int = 0) -> Tensor<Scalar> {
        let cs = coords ?? spaceCoordinates
        return answer(request { .second($0.weightedTrace(diagonal: s, coordinates: cs)) }, c)
    }

    /// The derivative along the outward normal, for points on a boundary.
    public func normalDerivative(_ c: Int = 0) -> Tensor<Scalar> {
        guard let nrm = normals else { fatalError("Field.normalDerivative: these points carry no normals (not a boundary condition)") }
        return answer(request { .first($0.directional(perPoint: nrm)) }, c)
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
