import Autodiff

/// g(x) = a . x + b, affine (e.g. the factor c (T - t) of a hard terminal condition, or a
/// constant output scale): d_v g = a . v, d_vv g = 0.
public struct AffineFunction<Scalar: TensorScalar>: InputFunction {
    public let inputDimension: Int
    let a: [Double]
    let b: Double

    public init(weights a: [Double], bias b: Double) {
        require(!a.isEmpty, "AffineFunction: needs at least one weight")
        inputDimension = a.count; self.a = a; self.b = b
    }

    /// c (T - t) with time at input `timeIndex`: zero on the terminal slice t = T.
    public static func timeToGo(inputDimension: Int, timeIndex: Int, terminal T: Double, scale c: Double = 1) -> AffineFunction {
        var w = [Double](repeating: 0, count: inputDimension)
        w[timeIndex] = -c
        return AffineFunction(weights: w, bias: c * T)
    }

    /// Built from tensor operations, so nested reverse mode differentiates it.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        require(x.rank == 2 && x.shape[1] == inputDimension, "AffineFunction: points \(x.shape), expected [n, \(inputDimension)]")
        return x.matmul(Tensor(shape: [inputDimension, 1], scalars: a.map { Scalar($0) })) + Scalar(b)
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        require(x.rank == 2 && x.shape[1] == inputDimension, "AffineFunction: points \(x.shape), expected [n, \(inputDimension)]")
        let n = x.shape[0], D = inputDimension, s = x.scalars
        let values = (0..<n).map { i in (0..<D).reduce(b) { $0 + a[$1] * Double(s[i * D + $1]) } }
        return InputFunctionJets.assemble(x, plan: plan, value: { values[$0] }, coordinate: { _, c in (a[c], 0) },
                                          direction: { _, v in
            var s = 0.0
            for q in 0..<inputDimension { s += a[q] * v[q] }
            return (s, 0)
        })
    }
}
