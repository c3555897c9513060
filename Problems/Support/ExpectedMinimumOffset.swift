import PINN

/// `GeometricMinimum` as an output-transform offset: the discounted expected minimum of the
/// geometric Brownian motions, the solution of the linear Black-Scholes equation with
/// u(T, x) = min_i x_i, so the network adds only what the nonlinearity changes. Taylor mode
/// reads the closed-form jets point by point, once per batch (`JetCache`: the points stay
/// fixed between draws); nested reverse mode differentiates the tensor form (the same quadrature).
struct ExpectedMinimumOffset<Scalar: TensorScalar>: InputFunction {
    let minimum: GeometricMinimum
    let cache = JetCache<Scalar>()
    var inputDimension: Int { minimum.dimension + 1 }

    func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let d = minimum.dimension, s = x.detached.scalars
        let terminal = (0..<x.shape[0]).contains { minimum.horizon - Double(s[$0 * (d + 1) + d]) <= GeometricMinimum.terminalTau }
        // At t = T the value is min_i x_i and has no derivatives to differentiate: values only
        // (not through the cache, which keeps the training batch's jets).
        return terminal ? jets(x, plan: DerivativePlan(inputDimension: d + 1)).stack : minimum.tensorValue(x)
    }

    func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        cache.derivatives(x, plan: plan) { jets(x, plan: plan) }
    }

    func jets(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let D = inputDimension, s = x.detached.scalars.map { Double($0) }
        var jets = GeometricMinimum.Jets(minimum)
        return s.withUnsafeBufferPointer { all in
            InputFunctionJets.assemble(x, plan: plan,
                                       prepare: { i in jets.prepare(UnsafeBufferPointer(rebasing: all[(i * D)..<((i + 1) * D)])) },
                                       value: { _ in jets.value },
                                       coordinate: { _, axis in jets.coordinate(axis) },
                                       direction: { _, v in jets.direction(v) })
        }
    }
}
