import PINN

/// The floor under the bench steps (width 128, depth 4): the matrix products a Taylor-mode
/// step cannot avoid, straight through cblas into preallocated buffers, with nothing else.
///
/// Hidden layers 2-4 carry, for each point, the value, the first-order tangents and the
/// Laplacian channel: R rows. Each layer needs the forward product R x 128 x 128 and, in the
/// backward pass, dX = dY W^T and dW = X^T dY: nine products of 2 R 128^2 flops.
/// - heat (`bench-step --problem heat`, batch 256): d + 1 tangents (x and t), R = 256 (d + 3);
///   the first layer (value only) and the 64 initial points add under 1%.
/// - ball (`bench-step --problem allen-cahn-ball`, batch 100, 16 sampled coordinates):
///   R = 100 * 18; the first layer's value product (100 x d x 128, forward and weight
///   gradient) is left out, so this floor holds at every d.
/// `1 / time` bounds the step rate of any implementation that computes the Laplacian this
/// way at the GEMM speed measured here.
func runStepFloorBenchmarks() {
    section("step-floor: the GEMMs of one Taylor step, raw cblas")
    let widths = [6, 14, 8, 10, 10, 14]
    print(row(["type", "step", "rows R", "ms", "GFLOP/s", "max steps/s"], widths: widths))
    for d in [10, 100] { stepFloorRow(Float.self, "heat d=\(d)", 256 * (d + 3), widths) }
    for d in [10, 100] { stepFloorRow(Double.self, "heat d=\(d)", 256 * (d + 3), widths) }
    stepFloorRow(Float.self, "ball k=16", 100 * 18, widths)
    print("\n(median of 15 samples; each sample runs the 9 products of one step)")
}

private func stepFloorRow<S: TensorScalar>(_: S.Type, _ label: String, _ r: Int, _ widths: [Int]) {
    let w = 128
    var rng = RandomStream(seed: 5)
    let x = Tensor<S>.normal([r, w], using: &rng), dy = Tensor<S>.normal([r, w], using: &rng)
    let weight = Tensor<S>.normal([w, w], using: &rng)
    var y = [S](repeating: 0, count: r * w), dx = y, dw = [S](repeating: 0, count: w * w)
    let t = measure("step-floor") {
        x.withUnsafeBufferPointer { px in
            dy.withUnsafeBufferPointer { pdy in
                weight.withUnsafeBufferPointer { pw in
                    for _ in 0..<3 {
                        y.withUnsafeMutableBufferPointer { rawGEMM(r, w, w, px.baseAddress!, pw.baseAddress!, $0.baseAddress!) }
                        dx.withUnsafeMutableBufferPointer {
                            rawGEMM(r, w, w, pdy.baseAddress!, pw.baseAddress!, $0.baseAddress!, transB: true)
                        }
                        dw.withUnsafeMutableBufferPointer {
                            rawGEMM(w, w, r, px.baseAddress!, pdy.baseAddress!, $0.baseAddress!, transA: true)
                        }
                    }
                }
            }
        }
    }
    let flops = 9 * 2 * Double(r) * Double(w * w)
    print(row([S.precisionName, label, "\(r)", fixed(t.milliseconds, 2), fixed(t.gflops(flops), 1),
               fixed(1 / t.median, 1)], widths: widths))
}
