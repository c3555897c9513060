/// Reverse-mode automatic differentiation over tensor operations.
///
/// Every operation whose inputs include a tracked tensor records a `Node`: the operation's
/// name, its inputs (as tensors, so the node keeps what the backward rule needs alive),
/// its output buffer, and a backward rule. The graph is owned by the tensors that refer to
/// it, so it is released as soon as the last tensor computed from it goes away.
///
/// Backward rules are written with the same tensor operations as the forward pass. When
/// `gradients(of:wrt:createGraph: true)` runs a rule on tracked inputs, the operations it
/// performs are recorded in turn, so the gradients it returns can be differentiated
/// again, to any order (as PyTorch's `create_graph=True` or JAX's grad-of-grad). With
/// `createGraph: false` the rules run on detached tensors and record nothing.
public final class Node<Scalar: TensorScalar>: @unchecked Sendable {
    /// The primitive's name, shown in messages.
    public let op: String
    @usableFromInline var inputs: [Tensor<Scalar>]
    @usableFromInline let output: TensorStorage<Scalar>?
    @usableFromInline let shape: [Int]
    @usableFromInline let backward: Backward<Scalar>?

    /// A leaf: a tensor that requires a gradient.
    @usableFromInline
    init(leafShape shape: [Int]) {
        op = "leaf"; inputs = []; output = nil; self.shape = shape; backward = nil
    }

    @usableFromInline
    init(op: String, inputs: [Tensor<Scalar>], output: TensorStorage<Scalar>, shape: [Int],
         backward: @escaping Backward<Scalar>) {
        self.op = op; self.inputs = inputs; self.output = output; self.shape = shape
        self.backward = backward
    }

    var isLeaf: Bool { backward == nil }

    /// Releases the graph below this node iteratively: a long chain of operations freed
    /// recursively would overflow the stack.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs.compactMap(\.node)
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs.compactMap(\.node))
                node.inputs = []
            }
        }
    }
}

/// What a backward rule sees: the gradient flowing into the output, the operation's inputs
/// and output (tracked when the graph of the backward pass is being recorded, constants
/// otherwise), and which inputs need a gradient.
public struct BackwardContext<Scalar: TensorScalar> {
    public let grad: Tensor<Scalar>
    public let inputs: [Tensor<Scalar>]
    public let output: Tensor<Scalar>
    public let needs: [Bool]
    /// Per input, the gradient gathered so far from other uses of that input, when the
    /// backward pass is not recorded and nothing else holds the buffer: a rule may add its
    /// contribution into it in place and return that same tensor (the matrix product does,
    /// with beta = 1, saving a [d, m] temporary and a pass over it for a large first layer).
    /// Returning anything else is always correct: it is then added as usual.
    public var accumulators: [Tensor<Scalar>?] = []

    /// The accumulator of input `i`, if there is one.
    public func accumulator(_ i: Int) -> Tensor<Scalar>? { i < accumulators.count ? accumulators[i] : nil }
}

/// A backward rule: one vector-Jacobian product per input (nil where `needs` is false).
public typealias Backward<Scalar: TensorScalar> = (BackwardContext<Scalar>) -> [Tensor<Scalar>?]

extension Tensor {
    /// True when gradients can flow to this tensor (it requires one or was computed from one).
    public var isTracked: Bool { node != nil }

    /// This tensor as a leaf of the autodiff graph: gradients can be taken with respect to it.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, storage: storage, node: Node(leafShape: shape))
    }

    /// Records `output = op(inputs)` when any input is tracked, and returns the output
    /// (tracked or not). Operations call this once, after computing their value.
    @inlinable
    public static func record(_ op: String, _ value: Tensor, _ inputs: [Tensor],
                              backward: @escaping Backward<Scalar>) -> Tensor {
        var tracked = false
        for x in inputs where x.node != nil { tracked = true; break }
        guard tracked else { return value }
        let node = Node(op: op, inputs: inputs, output: value.storage, shape: value.shape, backward: backward)
        return Tensor(shape: value.shape, storage: value.storage, node: node)
    }
}

