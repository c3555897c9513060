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
        self == .tanh ? x.tanh() : ActivationDerivativeStack(activation: self, lowest: 0, count: 1).apply(x)
    }

    /// The `order`-th derivative of the activation at `x`, elementwise, as a differentiable
    /// tensor operation (its backward rule applies derivative `order + 1`).
    public func derivative<S: TensorScalar>(_ order: Int, at x: Tensor<S>) -> Tensor<S> {
        ActivationDerivativeStack(activation: self, lowest: order, count: 1).apply(x)
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

/// The elementwise derivatives f^(a), f^(a+1), ..., f^(a+K-1) of an activation in one pass,
/// as one stacked tape primitive `[K n, m]` (block j holds f^(a+j)); its backward rule is the
/// same primitive one order up, so it can be differentiated to any order. The univariate
/// Taylor series (`CoordinateSeries`) need every order at once at the same points; one order
/// (count 1, any shape) is the activation or its derivative as a tensor operation.
struct ActivationDerivativeStack {
    let activation: Activation
    let lowest: Int
    let count: Int

    /// The coefficients of the polynomials P_k with tanh^(k) = P_k(tanh): P_0 = y,
    /// P_{k+1} = (1 - y^2) P_k'. Entry k lists the coefficients of y^0 ... y^(k+1).
    static func tanhPolynomials<S: TensorScalar>(upTo K: Int) -> [[S]] {
        var polys: [[S]] = [[0, 1]]
        for _ in stride(from: 0, to: K, by: 1) {
            let p = polys.last!
            let dp = (1..<p.count).map { S($0) * p[$0] }                // P'
            var next = [S](repeating: 0, count: dp.count + 2)           // (1 - y^2) P'
            for (i, c) in dp.enumerated() { next[i] += c; next[i + 2] -= c }
            polys.append(next)
        }
        return polys
    }

    /// f^(a), ..., f^(a+K-1) of tanh or sin at `cnt` elements of z, order a + j to
    /// out + j * stride: one scratch row of tanh (or sin and cos; 2 cnt elements), then each
    /// order as a contiguous loop, which vectorises. `polys` from `tanhPolynomials` (tanh).
    @inline(__always)
    static func fill<S: TensorScalar>(_ act: Activation, lowest a: Int, count K: Int, _ z: UnsafePointer<S>, _ cnt: Int,
                                      _ polys: [[S]], scratch: UnsafeMutablePointer<S>, out: UnsafeMutablePointer<S>, stride: Int) {
        let t = scratch, c = scratch + cnt
        if act == .tanh {
            for i in 0..<cnt { t[i] = fastTanh(z[i]) }
            for j in 0..<K {
                let p = polys[a + j], o = out + j * stride, top = p[p.count - 1]
                for i in 0..<cnt { o[i] = top }
                for e in Swift.stride(from: p.count - 2, through: 0, by: -1) {
                    let pe = p[e]
                    for i in 0..<cnt { o[i] = o[i] * t[i] + pe }
                }
            }
        } else {
            require(act == .sin, "ActivationDerivativeStack.fill: tanh or sin, got \(act)")
            for i in 0..<cnt { t[i] = S.sin(z[i]); c[i] = S.cos(z[i]) }
            for j in 0..<K {
                // sin^(k) = sin, cos, -sin, -cos for k = 0, 1, 2, 3 (mod 4)
                let k = (a + j) % 4, src = k % 2 == 0 ? t : c, sign: S = k >= 2 ? -1 : 1, o = out + j * stride
                for i in 0..<cnt { o[i] = sign * src[i] }
            }
        }
    }

    @_specialize(where S == Float) @_specialize(where S == Double)
    func apply<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        require(x.rank >= 1 && count >= 1 && lowest >= 0, "ActivationDerivativeStack: needs a tensor of rank >= 1, orders from 0 and at least one")
        let n = x.count, a = lowest, K = count, act = activation
        var y = Tensor<S>.uninitialized([K * x.shape[0]] + x.shape.dropFirst())
        let polys: [[S]] = act == .tanh ? Self.tanhPolynomials(upTo: a + K - 1) : []
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                let z = px.baseAddress!, out = py.baseAddress!
                Parallel.forEachChunk(n, minChunk: 1 << 12) { r in
                    let lo = r.lowerBound, cnt = r.count
                    switch act {
                    case .tanh, .sin:
                        let scratch = UnsafeMutablePointer<S>.allocate(capacity: 2 * cnt)
                        defer { scratch.deallocate() }
                        Self.fill(act, lowest: a, count: K, z + lo, cnt, polys, scratch: scratch, out: out + lo, stride: n)
                    default:
                        for i in r {
                            let d = act.derivatives(at: z[i])
                            for j in 0..<K {
                                let k = a + j
                                out[j * n + i] = k == 0 ? d.0 : k == 1 ? d.1 : k == 2 ? d.2 : k == 3 ? d.3
                                    : act.derivative(k, at: z[i])
                            }
                        }
                    }
                }
            }
        }
        let next = ActivationDerivativeStack(activation: act, lowest: a + 1, count: K)
        return Tensor.record("\(act.rawValue)^(\(a)...\(a + K - 1))", y, [x]) { c in
            let products = c.grad * next.apply(c.inputs[0]), rows = c.inputs[0].shape[0]
            guard K > 1 else { return [products] }
            var g = products.rows(0..<rows)
            for j in stride(from: 1, to: K, by: 1) { g = g + products.rows((j * rows)..<((j + 1) * rows)) }
            return [g]
        }
    }
}
