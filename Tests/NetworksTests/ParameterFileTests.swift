import Autodiff
import Foundation
import Networks
import Testing

@Suite struct ParameterFiles {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pinn-\(getpid())-\(name)").path
    }

    @Test func roundTripIsExact() throws {
        let net = MLP<Float>(inputDimension: 3, outputDimension: 2, hidden: [5, 4], seed: 9)
        let path = tempPath("params.bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try net.saveParameters(to: path)
        var other = MLP<Float>(inputDimension: 3, outputDimension: 2, hidden: [5, 4], seed: 10)
        try other.loadParameters(from: path)
        for (a, b) in zip(net.parameters, other.parameters) { #expect(a.scalars == b.scalars) }
    }

    @Test func badFilesAreRefusedWithClearErrors() throws {
        let net = MLP<Double>(inputDimension: 2, hidden: [3], seed: 1)
        let bytes = ParameterFile.encode(net.parameters)
        #expect(throws: ParameterFile.Error.self) { _ = try ParameterFile.decode(Array(bytes.prefix(bytes.count - 9)), as: Double.self) }
        var flipped = bytes
        flipped[bytes.count - 10] ^= 0xFF   // inside the data
        #expect { _ = try ParameterFile.decode(flipped, as: Double.self) } throws: { "\($0)".contains("corrupt") }
        #expect { _ = try ParameterFile.decode(Array("hello world, not params".utf8), as: Double.self) } throws: { "\($0)".contains("not a pinn-solve parameter file") }
        #expect { _ = try ParameterFile.decode(bytes, as: Float.self) } throws: { "\($0)".contains("--precision f64") }
        var wrong = MLP<Double>(inputDimension: 2, hidden: [4], seed: 1)
        let path = tempPath("p2.bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try net.saveParameters(to: path)
        #expect { try wrong.loadParameters(from: path) } throws: { "\($0)".contains("shape") }
        #expect { try wrong.loadParameters(from: tempPath("missing.bin")) } throws: { "\($0)".contains("no such file") }
    }
}