/// Vector-Jacobian products of `output` with respect to each tensor in `wrt`.
///
/// - Parameters:
///   - output: any tracked tensor. With `seed` nil the seed is all ones, so for a scalar
///     output the result is the gradient, and for a tensor output the gradient of the sum.
///   - seed: the cotangent `v` in `v^T J`, of the output's shape.
///   - wrt: tracked tensors (leaves or intermediate results); a tensor the output does
///     not depend on gets a zero gradient.
///   - createGraph: record the backward pass so the results can be differentiated again.
/// - Returns: one gradient per entry of `wrt`, each of that tensor's shape.
public func gradients<Scalar: TensorScalar>(
    of output: Tensor<Scalar>, seed: Tensor<Scalar>? = nil, wrt: [Tensor<Scalar>], createGraph: Bool = false
) -> [Tensor<Scalar>] {
    for (i, x) in wrt.enumerated() {
        require(x.node != nil,
                     "gradients(of:wrt:): wrt[\(i)] (shape \(x.shape)) is not tracked; call requiringGradient() on it before computing the output")
    }
    if let seed {
        require(seed.shape == output.shape,
                     "gradients(of:wrt:): seed shape \(seed.shape) differs from output shape \(output.shape)")
    }
    guard let root = output.node else { return wrt.map { Tensor.zeros($0.shape) } }

    // Topological order (inputs before the nodes that use them), by iterative DFS.
    var order: [Node<Scalar>] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(Node<Scalar>, Int)] = [(root, 0)]
    visited.insert(ObjectIdentifier(root))
    while let (node, next) = stack.popLast() {
        if next < node.inputs.count {
            stack.append((node, next + 1))
            if let child = node.inputs[next].node, visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
        } else {
            order.append(node)
        }
    }

    // Only nodes on a path to a target need a gradient.
    let targets = Set(wrt.map { ObjectIdentifier($0.node!) })
    var needed = Set<ObjectIdentifier>()
    for node in order {
        let id = ObjectIdentifier(node)
        if targets.contains(id) || node.inputs.contains(where: { $0.node.map { needed.contains(ObjectIdentifier($0)) } ?? false }) {
            needed.insert(id)
        }
    }

    func prepare(_ t: Tensor<Scalar>) -> Tensor<Scalar> { createGraph ? t : t.detached }

    var grads: [ObjectIdentifier: Tensor<Scalar>] = [:]
    grads[ObjectIdentifier(root)] = prepare(seed ?? Tensor.ones(output.shape))
    for node in order.reversed() {
        let id = ObjectIdentifier(node)
        guard needed.contains(id), let backward = node.backward, let g = grads[id] else { continue }
        if !targets.contains(id) { grads[id] = nil }
        let needs = node.inputs.map { $0.node.map { needed.contains(ObjectIdentifier($0)) } ?? false }
        let out = Tensor(shape: node.shape, storage: node.output!, node: createGraph ? node : nil)
        var ctx = BackwardContext(grad: g, inputs: node.inputs.map(prepare), output: out, needs: needs)
        if !createGraph {
            // Offer each input's gradient so far to the rule when only the tape holds it and
            // the input appears once among the node's inputs.
            let ids = node.inputs.map { $0.node.map(ObjectIdentifier.init) }
            var uses: [ObjectIdentifier: Int] = [:]   // O(inputs), not O(inputs^2) for wide concatenations
            for case let cid? in ids { uses[cid, default: 0] += 1 }
            ctx.accumulators = node.inputs.indices.map { i in
                guard needs[i], let cid = ids[i], uses[cid] == 1,
                      var acc = grads.removeValue(forKey: cid) else { return nil }
                let unique = isKnownUniquelyReferenced(&acc.storage)
                grads[cid] = acc
                return unique ? acc : nil
            }
        }
        let results = backward(ctx)
        require(results.count == node.inputs.count,
                     "gradients: backward rule of '\(node.op)' returned \(results.count) gradients for \(node.inputs.count) inputs")
        let addedInPlace = node.inputs.indices.map { i in
            guard let acc = ctx.accumulator(i), let r = results[i] else { return false }
            return acc.storage === r.storage
        }
        ctx.accumulators = []   // let the buffers be unique again for the usual in-place add
        for (i, input) in node.inputs.enumerated() where needs[i] {
            guard let gi = results[i] else {
                fatalError("gradients: backward rule of '\(node.op)' gave no gradient for input \(i)")
            }
            require(gi.shape == input.shape,
                         "gradients: backward rule of '\(node.op)' gave shape \(gi.shape) for input \(i) of shape \(input.shape)")
            let cid = ObjectIdentifier(input.node!)
            if addedInPlace[i] {
                grads[cid] = gi   // the rule added into the accumulator itself
            } else if var acc = grads.removeValue(forKey: cid) {
                // Without a recorded graph, add in place (copy on write keeps shared buffers safe):
                // a large first-layer weight gradient is not duplicated per contribution.
                if createGraph { acc = acc + gi } else { acc.accumulate(gi) }
                grads[cid] = acc
            } else {
                grads[cid] = gi
            }
        }
    }
    return wrt.map { grads[ObjectIdentifier($0.node!)] ?? Tensor.zeros($0.shape) }
}

/// The gradient of a scalar-valued tensor with respect to one tensor.
public func gradient<Scalar: TensorScalar>(of output: Tensor<Scalar>, wrt x: Tensor<Scalar>,
                                           createGraph: Bool = false) -> Tensor<Scalar> {
    gradients(of: output, wrt: [x], createGraph: createGraph)[0]
}

extension Tensor {
    /// self += other elementwise, in place (constants only: records nothing).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    mutating func accumulate(_ other: Tensor) {
        checkSame(other, "accumulate")
        node = nil
        let src = other.storage.pointer
        withUnsafeMutableBufferPointer { dst in
            let d = dst.baseAddress!
            Parallel.forEachChunk(dst.count, minChunk: elementwiseChunk) { r in
                for i in r { d[i] += src[i] }
            }
        }
    }
}
