import Autodiff

/// g(x) = phi(q(x)), q = |x_S|^2 + b . x + c: a function of the squared norm of the
/// coordinates S (the space coordinates of a space-time input, say), optionally shifted by
/// an affine term, with closed-form jets:
///
///     d_v g  = phi'(q) (2 x_S . v_S + b . v),
///     d_vv g = phi''(q) (2 x_S . v_S + b . v)^2 + phi'(q) 2 |v_S|^2.
///
/// With b = -2 d e_t, c = 2 d T it is phi(|x|^2 + 2 d (T - t)): the radial terminal value
/// transported by the mean square of the heat flow (E|x + sqrt(2) W_s|^2 = |x|^2 + 2 d s),
/// equal to phi(|x|^2) at t = T (`heatFlow`).
///
/// The terminal conditions of the high-dimensional benchmarks (Han, Jentzen & E 2018,
/// PNAS 115; Raissi 2018) are of this form: ln((1 + r)/2), 1/(2 + 0.4 r), 5/(10 + 2 r), r.
/// Used as the offset of a hard terminal constraint u = g(x) + (T - t) N(x, t), it
/// avoids the nested reverse-mode fallback of `ClosureFunction` (one reverse pass per
/// direction: 100 for a 100-dimensional Laplacian).
public struct RadialFunction<Scalar: TensorScalar>: InputFunction {
    public let inputDimension: Int
    let mask: [Bool]
    let b: [Double]
    let c: Double
    let phi: ScalarFunction

    /// `coordinates`: the indices of S (all inputs when nil); `linear` b (length D, zero
    /// when nil) and `constant` c shift the argument; `phi` gives phi and its derivatives.
    public init(inputDimension: Int, coordinates: [Int]? = nil, linear: [Double]? = nil, constant: Double = 0,
                phi: ScalarFunction) {
        self.inputDimension = inputDimension
        require(linear == nil || linear!.count == inputDimension,
                "RadialFunction: linear term has \(linear?.count ?? 0) components for dimension \(inputDimension)")
        b = linear ?? [Double](repeating: 0, count: inputDimension); c = constant
        var m = [Bool](repeating: coordinates == nil, count: inputDimension)
        for c in coordinates ?? [] {
            require(c >= 0 && c < inputDimension, "RadialFunction: coordinate \(c) out of range for dimension \(inputDimension)")
            m[c] = true
        }
        mask = m; self.phi = phi
    }

    /// phi(|x_S|^2 + a (T - t)) with time at `timeIndex` (a = 2 d for the heat operator
    /// Lap on d space coordinates S): phi(|x_S|^2) at t = T.
    public static func heatFlow(inputDimension: Int, coordinates: [Int], timeIndex: Int, terminal T: Double, rate a: Double,
                                phi: ScalarFunction) -> RadialFunction {
        var lin = [Double](repeating: 0, count: inputDimension)
        lin[timeIndex] = -a
        return RadialFunction(inputDimension: inputDimension, coordinates: coordinates, linear: lin, constant: a * T, phi: phi)
    }

    func squaredNorms(_ x: Tensor<Scalar>) -> [Double] {
        require(x.rank == 2 && x.shape[1] == inputDimension, "RadialFunction: points \(x.shape), expected [n, \(inputDimension)]")
        let n = x.shape[0], D = inputDimension, s = x.scalars
        return (0..<n).map { i in
            var r = c
            for q in 0..<D {
                let v = Double(s[i * D + q])
                if mask[q] { r += v * v }
                r += b[q] * v
            }
            return r
        }
    }

    /// Built from tensor operations, so nested reverse mode differentiates it to any order.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        require(x.rank == 2 && x.shape[1] == inputDimension, "RadialFunction: points \(x.shape), expected [n, \(inputDimension)]")
        let weights = Tensor<Scalar>(shape: [inputDimension, 1], scalars: b.map { Scalar($0) })
        let q = x.multiplyingRow(Tensor(mask.map { $0 ? 1 : 0 })).squaredNorm(alongAxis: 1) + x.matmul(weights) + Scalar(c)
        return q.applying(phi)
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let r = squaredNorms(x), D = inputDimension, xs = x.scalars.map { Double($0) }
        let p = r.map { (phi($0), phi($0, derivative: 1), phi($0, derivative: 2)) }
        return InputFunctionJets.assemble(x, plan: plan, value: { p[$0].0 }, coordinate: { i, c in
            let a = (mask[c] ? 2 * xs[i * D + c] : 0) + b[c]
            return (p[i].1 * a, p[i].2 * a * a + (mask[c] ? 2 * p[i].1 : 0))
        }, direction: { i, v in
            var xv = 0.0, vv = 0.0
            for q in 0..<D {
                if mask[q] { xv += 2 * xs[i * D + q] * v[q]; vv += v[q] * v[q] }
                xv += b[q] * v[q]
            }
            return (p[i].1 * xv, p[i].2 * xv * xv + 2 * p[i].1 * vv)
        })
    }
}
