import Autodiff
import Distributed

/// Allreduce, broadcast, barrier, any and agree against values computed in closed form.
@MainActor func runCollectiveChecks() {
    let r = comm.rank, n = comm.size
    let nd = Double(n)

    // Sum and average of Double and Float buffers: rank r holds x_i = (r + 1) · (i + 1).
    var d = (0..<5).map { Double((r + 1) * ($0 + 1)) }
    collective("allreduce sum (Double)") { try comm.allreduceSum(&d) }
    let tri = nd * (nd + 1) / 2
    check(d == (0..<5).map { tri * Double($0 + 1) }, "Double sum \(d)")

    var f = (0..<3).map { Float(r) + 0.5 * Float($0) }
    collective("allreduce average (Float)") { try comm.allreduceAverage(&f) }
    let meanRank = Float(nd - 1) / 2
    check(f == (0..<3).map { meanRank + 0.5 * Float($0) }, "Float average \(f)")

    var m: [Double] = [Double(r), -Double(r)]
    collective("allreduce max") { try comm.allreduce(&m, .max) }
    check(m == [nd - 1, 0], "max \(m)")

    // A list of tensors in one buffer.
    var ts = [Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4].map { $0 * Double(r + 1) }),
              Tensor<Double>([Double(r)])]
    collective("allreduce tensors") { try comm.allreduce(&ts) }
    check(ts[0].shape == [2, 2] && ts[0].scalars == [1, 2, 3, 4].map { $0 * tri } && ts[1].scalars == [tri - nd],
          "tensor sum \(ts.map(\.scalars))")

    // Broadcast: only the root's tracked parameters survive, and stay tracked.
    var p = [Tensor<Double>(shape: [3], scalars: [Double(r) + 0.25, 7, -1]).requiringGradient()]
    collective("broadcast tensors") { try comm.broadcast(&p) }
    check(p[0].scalars == [0.25, 7, -1] && p[0].isTracked, "broadcast \(p[0].scalars) tracked=\(p[0].isTracked)")

    let text = collective("broadcast string") { try comm.broadcast(r == 0 ? "σ = 0.5, root" : "other") }
    check(text == "σ = 0.5, root", "broadcast string '\(text)'")

    collective("barrier") { try comm.barrier() }
    let anyLast = collective("any") { try comm.any(r == n - 1) }
    let anyNone = collective("any") { try comm.any(false) }
    check(anyLast && !anyNone, "any: \(anyLast) \(anyNone)")

    let same = collective("agree") { try comm.agree([Tensor<Double>([1, 2, 3])]) }
    let differ = collective("agree") { try comm.agree([Tensor<Double>([1, 2, Double(r)])]) }
    check(same && (n == 1 || !differ), "agree: identical \(same), different \(differ)")
    print("collectives done rank \(r) size \(n)")
}
