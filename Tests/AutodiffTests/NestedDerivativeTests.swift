import Autodiff
import RealModule
import TestSupport
import Testing

/// Higher derivatives by nested reverse mode (`createGraph: true`) against closed forms
/// and finite differences.
@Suite struct NestedDerivatives {
    /// Derivatives 1, 2, 3 of an elementwise function at every element of `x`, each taken by
    /// differentiating the sum of the previous one (the function acts elementwise, so the
    /// Jacobians are diagonal and the gradient of the sum is the derivative).
    static func derivatives<S: TensorScalar>(_ x: Tensor<S>, _ f: (Tensor<S>) -> Tensor<S>) -> [Tensor<S>] {
        let xt = x.requiringGradient()
        var result: [Tensor<S>] = []
        var y = f(xt)
        for order in 1...3 {
            y = gradient(of: y.sum(), wrt: xt, createGraph: order < 3)
            result.append(y)
        }
        return result
    }

    /// f(x) = sin(x^3) exp(tanh x), written as u v with u = sin(x^3), v = exp(T), T = tanh x:
    /// u' = 3x^2 cos x^3, u'' = 6x cos x^3 - 9x^4 sin x^3, u''' = 6 cos x^3 - 54x^3 sin x^3 - 27x^6 cos x^3;
    /// T' = 1 - T^2, T'' = -2T T', T''' = -2T'^2 + 4T^2 T';
    /// v' = v T', v'' = v (T'^2 + T''), v''' = v (T'^3 + 3T'T'' + T''');
    /// f^(k) by Leibniz' rule.
    static func sinCubeExpTanh(_ x: Double) -> [Double] {
        let x3 = x * x * x, s = Double.sin(x3), c = Double.cos(x3)
        let u = [s, 3 * x * x * c, 6 * x * c - 9 * x * x3 * s, 6 * c - 54 * x3 * s - 27 * x3 * x3 * c]
        let t = Double.tanh(x), t1 = 1 - t * t, t2 = -2 * t * t1, t3 = -2 * t1 * t1 + 4 * t * t * t1
        let e = Double.exp(t)
        let v = [e, e * t1, e * (t1 * t1 + t2), e * (t1 * t1 * t1 + 3 * t1 * t2 + t3)]
        return [u[1] * v[0] + u[0] * v[1],
                u[2] * v[0] + 2 * u[1] * v[1] + u[0] * v[2],
                u[3] * v[0] + 3 * u[2] * v[1] + 3 * u[1] * v[2] + u[0] * v[3]]
    }

    /// f(x) = 1 / (1 + x^2): f' = -2x / q^2, f'' = (6x^2 - 2) / q^3, f''' = 24x (1 - x^2) / q^4, q = 1 + x^2.
    static func lorentzian(_ x: Double) -> [Double] {
        let q = 1 + x * x
        return [-2 * x / (q * q), (6 * x * x - 2) / (q * q * q), 24 * x * (1 - x * x) / (q * q * q * q)]
    }

    /// f(x) = x sigmoid(x) (SiLU):
    /// s = sigmoid(x), s' = s(1-s), s'' = s'(1-2s), s''' = s''(1-2s) - 2s'^2;
    /// f' = s + x s', f'' = 2s' + x s'', f''' = 3s'' + x s'''.
    static func silu(_ x: Double) -> [Double] {
        let s = 1 / (1 + Double.exp(-x)), s1 = s * (1 - s), s2 = s1 * (1 - 2 * s), s3 = s2 * (1 - 2 * s) - 2 * s1 * s1
        return [s + x * s1, 2 * s1 + x * s2, 3 * s2 + x * s3]
    }

    static let points: [Double] = [-1.3, -0.6, -0.1, 0.25, 0.8, 1.2]

    static func check<S: TensorScalar>(_: S.Type, _ name: String, tolerance: Double,
                                       _ f: (Tensor<S>) -> Tensor<S>, _ exact: (Double) -> [Double]) {
        let x = Tensor<S>(points.map { S($0) })
        let d = derivatives(x, f)
        for order in 0..<3 {
            let expected = Tensor<Double>(points.map { exact(Double(S($0)))[order] })
            let e = relativeError(converted(d[order], to: Double.self), expected, floor: 1e-300)
            #expect(e < tolerance, "\(name) \(S.precisionName): derivative \(order + 1) vs closed form, relative error \(e)")
        }
    }

    @Test func compositionsAgainstClosedFormsDouble() {
        Self.check(Double.self, "sin(x^3) exp(tanh x)", tolerance: 1e-10, { $0.pow(3).sin() * $0.tanh().exp() },
                   Self.sinCubeExpTanh)
        Self.check(Double.self, "1/(1+x^2)", tolerance: 1e-10, { 1 / ($0.square() + 1) }, Self.lorentzian)
        Self.check(Double.self, "x sigmoid(x)", tolerance: 1e-10, { $0 * $0.sigmoid() }, Self.silu)
    }

    @Test func compositionsAgainstClosedFormsFloat() {
        Self.check(Float.self, "sin(x^3) exp(tanh x)", tolerance: 1e-4, { $0.pow(3).sin() * $0.tanh().exp() },
                   Self.sinCubeExpTanh)
        Self.check(Float.self, "1/(1+x^2)", tolerance: 1e-4, { 1 / ($0.square() + 1) }, Self.lorentzian)
        Self.check(Float.self, "x sigmoid(x)", tolerance: 1e-4, { $0 * $0.sigmoid() }, Self.silu)
    }
}

