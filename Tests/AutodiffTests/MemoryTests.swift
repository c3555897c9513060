@testable import Autodiff
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Training does not accumulate memory: the graph of a step is released when its last
/// tensor goes away, and 10,000 forward+backward steps leave resident memory flat.
@Suite struct MemoryStability {
    /// A 2 -> 16 -> 16 -> 1 tanh MLP trained by plain gradient descent on a mean-squared loss,
    /// batch 32, updating its parameters in place as an optimiser does.
    struct TinyTraining {
        var params: [Tensor<Double>]
        let x: Tensor<Double>, target: Tensor<Double>

        init() {
            var rng = testStream(3)
            let widths = [2, 16, 16, 1]
            params = []
            for l in 0..<3 {
                params.append(Tensor.normal([widths[l], widths[l + 1]], std: 0.5, using: &rng).requiringGradient())
                params.append(Tensor.zeros([widths[l + 1]]).requiringGradient())
            }
            x = Tensor.uniform([32, 2], low: -1, high: 1, using: &rng)
            target = (x.column(0) * x.column(1)).sin()
        }

        /// One step; returns the loss.
        mutating func step(rate: Double = 0.01) -> Double {
            var h = x
            for l in 0..<3 {
                h = h.matmul(params[2 * l]).addingRow(params[2 * l + 1])
                if l < 2 { h = h.tanh() }
            }
            let loss = (h - target).square().mean()
            let grads = gradients(of: loss, wrt: params)
            for i in params.indices {
                grads[i].withUnsafeBufferPointer { g in
                    params[i].withUnsafeMutableBufferPointer { p in
                        for k in p.indices { p[k] -= rate * g[k] }
                    }
                }
            }
            return loss.scalar
        }
    }

    /// VmRSS from /proc/self/status, in kB (nil where there is no /proc).
    static func residentKB() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmRSS:") {
                return Int(text.dropFirst(6).filter { $0.isNumber })
            }
        }
        return nil
    }

    /// Runs in a child process (so tests running in parallel do not disturb the figure):
    /// prints the loss before and after and the growth of VmRSS over 10,000 steps after a
    /// warm-up of 500.
    static func measure() {
        var training = TinyTraining()
        let first = training.step()
        for _ in 0..<500 { _ = training.step() }
        let before = residentKB() ?? -1
        var last = 0.0
        for _ in 0..<10_000 { last = training.step() }
        let after = residentKB() ?? -1
        print("RSS \(before) \(after) LOSS \(first) \(last)")
    }

    @Test func residentMemoryStaysFlatOver10000Steps() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            MemoryStability.measure()
        }
        let output = String(decoding: try #require(result).standardOutputContent, as: UTF8.self)
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("RSS ") }, "no figures in \(output)")
        let fields = line.split(separator: " ")
        let before = try #require(Int(fields[1])), after = try #require(Int(fields[2]))
        let firstLoss = try #require(Double(fields[4])), lastLoss = try #require(Double(fields[5]))
        try #require(before > 0, "VmRSS not readable")
        print("MemoryStability: VmRSS \(before) kB -> \(after) kB over 10,000 steps, loss \(firstLoss) -> \(lastLoss)")
        #expect(after - before < 2048, "resident memory grew by \(after - before) kB over 10,000 steps (from \(before) kB)")
        // The steps did real work: the loss went down.
        #expect(lastLoss < 0.5 * firstLoss, "loss went from \(firstLoss) to \(lastLoss)")
    }

    /// The graph of a computation, including one recorded by `createGraph`, is freed as
    /// soon as the tensors that refer to it are gone.
    @Test func graphIsReleasedWithItsLastTensor() {
        weak var hidden: TensorStorage<Double>?
        weak var node: Node<Double>?
        weak var secondOrderNode: Node<Double>?
        do {
            var rng = testStream()
            let x = Tensor<Double>.normal([4, 3], using: &rng).requiringGradient()
            let w = Tensor<Double>.normal([3, 3], using: &rng)
            let h = x.matmul(w).tanh()
            hidden = h.storage
            node = h.node
            let g = gradient(of: (h * h).sum(), wrt: x, createGraph: true)
            secondOrderNode = g.node
            let hv = gradient(of: g.sum(), wrt: x)
            #expect(hv.shape == [4, 3])
            #expect(hidden != nil && node != nil && secondOrderNode != nil)
        }
        #expect(hidden == nil, "the hidden layer's buffer outlived its graph")
        #expect(node == nil, "a first-order graph node outlived its tensors")
        #expect(secondOrderNode == nil, "a node recorded by createGraph outlived its tensors")
    }
}
