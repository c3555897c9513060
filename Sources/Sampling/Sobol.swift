import Autodiff

/// The Sobol sequence (Sobol 1967) with the direction numbers of Joe & Kuo (2008), table
/// new-joe-kuo-6.21201: up to 21,201 dimensions, 32-bit resolution, up to 2^32 points.
///
/// Point i (0-based) in Gray-code order (Antonov & Saleev 1979) is
/// x_i = (xor over bits k set in g(i) of V_k) / 2^32 with g(i) = i xor (i >> 1), computed
/// directly at the start of each block of rows and then by one xor per point and
/// coordinate. This is the order of Joe & Kuo's reference program and of
/// `scipy.stats.qmc.Sobol(scramble=False)`; the first point is the origin. Balance
/// properties hold for n a power of two (with `skip` zero or a power of two).
///
/// With `randomShift`, a random digital shift (one 32-bit xor mask per coordinate, drawn
/// from the stream) is applied: each point is then uniform on the cube while the set keeps
/// its net structure (randomised QMC for error estimates).
public struct SobolSampler: UnitCubeSampler {
    public var skip: Int
    public var randomShift: Bool

    public init(skip: Int = 0, randomShift: Bool = false) {
        self.skip = skip
        self.randomShift = randomShift
    }

    public var description: String { randomShift ? "Sobol (digitally shifted)" : "Sobol" }

    /// The number of dimensions the bundled direction table supports.
    public static var maximumDimension: Int {
        (try? SobolDirectionTable.shared.get().maximumDimension) ?? 0
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func sample<S: TensorScalar>(_ n: Int, dimension d: Int, using rng: inout RandomStream) throws -> Tensor<S> {
        try checkCount(n, "SobolSampler.sample")
        try checkDimension(d, "SobolSampler.sample")
        try checkCount(skip, "SobolSampler.skip")
        let table = try SobolDirectionTable.shared.get()
        guard d <= table.maximumDimension else {
            throw SamplingError.dimensionTooHigh(sampler: "SobolSampler", requested: d, maximum: table.maximumDimension)
        }
        guard UInt64(skip) + UInt64(n) <= (UInt64(1) << 32) else {
            throw SamplingError.invalidCount(what: "SobolSampler.sample (skip + n)", value: skip + n,
                                             expected: "at most 2^32 points, the resolution of the 32-bit direction numbers")
        }
        let v = table.directions(dimension: d)
        var shift = [UInt32](repeating: 0, count: d)
        if randomShift { for k in 0..<d { shift[k] = UInt32(truncatingIfNeeded: rng.next() >> 32) } }
        var out = Tensor<S>.zeros([n, d])
        let first = skip
        v.withUnsafeBufferPointer { v in
            shift.withUnsafeBufferPointer { shift in
                out.withUnsafeMutableBufferPointer { p in
                    Parallel.forEachChunk(n, minChunk: 4096) { rows in
                        SobolSampler.fill(p, rows: rows, first: first, d: d, v: v, shift: shift)
                    }
                }
            }
        }
        return out
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func fill<S: TensorScalar>(_ p: UnsafeMutableBufferPointer<S>, rows: Range<Int>, first: Int, d: Int,
                                      v: UnsafeBufferPointer<UInt32>, shift: UnsafeBufferPointer<UInt32>) {
        let b = SobolDirectionTable.bits
        var state = [UInt32](repeating: 0, count: d)
        state.withUnsafeMutableBufferPointer { x in
            // State at index i0: xor of V_k over the bits of the Gray code of i0.
            let i0 = UInt64(first + rows.lowerBound)
            let g = i0 ^ (i0 >> 1)
            for k in 0..<b where (g >> UInt64(k)) & 1 == 1 {
                for j in 0..<d { x[j] ^= v[j * b + k] }
            }
            // Keep only the bits S can hold, truncating, so that every coordinate is < 1.
            let drop = UInt32(Swift.max(0, b - (S.significandBitCount + 1)))
            let scale = 1 / S(UInt64(1) << UInt64(UInt32(b) - drop))
            var i = i0
            for r in rows {
                let o = r * d
                for j in 0..<d { p[o + j] = S((x[j] ^ shift[j]) >> drop) * scale }
                // Next point: flip the direction number of the lowest zero bit of i.
                let c = (~i).trailingZeroBitCount
                i += 1
                if c < b { for j in 0..<d { x[j] ^= v[j * b + c] } }
            }
        }
    }
}
