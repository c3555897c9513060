import Autodiff

/// g(x) = c sum_{i in S} h(x_i), a separable sum with h a `ScalarFunction` (e.g. the initial
/// value (1/d) sum sin x_i of the heat equation): d_v g = c sum h'(x_i) v_i,
/// d_vv g = c sum h''(x_i) v_i^2.
public struct SeparableFunction<Scalar: TensorScalar>: InputFunction {
    public let inputDimension: Int
    let mask: [Bool]
    let c: Double
    let h: ScalarFunction

    public init(inputDimension: Int, coordinates: [Int]? = nil, coefficient c: Double, h: ScalarFunction) {
        self.inputDimension = inputDimension
        var m = [Bool](repeating: coordinates == nil, count: inputDimension)
        for q in coordinates ?? [] {
            require(q >= 0 && q < inputDimension, "SeparableFunction: coordinate \(q) out of range for dimension \(inputDimension)")
            m[q] = true
        }
        mask = m; self.c = c; self.h = h
    }

    /// Built from tensor operations, so nested reverse mode differentiates it to any order.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        require(x.rank == 2 && x.shape[1] == inputDimension, "SeparableFunction: points \(x.shape), expected [n, \(inputDimension)]")
        let columns = (0..<inputDimension).filter { mask[$0] }
        guard !columns.isEmpty else { return Tensor.zeros([x.shape[0], 1]) }
        return x.gatheringColumns(columns).applying(h).sum(alongAxis: 1) * Scalar(c)
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let n = x.shape[0], D = inputDimension, s = x.scalars
        var jets = [(Double, Double, Double)](repeating: (0, 0, 0), count: n * D)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for q in 0..<D where mask[q] {
                let v = Double(s[i * D + q])
                let j = (h(v), h(v, derivative: 1), h(v, derivative: 2)); jets[i * D + q] = j; values[i] += c * j.0
            }
        }
        return InputFunctionJets.assemble(x, plan: plan, value: { values[$0] }, coordinate: { i, q in
            mask[q] ? (c * jets[i * D + q].1, c * jets[i * D + q].2) : (0, 0)
        }, direction: { i, v in
            var a = 0.0, b = 0.0
            for q in 0..<D where mask[q] { a += jets[i * D + q].1 * v[q]; b += jets[i * D + q].2 * v[q] * v[q] }
            return (c * a, c * b)
        })
    }
}
