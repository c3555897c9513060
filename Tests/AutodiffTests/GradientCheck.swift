import Autodiff
import TestSupport

/// Machinery for checking derivatives of tensor operations against independent oracles
/// (the pattern of JAX's `check_grads`):
///
/// - first order: the reverse-mode vector-Jacobian product `J^T c` for a random cotangent
///   `c` against central finite differences of `phi(x) = <c, f(x)>` in every coordinate;
/// - the inner-product identity `<J t, c> = <t, J^T c>` for a random direction `t`, with
///   `J t` from a central difference of `f` along `t`, and again with `J t` computed
///   exactly by differentiating `c -> <J^T c, t>` (reverse over reverse, linear in `c`);
/// - second order: the Hessian-vector product `d/dx <grad phi(x), t>` from a recorded
///   backward pass (`createGraph: true`) against central differences of `grad phi` along `t`.
///
/// Inputs are drawn in Double; the Float checks run on the same values rounded to Float
/// and compare with the Double oracle at those rounded values.

/// The shape of one input of an operation and the interval its elements are drawn from.
/// With `awayFromZero` the magnitude is drawn from `low...high` (both positive) and the
/// sign at random, for functions that are singular or kinked at 0 (1/x, abs, x^-2).
struct InputSpec: Sendable {
    var shape: [Int]
    var low = -1.5
    var high = 1.5
    var awayFromZero = false

    init(_ shape: [Int], _ low: Double = -1.5, _ high: Double = 1.5, awayFromZero: Bool = false) {
        self.shape = shape; self.low = low; self.high = high; self.awayFromZero = awayFromZero
    }

    static func positive(_ shape: [Int]) -> InputSpec { InputSpec(shape, 0.5, 2.0) }
    static func nonzero(_ shape: [Int]) -> InputSpec { InputSpec(shape, 0.5, 2.0, awayFromZero: true) }

    func draw(using rng: inout RandomStream) -> Tensor<Double> {
        let n = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let u = low + (high - low) * rng.uniform(Double.self)
            values[i] = awayFromZero && rng.uniform(Double.self) < 0.5 ? -u : u
        }
        return Tensor(shape: shape, scalars: values)
    }
}

/// One differentiable operation: its name, its inputs, and the function of them.
struct OpCase<S: TensorScalar> {
    let name: String
    let inputs: [InputSpec]
    let f: ([Tensor<S>]) -> Tensor<S>
}

// MARK: Small tensor helpers

/// The same values in another precision.
func converted<T: TensorScalar, S: TensorScalar>(_ x: Tensor<T>, to: S.Type = S.self) -> Tensor<S> {
    Tensor<S>(shape: x.shape, scalars: x.scalars.map { S($0) })
}

/// The same values rounded to Float and back (so both precisions see identical inputs).
func roundedToFloat(_ x: Tensor<Double>) -> Tensor<Double> { converted(converted(x, to: Float.self)) }

/// `<a, b>` summed in Double.
func inner<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Double {
    precondition(a.shape == b.shape, "inner: shapes \(a.shape) and \(b.shape) differ")
    var s = 0.0
    for i in 0..<a.count { s += Double(a[flat: i]) * Double(b[flat: i]) }
    return s
}

/// `sum_k |a_k| |b_k|`, the scale against which an inner product's rounding is judged.
func absInner<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += Swift.abs(Double(a[flat: i]) * Double(b[flat: i])) }
    return s
}

/// `x + h t` elementwise, on constants.
func axpy(_ x: Tensor<Double>, _ h: Double, _ t: Tensor<Double>) -> Tensor<Double> {
    Tensor(shape: x.shape, scalars: zip(x.scalars, t.scalars).map { $0 + h * $1 })
}

/// The largest |a - b| over a list of tensors, divided by max(largest |b|, floor).
func relativeError(_ a: [Tensor<Double>], _ b: [Tensor<Double>], floor: Double) -> Double {
    var diff = 0.0, scale = 0.0
    for (x, y) in zip(a, b) {
        precondition(x.shape == y.shape, "relativeError: shapes \(x.shape) and \(y.shape) differ")
        for i in 0..<x.count {
            diff = Swift.max(diff, Swift.abs(x[flat: i] - y[flat: i]))
            scale = Swift.max(scale, Swift.abs(y[flat: i]))
        }
    }
    return diff / Swift.max(scale, floor)
}

