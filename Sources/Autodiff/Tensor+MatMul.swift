/// Matrix products through OpenBLAS (cblas_sgemm / cblas_dgemm).

extension Tensor {
    /// `op(a) * op(b)` for rank-2 tensors, where op transposes when asked.
    ///
    /// Shapes: op(a) is `[m, k]`, op(b) is `[k, n]`, the result `[m, n]`.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        require(a.rank == 2 && b.rank == 2, "matmul: needs rank-2 tensors, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let k2 = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        require(k == k2, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") times \(b.shape)\(transposeB ? "ᵀ" : "")")
        let c = Tensor.uninitialized([m, n])
        gemm(a, b, into: c, transposeA: transposeA, transposeB: transposeB, beta: 0)
        return record("matmul", c, [a, b]) { ctx in
            let (a, b, g) = (ctx.inputs[0], ctx.inputs[1], ctx.grad)
            let da: Tensor? = !ctx.needs[0] ? nil
                : (transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)
                              : matmul(g, b, transposeA: false, transposeB: !transposeB))
            if ctx.needs[1], !transposeB, let acc = ctx.accumulator(1) {
                // The weight gradient of a layer used elsewhere too (the Taylor engine's first
                // layer): add op(a)^T g into what is there, one GEMM with beta = 1.
                gemm(a, g, into: acc, transposeA: !transposeA, transposeB: false, beta: 1)
                return [da, acc]
            }
            let db: Tensor? = !ctx.needs[1] ? nil
                : (transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)
                              : matmul(a, g, transposeA: !transposeA, transposeB: false))
            return [da, db]
        }
    }

    /// Raw GEMM into an existing buffer: `c = op(a) op(b) + beta c` (no autodiff).
    @inlinable
    static func gemm(_ a: Tensor, _ b: Tensor, into c: Tensor, transposeA: Bool, transposeB: Bool, beta: Scalar) {
        let m = c.shape[0], n = c.shape[1], k = transposeA ? a.shape[0] : a.shape[1]
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 { fillElements(c.storage.pointer, 0, m * n) }
            return
        }
        Scalar.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1,
                    a: a.storage.pointer, lda: a.shape[1], b: b.storage.pointer, ldb: b.shape[1],
                    beta: beta, c: c.storage.pointer, ldc: n)
    }

    /// `self * other` as a matrix product.
    public func matmul(_ other: Tensor) -> Tensor { Tensor.matmul(self, other) }
}
