import Autodiff

/// Derivatives of any order along one input coordinate by univariate Taylor mode.
///
/// The truncated series u(x + h e_i) = c_0 + c_1 h + ... + c_K h^K (c_k = d^k u/dx_i^k / k!)
/// is pushed through the network once: a linear map acts on each coefficient, and an
/// activation f on z = z_0 + delta (delta = c_1 h + ... + c_K h^K) gives
///
///     f(z) = f(z_0) + sum_{j=1..K} f^(j)(z_0) / j!  delta^j      (truncated at h^K),
///
/// with the powers delta^j as Cauchy products (Griewank & Walther, Evaluating Derivatives,
/// ch. 13). Every coefficient is a tensor on the tape, so a loss built from u_xxx has its
/// parameter gradient by one ordinary reverse pass, instead of K nested reverse passes and
/// a reverse pass through all of them. This is what `Field.derivative([0, 0, 0])` (KdV's
/// u_xxx) uses; `DerivativePlan` and the Taylor engine cover orders 1 and 2 in many
/// directions at once.
public enum CoordinateSeries {
    /// The coefficients c_0 ... c_K of u(x + h e_i) for a function of tensors, by repeated
    /// reverse passes (`createGraph`, so they stay on the tape): the generic path, and the
    /// oracle the Taylor-mode series are tested against. Each c_k is `[n, outputs]`.
    public static func nested<S: TensorScalar>(_ f: (Tensor<S>) -> Tensor<S>, at x: Tensor<S>,
                                               coordinate i: Int, order K: Int) -> [Tensor<S>] {
        require(x.rank == 2, "CoordinateSeries.nested: points must be [n, D], got \(x.shape)")
        check(x.shape[1], i, K)
        let xt = x.detached.requiringGradient()
        let u = f(xt)
        let outs = u.shape[1]
        var columns = [[Tensor<S>]](repeating: [], count: K + 1)
        for c in 0..<outs {
            var g = outs == 1 ? u : u.column(c)
            columns[0].append(g)
            var factorial: S = 1
            for k in stride(from: 1, through: K, by: 1) {
                g = gradient(of: g, wrt: xt, createGraph: true).column(i)
                factorial *= S(k)
                columns[k].append(g * (1 / factorial))
            }
        }
        return columns.map { NestedEngine.joinColumns($0, rows: x.shape[0]) }
    }

    /// d^k u / dx_i^k = k! c_k from series coefficients.
    public static func derivatives<S: TensorScalar>(_ series: [Tensor<S>]) -> [Tensor<S>] {
        var factorial: S = 1
        return series.enumerated().map { k, c in
            if k > 1 { factorial *= S(k) }
            return k > 1 ? c * factorial : c
        }
    }

    static func check(_ D: Int, _ i: Int, _ K: Int) {
        require(i >= 0 && i < D, "CoordinateSeries: coordinate \(i) out of range for \(D) inputs")
        require(K >= 0, "CoordinateSeries: order must be >= 0, got \(K)")
    }

    /// The Cauchy product of two series truncated at order K, with nil for coefficients
    /// known to be zero (delta = z - z_0 has none at h^0, so delta^j none below h^j).
    static func product<S: TensorScalar>(_ a: [Tensor<S>?], _ b: [Tensor<S>?], order K: Int) -> [Tensor<S>?] {
        (0...K).map { n in
            var acc: Tensor<S>? = nil
            for j in 0...n {
                guard let p = a[j], let q = b[n - j] else { continue }
                acc = acc.map { $0 + p * q } ?? p * q
            }
            return acc
        }
    }

    /// f(z) for the series z (pre-activation, bias included): the coefficients of
    /// f(z_0 + delta) truncated at order K, each coefficient its own tape operations (the path
    /// for activations `SeriesActivation` does not fuse, and its oracle in the tests).
    static func activation<S: TensorScalar>(_ f: Activation, _ z: [Tensor<S>], order K: Int) -> [Tensor<S>] {
        let z0 = z[0]
        var y: [Tensor<S>?] = [f(z0)] + Array(repeating: nil, count: K)
        let delta: [Tensor<S>?] = [nil] + z.dropFirst().map { $0 }
        guard K >= 1 else { return [y[0]!] }
        let rows = z0.shape[0]
        let stack = ActivationDerivativeStack(activation: f, lowest: 1, count: K).apply(z0)   // f', ..., f^(K)
        var power = delta
        var factorial: S = 1
        for j in stride(from: 1, through: K, by: 1) {
            if j > 1 { power = product(power, delta, order: K); factorial *= S(j) }
            guard power.contains(where: { $0 != nil }) else { break }
            let fj = stack.rows(((j - 1) * rows)..<(j * rows)) * (1 / factorial)
            for n in j...K {
                guard let p = power[n] else { continue }
                y[n] = y[n].map { $0 + fj * p } ?? fj * p
            }
        }
        return y.map { $0 ?? Tensor.zeros(z0.shape) }
    }
}