func largestMagnitude(_ ts: [Tensor<Double>]) -> Double {
    ts.reduce(0.0) { m, t in t.scalars.reduce(m) { Swift.max($0, Swift.abs($1)) } }
}

// MARK: Derivatives by reverse mode

/// `J^T c` with respect to every input, by reverse mode.
func reverseVJP<S: TensorScalar>(_ op: OpCase<S>, at xs: [Tensor<S>], cotangent c: Tensor<S>) -> [Tensor<S>] {
    let tracked = xs.map { $0.requiringGradient() }
    return gradients(of: op.f(tracked), seed: c, wrt: tracked)
}

/// The Hessian of `<c, f(x)>` applied to the direction `t`, by reverse over reverse.
func nestedHVP<S: TensorScalar>(_ op: OpCase<S>, at xs: [Tensor<S>], cotangent c: Tensor<S>,
                                direction t: [Tensor<S>]) -> [Tensor<S>] {
    let tracked = xs.map { $0.requiringGradient() }
    let g = gradients(of: op.f(tracked), seed: c, wrt: tracked, createGraph: true)
    var s = (g[0] * t[0]).sum()
    for i in 1..<g.count { s = s + (g[i] * t[i]).sum() }
    return gradients(of: s, wrt: tracked)
}

/// `J t` computed exactly as the derivative of the linear map `c -> <J^T c, t>` in `c`.
func doubleReverseJVP(_ op: OpCase<Double>, at xs: [Tensor<Double>], cotangent c: Tensor<Double>,
                      direction t: [Tensor<Double>]) -> Tensor<Double> {
    let tracked = xs.map { $0.requiringGradient() }
    let seed = c.requiringGradient()
    let y = op.f(tracked)
    let g = gradients(of: y, seed: seed, wrt: tracked, createGraph: true)
    var s = (g[0] * t[0]).sum()
    for i in 1..<g.count { s = s + (g[i] * t[i]).sum() }
    return gradients(of: s, wrt: [seed])[0]
}

// MARK: Finite differences (Double)

/// Central differences of `<c, f(x)>` in every coordinate of every input.
func finiteDifferenceVJP(_ op: OpCase<Double>, at xs: [Tensor<Double>], cotangent c: Tensor<Double>,
                         step h: Double = 1e-5) -> [Tensor<Double>] {
    xs.indices.map { i in
        finiteDifferenceGradient(xs[i], step: h) { xi in
            var args = xs
            args[i] = xi
            return inner(op.f(args), c)
        }
    }
}

/// `J t` by a central difference of `f` along `t`.
func finiteDifferenceJVP(_ op: OpCase<Double>, at xs: [Tensor<Double>], direction t: [Tensor<Double>],
                         step h: Double = 1e-5) -> Tensor<Double> {
    let plus = op.f(zip(xs, t).map { axpy($0, h, $1) })
    let minus = op.f(zip(xs, t).map { axpy($0, -h, $1) })
    return Tensor(shape: plus.shape, scalars: zip(plus.scalars, minus.scalars).map { ($0 - $1) / (2 * h) })
}

/// The Hessian-vector product by a central difference of the reverse-mode gradient along `t`.
func finiteDifferenceHVP(_ op: OpCase<Double>, at xs: [Tensor<Double>], cotangent c: Tensor<Double>,
                         direction t: [Tensor<Double>], step h: Double = 1e-5) -> [Tensor<Double>] {
    let plus = reverseVJP(op, at: zip(xs, t).map { axpy($0, h, $1) }, cotangent: c)
    let minus = reverseVJP(op, at: zip(xs, t).map { axpy($0, -h, $1) }, cotangent: c)
    return zip(plus, minus).map { p, m in
        Tensor(shape: p.shape, scalars: zip(p.scalars, m.scalars).map { ($0 - $1) / (2 * h) })
    }
}

// MARK: Random data for one case

/// Inputs, a cotangent of the output's shape and a direction for each input, all seeded
/// by the case's position in the catalogue (so every run sees the same numbers).
struct CheckData {
    var xs: [Tensor<Double>]
    var cotangent: Tensor<Double>
    var direction: [Tensor<Double>]

    init(_ op: OpCase<Double>, seed: UInt64) {
        var rng = testStream(seed)
        xs = op.inputs.map { roundedToFloat($0.draw(using: &rng)) }
        let shape = op.f(xs).shape
        cotangent = roundedToFloat(Tensor.normal(shape, using: &rng))
        direction = xs.map { roundedToFloat(Tensor.normal($0.shape, using: &rng)) }
    }
}
