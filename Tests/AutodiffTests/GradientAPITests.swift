import Autodiff
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The contract of `gradients(of:seed:wrt:createGraph:)` beyond single operations.
@Suite struct GradientAPI {
    @Test func gradientWithRespectToAnIntermediateTensor() {
        var rng = testStream(8)
        let x = Tensor<Double>.normal([3, 2], using: &rng).requiringGradient()
        let y = x.sin()
        let z = (y * y).sum()
        let gs = gradients(of: z, wrt: [y, x])
        expectClose(gs[0], y.detached * 2, relative: 1e-15, "dz/dy")
        expectClose(gs[1], (y.detached * x.detached.cos()) * 2, relative: 1e-15, "dz/dx")
    }

    @Test func unrelatedAndRepeatedTargets() {
        let x = Tensor<Double>([1, 2]).requiringGradient(), u = Tensor<Double>([5]).requiringGradient()
        let y = (x * x).sum()
        let gs = gradients(of: y, wrt: [x, u, x])
        #expect(gs[0].scalars == [2, 4] && gs[2].scalars == [2, 4], "repeated target: \(gs[0]) and \(gs[2])")
        #expect(gs[1].scalars == [0], "a tensor the output does not depend on gets \(gs[1])")
        // An output computed from constants only: every gradient is zero.
        let c = Tensor<Double>([3, 4]).exp().sum()
        #expect(gradients(of: c, wrt: [x])[0].scalars == [0, 0])
    }

    @Test func seedIsTheCotangent() {
        let x = Tensor<Double>(rows: [[1, 2], [3, 4]]).requiringGradient()
        let g = gradients(of: x.square(), seed: Tensor(rows: [[1, 0], [0, -1]]), wrt: [x])[0]
        #expect(g.rows == [[2, 0], [0, -8]])
    }
}

@Suite struct DeepGraphs {
    /// A chain of 200,000 operations (an unrolled time-stepping loop, a loss accumulated
    /// term by term) is differentiated and then released.
    /// (Node.deinit tears the graph down iteratively; recursion overflowed at ~50,000.)
    @Test
    func deepChainIsDifferentiatedAndReleased() async {
        await #expect(processExitsWith: .success) {
            var x = Tensor<Double>([1, 2]).requiringGradient()
            let x0 = x
            for _ in 0..<200_000 { x = x * 1.0 + 0.0 }
            let g = gradient(of: x.sum(), wrt: x0)
            x = Tensor([0, 0])
            if g.scalars != [1, 1] { exit(1) }
        }
    }
}
