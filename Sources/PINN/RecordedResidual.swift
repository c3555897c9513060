import Autodiff
import Networks

/// A closure over a `Field` (a problem's residual, a condition's residual) with the operators
/// it asks for, recorded once.
///
/// Recording calls the closure once, at a few points, answering every request with zeros, and
/// keeps the list of operators (`Problem.validate` records a problem's closures at two points
/// of each kind; `Solver` keeps them). Each batch is then one call of the closure:
///
/// 1. the batch's `DerivativePlan` is built from the list, with what depends on the batch made
///    afresh in request order: the stochastic Laplacians' random draws (from the field's
///    stream), the normal directions, the weighted traces' diagonals;
/// 2. the plan is evaluated once (`Model.derivatives(at:plan:engine:)`, which also routes the
///    derivatives of order above 2);
/// 3. the closure is called once, each request reading its answer; a request other than the
///    recorded one, or fewer of them, stops with a message naming both sequences.
public struct RecordedResidual<Scalar: TensorScalar, Output> {
    /// The closure.
    public let body: (Field<Scalar>) -> Output
    let requests: [Field<Scalar>.Request]

    /// Records the operators `body` asks for by calling it once on `field` (every derivative
    /// answered by zeros). The field's points only need the right input dimension and, for a
    /// condition, the normals or targets its closure reads; two points do.
    public init(_ body: @escaping (Field<Scalar>) -> Output, recordingOn field: Field<Scalar>) {
        field.mode = .recording
        field.requests = []
        _ = body(field)
        self.body = body
        requests = field.requests
    }

    /// The operators recorded, in order, e.g. ["value", "d(1)", "laplacian([0])"].
    public var operators: [String] { requests.map(\.description) }

    /// `body` at the batch of `field` in one call, with the plan's derivatives from
    /// `derivatives` (the points and the batch's plan in, the evaluated plan out).
    public func callAsFunction(_ field: Field<Scalar>,
                               derivatives: (Tensor<Scalar>, DerivativePlan<Scalar>) -> Derivatives<Scalar>) -> Output {
        let (plan, handles) = field.plan(for: requests)
        let d = derivatives(field.points, plan)
        require(d.pointCount == field.count, "RecordedResidual: derivatives at \(d.pointCount) points for a batch of \(field.count)")
        field.requests = requests
        field.startAnswering(d, handles: handles)
        let out = body(field)
        field.finishAnswering()
        return out
    }

    /// `body` at the batch of `field` in one call, with the derivatives of `model` by `engine`.
    public func callAsFunction(_ field: Field<Scalar>, model: any Model<Scalar>, engine: DerivativeEngine) -> Output {
        self(field) { model.derivatives(at: $0, plan: $1, engine: engine) }
    }
}
