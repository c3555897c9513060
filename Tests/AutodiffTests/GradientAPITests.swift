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

    /// A weight used by a matrix product and by a row gather (the Taylor engine's first
    /// layer): the product's backward adds into the gather's gradient in place (GEMM with
    /// beta = 1). The result must equal the two contributions summed separately, and a
    /// gradient that other nodes also hold must not be overwritten.
    @Test func inPlaceAccumulationIntoASharedWeight() {
        var rng = testStream(12)
        let x = Tensor<Double>.normal([5, 7], using: &rng)
        let w = Tensor<Double>.normal([7, 3], using: &rng).requiringGradient()
        let c = Tensor<Double>.normal([2, 3], using: &rng)
        let rows = [4, 1]
        let loss = (x.matmul(w).square().sum() + (w.gatheringRows(rows) * c).sum())
        let g = gradient(of: loss, wrt: w)
        // By hand: 2 x^T (x w) + the gathered rows' coefficients scattered into their rows.
        var expected = x.transposed().matmul(x.matmul(w.detached)) * 2
        expected = expected + c.scatteringRows(rows, height: 7)
        expectClose(g, expected, relative: 1e-13, "in-place accumulated gradient")
        // The same weight gradient with the graph recorded (no in-place path) agrees too.
        let gGraph = gradients(of: loss, wrt: [w], createGraph: true)[0]
        expectClose(g, gGraph.detached, relative: 1e-13, "with createGraph")
        // A gradient buffer shared with another node (add passes its gradient through to both
        // inputs): a = w.gather, b = a + 0, loss uses a and b; the shared buffer stays intact.
        let a = w.gatheringRows(rows)
        let shared = ((a + a) * c).sum() + x.matmul(w).sum()
        let gs = gradient(of: shared, wrt: w)
        let ones = Tensor<Double>.ones([5, 3])
        expectClose(gs, x.transposed().matmul(ones) + (c * 2).scatteringRows(rows, height: 7), relative: 1e-13,
                    "shared gradient buffers")
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
