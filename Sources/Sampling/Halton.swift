import Autodiff
import Foundation

/// The Halton sequence (Halton 1960): coordinate k of point i is the radical inverse of i
/// in the k-th prime base b_k, phi_b(i) = sum_j d_j b^(-j-1) where i = sum_j d_j b^j.
///
/// With `scrambled`, each digit position j of each base gets an independent random
/// affine permutation of the digits, pi_j(x) = (a x + c) mod b with a in 1..<b and c in
/// 0..<b (b prime, so pi_j is a bijection), applied to all digit positions down to the
/// precision of a Double: a random linear digit scramble in the sense of Matousek (1998),
/// which removes the correlations between high-index bases that plain Halton shows.
/// Point indices start at `skip` (0 gives the origin as the first unscrambled point).
public struct HaltonSampler: UnitCubeSampler {
    public var scrambled: Bool
    public var skip: Int

    public init(scrambled: Bool = false, skip: Int = 0) {
        self.scrambled = scrambled
        self.skip = skip
    }

    public var description: String { scrambled ? "Halton (scrambled)" : "Halton" }

    public func sample<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "HaltonSampler.sample")
        try checkDimension(d, "HaltonSampler.sample")
        try checkCount(skip, "HaltonSampler.skip")
        let table = RadicalInverseTable(dimension: d, scrambled: scrambled, using: &rng)
        return table.points(indices: skip..<(skip + n), firstColumnIsFraction: nil)
    }
}

/// The Hammersley point set (Hammersley 1960): point i of n is (i/n, phi_2(i), phi_3(i),
/// ...), the Halton sequence in d - 1 dimensions with the index fraction as the first
/// coordinate. A fixed set of n points, not an extensible sequence; `scrambled` scrambles
/// the Halton coordinates as in `HaltonSampler`. With `jittered`, the first coordinate is
/// (i + u) / n with one uniform u per draw: scrambling leaves the column i / n the same in
/// every draw, and resampled training points should not all share the same n values of x.
public struct HammersleySampler: UnitCubeSampler {
    public var scrambled: Bool
    public var jittered: Bool

    public init(scrambled: Bool = false, jittered: Bool = false) {
        self.scrambled = scrambled
        self.jittered = jittered
    }

    public var description: String {
        scrambled ? (jittered ? "Hammersley (scrambled, jittered)" : "Hammersley (scrambled)")
                  : (jittered ? "Hammersley (jittered)" : "Hammersley")
    }

    public func sample<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "HammersleySampler.sample")
        try checkDimension(d, "HammersleySampler.sample")
        let table = RadicalInverseTable(dimension: d - 1, scrambled: scrambled, using: &rng)
        let shift = jittered ? uniformDoubles(1, using: &rng)[0] : 0
        return table.points(indices: 0..<n, firstColumnIsFraction: n, shift: shift)
    }
}

/// Bases and digit permutations for radical inverses in `dimension` prime bases.
struct RadicalInverseTable: Sendable {
    let bases: [Int]
    /// Per base: the number of digit positions used, and the affine coefficients (a, c) of
    /// each position's permutation (nil when unscrambled).
    let levels: [Int]
    let affine: [[(a: Int, c: Int)]]?

    init(dimension: Int, scrambled: Bool, using rng: inout RandomStream) {
        bases = firstPrimes(dimension)
        levels = bases.map { b in Int((53 * 0.6931471805599453 / log(Double(b))).rounded(.up)) }
        if scrambled {
            var table: [[(a: Int, c: Int)]] = []
            for (k, b) in bases.enumerated() {
                table.append((0..<levels[k]).map { _ in
                    (a: 1 + Int(rng.next(upperBound: UInt64(b - 1))), c: Int(rng.next(upperBound: UInt64(b))))
                })
            }
            affine = table
        } else {
            affine = nil
        }
    }

    /// phi_b(i) for base number k, scrambled if the table is.
    @inline(__always)
    func radicalInverse(_ index: Int, base k: Int) -> Double {
        let b = bases[k]
        let inv = 1 / Double(b)
        var i = index, f = inv, v = 0.0
        if let perms = affine?[k] {
            for j in 0..<levels[k] {
                let digit = i % b
                i /= b
                v += Double((perms[j].a * digit + perms[j].c) % b) * f
                f *= inv
            }
        } else {
            while i > 0 {
                v += Double(i % b) * f
                i /= b
                f *= inv
            }
        }
        return Swift.min(v, 1.0.nextDown)
    }

    /// Rows for the given indices; with `firstColumnIsFraction = n` the rows get a
    /// leading column (index + shift) / n (Hammersley; shift in [0, 1)).
    func points<S: TensorScalar>(indices: Range<Int>, firstColumnIsFraction n: Int?, shift: Double = 0) -> Tensor<S> {
        let m = bases.count, lead = n == nil ? 0 : 1, d = m + lead
        var x = [Double](repeating: 0, count: indices.count * d)
        let start = indices.lowerBound
        x.withUnsafeMutableBufferPointer { p in
            let box = p
            Parallel.forEachChunk(indices.count, minChunk: 256) { rows in
                for r in rows {
                    let i = start + r
                    if let n { box[r * d] = Swift.min((Double(i) + shift) / Double(n), 1.0.nextDown) }
                    for k in 0..<m { box[r * d + lead + k] = radicalInverse(i, base: k) }
                }
            }
        }
        return tensor(x, [indices.count, d])
    }
}

/// The first `count` primes, by trial division (the 1000th prime is 7919).
func firstPrimes(_ count: Int) -> [Int] {
    var primes: [Int] = []
    primes.reserveCapacity(count)
    var c = 2
    while primes.count < count {
        var isPrime = true
        for p in primes {
            if p * p > c { break }
            if c % p == 0 { isPrime = false; break }
        }
        if isPrime { primes.append(c) }
        c += 1
    }
    return primes
}
