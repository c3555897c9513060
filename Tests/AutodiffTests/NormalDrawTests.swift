import Testing
@testable import Autodiff

/// Box-Muller at u1 = 1 (the top 24 bits of the draw all zero, once in 2^24 Float pairs): the
/// radius is sqrt(-2 log 1) = 0. It was fastSqrt(-0.0) = 3.4e18 (the bit trick reads the sign
/// bit), so about one f32 batch in 250 of the Deep BSDE's 128,000 increments held a 10^18
/// (found by `pinn-solve run hjb-100d --method bsde`, which diverged at step 65).
@Suite struct NormalDrawTests {
    @Test func radiusIsZeroWhenTheUniformIsOne() {
        // mix(0x72e6009909ef11d9) = 0x1234, whose top 24 bits are zero.
        let key: UInt64 = 0x72E6_0099_09EF_11D9
        #expect(RandomStream.mix(key) == 0x1234)
        let (a, b) = RandomStream.normalPair(0x1234, 0, Float.self)
        #expect(a.isFinite && b.isFinite && Swift.abs(a) < 1e-6 && Swift.abs(b) < 1e-6, "scalar pair (\(a), \(b))")
        let (c, s) = RandomStream.normalPairs(at: 0, key: key, base: 0)
        #expect(Swift.abs(c[0]) < 1e-6 && Swift.abs(s[0]) < 1e-6, "vector pair lane 0 (\(c[0]), \(s[0]))")
        for k in 1..<8 { #expect(Swift.abs(c[k]) < 6 && Swift.abs(s[k]) < 6) }
    }
}
