// Benchmarks of the Sampling module: collocation points in a 100-dimensional box.
// Run with `make bench` (release build); results are recorded in Docs/sampling.md.

import Autodiff
import Sampling

/// Times drawing 10^6 points in [0, 1]^100 (pseudo-random and Sobol, Float and Double)
/// plus a few smaller cases, and prints one line per case.
func runSamplingBenchmarks() {
    func time(_ label: String, repeats: Int = 3, _ body: () throws -> Int) {
        var values = 0, failure: Error? = nil
        let best = bestSeconds(repeats: repeats) {
            guard failure == nil else { return }
            do { values = try body() } catch { failure = error }
        }
        if let failure { print("sampling \(label): error \(failure)"); return }
        let rate = Double(values) / best / 1e6
        print("sampling \(label): \(fixed(best * 1e3, 3)) ms (best of \(repeats)), \(fixed(rate, 3)) M values/s")
    }
    print("sampling: threads = \(Parallel.threads)")
    do {
        let box = try Box.cube(dimension: 100, lower: -1, upper: 1)
        let n = 1_000_000
        var rng = RandomStream(seed: 1)
        time("box d=100 n=1e6 pseudo-random Double") { (try box.sampleInterior(n, using: &rng) as Tensor<Double>).count }
        time("box d=100 n=1e6 pseudo-random Float") { (try box.sampleInterior(n, using: &rng) as Tensor<Float>).count }
        time("box d=100 n=1e6 Sobol Double") {
            (try box.sampleInterior(n, sampler: SobolSampler(), using: &rng) as Tensor<Double>).count
        }
        time("box d=100 n=1e6 Sobol Float") {
            (try box.sampleInterior(n, sampler: SobolSampler(), using: &rng) as Tensor<Float>).count
        }
        time("box d=100 n=1e5 Halton Double") {
            (try box.sampleInterior(100_000, sampler: HaltonSampler(), using: &rng) as Tensor<Double>).count
        }
        let ball = try Ball(dimension: 100)
        time("ball d=100 n=1e5 interior Double") { (try ball.sampleInterior(100_000, using: &rng) as Tensor<Double>).count }
    } catch {
        print("sampling: setup failed: \(error)")
    }
}
