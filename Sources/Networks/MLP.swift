import Autodiff

/// A multilayer perceptron u: R^D -> R^out.
///
///     h_0 = s(x)                               optional input scaling to [-1, 1]
///     h_0 = sin(h_0 B' + phi)                  optional random Fourier features
///     h_l = f(h_{l-1} W_l + b_l)               hidden layers, l = 1 ... L
///           (+ h_{l-1} in a residual MLP where the widths agree)
///           (h_l -> V + h_l (U - V) in a gated, "modified" MLP; see `Configuration.gated`)
///     u   = h_L W_out + b_out                  linear output
///
/// Fourier features (Tancik et al. 2020) use B ~ N(0, sigma^2) of shape `[D, F]`, frozen;
/// B' = 2 pi [B, B] and phi = (0, ..., 0, pi/2, ..., pi/2), which gives
/// [sin(2 pi x B), cos(2 pi x B)] with one matrix product. Input scaling maps the box
/// [lower, upper] affinely onto [-1, 1]^D.
public struct MLP<Scalar: TensorScalar>: Model {
    public struct Configuration: Codable, Sendable, Hashable {
        public var inputDimension: Int
        public var outputDimension: Int
        public var hidden: [Int]
        public var activation: Activation
        public var initializer: Initializer
        public var residual: Bool
        /// The box mapped onto [-1, 1]^D, or nil for no scaling.
        public var inputLower: [Double]?
        public var inputUpper: [Double]?
        /// The number F of Fourier frequencies (0: none) and their standard deviation.
        public var fourierFeatures: Int
        public var fourierScale: Double
        /// Fixed feature frequencies instead of random ones: `[D][F]` angular frequencies, giving
        /// features [sin(x W), cos(x W)] of the (scaled) inputs. Integer multiples of pi / L
        /// in a coordinate make the network exactly periodic with period 2L in it (periodic
        /// embedding); 0 in a row leaves that input out of that feature.
        public var fourierMatrix: [[Double]]?
        /// The modified MLP of Wang, Teng & Perdikaris (2021, SIAM J. Sci. Comput. 43): two gates
        /// U = f(e W_U + b_U) and V = f(e W_V + b_V) of the network's input e (scaled, after the
        /// Fourier features if any), and every hidden layer's output h replaced by
        /// V + h (U - V) = h U + (1 - h) V, elementwise. All hidden widths must agree.
        public var gated: Bool
        public var seed: UInt64

        public init(inputDimension: Int, outputDimension: Int = 1, hidden: [Int], activation: Activation = .tanh,
                    initializer: Initializer = .glorotUniform, residual: Bool = false,
                    inputLower: [Double]? = nil, inputUpper: [Double]? = nil,
                    fourierFeatures: Int = 0, fourierScale: Double = 1, fourierMatrix: [[Double]]? = nil,
                    gated: Bool = false, seed: UInt64 = 0) {
            self.inputDimension = inputDimension; self.outputDimension = outputDimension
            self.hidden = hidden; self.activation = activation; self.initializer = initializer
            self.residual = residual; self.inputLower = inputLower; self.inputUpper = inputUpper
            self.fourierFeatures = fourierFeatures; self.fourierScale = fourierScale
            self.fourierMatrix = fourierMatrix; self.gated = gated; self.seed = seed
        }
    }

    public let configuration: Configuration
    /// Weights `[fanIn, fanOut]` of the hidden layers and the output layer.
    public var weights: [Tensor<Scalar>]
    /// Biases `[fanOut]`.
    public var biases: [Tensor<Scalar>]
    /// A gated network's W_U, b_U, W_V, b_V (empty otherwise).
    public var gates: [Tensor<Scalar>]
    /// Frozen input map: scale and offset (x * scale + offset), each `[D]`.
    let inputScale: Tensor<Scalar>?
    let inputOffset: Tensor<Scalar>?
    /// Frozen Fourier matrix B' `[D, 2F]` and phases `[2F]`.
    let fourier: Tensor<Scalar>?
    let fourierPhase: Tensor<Scalar>?

    public var inputDimension: Int { configuration.inputDimension }
    public var outputDimension: Int { configuration.outputDimension }
    public var activation: Activation { configuration.activation }

