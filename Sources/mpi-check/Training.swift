import Autodiff
import Distributed
import Optimization

/// Data-parallel training of a 2-8-1 tanh MLP in Double on a regression with two loss
/// terms, printing the loss of every step on rank 0. Run with N ranks and without MPI, the
/// trajectories must agree to round-off: the global batches are the same (every rank takes
/// its `BatchShare` of the shared stream) and `DataParallel` averages the shares.
///
///     data:     mean over B = 64 points x ∈ [0,1]² of (u(x) − f(x))²,
///               f(x) = sin(π x₀) cos(x₁) + x₀ x₁        (share drawn from the positioned stream)
///     boundary: mean over 16 points (0, y) of u(0, y)²    (whole batch drawn, rows kept)
///
/// Adam (lr 0.01) for 100 steps, resampling every 25 steps; or L-BFGS for 25 iterations on
/// one batch (L-BFGS on this non-convex loss amplifies the round-off of the different
/// summation order about tenfold every four iterations: ~1e-11 after 25, ~3e-9 after 40).
/// Rank 0 initialises the parameters; the others start from other values and
/// receive them by broadcast.
@MainActor func runTraining(optimizer name: String) {
    let globalData = 64, globalBoundary = 16
    let dataShare = BatchShare(globalCount: globalData, communicator: comm)
    let boundaryShare = BatchShare(globalCount: globalBoundary, communicator: comm)

    var initStream = RandomStream(seed: comm.isRoot ? 11 : 1000 + UInt64(comm.rank))
    var parameters: [Tensor<Double>] = [
        Tensor.normal([2, 8], std: 0.7, using: &initStream),
        Tensor.normal([8], std: 0.1, using: &initStream),
        Tensor.normal([8, 1], std: 0.35, using: &initStream),
        Tensor.zeros([1]),
    ]
    collective("broadcast of the initial parameters") { try comm.broadcast(&parameters) }
    parameters = parameters.map { $0.detached.requiringGradient() }

    var rng = RandomStream(seed: 2024, stream: 3)
    var x = Tensor<Double>.zeros([dataShare.count, 2])
    var target = Tensor<Double>.zeros([dataShare.count, 1])
    var boundary = Tensor<Double>.zeros([boundaryShare.count, 2])
    func resample() {
        var local = dataShare.stream(from: rng, drawsPerPoint: 2)
        x = Tensor.uniform([dataShare.count, 2], using: &local)
        dataShare.advance(&rng, drawsPerPoint: 2)
        target = Tensor(shape: [dataShare.count, 1]) { i in
            let x0 = x[i, 0], x1 = x[i, 1]
            return Double.sin(Double.pi * x0) * Double.cos(x1) + x0 * x1
        }
        let ys = boundaryShare.rows(of: Tensor<Double>.uniform([globalBoundary, 1], using: &rng))
        boundary = Tensor(shape: [boundaryShare.count, 2]) { k in k % 2 == 0 ? 0 : ys[k / 2, 0] }
    }

    func network(_ p: [Tensor<Double>], _ input: Tensor<Double>) -> Tensor<Double> {
        let h = input.matmul(p[0]).addingRow(p[1]).tanh()
        return h.matmul(p[2]).addingRow(p[3])
    }
    let local: Objective<Double> = { p in
        let data = (network(p, x) - target).square().mean()
        let edge = network(p, boundary).square().mean()
        let total = data + edge
        let g = gradients(of: total, wrt: p)
        return LossEvaluation(loss: total.scalar, terms: [NamedValue("data", data.scalar), NamedValue("boundary", edge.scalar)],
                              gradient: g)
    }
    let parallel = DataParallel<Double>(comm)
    let objective = parallel.objective(local)

    func run<O: Optimizer>(_ optimizer: O, steps: Int, resampleEvery: Int) where O.Scalar == Double {
        var state = optimizer.makeState(for: parameters)
        var evaluations = 0
        for step in 0..<steps {
            if step % resampleEvery == 0 {
                resample()
                optimizer.objectiveDidChange(state: &state)
            }
            let result = optimizer.step(&parameters, state: &state, objective: objective)
            evaluations += result.evaluations
            let e = result.evaluation
            if comm.isRoot {
                print("loss \(step) \(e.loss) \(e.terms.map { "\($0.value)" }.joined(separator: " "))")
            }
            if case .converged(let why) = result.status {
                if comm.isRoot { print("converged \(step) \(why)") }
                break
            }
        }
        if comm.isRoot { print("evaluations \(evaluations)") }
    }

    switch name {
    case "adam": run(Adam<Double>(learningRate: 0.01), steps: 100, resampleEvery: 25)
    case "lbfgs": run(LBFGS<Double>(historySize: 10), steps: 25, resampleEvery: 1000)
    default:
        print("FAIL unknown optimiser '\(name)' (expected adam or lbfgs)")
        failures += 1
        return
    }

    let same = collective("agreement check") { try comm.agree(parameters) }
    let totals = parallel.statistics.current
    if comm.isRoot {
        print("agree \(same)")
        print("reductions \(totals.calls) seconds \(totals.seconds)")
    }
    if !same { failures += 1 }
}
