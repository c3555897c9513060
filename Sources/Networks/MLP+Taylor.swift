import Autodiff

extension MLP {
    /// u and the plan's derivatives in one pass of second-order Taylor jets.
    ///
    /// The first layer exploits the structure of the input jet: a coordinate direction e_i
    /// enters as row i of W_1 (gathered, no product with a one-hot matrix); a direction
    /// shared by all points costs one row-vector product; only per-point directions need a
    /// GEMM over the batch; the second-order input is zero. Later layers run one GEMM over
    /// the whole stack `[(1 + k + c) n, m]` and the fused kernel of `Activation.taylor`.
    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        checkInput(x, "MLP.taylor")
        let n = x.shape[0]
        let layout = TaylorLayout(plan: plan, n: n)
        var H: Tensor<Scalar>
        var first = 0
        var gate: Gate? = nil
        if let B = fourier, let p = fourierPhase {
            H = Activation.sin.taylor(inputStack(x, B, plan, n), bias: p, layout: layout)
            if !gates.isEmpty {
                gate = Gate(activation.taylor(H.matmul(gates[0]), bias: gates[1], layout: layout),
                            activation.taylor(H.matmul(gates[2]), bias: gates[3], layout: layout), plan: plan, n: n)
            }
        } else {
            if !gates.isEmpty {
                gate = Gate(activation.taylor(inputStack(x, gates[0], plan, n), bias: gates[1], layout: layout),
                            activation.taylor(inputStack(x, gates[2], plan, n), bias: gates[3], layout: layout), plan: plan, n: n)
            }
            H = activation.taylor(inputStack(x, weights[0], plan, n), bias: biases[0], layout: layout)
            if let gate { H = gate.mix(H) }
            first = 1
        }
        return Derivatives(plan: plan, pointCount: n, stack: hiddenTaylor(H, from: first, layout: layout, gate: gate))
    }

    /// A gated network's gates on a Taylor stack: each hidden output A becomes V + A (U - V),
    /// the product by the rule for jets (`jetProduct`).
    struct Gate {
        let V: Tensor<Scalar>, difference: Tensor<Scalar>
        let plan: DerivativePlan<Scalar>, n: Int
        init(_ U: Tensor<Scalar>, _ V: Tensor<Scalar>, plan: DerivativePlan<Scalar>, n: Int) {
            self.V = V; difference = U - V; self.plan = plan; self.n = n
        }
        func mix(_ A: Tensor<Scalar>) -> Tensor<Scalar> { V + jetProduct(A, difference, plan: plan, n: n) }
    }

    /// The output stack of a network whose input jets are given: `Z` is the stack
    /// `[(1 + k + c) n, D]` of the inputs' values, first directional derivatives and
    /// second-order channel sums (on the tape), for a network without input scaling or Fourier
    /// features (`DeepSetsNetwork`'s outer network).
    func taylor(inputJets Z: Tensor<Scalar>, layout: TaylorLayout<Scalar>) -> Tensor<Scalar> {
        require(fourier == nil && inputScale == nil, "MLP.taylor(inputJets:): needs a network without input scaling or Fourier features")
        require(Z.rank == 2 && Z.shape[1] == inputDimension, "MLP.taylor(inputJets:): input jets \(Z.shape) for input dimension \(inputDimension)")
        require(gates.isEmpty, "MLP.taylor(inputJets:): needs a network without gates")
        return hiddenTaylor(activation.taylor(Z.matmul(weights[0]), bias: biases[0], layout: layout), from: 1, layout: layout)
    }

    /// The hidden layers from `first` on and the output layer, on a Taylor stack.
    private func hiddenTaylor(_ stack: Tensor<Scalar>, from first: Int, layout: TaylorLayout<Scalar>, gate: Gate? = nil) -> Tensor<Scalar> {
        var H = stack
        let L = weights.count - 1
        for l in first..<L {
            let A = activation.taylor(H.matmul(weights[l]), bias: biases[l], layout: layout)
            if let gate { H = gate.mix(A) } else { H = skips(l) ? H + A : A }
        }
        return H.matmul(weights[L]).addingRowToLeadingRows(biases[L], layout.n)
    }

    /// The pre-activation stack of the first linear map W (`[D, m]`), without bias.
    func inputStack(_ x: Tensor<Scalar>, _ W: Tensor<Scalar>, _ plan: DerivativePlan<Scalar>, _ n: Int) -> Tensor<Scalar> {
        let m = W.shape[1], D = inputDimension
        var xs = x
        if let s = inputScale, let o = inputOffset { xs = x.multiplyingRow(s).addingRow(o) }
        var parts = [xs.matmul(W)]
        // Directions shared by the batch: [kc + ks, m], then one copy per point.
        var shared: [Tensor<Scalar>] = []
        if !plan.coordinates.isEmpty {
            var rows = W.gatheringRows(plan.coordinates)
            if let s = inputScale { rows = rows.multiplyingColumn(s.reshaped([1, D]).gatheringColumns(plan.coordinates).reshaped([plan.coordinates.count])) }
            shared.append(rows)
        }
        if !plan.sharedDirections.isEmpty {
            var V = Tensor(shape: [plan.sharedDirections.count, D], scalars: plan.sharedDirections.flatMap { $0 })
            if let s = inputScale { V = V.multiplyingRow(s) }
            shared.append(V.matmul(W))
        }
        if !shared.isEmpty {
            parts.append((shared.count == 1 ? shared[0] : Tensor.concatenatingRows(shared)).repeatingRows(n))
        }
        for P in plan.pointDirections {
            require(P.shape[0] == n, "MLP.taylor: per-point direction has \(P.shape[0]) rows for \(n) points")
            parts.append((inputScale.map { P.multiplyingRow($0) } ?? P).matmul(W))
        }
        if !plan.channels.isEmpty { parts.append(Tensor.zeros([plan.channels.count * n, m])) }
        return Tensor.concatenatingRows(parts)
    }
}

/// The Taylor stack of the elementwise product of two functions given by their stacks `A` and
/// `B` (`[(1 + k + c) n, m]` each, the layout of `Derivatives`): the value a b, first directional
/// derivatives a_j b + a b_j, and each second-order channel a_c b + a b_c + 2 sum_e w_e p_e
/// a_(j_e) b_(j_e) over the channel's terms (direction j_e, weight w_e, per-point factor p_e).
/// Differentiable in both.
func jetProduct<S: TensorScalar>(_ A: Tensor<S>, _ B: Tensor<S>, plan: DerivativePlan<S>, n: Int) -> Tensor<S> {
    let k = plan.directionCount
    func block(_ T: Tensor<S>, _ b: Int) -> Tensor<S> { T.rows((b * n)..<((b + 1) * n)) }
    let a0 = block(A, 0), b0 = block(B, 0)
    var parts = [a0 * b0]
    for j in stride(from: 1, through: k, by: 1) { parts.append(block(A, j) * b0 + a0 * block(B, j)) }
    for (ci, ch) in plan.channels.enumerated() {
        var sum = block(A, 1 + k + ci) * b0 + a0 * block(B, 1 + k + ci)
        for (e, t) in ch.terms.enumerated() {
            let j = 1 + plan.position(of: t.direction)
            var cross = block(A, j) * block(B, j) * (2 * t.weight)
            if let p = ch.pointWeights { cross = cross.multiplyingColumn(p.column(e)) }
            sum = sum + cross
        }
        parts.append(sum)
    }
    return Tensor.concatenatingRows(parts)
}
