import Foundation
import Autodiff
import TestSupport
import Testing

@Suite struct TensorBasics {
    @Test func creationAndAccess() {
        let t = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t[1, 2] == 6)
        #expect(t.transposed().rows == [[1, 4], [2, 5], [3, 6]])
        #expect(Tensor<Float>.zeros([2, 2]).scalars == [0, 0, 0, 0])
        #expect(t.reshaped([3, 2]).rows == [[1, 2], [3, 4], [5, 6]])
    }

    /// repeatingBlock(k) is k copies of the tensor one under the other, as one tape node.
    @Test func repeatingBlockIsAConcatenationOfCopies() {
        let a = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).requiringGradient()
        let r = a.repeatingBlock(3)
        #expect(r.shape == [6, 3] && r.scalars == Tensor.concatenatingRows([a, a, a]).scalars)
        #expect(gradients(of: r.sum(), wrt: [a])[0].scalars == [Double](repeating: 3, count: 6))
        #expect(a.repeatingBlock(0).shape == [0, 3])
    }

    @Test func copyOnWrite() {
        let a = Tensor<Double>([1, 2, 3])
        var b = a
        b[flat: 0] = 10
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [10, 2, 3])
    }

    @Test func matmulMatchesLoops() {
        var rng = testStream()
        let a = Tensor<Double>.normal([7, 5], using: &rng), b = Tensor<Double>.normal([5, 3], using: &rng)
        let c = Tensor.matmul(a, b)
        for i in 0..<7 { for j in 0..<3 {
            var s = 0.0
            for k in 0..<5 { s += a[i, k] * b[k, j] }
            #expect(Swift.abs(c[i, j] - s) < 1e-12)
        } }
        let ct = Tensor.matmul(b, a, transposeA: true, transposeB: true)
        expectClose(ct, c.transposed(), relative: 1e-14)
    }

    @Test func reproducibleRandomAcrossThreadCounts() {
        var r1 = RandomStream(seed: 7), r2 = RandomStream(seed: 7), r3 = RandomStream(seed: 7)
        // Scoped thread counts (this test's task only; other tests run concurrently).
        let a = Parallel.withThreadCount(1) { Tensor<Double>.normal([300_000], using: &r1) }
        let b = Parallel.withThreadCount(2) { Tensor<Double>.normal([300_000], using: &r2) }
        let c = Parallel.withThreadCount(3) { Tensor<Double>.normal([300_000], using: &r3) }
        #expect(a.scalars == b.scalars && a.scalars == c.scalars)
        let m = a.mean().scalar, v = a.square().mean().scalar - m * m
        #expect(Swift.abs(m) < 0.01 && Swift.abs(v - 1) < 0.01)
    }

    /// The vectorised Box-Muller fill against the normal law: the empirical CDF at nine points
    /// within 5 standard errors of Phi, in both precisions; an odd count is a prefix of the
    /// even fill, and `normal()` draws the first number of the fill.
    @Test func normalVariatesFollowTheGaussianLaw() {
        func check<S: TensorScalar>(_: S.Type) {
            let n = 1_000_001
            var rng = RandomStream(seed: 11, stream: 4)
            let x = Tensor<S>.normal([n], using: &rng).scalars.map { Double($0) }
            for z in [-3.0, -2, -1, -0.5, 0, 0.5, 1, 2, 3] {
                let phi = 0.5 * Foundation.erfc(-z / 2.0.squareRoot())
                let frac = Double(x.lazy.filter { $0 <= z }.count) / Double(n)
                let se = (phi * (1 - phi) / Double(n)).squareRoot()
                #expect(Swift.abs(frac - phi) < 5 * se, "\(S.self): P(Z <= \(z)) = \(frac), expected \(phi)")
            }
            #expect(x.allSatisfy { $0.isFinite })
            var r1 = RandomStream(seed: 3), r2 = RandomStream(seed: 3), r3 = RandomStream(seed: 3)
            let odd = Tensor<S>.normal([5], using: &r1).scalars, even = Tensor<S>.normal([6], using: &r2).scalars
            #expect(Array(even.prefix(5)) == odd)
            #expect(r3.normal(S.self) == even[0])
            // The vector blocks (Float: 16 numbers per 8 pairs) give the scalar formula's numbers.
            var r4 = RandomStream(seed: 3), r5 = RandomStream(seed: 3)
            let big = Tensor<S>.normal([37], using: &r4).scalars
            var scalar: [S] = []
            for _ in 0..<19 { scalar.append(r5.normal(S.self)) }
            #expect(big[0] == scalar[0])
            if S.self == Float.self {
                // Pair 3 is lane 3 of block 0: its cosine term at element 3. Pair 17 lies past the
                // two full blocks: element 34.
                #expect(big[3] == scalar[3] && big[34] == scalar[17])
            } else {
                #expect(big[6] == scalar[3] && big[34] == scalar[17])
            }
        }
        check(Float.self)
        check(Double.self)
    }

    /// `rewriteElements` writes in place when it owns the buffer and into a fresh one when
    /// another tensor shares it, which then keeps its values.
    @Test func rewriteElementsRespectsSharing() {
        var a = Tensor<Double>([1, 2, 3])
        a.rewriteElements { old, new in
            #expect(old.baseAddress == UnsafePointer(new.baseAddress))   // unique: same memory
            for i in 0..<new.count { new[i] = old[i] * 10 }
        }
        #expect(a.scalars == [10, 20, 30])
        let b = a                                                          // shares the buffer
        a.rewriteElements { old, new in
            #expect(old.baseAddress != UnsafePointer(new.baseAddress))   // shared: a fresh buffer
            for i in 0..<new.count { new[i] = old[i] + 1 }
        }
        #expect(a.scalars == [11, 21, 31] && b.scalars == [10, 20, 30])
    }

    @Test func sumIsIndependentOfThreadCount() {
        var rng = testStream()
        let x = Tensor<Float>.normal([1_000_003], using: &rng)
        let s1 = Parallel.withThreadCount(1) { x.sum().scalar }
        let s2 = Parallel.withThreadCount(2) { x.sum().scalar }
        let s3 = Parallel.withThreadCount(3) { x.sum().scalar }
        #expect(s1 == s2 && s1 == s3)
    }

    /// `withThreadCount` applies to its own scope only, and inside it the loops really are
    /// split that many ways (so the two tests above compare what they claim).
    @Test func scopedThreadCountSplitsTheLoops() {
        let global = Parallel.threads
        func chunks(_ n: Int) -> [Range<Int>] {
            let lock = NSLock()
            var ranges: [Range<Int>] = []
            Parallel.forEachChunk(n, minChunk: 10) { r in lock.lock(); ranges.append(r); lock.unlock() }
            return ranges.sorted { $0.lowerBound < $1.lowerBound }
        }
        for t in [1, 2, 3, 5] {
            Parallel.withThreadCount(t) {
                #expect(Parallel.threads == t)
                let ranges = chunks(1000)
                #expect(ranges.count == t, "\(t) threads: \(ranges)")
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 1000
                        && zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(ranges)")
                // Nested scopes: the innermost wins, and the outer count comes back after it.
                Parallel.withThreadCount(4) { #expect(Parallel.threads == 4) }
                #expect(Parallel.threads == t)
            }
        }
        #expect(Parallel.threads == global, "the process-wide count changed from \(global) to \(Parallel.threads)")
    }
}

@Suite struct FirstGradients {
    @Test func polynomial() {
        let x = Tensor<Double>([1, 2, 3]).requiringGradient()
        let y = (x * x * x).sum()
        let g = gradient(of: y, wrt: x)
        #expect(g.scalars == [3, 12, 27])
    }

    @Test func secondDerivative() {
        let x = Tensor<Double>([0.3, -0.7]).requiringGradient()
        let y = x.sin().sum()
        let g = gradient(of: y, wrt: x, createGraph: true)
        let h = gradient(of: g.sum(), wrt: x)
        expectClose(h, -x.detached.sin(), relative: 1e-14)
    }
}
