import Autodiff
import TestSupport

/// A tanh multilayer perceptron built from Autodiff ops, for tests only (the Networks
/// module is not used here). Parameters: [W1, b1, W2, b2, ..., Wk, bk], W_l of shape
/// [fan_in, fan_out], b_l of shape [fan_out]; Glorot-normal weights, zero biases.
struct TinyMLP<S: TensorScalar> {
    let widths: [Int]

    func initialParameters(seed: UInt64) -> [Tensor<S>] {
        var rng = testStream(seed)
        var out: [Tensor<S>] = []
        for (a, b) in zip(widths, widths.dropFirst()) {
            out.append(Tensor.normal([a, b], std: S.sqrt(2 / S(a + b)), using: &rng))
            out.append(Tensor.zeros([b]))
        }
        return out
    }

    /// x: [n, widths.first] → [n, widths.last].
    func callAsFunction(_ x: Tensor<S>, _ p: [Tensor<S>]) -> Tensor<S> {
        var h = x
        let layers = p.count / 2
        for l in 0..<layers {
            h = h.matmul(p[2 * l]).addingRow(p[2 * l + 1])
            if l < layers - 1 { h = h.tanh() }
        }
        return h
    }
}
