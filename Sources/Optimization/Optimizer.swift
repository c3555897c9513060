import Autodiff

/// A loss and its gradient at one point of parameter space: what an `Objective` returns.
///
/// `gradient[i]` has the shape of `parameters[i]`. `terms` are the unweighted loss terms
/// (for reports; `loss` is their weighted sum), in the order the objective gave them.
public struct LossEvaluation<Scalar: TensorScalar>: @unchecked Sendable {
    /// The total (weighted) loss.
    public var loss: Scalar
    /// The named, unweighted terms the loss was made of (may be empty).
    public var terms: [NamedValue<Scalar>]
    /// dLoss/dParameter, one tensor per parameter, each of that parameter's shape.
    public var gradient: [Tensor<Scalar>]

    public init(loss: Scalar, terms: [NamedValue<Scalar>] = [], gradient: [Tensor<Scalar>]) {
        self.loss = loss
        self.terms = terms
        self.gradient = gradient
    }

    /// The first term whose value is not finite, or nil.
    public var firstNonFiniteTerm: String? { terms.first { !$0.value.isFinite }?.name }
}

/// A named scalar (a loss term's value, a loss weight).
public struct NamedValue<Scalar: TensorScalar>: Sendable, Equatable {
    public var name: String
    public var value: Scalar
    public init(_ name: String, _ value: Scalar) { self.name = name; self.value = value }
}

/// The function an optimiser minimises: evaluated at the parameters it is given, it
/// returns the loss and the gradient there. It must be deterministic (L-BFGS's line search
/// evaluates it several times per iteration and compares the values).
public typealias Objective<Scalar: TensorScalar> = ([Tensor<Scalar>]) -> LossEvaluation<Scalar>

/// What an optimiser step reports.
public enum OptimizerStatus: Sendable, Equatable {
    /// The step was taken; the optimiser can go on.
    case progressing
    /// The optimiser met a stopping rule (the reason names it); the step may or may not
    /// have moved the parameters. Further steps would do nothing useful.
    case converged(String)
    /// The loss or gradient at the current parameters is NaN or infinite; the parameters
    /// were not changed.
    case nonFinite
}

/// The result of one optimiser step.
public struct OptimizerStep<Scalar: TensorScalar>: @unchecked Sendable {
    /// The evaluation at the parameters the step started from.
    public var evaluation: LossEvaluation<Scalar>
    public var status: OptimizerStatus
    /// How many times the step called the objective (0 when it reused a cached value).
    public var evaluations: Int
}

/// An optimiser is a state transition over an ordered list of parameter tensors: make a
/// state for the parameters, then step (parameters, state) repeatedly. The optimiser value
/// holds only settings; everything that changes lives in the state, so a state can be
/// saved (`OptimizerState.record`) and restored to continue bit-identically.
///
/// Conforming types: `SGD`, `Adam` (and AdamW through `Adam.adamW`), `LBFGS`, `BFGS`.
public protocol Optimizer<Scalar>: Sendable {
    associatedtype Scalar: TensorScalar
    associatedtype State: OptimizerState<Scalar>

    /// A short name for messages and checkpoints ("adam", "lbfgs", ...).
    var name: String { get }

    /// A suggestion shown when the loss diverges under this optimiser.
    var divergenceHint: String { get }

    /// A fresh state for these parameters (shapes are taken from them).
    func makeState(for parameters: [Tensor<Scalar>]) -> State

    /// One step: evaluates the objective at `parameters` (or reuses a cached evaluation of
    /// the same point) and updates `parameters` in place. When the loss or gradient is not
    /// finite it returns `.nonFinite` and leaves the parameters unchanged.
    func step(_ parameters: inout [Tensor<Scalar>], state: inout State,
              objective: Objective<Scalar>) -> OptimizerStep<Scalar>

    /// Tells the state the objective has changed (new collocation points or loss weights),
    /// so that cached values of the old objective are dropped. The default does nothing.
    func objectiveDidChange(state: inout State)
}

extension Optimizer {
    public func objectiveDidChange(state: inout State) {}
}

/// The mutable part of an optimiser, which a checkpoint saves.
public protocol OptimizerState<Scalar>: Sendable {
    associatedtype Scalar: TensorScalar
    /// Steps taken so far.
    var iteration: Int { get }
    /// Everything needed to continue exactly, as integers, strings and tensors.
    var record: OptimizerStateRecord<Scalar> { get }
    /// Restores a state; throws `CheckpointError.incompatibleState` when the record was not
    /// made by this kind of state or does not fit.
    init(record: OptimizerStateRecord<Scalar>) throws
}

/// A state flattened to a kind, integers, strings and tensors: what a checkpoint stores
/// (bit-exact: tensors are written as raw IEEE-754 bits).
public struct OptimizerStateRecord<Scalar: TensorScalar>: @unchecked Sendable {
    public var kind: String
    public var integers: [Int64]
    public var strings: [String]
    public var tensors: [Tensor<Scalar>]

    public init(kind: String, integers: [Int64] = [], strings: [String] = [], tensors: [Tensor<Scalar>] = []) {
        self.kind = kind; self.integers = integers; self.strings = strings; self.tensors = tensors
    }

    /// Throws unless the record is of `kind` with at least the given counts.
    public func expect(kind expected: String, integers ni: Int, tensors nt: Int = 0) throws {
        guard kind == expected else {
            throw CheckpointError.incompatibleState("the checkpoint holds a '\(kind)' optimiser state but the phase uses '\(expected)'")
        }
        guard integers.count >= ni, tensors.count >= nt else {
            throw CheckpointError.incompatibleState("the '\(kind)' state record has \(integers.count) integers and \(tensors.count) tensors; expected at least \(ni) and \(nt)")
        }
    }
}
