import Autodiff
import Foundation
import Testing
import TestSupport
@testable import Optimization

@Suite struct CheckpointTests {
    func sample<S: TensorScalar>(_: S.Type) -> Checkpoint<S> {
        var rng = testStream(9)
        let p = [Tensor<S>.normal([3, 2], using: &rng), Tensor<S>.normal([2], using: &rng), Tensor<S>(scalar: -0.0)]
        return Checkpoint(step: 7, phaseIndex: 1, phaseStep: 2, elapsed: 1.25, rng: rng, rngBeforeResample: testStream(2),
                          weights: [NamedValue("residual", 1), NamedValue("boundary", 3.5)],
                          termNames: ["residual", "boundary"], parameters: p,
                          optimizerState: OptimizerStateRecord(kind: "adam", integers: [7, -1], strings: ["x"], tensors: p),
                          history: [TrainingRecord(step: 0, loss: 2, terms: [1, S.infinity], error: nil, wallTime: 0.5),
                                    TrainingRecord(step: 1, loss: 1, terms: [0.5, 0.25], error: 0.125, wallTime: 0.75)])
    }

    @Test func roundTripIsBitExactThroughAFile() throws {
        let cp = sample(Float.self)
        let path = temporaryPath("roundtrip.ckpt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try cp.write(to: path)
        let back = try Checkpoint<Float>.read(from: path)
        #expect(back.step == 7 && back.phaseIndex == 1 && back.phaseStep == 2 && back.elapsed == 1.25)
        #expect(back.rng == cp.rng && back.rngBeforeResample == testStream(2))
        #expect(back.weights == cp.weights && back.termNames == cp.termNames && back.history == cp.history)
        #expect(zip(back.parameters, cp.parameters).allSatisfy { $0.shape == $1.shape
            && $0.scalars.map(\.bitPattern) == $1.scalars.map(\.bitPattern) })
        #expect(back.optimizerState.kind == "adam" && back.optimizerState.integers == [7, -1]
                && back.optimizerState.strings == ["x"] && back.optimizerState.tensors.count == 3)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix("." + (path as NSString).lastPathComponent) && $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test func truncatedForeignCorruptedAndMismatchedFilesAreRefused() throws {
        let bytes = sample(Double.self).encoded()
        #expect(throws: CheckpointError.truncated(path: "t", expectedBytes: bytes.count, foundBytes: bytes.count - 10)) {
            try Checkpoint<Double>.decode(Array(bytes.dropLast(10)), path: "t")
        }
        #expect(throws: CheckpointError.truncated(path: "t", expectedBytes: 32, foundBytes: 20)) {
            try Checkpoint<Double>.decode(Array(bytes.prefix(20)), path: "t")
        }
        #expect(throws: CheckpointError.notACheckpoint(path: "f")) {
            try Checkpoint<Double>.decode(Array("CDF\u{1}not a checkpoint at all, a NetCDF file perhaps".utf8), path: "f")
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: CheckpointError.corrupted(path: "c")) { try Checkpoint<Double>.decode(flipped, path: "c") }
        var future = bytes
        future[8] = 9
        #expect(throws: CheckpointError.unsupportedVersion(path: "v", found: 9, supported: 1)) {
            try Checkpoint<Double>.decode(future, path: "v")
        }
        #expect(throws: CheckpointError.precisionMismatch(path: "p", found: "f64", expected: "f32")) {
            try Checkpoint<Float>.decode(bytes, path: "p")
        }
        #expect(throws: CheckpointError.self) { try Checkpoint<Double>.read(from: temporaryPath("missing")) }

        let message = CheckpointError.truncated(path: "run.ckpt", expectedBytes: 100, foundBytes: 50).description
        #expect(message.contains("run.ckpt") && message.contains("truncated") && message.contains("100"))
    }

    @Test func resumingWithAnotherNetworkOrOptimizerIsRefused() throws {
        let problem = Regression()
        let cp = sample(Double.self)
        var t = Trainer(phases: [TrainingPhase(LBFGS<Double>(), steps: 3), TrainingPhase(LBFGS<Double>(), steps: 3)])
        t.progress = .silent
        t.interrupt = InterruptFlag()
        var wrong = TinyMLP<Double>(widths: [1, 8, 8, 1]).initialParameters(seed: 1)
        #expect(throws: CheckpointError.self) {
            _ = try t.run(parameters: &wrong, loss: problem.loss, resumingFrom: cp)
        }
        // Right shapes, but the checkpoint holds an Adam state for an L-BFGS phase.
        let net = TinyMLP<Double>(widths: [1, 3, 2, 1])
        var p = net.initialParameters(seed: 1)
        var shaped = cp
        shaped.parameters = p
        shaped.rngBeforeResample = nil
        let report = try t.run(parameters: &p, loss: { q in [LossTerm.meanSquare("residual", net(problem.ends, q))] },
                               resumingFrom: shaped)
        guard case .failed(let message, _) = report.status else {
            Issue.record("expected a failure, got \(report.status)")
            return
        }
        #expect(message.contains("'adam'") && message.contains("'lbfgs'"), "\(message)")
    }
}
