import Autodiff
import Optimization

extension Communicator {
    /// Sums (or averages) a list of tensors over the ranks with ONE allreduce: the tensors
    /// are flattened into one buffer of Σ count_i elements, reduced, and written back in
    /// place (keeping each tensor's autodiff identity). Every rank must pass tensors of the
    /// same shapes in the same order.
    public func allreduce<S: TensorScalar>(_ tensors: inout [Tensor<S>], _ operation: ReductionOperation = .sum,
                                           average: Bool = false) throws {
        guard size > 1 else { return }
        var flat = ParameterAlgebra.flatten(tensors)
        try allreduce(&flat, operation)
        if average {
            let scale = 1 / S(size)
            for i in flat.indices { flat[i] *= scale }
        }
        ParameterAlgebra.assign(flat, to: &tensors)
    }

    /// Elementwise mean of a list of tensors over the ranks, in place, with one allreduce.
    public func allreduceAverage<S: TensorScalar>(_ tensors: inout [Tensor<S>]) throws {
        try allreduce(&tensors, .sum, average: true)
    }

    /// Copies the root's tensors into every rank's tensors, in place (the tensors keep
    /// their autodiff identity, so tracked parameters stay tracked). The shapes are checked
    /// first (one small broadcast): a rank whose shapes differ from the root's throws
    /// `MPIError.mismatch` naming both, and so do all the others, so no rank is left waiting.
    public func broadcast<S: TensorScalar>(_ tensors: inout [Tensor<S>], root: Int = 0) throws {
        guard size > 1 else { return }
        // The shapes as one flat list: count, then rank and extents of each tensor.
        var shapes: [Double] = [Double(tensors.count)]
        for t in tensors { shapes.append(Double(t.rank)); shapes += t.shape.map(Double.init) }
        var rootShapes = [Double](repeating: 0, count: 1)
        rootShapes[0] = Double(shapes.count)
        try broadcast(&rootShapes, root: root)
        let length = Int(rootShapes[0])
        rootShapes = rank == root ? shapes : [Double](repeating: 0, count: length)
        try broadcast(&rootShapes, root: root)
        let mismatch = try any(rootShapes != shapes)
        if mismatch {
            let root = "the root's (rank \(root)) \(Self.describeShapes(rootShapes))"
            throw MPIError.mismatch(rootShapes == shapes
                ? "a broadcast of tensors of shapes \(root): another rank holds different shapes"
                : "a broadcast of tensors: rank \(rank) holds shapes \(tensors.map(\.shape)), \(root)")
        }
        var flat = ParameterAlgebra.flatten(tensors)
        try broadcast(&flat, root: root)
        ParameterAlgebra.assign(flat, to: &tensors)
    }

    /// True on every rank when all ranks hold bit-identical tensors (a collective: the
    /// elementwise max and min over the ranks are compared; NaNs count as different, +0 and -0 as equal). Use
    /// it to check that data-parallel ranks stayed in step.
    public func agree<S: TensorScalar>(_ tensors: [Tensor<S>]) throws -> Bool {
        guard size > 1 else { return true }
        let flat = ParameterAlgebra.flatten(tensors)
        var hi = flat, lo = flat
        try allreduce(&hi, .max)
        try allreduce(&lo, .min)
        var same = true
        for i in flat.indices where !(hi[i] == lo[i]) { same = false; break }
        return !(try any(!same))
    }

    static func describeShapes(_ flat: [Double]) -> String {
        guard let n = flat.first else { return "[]" }
        var shapes: [[Int]] = [], i = 1
        for _ in 0..<Int(n) where i < flat.count {
            let r = Int(flat[i]); i += 1
            shapes.append(flat[i..<Swift.min(i + r, flat.count)].map { Int($0) }); i += r
        }
        return "\(shapes)"
    }
}