extension Model {
    /// The series by nested reverse mode: the default for models without a Taylor-mode one.
    public func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>] {
        checkInput(x, "series(at:along:order:)")
        return CoordinateSeries.nested(self.callAsFunction, at: x, coordinate: coordinate, order: order)
    }

    /// d^k u / dx_i^k for k = 0 ... order (`[n, outputs]` each), by univariate Taylor mode
    /// where the model has it (`MLP`, `HardConstraint`), nested reverse mode otherwise.
    public func derivatives(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>] {
        checkInput(x, "derivatives(at:along:order:)")
        return CoordinateSeries.derivatives(series(at: x, along: coordinate, order: order))
    }
}

extension MLP {
    /// The series c_0 ... c_K of u(x + h e_i) by univariate Taylor mode (see `CoordinateSeries`).
    public func series(at x: Tensor<Scalar>, along i: Int, order K: Int) -> [Tensor<Scalar>] {
        checkInput(x, "MLP.series")
        CoordinateSeries.check(inputDimension, i, K)
        let n = x.shape[0]
        var h0 = x
        if let s = inputScale, let o = inputOffset { h0 = h0.multiplyingRow(s).addingRow(o) }
        let scale = inputScale.map { $0.scalars[i] } ?? 1
        // The coefficients travel stacked, [c_0; c_1; ...; c_K] as K + 1 blocks of n rows: each
        // linear map is one matrix product (the bias on the value block only) and each tanh or
        // sin one fused pass (`SeriesActivation`). The first map is affine in x:
        // z_0 = h_0 W + b, z_1 = scale W[i, :] (every row), z_k = 0 beyond.
        func firstLayer(_ W: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
            var blocks = [h0.matmul(W).addingRow(b)]
            if K >= 1 { blocks.append((W.gatheringRows([i]) * scale).repeatingRows(n)) }
            if K >= 2 { blocks.append(Tensor.zeros([(K - 1) * n, W.shape[1]])) }
            return Tensor.concatenatingRows(blocks)
        }
        func block(_ t: Tensor<Scalar>, _ k: Int) -> Tensor<Scalar> { t.rows((k * n)..<((k + 1) * n)) }
        func activate(_ f: Activation, _ z: Tensor<Scalar>) -> Tensor<Scalar> {
            if SeriesActivation.fuses(f) { return SeriesActivation(activation: f, derivative: 0, order: K).apply(z) }
            return Tensor.concatenatingRows(CoordinateSeries.activation(f, (0...K).map { block(z, $0) }, order: K))
        }
        // A gated network mixes each hidden output A as V + A (U - V): the product of series
        // is their Cauchy product, (A D)_k = sum_j A_j D_(k-j).
        var gate: (V: Tensor<Scalar>, D: Tensor<Scalar>)? = nil
        func mix(_ A: Tensor<Scalar>) -> Tensor<Scalar> {
            guard let (V, D) = gate else { return A }
            let product = (0...K).map { k in
                (0...k).map { j in block(A, j) * block(D, k - j) }.dropFirst().reduce(block(A, 0) * block(D, k)) { $0 + $1 }
            }
            return V + Tensor.concatenatingRows(product)
        }
        var H: Tensor<Scalar>
        var first = 0
        if let B = fourier, let p = fourierPhase {
            H = activate(.sin, firstLayer(B, p))
            if !gates.isEmpty {
                let U = activate(activation, H.matmul(gates[0]).addingRow(gates[1], leadingRows: n))
                let V = activate(activation, H.matmul(gates[2]).addingRow(gates[3], leadingRows: n))
                gate = (V, U - V)
            }
        } else {
            if !gates.isEmpty {
                let U = activate(activation, firstLayer(gates[0], gates[1])), V = activate(activation, firstLayer(gates[2], gates[3]))
                gate = (V, U - V)
            }
            H = mix(activate(activation, firstLayer(weights[0], biases[0])))
            first = 1
        }
        let L = weights.count - 1
        for l in first..<L {
            let A = activate(activation, H.matmul(weights[l]).addingRow(biases[l], leadingRows: n))
            H = gate == nil ? (skips(l) ? H + A : A) : mix(A)
        }
        let out = H.matmul(weights[L]).addingRow(biases[L], leadingRows: n)
        return (0...K).map { block(out, $0) }
    }
}

extension HardConstraint {
    /// The series of u = g + d N by the Leibniz rule: u_k = g_k + sum_j d_j N_{k-j}.
    public func series(at x: Tensor<Scalar>, along i: Int, order K: Int) -> [Tensor<Scalar>] {
        checkInput(x, "HardConstraint.series")
        let N = base.series(at: x, along: i, order: K)
        let d = factor.series(at: x, along: i, order: K)
        let g = offset?.series(at: x, along: i, order: K)
        return (0...K).map { k in
            var u = N[k].multiplyingColumn(d[0])
            for j in stride(from: 1, through: k, by: 1) { u = u + N[k - j].multiplyingColumn(d[j]) }
            return g.map { combine(u, $0[k]) } ?? u
        }
    }
}

extension InputFunction {
    /// The series of the fixed function along coordinate i, by nested reverse mode on
    /// constant inputs (no parameters, so nothing is kept on the tape).
    public func series(at x: Tensor<Scalar>, along i: Int, order K: Int) -> [Tensor<Scalar>] {
        CoordinateSeries.nested(self.callAsFunction, at: x.detached, coordinate: i, order: K).map(\.detached)
    }
}
