import Autodiff

/// A rule for placing n points in the unit cube [0,1)^d.
///
/// Domains that conform to `UnitCubeMappable` carry these points into themselves with a
/// measure-preserving map, so one sampler serves every such domain. Samplers that are
/// random (pseudo-random, Latin hypercube, scrambled Halton, shifted Sobol) draw from the
/// stream they are given and are reproducible by seed; deterministic sequences ignore it.
public protocol UnitCubeSampler: Sendable, CustomStringConvertible {
    /// `n` points of [0,1)^dimension, shape [n, dimension].
    func sample<S: TensorScalar>(_ n: Int, dimension: Int, using rng: inout RandomStream) throws -> Tensor<S>
}

/// Independent uniform points: each coordinate is a uniform variate of the stream.
public struct PseudoRandomSampler: UnitCubeSampler {
    public init() {}
    public var description: String { "pseudo-random" }

    public func sample<S: TensorScalar>(_ n: Int, dimension: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "PseudoRandomSampler.sample")
        try checkDimension(dimension, "PseudoRandomSampler.sample")
        return Tensor<S>.uniform([n, dimension], using: &rng)
    }
}

/// Latin hypercube sampling (McKay, Beckman & Conover 1979): on every axis the n points
/// fall one in each of the n strata [j/n, (j+1)/n), at a uniform position inside it; the
/// strata are matched across axes by independent random permutations.
public struct LatinHypercubeSampler: UnitCubeSampler {
    public init() {}
    public var description: String { "Latin hypercube" }

    public func sample<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "LatinHypercubeSampler.sample")
        try checkDimension(d, "LatinHypercubeSampler.sample")
        var x = uniformDoubles(n * d, using: &rng)
        var perm = [Int](repeating: 0, count: n)
        for k in 0..<d {
            for i in 0..<n { perm[i] = i }
            // Fisher-Yates shuffle.
            if n > 1 {
                for i in stride(from: n - 1, to: 0, by: -1) {
                    let j = Int(rng.next(upperBound: UInt64(i + 1)))
                    perm.swapAt(i, j)
                }
            }
            for i in 0..<n { x[i * d + k] = (Double(perm[i]) + x[i * d + k]) / Double(n) }
        }
        return tensor(x, [n, d])
    }
}

/// Exact uniform grids on the unit cube (or a box), end points included, for evaluation.
public enum UniformGrid {
    /// The tensor-product grid with `counts[k]` points from `lower[k]` to `upper[k]` on
    /// axis k, shape [prod(counts), d], the last axis varying fastest.
    public static func points<S: TensorScalar>(lower: [Double], upper: [Double], counts: [Int]) throws -> Tensor<S> {
        let d = counts.count
        try checkDimension(d, "UniformGrid.points (number of axes)")
        guard lower.count == d, upper.count == d else {
            throw SamplingError.invalidDimension(what: "UniformGrid.points bounds", value: lower.count,
                                                 expected: "\(d) lower and upper bounds, one per axis of counts")
        }
        for (k, c) in counts.enumerated() where c < 2 {
            throw SamplingError.invalidCount(what: "UniformGrid.points axis \(k)", value: c,
                                             expected: "at least 2 points per axis (the two end points)")
        }
        let total = counts.reduce(1, *)
        var x = [Double](repeating: 0, count: total * d)
        var index = [Int](repeating: 0, count: d)
        for i in 0..<total {
            for k in 0..<d {
                let t = Double(index[k]) / Double(counts[k] - 1)
                x[i * d + k] = index[k] == counts[k] - 1 ? upper[k] : lower[k] + t * (upper[k] - lower[k])
            }
            var k = d - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < counts[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        return tensor(x, [total, d])
    }

    /// The grid on the unit cube [0,1]^d with `counts[k]` points on axis k.
    public static func unitCube<S: TensorScalar>(counts: [Int]) throws -> Tensor<S> {
        try points(lower: [Double](repeating: 0, count: counts.count), upper: [Double](repeating: 1, count: counts.count),
                   counts: counts)
    }
}
