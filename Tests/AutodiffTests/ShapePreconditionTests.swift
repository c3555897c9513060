import Autodiff
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Shape mismatches in library calls stop the program with a message that names the
/// operation and both shapes; nothing broadcasts silently. A failed precondition cannot be
/// caught in-process, so each case runs in a child process (a Swift Testing exit test) and
/// the test reads the child's standard error.
enum ShapeMismatch: String, Codable, Sendable, CaseIterable, CustomTestStringConvertible {
    case add, subtract, multiply, divide, matmul, matmulTransposed, addingRow, multiplyingColumn,
         rowVectorAsMatrix, concatenatingRows, reshaped, gradientSeed

    var testDescription: String { rawValue }

    /// Performs the mismatched call (never returns normally when preconditions are checked).
    func trigger() {
        let a = Tensor<Double>.zeros([2, 3]), b = Tensor<Double>.zeros([3, 2])
        switch self {
        case .add: _ = a + b
        case .subtract: _ = a - b
        case .multiply: _ = a * b
        case .divide: _ = a / b
        case .matmul: _ = Tensor.matmul(a, a)
        case .matmulTransposed: _ = Tensor.matmul(a, b, transposeA: true)
        case .addingRow: _ = a.addingRow(Tensor<Double>.zeros([2]))
        case .multiplyingColumn: _ = a.multiplyingColumn(Tensor<Double>.zeros([3]))
        case .rowVectorAsMatrix: _ = a.addingRow(Tensor<Double>.zeros([3, 1]))
        case .concatenatingRows: _ = Tensor.concatenatingRows([a, Tensor<Double>.zeros([2, 4])])
        case .reshaped: _ = a.reshaped([4, 2])
        case .gradientSeed:
            let x = a.requiringGradient()
            _ = gradients(of: x.tanh(), seed: b, wrt: [x])
        }
        print("no precondition failure")
    }

    /// Fragments the message must contain: the operation and both shapes.
    var expectedFragments: [String] {
        switch self {
        case .add: ["+", "[2, 3]", "[3, 2]"]
        case .subtract: ["-", "[2, 3]", "[3, 2]"]
        case .multiply: ["*", "[2, 3]", "[3, 2]"]
        case .divide: ["/", "[2, 3]", "[3, 2]"]
        case .matmul: ["matmul", "[2, 3]", "[2, 3]"]
        case .matmulTransposed: ["matmul", "[2, 3]", "[3, 2]"]
        case .addingRow: ["addingRow", "[2, 3]", "[2]"]
        case .multiplyingColumn: ["multiplyingColumn", "[2, 3]", "[3]"]
        case .rowVectorAsMatrix: ["addingRow", "[2, 3]", "[3, 1]"]
        case .concatenatingRows: ["concatenatingRows", "[2, 3]", "[2, 4]"]
        case .reshaped: ["reshape", "[2, 3]", "[4, 2]"]
        case .gradientSeed: ["gradients", "seed", "[3, 2]", "[2, 3]"]
        }
    }
}

/// Shape checks use `require`, which stops with its message in every build mode.
@Suite struct ShapePreconditions {
    @Test(arguments: ShapeMismatch.allCases)
    func mismatchStopsWithAMessageNamingOperationAndShapes(_ mismatch: ShapeMismatch) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [mismatch] in
            mismatch.trigger()
        }
        guard let result else { return }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        for fragment in mismatch.expectedFragments {
            #expect(message.contains(fragment), "\(mismatch): message lacks \"\(fragment)\": \(message.prefix(400))")
        }
    }
}
