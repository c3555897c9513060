import Autodiff

/// Every differentiable operation of the Autodiff API, each applied to small random inputs
/// drawn from its domain (positive for log and sqrt, away from zero for 1/x, abs and
/// negative powers). The same catalogue is built for Float and Double.
///
/// Shapes: `[3, 4]` matrices unless the operation needs otherwise; row vectors `[4]` or
/// `[1, 4]`, column vectors `[3]` or `[3, 1]`.
func opCatalogue<S: TensorScalar>(_: S.Type) -> [OpCase<S>] {
    let m34 = InputSpec([3, 4])
    let s: S = 0.7
    typealias T = Tensor<S>
    func unary(_ name: String, _ spec: InputSpec = InputSpec([3, 4]), _ f: @escaping (T) -> T) -> OpCase<S> {
        OpCase(name: name, inputs: [spec]) { f($0[0]) }
    }
    func binary(_ name: String, _ a: InputSpec, _ b: InputSpec, _ f: @escaping (T, T) -> T) -> OpCase<S> {
        OpCase(name: name, inputs: [a, b]) { f($0[0], $0[1]) }
    }

    return [
        // Tensor-tensor arithmetic (equal shapes), negation, and the same input used twice.
        binary("a + b", m34, m34) { $0 + $1 },
        binary("a - b", m34, m34) { $0 - $1 },
        binary("a * b", m34, m34) { $0 * $1 },
        binary("a / b", m34, .nonzero([3, 4])) { $0 / $1 },
        unary("-a") { -$0 },
        unary("a * a") { $0 * $0 },
        unary("a / a") { $0 / $0 }.with(inputs: [.nonzero([3, 4])]),
        binary("a += b", m34, m34) { var a = $0; a += $1; return a },
        binary("a -= b", m34, m34) { var a = $0; a -= $1; return a },
        binary("a *= b", m34, m34) { var a = $0; a *= $1; return a },
        unary("a *= s") { var a = $0; a *= s; return a },
        // With a constant scalar on either side.
        unary("a + s") { $0 + s },
        unary("s + a") { s + $0 },
        unary("a - s") { $0 - s },
        unary("s - a") { s - $0 },
        unary("a * s") { $0 * s },
        unary("s * a") { s * $0 },
        unary("a / s") { $0 / s },
        unary("s / a", .nonzero([3, 4])) { s / $0 },
        // Explicit row and column broadcasts.
        binary("addingRow [m]", m34, InputSpec([4])) { $0.addingRow($1) },
        binary("addingRow [1,m]", m34, InputSpec([1, 4])) { $0.addingRow($1) },
        binary("addingRow leading 2 rows", m34, InputSpec([4])) { $0.addingRow($1, leadingRows: 2) },
        binary("multiplyingRow [m]", m34, InputSpec([4])) { $0.multiplyingRow($1) },
        binary("multiplyingRow [1,m]", m34, InputSpec([1, 4])) { $0.multiplyingRow($1) },
        binary("addingColumn [n]", m34, InputSpec([3])) { $0.addingColumn($1) },
        binary("addingColumn [n,1]", m34, InputSpec([3, 1])) { $0.addingColumn($1) },
        binary("multiplyingColumn [n]", m34, InputSpec([3])) { $0.multiplyingColumn($1) },
        binary("multiplyingColumn [n,1]", m34, InputSpec([3, 1])) { $0.multiplyingColumn($1) },
        unary("broadcast [] to [3,4]", InputSpec([])) { $0.broadcast(to: [3, 4]) },
        unary("broadcast [1] to [5]", InputSpec([1])) { $0.broadcast(to: [5]) },
        unary("broadcast [1,1] to [2,3]", InputSpec([1, 1])) { $0.broadcast(to: [2, 3]) },
        // Elementwise functions.
        unary("exp") { $0.exp() },
        unary("log", .positive([3, 4])) { $0.log() },
        unary("sin") { $0.sin() },
        unary("cos") { $0.cos() },
        unary("tanh") { $0.tanh() },
        unary("sigmoid", InputSpec([3, 4], -4, 4)) { $0.sigmoid() },
        unary("softplus", InputSpec([3, 4], -4, 4)) { $0.softplus() },
        unary("sqrt", .positive([3, 4])) { $0.sqrt() },
        unary("square") { $0.square() },
        unary("pow(-2)", .nonzero([3, 4])) { $0.pow(-2) },
        unary("pow(0)") { $0.pow(0) },
        unary("pow(1)") { $0.pow(1) },
        unary("pow(2)") { $0.pow(2) },
        unary("pow(3)") { $0.pow(3) },
        unary("pow(5)") { $0.pow(5) },
        unary("abs", .nonzero([3, 4])) { $0.abs() },
        // Reductions.
        unary("sum()") { $0.sum() },
        unary("sum() of rank 1", InputSpec([7])) { $0.sum() },
        unary("mean()") { $0.mean() },
        unary("sum(alongAxis: 0)") { $0.sum(alongAxis: 0) },
        unary("sum(alongAxis: 1)") { $0.sum(alongAxis: 1) },
        unary("mean(alongAxis: 0)") { $0.mean(alongAxis: 0) },
        unary("mean(alongAxis: 1)") { $0.mean(alongAxis: 1) },
        binary("dot(alongAxis: 0)", m34, m34) { $0.dot($1, alongAxis: 0) },
        binary("dot(alongAxis: 1)", m34, m34) { $0.dot($1, alongAxis: 1) },
        unary("squaredNorm(alongAxis: 0)") { $0.squaredNorm(alongAxis: 0) },
        unary("squaredNorm(alongAxis: 1)") { $0.squaredNorm(alongAxis: 1) },
        // Matrix products, all four transpose combinations.
        binary("matmul a b", m34, InputSpec([4, 5])) { T.matmul($0, $1) },
        binary("matmul a b^T", m34, InputSpec([5, 4])) { T.matmul($0, $1, transposeB: true) },
        binary("matmul a^T b", InputSpec([4, 3]), InputSpec([4, 5])) { T.matmul($0, $1, transposeA: true) },
        binary("matmul a^T b^T", InputSpec([4, 3]), InputSpec([5, 4])) {
            T.matmul($0, $1, transposeA: true, transposeB: true)
        },
        binary("a.matmul(b)", InputSpec([2, 3]), InputSpec([3, 1])) { $0.matmul($1) },
        unary("matmul a a^T") { T.matmul($0, $0, transposeB: true) },
        // Shape operations.
        unary("reshaped [4,3]") { $0.reshaped([4, 3]) },
        unary("reshaped [12]") { $0.reshaped([12]) },
        unary("reshaped same shape") { $0.reshaped([3, 4]) },
        unary("transposed") { $0.transposed() },
        unary("rows(1..<3)", InputSpec([4, 3])) { $0.rows(1..<3) },
        unary("rows(2..<5) of rank 1", InputSpec([6])) { $0.rows(2..<5) },
        unary("paddedRows(before: 1, after: 2)", InputSpec([2, 3])) { $0.paddedRows(before: 1, after: 2) },
        OpCase(name: "concatenatingRows", inputs: [InputSpec([2, 3]), InputSpec([1, 3]), InputSpec([3, 3])]) {
            T.concatenatingRows($0)
        },
        binary("concatenatingRows rank 1", InputSpec([2]), InputSpec([3])) { T.concatenatingRows([$0, $1]) },
        unary("concatenatingRows [a, a]", InputSpec([2, 3])) { T.concatenatingRows([$0, $0]) },
        unary("gatheringColumns [2, 0, 2, 1]") { $0.gatheringColumns([2, 0, 2, 1]) },
        unary("scatteringColumns [1, 3, 1] width 4", InputSpec([3, 3])) { $0.scatteringColumns([1, 3, 1], width: 4) },
        unary("column(2)") { $0.column(2) },
        unary("gatheringRows [2, 0, 2]") { $0.gatheringRows([2, 0, 2]) },
        unary("scatteringRows [1, 4, 1] height 5") { $0.scatteringRows([1, 4, 1], height: 5) },
        unary("repeatingRows(3)") { $0.repeatingRows(3) },
        unary("repeatingRows(1)") { $0.repeatingRows(1) },
        unary("repeatingBlock(3)", InputSpec([2, 3])) { $0.repeatingBlock(3) },
        unary("tanh(repeatingBlock(2)) * [a, a]", InputSpec([2, 3])) { $0.repeatingBlock(2).tanh() * T.concatenatingRows([$0, $0]) },
        unary("summingRowBlocks(2) of [6,3]", InputSpec([6, 3])) { $0.summingRowBlocks(2) },
        unary("summingRowBlocks(3) of [3,4]") { $0.summingRowBlocks(3) },
        // Composed with a nonlinearity, so the second-order checks see non-zero Hessians.
        unary("tanh(repeatingRows(2)) * a rows") { T.concatenatingRows([$0, $0]).tanh() * $0.repeatingRows(2) },
        unary("square(summingRowBlocks(2))", InputSpec([4, 3])) { $0.summingRowBlocks(2).square() },
        // A small composition, so rules are also exercised on non-leaf inputs.
        binary("tanh(a b + row) * a", InputSpec([3, 3]), InputSpec([3, 3])) {
            T.matmul($0, $1).addingRow($1.rows(0..<1)).tanh() * $0
        },
    ]
}

extension OpCase {
    /// The same operation with other inputs.
    func with(inputs: [InputSpec]) -> OpCase { OpCase(name: name, inputs: inputs, f: f) }
}

/// The catalogue's names, the arguments of the parameterised tests.
let opNames: [String] = opCatalogue(Double.self).map(\.name)

/// The case called `name` and the seed its random data uses.
func opCase<S: TensorScalar>(_ name: String, _: S.Type) -> (OpCase<S>, seed: UInt64) {
    let all = opCatalogue(S.self)
    let i = all.firstIndex { $0.name == name }!
    return (all[i], UInt64(1000 + i))
}
