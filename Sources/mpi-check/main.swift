// mpi-check: scenarios that DistributedTests run under `mpirun -np N` (and without it).
//
//     mpi-check info                  communicator kind, rank and size
//     mpi-check singleton             the same, with MPI started although no launcher ran us
//     mpi-check collectives           allreduce / broadcast / barrier / any / agree checks
//     mpi-check train adam|lbfgs      data-parallel training of a tiny MLP; prints the losses
//     mpi-check fail-rank             rank 1 cannot read its configuration and aborts the job
//     mpi-check crash-rank            rank 1 traps (no MPI_Abort) while the others wait
//     mpi-check allreduce-bench       median time of an allreduce of 10^3..10^6 Doubles
//     mpi-check mismatch              ranks broadcast tensors of different shapes
//
// Lines that the tests parse start with a keyword ("loss", "agree", "check", ...). A check
// that fails prints "FAIL ..." and the program exits with status 1.
import Autodiff
import Distributed
import Optimization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: mpi-check info|collectives|train adam|train lbfgs|fail-rank|mismatch")
    exit(64)
}

let launched = Communicators.launchedByMPI   // before MPI starts (a singleton sets the variables)
let comm: any Communicator
do {
    // "singleton": start MPI although no launcher ran us (a singleton job of size 1).
    comm = try Communicators.start(forceMPI: arguments[1] == "singleton")
} catch {
    print("FAIL could not start MPI: \(error)")
    exit(1)
}

var failures = 0
@MainActor func check(_ condition: Bool, _ what: String) {
    if condition { print("check ok rank \(comm.rank): \(what)") } else { print("FAIL rank \(comm.rank): \(what)"); failures += 1 }
}

/// Runs a collective; an MPI error ends the job with its message.
@MainActor func collective<T>(_ what: String, _ body: () throws -> T) -> T {
    do { return try body() } catch { comm.abort(message: "\(what) failed: \(error)", code: 70) }
}

switch arguments[1] {
case "info", "singleton":
    print("info kind=\(comm is SingleProcess ? "single" : "mpi") rank=\(comm.rank) size=\(comm.size) launched=\(launched)")
    print("info \(comm.description)")

case "collectives":
    runCollectiveChecks()

case "train":
    let optimizer = arguments.count > 2 ? arguments[2] : "adam"
    runTraining(optimizer: optimizer)

case "fail-rank":
    // Every rank reads "its" configuration; rank 1's path does not exist. Rank 1 aborts the
    // job; the other ranks are already waiting in a collective and must not hang.
    let path = comm.rank == 1 ? "/nonexistent/pinn-mpi-check/config.toml" : "/dev/null"
    if let f = fopen(path, "r") {
        fclose(f)
    } else {
        let reason = String(cString: strerror(errno))
        comm.abort(message: "cannot read the configuration '\(path)': \(reason); check the path on every node", code: 66)
    }
    var x: [Double] = [1]
    collective("allreduce after reading the configuration") { try comm.allreduceSum(&x) }
    print("FAIL rank \(comm.rank) passed the allreduce although rank 1 failed")
    failures += 1

case "crash-rank":
    // Rank 1 stops on a failed API-misuse check (a trap, no MPI_Abort) while the others
    // wait in a collective: mpirun must notice the dead process and end the job.
    if comm.rank == 1 { require(comm.size == 0, "mpi-check: deliberate failure on rank 1") }
    var x: [Double] = [1]
    collective("allreduce after the crash") { try comm.allreduceSum(&x) }
    print("FAIL rank \(comm.rank) passed the allreduce although rank 1 crashed")
    failures += 1

case "allreduce-bench":
    // Seconds per in-place sum-allreduce of n Doubles (median of repeats), for Docs.
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        var buffer = [Double](repeating: 1, count: n)
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<(n >= 1_000_000 ? 20 : 200) {
            collective("barrier") { try comm.barrier() }
            let t0 = clock.now
            collective("allreduce") { try comm.allreduceSum(&buffer) }
            let d = clock.now - t0
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        times.sort()
        if comm.isRoot { print("allreduce n=\(n) ranks=\(comm.size) median_seconds=\(times[times.count / 2])") }
    }

case "mismatch":
    var tensors = [Tensor<Double>.zeros(comm.rank == 0 ? [2, 3] : [3, 2])]
    do {
        try comm.broadcast(&tensors)
        print("FAIL rank \(comm.rank): a broadcast of mismatched shapes succeeded")
        failures += 1
    } catch {
        print("mismatch rank \(comm.rank): \(error)")
    }

default:
    print("FAIL unknown scenario '\(arguments[1])'")
    failures += 1
}

do { try comm.finalize() } catch { print("FAIL MPI_Finalize: \(error)"); failures += 1 }
exit(failures == 0 ? 0 : 1)
