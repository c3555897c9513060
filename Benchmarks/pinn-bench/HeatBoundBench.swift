import PINN

/// The floor under `pinn-solve bench-step --problem heat` (width 128, depth 4, batch 256):
/// the matrix products a Taylor-mode step cannot avoid, straight through cblas into
/// preallocated buffers, with nothing else.
///
/// Hidden layers 2-4 carry the value, the d + 1 first-order tangents (x and t) and the
/// Laplacian channel of each interior point, R = 256 (d + 3) rows; each layer needs the
/// forward product R x 128 x 128 and, in the backward pass, dX = dY W^T and dW = X^T dY.
/// Nine such products are 9 * 2 R 128^2 flops; the first layer (value only) and the
/// 64 initial points add under 1%. `1 / time` bounds the step rate of any implementation
/// that computes the exact Laplacian this way at the GEMM speed measured here.
func runHeatBoundBenchmarks() {
    section("heat-bound: the GEMMs of one Taylor heat step, raw cblas")
    let widths = [6, 6, 8, 10, 10, 14]
    print(row(["type", "d", "rows R", "ms", "GFLOP/s", "max steps/s"], widths: widths))
    for d in [10, 100] { heatBoundRow(Float.self, d, widths) }
    for d in [10, 100] { heatBoundRow(Double.self, d, widths) }
    print("\n(median of 15 samples; each sample runs the 9 products of one step)")
}

private func heatBoundRow<S: TensorScalar>(_: S.Type, _ d: Int, _ widths: [Int]) {
    let w = 128, r = 256 * (d + 3)
    var rng = RandomStream(seed: 5)
    let x = Tensor<S>.normal([r, w], using: &rng), dy = Tensor<S>.normal([r, w], using: &rng)
    let weight = Tensor<S>.normal([w, w], using: &rng)
    var y = [S](repeating: 0, count: r * w), dx = y, dw = [S](repeating: 0, count: w * w)
    let t = measure("heat-bound") {
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
    print(row([S.precisionName, "\(d)", "\(r)", fixed(t.milliseconds, 2), fixed(t.gflops(flops), 1),
               fixed(1 / t.median, 1)], widths: widths))
}
