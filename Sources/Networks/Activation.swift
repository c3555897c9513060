import Autodiff

/// The pointwise nonlinearities of a network layer.
///
/// Each activation knows its value and first three derivatives in closed form (what the
/// Taylor engine and a first-order backward pass need) and derivatives of any order
/// through `TaylorCoefficients` (what nested reverse mode needs beyond the third).
public enum Activation: String, CaseIterable, Sendable, Codable {
    case tanh, sin, softplus, sigmoid, silu
    /// GELU in its tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (Hendrycks & Gimpel 2016).
    case gelu

    /// Applies the activation as a differentiable tensor operation.
    public func callAsFunction<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        self == .tanh ? x.tanh() : ActivationDerivative(activation: self, order: 0).apply(x)
    }

    /// The `order`-th derivative of the activation at `x`, elementwise, as a differentiable
    /// tensor operation (its backward rule applies derivative `order + 1`).
    public func derivative<S: TensorScalar>(_ order: Int, at x: Tensor<S>) -> Tensor<S> {
        ActivationDerivative(activation: self, order: order).apply(x)
    }

    /// Value and first three derivatives at `z`, in closed form.
    @inlinable @inline(__always)
    public func derivatives<S: TensorScalar>(at z: S) -> (S, S, S, S) {
        switch self {
        case .tanh: return Activation.tanhDerivatives(z)
        case .sin: let s = S.sin(z), c = S.cos(z); return (s, c, -s, -c)
        case .sigmoid: return Activation.sigmoidDerivatives(z)
        case .softplus:
            let (s, s1, s2, _) = Activation.sigmoidDerivatives(z)
            return (Swift.max(z, 0) + S.log(onePlus: S.exp(-Swift.abs(z))), s, s1, s2)
        case .silu:
            let (s, s1, s2, s3) = Activation.sigmoidDerivatives(z)
            return (z * s, s + z * s1, 2 * s1 + z * s2, 3 * s2 + z * s3)
        case .gelu: return Activation.geluDerivatives(z)
        }
    }

    @inlinable @inline(__always)
    static func tanhDerivatives<S: TensorScalar>(_ z: S) -> (S, S, S, S) {
        let y = fastTanh(z), f1 = 1 - y * y, f2 = -2 * y * f1
        return (y, f1, f2, -2 * f1 * f1 + 4 * y * y * f1)
    }

    @inlinable @inline(__always)
    static func sigmoidDerivatives<S: TensorScalar>(_ z: S) -> (S, S, S, S) {
        let s = z >= 0 ? 1 / (1 + S.exp(-z)) : S.exp(z) / (1 + S.exp(z))
        let s1 = s * (1 - s), s2 = s1 * (1 - 2 * s)
        return (s, s1, s2, s2 * (1 - 2 * s) - 2 * s1 * s1)
    }

    @inlinable @inline(__always)
    static func geluDerivatives<S: TensorScalar>(_ z: S) -> (S, S, S, S) {
        let c = S.sqrt(2 / S.pi), a: S = 0.044715
        let u = c * (z + a * z * z * z), u1 = c * (1 + 3 * a * z * z), u2 = 6 * a * c * z, u3 = 6 * a * c
        let t = S.tanh(u), t1 = 1 - t * t, t2 = -2 * t * t1, t3 = -2 * t1 * t1 + 4 * t * t * t1
        let T1 = t1 * u1, T2 = t2 * u1 * u1 + t1 * u2, T3 = t3 * u1 * u1 * u1 + 3 * t2 * u1 * u2 + t1 * u3
        return (z * (1 + t) / 2, (1 + t) / 2 + z * T1 / 2, T1 + z * T2 / 2, 3 * T2 / 2 + z * T3 / 2)
    }

    /// The `order`-th derivative at `z` for any order (closed forms up to 3, Taylor
    /// coefficients beyond).
    @inlinable
    public func derivative<S: TensorScalar>(_ order: Int, at z: S) -> S {
        if order <= 3 {
            let d = derivatives(at: z)
            return [d.0, d.1, d.2, d.3][order]
        }
        return TaylorCoefficients<S>.derivative(of: self, order: order, at: z)
    }
}

/// The elementwise map x -> f^(order)(x) as a tape primitive; its derivative is the
/// primitive of the next order, so activations can be differentiated to any order.
struct ActivationDerivative {
    let activation: Activation
    let order: Int

    func apply<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        var y = Tensor<S>.zeros(x.shape)
        let act = activation, k = order
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                let a = px.baseAddress!, b = py.baseAddress!
                Parallel.forEachChunk(px.count, minChunk: 1 << 13) { r in
                    switch k {
                    case 0: for i in r { b[i] = act.derivatives(at: a[i]).0 }
                    case 1: for i in r { b[i] = act.derivatives(at: a[i]).1 }
                    case 2: for i in r { b[i] = act.derivatives(at: a[i]).2 }
                    case 3: for i in r { b[i] = act.derivatives(at: a[i]).3 }
                    default: for i in r { b[i] = act.derivative(k, at: a[i]) }
                    }
                }
            }
        }
        let next = ActivationDerivative(activation: act, order: k + 1)
        return Tensor.record("\(act.rawValue)^(\(k))", y, [x]) { c in [c.grad * next.apply(c.inputs[0])] }
    }
}