/// The Hessian of a random 3-layer tanh MLP R^5 -> R with respect to its input.
@Suite struct MLPHessian {
    struct MLP {
        var weights: [Tensor<Double>]
        var biases: [Tensor<Double>]

        /// Layers 5 -> 8 -> 8 -> 1 with tanh after the first two; weights N(0, 1/fan_in).
        init(seed: UInt64) {
            var rng = testStream(seed)
            let widths = [5, 8, 8, 1]
            weights = (0..<3).map { l in
                Tensor.normal([widths[l], widths[l + 1]], std: 1 / Double(widths[l]).squareRoot() * 1.5, using: &rng)
            }
            biases = (0..<3).map { l in Tensor.normal([widths[l + 1]], std: 0.3, using: &rng) }
        }

        /// x: [batch, 5] -> [batch, 1].
        func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
            var h = x
            for l in 0..<3 {
                h = h.matmul(weights[l]).addingRow(biases[l])
                if l < 2 { h = h.tanh() }
            }
            return h
        }
    }

    /// The gradient at one point x of shape [1, 5] (constant result).
    static func gradientAt(_ net: MLP, _ x: Tensor<Double>) -> Tensor<Double> {
        let xt = x.requiringGradient()
        return gradient(of: net(xt), wrt: xt)
    }

    /// H[i][j] = d/dx_j (df/dx_i), by differentiating component i of the recorded gradient.
    static func nestedHessian(_ net: MLP, _ x: Tensor<Double>) -> [[Double]] {
        let xt = x.requiringGradient()
        let g = gradient(of: net(xt), wrt: xt, createGraph: true)
        return (0..<5).map { i in
            var e = Tensor<Double>.zeros([1, 5])
            e[0, i] = 1
            return gradients(of: g, seed: e, wrt: [xt])[0].scalars
        }
    }

    @Test func hessianMatchesFiniteDifferencesAndIsSymmetric() {
        var rng = testStream(77)
        for trial in 0..<3 {
            let net = MLP(seed: UInt64(10 + trial))
            let x = Tensor<Double>.uniform([1, 5], low: -1, high: 1, using: &rng)
            let h = Self.nestedHessian(net, x)
            var diff = 0.0, scale = 0.0, asymmetry = 0.0
            let step = 1e-5
            for j in 0..<5 {
                var xp = x, xm = x
                xp[0, j] += step
                xm[0, j] -= step
                let gp = Self.gradientAt(net, xp), gm = Self.gradientAt(net, xm)
                for i in 0..<5 {
                    let fd = (gp[0, i] - gm[0, i]) / (2 * step)
                    diff = Swift.max(diff, Swift.abs(h[i][j] - fd))
                    scale = Swift.max(scale, Swift.abs(fd))
                    asymmetry = Swift.max(asymmetry, Swift.abs(h[i][j] - h[j][i]))
                }
            }
            #expect(scale > 1e-3, "trial \(trial): the Hessian is degenerate (largest entry \(scale))")
            #expect(diff / scale < 1e-6, "trial \(trial): Hessian vs finite differences of the gradient, relative error \(diff / scale)")
            #expect(asymmetry / scale < 1e-12, "trial \(trial): mixed partials differ by \(asymmetry / scale) relative")
        }
    }

    /// Mixed partials with respect to two separate tensors: d/dy (df/dx) = (d/dx (df/dy))^T,
    /// for f(x, y) = sum(tanh(x W) * sin(y) + x^2 y^3 row terms), x: [2, 3], y: [2, 4].
    @Test func mixedPartialsAcrossTensorsAreSymmetric() {
        var rng = testStream(5)
        let x = Tensor<Double>.normal([2, 3], using: &rng).requiringGradient()
        let y = Tensor<Double>.normal([2, 4], using: &rng).requiringGradient()
        let w = Tensor<Double>.normal([3, 4], using: &rng)
        let f = ((x.matmul(w) * y).tanh() * y.sin()).sum() + (x.square().sum(alongAxis: 1) * y.pow(3).sum(alongAxis: 1)).sum()
        let gs = gradients(of: f, wrt: [x, y], createGraph: true)
        // Row i of d(df/dx)/dy and column i of d(df/dy)/dx, for every element i of x.
        var asymmetry = 0.0, scale = 0.0
        for i in 0..<x.count {
            var ex = Tensor<Double>.zeros(x.shape)
            ex[flat: i] = 1
            let dxdy = gradients(of: gs[0], seed: ex, wrt: [y])[0]   // d^2 f / dx_i dy_k over k
            for k in 0..<y.count {
                var ey = Tensor<Double>.zeros(y.shape)
                ey[flat: k] = 1
                let dydx = gradients(of: gs[1], seed: ey, wrt: [x])[0][flat: i]   // d^2 f / dy_k dx_i
                asymmetry = Swift.max(asymmetry, Swift.abs(dxdy[flat: k] - dydx))
                scale = Swift.max(scale, Swift.abs(dydx))
            }
        }
        #expect(scale > 1e-3)
        #expect(asymmetry / scale < 1e-12, "mixed partials across x and y differ by \(asymmetry / scale) relative")
    }
}
