// The O(n d) parts of a training step at very large d (issue 12): Gaussian numbers, the
// radius-uniform ball points and the two-body source term, at n = 100 points, Float.
// Recorded in Docs/benchmarks.md.

import PINN

func runExtremeBenchmarks() {
    func time(_ label: String, values: Int, repeats: Int = 5, _ body: () -> Void) {
        let best = bestSeconds(repeats: repeats, body)
        print("extreme \(label): \(fixed(best * 1e3, 2)) ms (best of \(repeats)), \(fixed(best * 1e9 / Double(values), 3)) ns per value")
    }
    print("extreme: threads = \(Parallel.threads), n = 100 points, Float")
    var rng = RandomStream(seed: 1)
    var buffer = [Float](repeating: 0, count: 10_000_000)
    time("Gaussian fill 1e7", values: buffer.count) { buffer.withUnsafeMutableBufferPointer { rng.fillNormal($0) } }
    time("uniform fill 1e7", values: buffer.count) { buffer.withUnsafeMutableBufferPointer { rng.fillUniform($0) } }
    for d in [10_000, 100_000, 1_000_000] {
        let exact = TwoBodySolution(dimension: d, seed: 2024)
        var x: Tensor<Float> = RadiusUniformBall.points(100, dimension: d, using: &rng)
        time("d=\(d) ball points", values: 100 * d, repeats: 3) { x = RadiusUniformBall.points(100, dimension: d, using: &rng) }
        time("d=\(d) source term", values: 100 * d, repeats: 3) { _ = exact.source(x, reaction: .allenCahn) }
    }
}