    /// A network initialised from `configuration.seed`.
    public init(_ configuration: Configuration) {
        let c = configuration
        require(c.inputDimension >= 1, "MLP: input dimension must be at least 1, got \(c.inputDimension)")
        require(c.outputDimension >= 1, "MLP: output dimension must be at least 1, got \(c.outputDimension)")
        require(c.hidden.allSatisfy { $0 >= 1 }, "MLP: hidden widths must be at least 1, got \(c.hidden)")
        require(c.fourierFeatures >= 0, "MLP: Fourier feature count must be >= 0, got \(c.fourierFeatures)")
        self.configuration = c
        var rng = RandomStream(seed: c.seed)
        if let lo = c.inputLower, let hi = c.inputUpper {
            require(lo.count == c.inputDimension && hi.count == c.inputDimension,
                         "MLP: input bounds need \(c.inputDimension) components, got \(lo.count) and \(hi.count)")
            require(zip(lo, hi).allSatisfy { $0 < $1 }, "MLP: each lower input bound must be below the upper one: \(lo), \(hi)")
            let map: (scale: [Scalar], offset: [Scalar]) = unitBoxMap(lower: lo, upper: hi)
            inputScale = Tensor(map.scale)
            inputOffset = Tensor(map.offset)
        } else {
            inputScale = nil; inputOffset = nil
        }
        var fanIn = c.inputDimension
        if let M = c.fourierMatrix {
            let F = M.first?.count ?? 0
            require(M.count == c.inputDimension && F > 0 && M.allSatisfy { $0.count == F },
                    "MLP: the Fourier matrix must be [\(c.inputDimension)][F] with F > 0, got \(M.count) rows of \(M.map(\.count))")
            fourier = Tensor(shape: [c.inputDimension, 2 * F]) { idx in Scalar(M[idx / (2 * F)][(idx % (2 * F)) % F]) }
            fourierPhase = Tensor((0..<(2 * F)).map { $0 < F ? 0 : Scalar.pi / 2 })
            fanIn = 2 * F
        } else if c.fourierFeatures > 0 {
            let F = c.fourierFeatures
            var fr = rng.substream(1)
            let B = Tensor<Scalar>.normal([c.inputDimension, F], std: Scalar(c.fourierScale), using: &fr)
            fourier = Tensor(shape: [c.inputDimension, 2 * F]) { idx in
                let (i, j) = (idx / (2 * F), idx % (2 * F))
                return 2 * Scalar.pi * B[i, j % F]
            }
            fourierPhase = Tensor((0..<(2 * F)).map { $0 < F ? 0 : Scalar.pi / 2 })
            fanIn = 2 * F
        } else {
            fourier = nil; fourierPhase = nil
        }
        if c.gated {
            require(!c.hidden.isEmpty && c.hidden.allSatisfy { $0 == c.hidden[0] } && !c.residual,
                    "MLP: a gated (modified) MLP needs hidden layers of one width and no residual connections, got \(c.hidden)")
            // From a stream of their own, so the layers below start as the plain network's.
            var gr = rng.substream(2)
            gates = (0..<2).flatMap { _ in
                [c.initializer.weights(fanIn: fanIn, fanOut: c.hidden[0], using: &gr).requiringGradient(),
                 Tensor<Scalar>.zeros([c.hidden[0]]).requiringGradient()]
            }
        } else {
            gates = []
        }
        var ws: [Tensor<Scalar>] = [], bs: [Tensor<Scalar>] = []
        for width in c.hidden + [c.outputDimension] {
            ws.append(c.initializer.weights(fanIn: fanIn, fanOut: width, using: &rng).requiringGradient())
            bs.append(Tensor<Scalar>.zeros([width]).requiringGradient())
            fanIn = width
        }
        weights = ws; biases = bs
    }

    /// Convenience: `MLP(inputDimension: 2, hidden: [64, 64], seed: 1)`.
    public init(inputDimension: Int, outputDimension: Int = 1, hidden: [Int], activation: Activation = .tanh,
                seed: UInt64 = 0) {
        self.init(Configuration(inputDimension: inputDimension, outputDimension: outputDimension, hidden: hidden,
                                activation: activation, seed: seed))
    }

    /// A gated network's gates W_U, b_U, W_V, b_V first, then weights and biases interleaved:
    /// W_1, b_1, ..., W_out, b_out (the output layer last).
    public var parameters: [Tensor<Scalar>] {
        get { gates + zip(weights, biases).flatMap { [$0, $1] } }
        set {
            let g = gates.count
            require(newValue.count == g + 2 * weights.count,
                         "MLP.parameters: expected \(g + 2 * weights.count) tensors, got \(newValue.count)")
            func leaf(_ t: Tensor<Scalar>) -> Tensor<Scalar> { t.isTracked ? t : t.requiringGradient() }
            for i in 0..<g {
                require(newValue[i].shape == gates[i].shape, "MLP.parameters: gate tensor \(i) expects \(gates[i].shape), got \(newValue[i].shape)")
                gates[i] = leaf(newValue[i])
            }
            for l in 0..<weights.count {
                let (w, b) = (newValue[g + 2 * l], newValue[g + 2 * l + 1])
                require(w.shape == weights[l].shape && b.shape == biases[l].shape,
                             "MLP.parameters: layer \(l) expects \(weights[l].shape) and \(biases[l].shape), got \(w.shape) and \(b.shape)")
                weights[l] = leaf(w)
                biases[l] = leaf(b)
            }
        }
    }

    func skips(_ l: Int) -> Bool {
        configuration.residual && l > 0 && weights[l].shape[0] == weights[l].shape[1]
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        checkInput(x, "MLP")
        var h = x
        if let s = inputScale, let o = inputOffset { h = h.multiplyingRow(s).addingRow(o) }
        if let B = fourier, let p = fourierPhase { h = h.matmul(B).addingRow(p).sin() }
        var gate: (V: Tensor<Scalar>, difference: Tensor<Scalar>)? = nil
        if !gates.isEmpty {
            let U = activation(h.matmul(gates[0]).addingRow(gates[1])), V = activation(h.matmul(gates[2]).addingRow(gates[3]))
            gate = (V, U - V)
        }
        let L = weights.count - 1
        for l in 0..<L {
            let a = activation(h.matmul(weights[l]).addingRow(biases[l]))
            if let (V, D) = gate { h = V + a * D } else { h = skips(l) ? h + a : a }
        }
        return h.matmul(weights[L]).addingRow(biases[L])
    }
}

/// The affine map x * scale + offset that takes the box [lower, upper] onto [-1, 1] in each
/// coordinate (the input scaling of `MLP` and `DeepSetsNetwork`).
func unitBoxMap<Scalar: TensorScalar>(lower: [Double], upper: [Double]) -> (scale: [Scalar], offset: [Scalar]) {
    (zip(lower, upper).map { Scalar(2 / ($1 - $0)) }, zip(lower, upper).map { Scalar(-($1 + $0) / ($1 - $0)) })
}
