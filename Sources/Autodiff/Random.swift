/// A reproducible, counter-based random number generator.
///
/// Draw `i` of the stream with key `k` is `mix(k &+ i &* γ)`, where γ = 0x9E3779B97F4A7C15
/// (the golden-ratio increment of SplitMix64) and `mix` is SplitMix64's finaliser
/// (Steele, Lea & Flood 2014). Because each draw depends only on (key, index), a batch of
/// draws can be filled by any number of threads in any order with the same result: the
/// numbers depend on the seed alone, never on the thread count or the platform.
///
/// `RandomStream(seed:stream:)` derives the key from both, so streams with different
/// `stream` numbers are independent sequences (used for per-rank or per-purpose streams).
///
/// Uniform variates take the top 53 bits (Double) or 24 bits (Float) of a draw, giving
/// values in [0, 1). Normal variates use the Box-Muller transform on two draws.
public struct RandomStream: RandomNumberGenerator, Sendable, Hashable, Codable {
    public let key: UInt64
    /// The index of the next draw.
    public var counter: UInt64

    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(seed: UInt64, stream: UInt64 = 0) {
        key = RandomStream.mix(seed &+ RandomStream.mix(stream &+ 0x632B_E59B_D9B4_E019))
        counter = 0
    }

    @inlinable @inline(__always)
    public static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The draw at absolute index `i` (does not advance the stream).
    @inlinable @inline(__always)
    public func draw(at i: UInt64) -> UInt64 { RandomStream.mix(key &+ i &* RandomStream.gamma) }

    @inlinable
    public mutating func next() -> UInt64 {
        defer { counter &+= 1 }
        return draw(at: counter)
    }

    /// A new independent stream derived from this one's key (for sub-tasks).
    public func substream(_ index: UInt64) -> RandomStream {
        RandomStream(seed: key, stream: index &+ 1)
    }

    @inlinable @inline(__always)
    static func unit<S: TensorScalar>(_ bits: UInt64, _: S.Type) -> S {
        if S.self == Float.self {
            return S(Float(Int32(truncatingIfNeeded: bits >> 40)) * 0x1p-24)
        }
        return S(Double(bits >> 11) * 0x1p-53)
    }

