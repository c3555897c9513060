import PINN

/// Forward+backward of a 2 -> 128 -> 128 -> 128 -> 128 -> 1 tanh MLP at batch 1024: the
/// parameter gradient of a mean-squared loss, in Float and Double.
///
/// FLOPs counted are those of the GEMMs alone (elementwise work is not counted):
/// forward `2 B sum(in*out)`, weight gradients the same again, and input gradients
/// `2 B sum(in*out)` over every layer but the first (the input needs no gradient), with
/// B = 1024; 303.8 MFLOP a step. The rate is reported as a fraction of the GEMM peak
/// measured in the same run (the best raw cblas rate at n = 512 and 1024). The issue's
/// target is at least 50%.
///
/// To show where the time goes, the group also times the forward pass alone, the same
/// GEMMs through raw cblas into preallocated buffers (a lower bound for the step), and
/// the elementwise operations of one hidden layer at [1024, 128].
func runMLPBenchmarks() {
    section("mlp: forward+backward, 2-128x4-1 tanh, batch 1024")
    mlpReport(Float.self)
    mlpReport(Double.self)
}

struct BenchMLP<S: TensorScalar> {
    static var widths: [Int] { [2, 128, 128, 128, 128, 1] }
    static var batch: Int { 1024 }
    var weights: [Tensor<S>] = []
    var biases: [Tensor<S>] = []
    let x: Tensor<S>, target: Tensor<S>

    init() {
        var rng = RandomStream(seed: 11)
        let w = Self.widths
        for l in 0..<(w.count - 1) {
            let std = S(1 / Double(w[l]).squareRoot())
            weights.append(Tensor.normal([w[l], w[l + 1]], std: std, using: &rng).requiringGradient())
            biases.append(Tensor<S>.zeros([w[l + 1]]).requiringGradient())
        }
        x = Tensor.uniform([Self.batch, 2], low: -1, high: 1, using: &rng)
        target = Tensor.uniform([Self.batch, 1], low: -1, high: 1, using: &rng)
    }

    func loss() -> Tensor<S> {
        var h = x
        for l in weights.indices {
            h = h.matmul(weights[l]).addingRow(biases[l])
            if l < weights.count - 1 { h = h.tanh() }
        }
        return (h - target).square().mean()
    }

    func step() -> [Tensor<S>] { gradients(of: loss(), wrt: weights + biases) }

    /// GEMM flops of one forward+backward step.
    static var flops: Double {
        let w = widths
        var forward = 0.0, inputGrads = 0.0
        for l in 0..<(w.count - 1) {
            let f = 2 * Double(batch) * Double(w[l]) * Double(w[l + 1])
            forward += f
            if l > 0 { inputGrads += f }
        }
        return 2 * forward + inputGrads
    }
}

/// The same GEMMs as one step, through raw cblas into preallocated buffers.
struct RawGEMMStep<S: TensorScalar> {
    let w: [Int] = BenchMLP<S>.widths
    let b = BenchMLP<S>.batch
    var acts: [[S]], weights: [[S]], grads: [[S]], weightGrads: [[S]]

    init() {
        acts = BenchMLP<S>.widths.map { [S](repeating: 0.5, count: BenchMLP<S>.batch * $0) }
        grads = acts
        let widths = BenchMLP<S>.widths
        weights = (0..<(widths.count - 1)).map { [S](repeating: 0.01, count: widths[$0] * widths[$0 + 1]) }
        weightGrads = weights
    }

    mutating func run() {
        let w = self.w, b = self.b
        for l in 0..<(w.count - 1) {   // h_{l+1} = h_l W_l
            rawGEMM(b, w[l + 1], w[l], acts[l], weights[l], &acts[l + 1])
        }
        for l in (0..<(w.count - 1)).reversed() {
            // dW_l = h_l^T g_{l+1}; g_l = g_{l+1} W_l^T (not for the input)
            rawGEMM(w[l], w[l + 1], b, acts[l], grads[l + 1], &weightGrads[l], transA: true)
            if l > 0 { rawGEMM(b, w[l], w[l + 1], grads[l + 1], weights[l], &grads[l], transB: true) }
        }
    }
}

private func mlpReport<S: TensorScalar>(_: S.Type) {
    let peak = measuredGEMMPeak(S.self)
    let mlp = BenchMLP<S>()
    let step = measure("step", repeats: 21) { blackHole(mlp.step()) }
    let forward = measure("forward") { blackHole(mlp.loss()) }
    var raw = RawGEMMStep<S>()
    let gemmOnly = measure("raw GEMMs") { raw.run() }

    var rng = RandomStream(seed: 5)
    let h = Tensor<S>.normal([BenchMLP<S>.batch, 128], using: &rng)
    let bias = Tensor<S>.normal([128], using: &rng)
    let tanh = measure("tanh") { blackHole(h.tanh()) }
    let addRow = measure("addingRow") { blackHole(h.addingRow(bias)) }
    let mul = measure("a * b") { blackHole(h * h) }
    let colSum = measure("sum(alongAxis: 0)") { blackHole(h.sum(alongAxis: 0)) }

    let flops = BenchMLP<S>.flops
    let rate = step.gflops(flops)
    print("""
        \(S.precisionName): \(S.precisionName == "f32" ? "sgemm" : "dgemm") peak in this run \(fixed(peak, 1)) GFLOP/s
          step (forward+backward)   median \(fixed(step.milliseconds, 3)) ms, \
        \(fixed(rate, 1)) GFLOP/s = \(fixed(100 * rate / peak, 1))% of peak (target >= 50%); \
        min \(fixed(step.min * 1e3, 3)) ms = \(fixed(100 * flops / step.min / 1e9 / peak, 1))% of peak
          forward only              median \(fixed(forward.milliseconds, 3)) ms
          same GEMMs, raw cblas     median \(fixed(gemmOnly.milliseconds, 3)) ms, \
        \(fixed(gemmOnly.gflops(flops), 1)) GFLOP/s = \(fixed(100 * gemmOnly.gflops(flops) / peak, 1))% of peak
          elementwise at [1024,128]: tanh \(fixed(tanh.median * 1e6, 1)) us, addingRow \(fixed(addRow.median * 1e6, 1)) us, \
        a*b \(fixed(mul.median * 1e6, 1)) us, sum(alongAxis: 0) \(fixed(colSum.median * 1e6, 1)) us

        """)
}

/// 20 untimed steps in each precision (`PINN_BENCH_STEPS` overrides), for running under a
/// profiler: `valgrind --tool=callgrind .build/release/pinn-bench mlp-profile`.
func runMLPProfileSteps() {
    let steps = getenvInt("PINN_BENCH_STEPS") ?? 20
    let f = BenchMLP<Float>(), d = BenchMLP<Double>()
    for _ in 0..<steps { blackHole(f.step()) }
    for _ in 0..<steps { blackHole(d.step()) }
    print("mlp-profile: \(steps) forward+backward steps in f32 and in f64")
}
