import CBLAS
import PINN

/// GEMM through `Tensor.matmul` (which allocates its result and records nothing for
/// constants) versus a raw `cblas_?gemm` call into a preallocated buffer, for square
/// matrices of size n = 64 ... 1024. The overhead is `tensor median / raw median - 1`;
/// the target is under 5% for n >= 256.
func runGEMMBenchmarks() {
    section("gemm: Tensor.matmul versus raw cblas")
    let widths = [6, 6, 10, 10, 9, 11, 10, 10]
    print(row(["type", "n", "raw ms", "Tensor ms", "raw GF/s", "Tensor GF/s", "overhead", "(of min)"], widths: widths))
    for n in [64, 128, 256, 512, 1024] { gemmRow(Float.self, n, widths) }
    for n in [64, 128, 256, 512, 1024] { gemmRow(Double.self, n, widths) }
    print("\n(medians of 21 interleaved samples; overhead = Tensor / raw - 1 of the medians, then of the minima)")
}

private func gemmRow<S: TensorScalar>(_: S.Type, _ n: Int, _ widths: [Int]) {
    let (raw, tensor) = timeGEMM(S.self, n)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    print(row([S.precisionName, "\(n)", fixed(raw.milliseconds, 3), fixed(tensor.milliseconds, 3),
               fixed(raw.gflops(flops), 1), fixed(tensor.gflops(flops), 1),
               fixed((tensor.median / raw.median - 1) * 100, 1) + "%",
               fixed((tensor.min / raw.min - 1) * 100, 1) + "%"], widths: widths))
}

/// Interleaved timings of raw cblas and of Tensor.matmul for n x n times n x n.
func timeGEMM<S: TensorScalar>(_: S.Type, _ n: Int, repeats: Int = 21) -> (raw: Timing, tensor: Timing) {
    var rng = RandomStream(seed: UInt64(n))
    let a = Tensor<S>.normal([n, n], using: &rng), b = Tensor<S>.normal([n, n], using: &rng)
    var c = [S](repeating: 0, count: n * n)
    return compare("raw", {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    rawGEMM(n, n, n, pa.baseAddress!, pb.baseAddress!, pc.baseAddress!)
                }
            }
        }
    }, "Tensor", {
        blackHole(Tensor.matmul(a, b))
    }, repeats: repeats)
}

/// `c = a b` for row-major `a: [m, k]`, `b: [k, n]`, straight through cblas_sgemm/dgemm.
@inline(__always)
func rawGEMM<S: TensorScalar>(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<S>, _ b: UnsafePointer<S>,
                              _ c: UnsafeMutablePointer<S>, transA: Bool = false, transB: Bool = false) {
    let ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans
    let lda = Int32(transA ? m : k), ldb = Int32(transB ? k : n)
    if S.self == Double.self {
        cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                    UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda,
                    UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb, 0,
                    UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), Int32(n))
    } else {
        cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                    UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda,
                    UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, 0,
                    UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), Int32(n))
    }
}

/// The machine's GEMM peak in this run: the best raw cblas rate over n = 512 and 1024, in GFLOP/s.
func measuredGEMMPeak<S: TensorScalar>(_: S.Type) -> Double {
    [512, 1024].map { n -> Double in
        let (raw, _) = timeGEMM(S.self, n, repeats: 9)
        return 2 * Double(n) * Double(n) * Double(n) / raw.min / 1e9
    }.max()!
}