    /// Fills `buffer` with uniform variates in [low, high) and advances the stream by
    /// `buffer.count` draws. Splits the work across threads; the result does not depend on
    /// the thread count.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public mutating func fillUniform<S: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<S>, low: S = 0, high: S = 1) {
        let n = buffer.count, base = counter, me = self, scale = high - low
        guard let p = buffer.baseAddress else { return }
        Parallel.forEachChunk(n, minChunk: 1 << 15) { range in
            for i in range {
                p[i] = low + scale * RandomStream.unit(me.draw(at: base &+ UInt64(i)), S.self)
            }
        }
        counter &+= UInt64(n)
    }

    /// Fills `buffer` with normal variates N(mean, std^2) by Box-Muller, pair j (r cos, r sin)
    /// from draws 2j and 2j+1; advances the stream by `buffer.count` rounded up to even.
    /// Layout: elements 2j and 2j+1 hold pair j, except that in Float the first 16 floor(n/16)
    /// elements come in blocks of 16 (pairs 8b ... 8b+7: their eight cosine terms, then their
    /// eight sine terms), written as whole vectors. Either way the numbers depend on the seed
    /// and n only, never on the thread count. Branch-free and vectorised (`fastLog`,
    /// `fastSqrt`, sin/cos of the angle 2 pi u2 split into quarter turns in integers): 10^7
    /// Float numbers in about 15 ms on two cores (`pinn-bench extreme`).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public mutating func fillNormal<S: TensorScalar>(_ buffer: UnsafeMutableBufferPointer<S>, mean: S = 0, std: S = 1) {
        let n = buffer.count, base = counter, me = self
        guard let p = buffer.baseAddress else { return }
        let pairs = (n + 1) / 2, full = n / 2
        let blocks = S.self == Float.self ? full / 8 : 0
        if blocks > 0 {
            let q = UnsafeMutableRawPointer(p)
            let m8 = Float8(repeating: Float(mean)), s8 = Float8(repeating: Float(std))
            Parallel.forEachChunk(blocks, minChunk: 1 << 11) { range in
                for b in range {
                    let (c, s) = RandomStream.normalPairs(at: 8 &* b, key: me.key, base: base)
                    q.storeBytes(of: m8 + s8 * c, toByteOffset: 64 &* b, as: Float8.self)
                    q.storeBytes(of: m8 + s8 * s, toByteOffset: 64 &* b &+ 32, as: Float8.self)
                }
            }
        }
        let first = 8 * blocks   // the remaining pairs, interleaved
        Parallel.forEachChunk(pairs - first, minChunk: 1 << 14) { range in
            let lo = first + range.lowerBound, hi = Swift.min(first + range.upperBound, full)
            if lo < hi {
                // Wrapping index arithmetic: overflow checks would keep the loop scalar.
                for j in lo..<hi {
                    let i = UInt64(truncatingIfNeeded: j) &* 2
                    let (a, b) = RandomStream.normalPair(me.draw(at: base &+ i), me.draw(at: base &+ i &+ 1), S.self)
                    p[2 &* j] = mean + std * a
                    p[2 &* j &+ 1] = mean + std * b
                }
            }
            if first + range.upperBound == pairs && full < pairs {   // odd count: the last element alone
                let (a, _) = RandomStream.normalPair(me.draw(at: base &+ UInt64(2 * full)),
                                                     me.draw(at: base &+ UInt64(2 * full + 1)), S.self)
                p[2 * full] = mean + std * a
            }
        }
        counter &+= UInt64(2 * pairs)
    }

    /// Box-Muller: two independent N(0, 1) numbers, r = sqrt(-2 log u1) with u1 in (0, 1] and
    /// the angle 2 pi u2. Double takes u1 and u2 from the top 53 bits of two draws; Float takes
    /// both from the first draw (its top 24 bits and the 24 below them; SplitMix64's output
    /// bits are equally good) and leaves the second unused, which halves the hashing.
    @inlinable @inline(__always)
    static func normalPair<S: TensorScalar>(_ d1: UInt64, _ d2: UInt64, _: S.Type) -> (S, S) {
        if S.self == Float.self {
            let u1 = 1 - Float(Int32(truncatingIfNeeded: d1 &>> 40)) * 0x1p-24
            let r = fastSqrt(0 - 2 * fastLog(u1))   // +0 at u1 = 1: fastSqrt(-0.0) is 3e18
            let (s, c): (Float, Float) = sinCosOfTurnFraction(Int64(truncatingIfNeeded: (d1 &>> 16) & 0xFF_FFFF), bits: 24, Float.self)
            return (unsafeBitCast(r * c, to: S.self), unsafeBitCast(r * s, to: S.self))
        }
        let u1 = 1 - RandomStream.unit(d1, S.self)
        let r = S.sqrt(-2 * fastLog(u1))
        let (s, c): (S, S) = sinCosOfTurnFraction(Int64(truncatingIfNeeded: d2 >> 11), bits: 53, S.self)
        return (r * c, r * s)
    }

    /// `normalPair` for the eight pairs j ... j + 7 of a stream (draws base + 2j ...), in Float.
    @inlinable @inline(__always)
    static func normalPairs(at j: Int, key: UInt64, base: UInt64) -> (Float8, Float8) {
        let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        let i1 = (SIMD8<UInt64>(repeating: UInt64(truncatingIfNeeded: j)) &+ lanes) &* 2 &+ base
        let d1 = mix8(key &+ i1 &* gamma)
        let u1 = 1 - Float8(SIMD8<Int32>(truncatingIfNeeded: d1 &>> 40)) * 0x1p-24
        let r = fastSqrt(0 - 2 * fastLog(u1))   // +0 at u1 = 1: fastSqrt(-0.0) is 3e18
        let (s, c) = sinCosOfTurnFraction24(SIMD8<Int32>(truncatingIfNeeded: (d1 &>> 16) & 0xFF_FFFF))
        return (r * c, r * s)
    }

    /// `mix` in eight lanes.
    @inlinable @inline(__always)
    static func mix8(_ z0: SIMD8<UInt64>) -> SIMD8<UInt64> {
        var z = z0
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// One uniform variate in [0, 1).
    @_specialize(where S == Float) @_specialize(where S == Double)
    public mutating func uniform<S: TensorScalar>(_: S.Type = S.self) -> S { RandomStream.unit(next(), S.self) }

    /// One standard normal variate (uses two draws).
    @_specialize(where S == Float) @_specialize(where S == Double)
    public mutating func normal<S: TensorScalar>(_: S.Type = S.self) -> S {
        let d1 = next(), d2 = next()
        return RandomStream.normalPair(d1, d2, S.self).0
    }
}

extension Tensor {
    /// Uniform variates in [low, high).
    public static func uniform(_ shape: [Int], low: Scalar = 0, high: Scalar = 1,
                               using rng: inout RandomStream) -> Tensor {
        var t = Tensor.uninitialized(shape)
        t.withUnsafeMutableBufferPointer { rng.fillUniform($0, low: low, high: high) }
        return t
    }

    /// Normal variates with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Scalar = 0, std: Scalar = 1,
                              using rng: inout RandomStream) -> Tensor {
        var t = Tensor.uninitialized(shape)
        t.withUnsafeMutableBufferPointer { rng.fillNormal($0, mean: mean, std: std) }
        return t
    }
}
