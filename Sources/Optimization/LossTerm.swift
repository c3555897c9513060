import Autodiff

/// One named term of a loss: a rank-0 tensor on the autodiff tape.
///
/// The conventional names are `residual`, `boundary`, `initial`, `terminal` and `data`;
/// any name works. A term is usually a mean of squares over its batch, built with
/// `LossTerm.meanSquare`.
public struct LossTerm<Scalar: TensorScalar>: @unchecked Sendable {
    public var name: String
    /// A one-element tensor (tracked when it depends on the parameters).
    public var value: Tensor<Scalar>

    public init(_ name: String, _ value: Tensor<Scalar>) {
        require(value.count == 1, "LossTerm '\(name)': value must have one element, got shape \(value.shape)")
        self.name = name; self.value = value
    }

    /// The mean of squares (1/N) Σ r_i² of a residual tensor of any shape.
    public static func meanSquare(_ name: String, _ residual: Tensor<Scalar>) -> LossTerm {
        LossTerm(name, (residual * residual).mean())
    }

    public static var residual: String { "residual" }
    public static var boundary: String { "boundary" }
    public static var initial: String { "initial" }
    public static var terminal: String { "terminal" }
    public static var data: String { "data" }
}
