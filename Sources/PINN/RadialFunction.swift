import Autodiff
import Networks

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
