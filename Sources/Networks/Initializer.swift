import Autodiff

/// Weight initialisation schemes for a `[fanIn, fanOut]` weight matrix; biases start at zero.
public enum Initializer: String, Sendable, CaseIterable, Codable {
    /// U(-a, a), a = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010).
    case glorotUniform
    /// N(0, 2 / (fanIn + fanOut)) (Glorot & Bengio 2010).
    case glorotNormal
    /// N(0, 2 / fanIn) (He et al. 2015).
    case he

    public func weights<S: TensorScalar>(fanIn: Int, fanOut: Int, using rng: inout RandomStream) -> Tensor<S> {
        let shape = [fanIn, fanOut]
        switch self {
        case .glorotUniform:
            let a = S.sqrt(6 / S(fanIn + fanOut))
            return Tensor.uniform(shape, low: -a, high: a, using: &rng)
        case .glorotNormal:
            return Tensor.normal(shape, std: S.sqrt(2 / S(fanIn + fanOut)), using: &rng)
        case .he:
            return Tensor.normal(shape, std: S.sqrt(2 / S(fanIn)), using: &rng)
        }
    }
}
